// Load: many short-lived connections and socket pairs leave no descriptor behind. Each count
// runs in a child process (this test binary, one test selected), because a descriptor count is
// exact only when no other test opens descriptors at the same time.
//
// SOCK_LOAD_CONNECTIONS / SOCK_LOAD_PAIRS override the counts (default 10,000 each).

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Load: descriptors return to where they started")
struct LoadTests {
    @Test("10,000 TCP connections accepted and closed leave no descriptor open")
    func tcpConnections() {
        let r = runChild("loadTCP", function: "tcpConnectionsChild")
        r.report.forEach { print($0) }
        #expect(r.status == 0, "child failed:\n\(childFailureSummary(r.output))")
        #expect(
            r.report.contains { $0.hasPrefix("CHILD: tcp") },
            "no report from the child:\n\(childFailureSummary(r.output))"
        )
    }

    @Test("10,000 Unix socketpairs created and closed leave no descriptor open")
    func unixPairs() {
        let r = runChild("loadUnix", function: "unixPairsChild")
        r.report.forEach { print($0) }
        #expect(r.status == 0, "child failed:\n\(childFailureSummary(r.output))")
        #expect(
            r.report.contains { $0.hasPrefix("CHILD: unix") },
            "no report from the child:\n\(childFailureSummary(r.output))"
        )
    }

    @Test(childOnly("loadTCP"))
    func tcpConnectionsChild() throws {
        let count = environmentCount("SOCK_LOAD_CONNECTIONS", default: 10_000)
        let listener = try TCPListener("127.0.0.1:0")
        let endpoint = try listener.endpoint()
        listener.setReadDeadline(.after(.seconds(60)))
        let before = openDescriptorCount()
        var peak = before
        var accepted = 0
        var dropped = 0
        let burst = 50
        var done = 0
        while done < count {
            let n = min(burst, count - done)
            var clients: [TCPConn] = []
            for _ in 0..<n { clients.append(try TCPConn.dial(endpoint)) }
            var servers: [TCPConn] = []
            for _ in 0..<n { servers.append(try listener.accept()) }
            accepted += servers.count
            peak = max(peak, openDescriptorCount())
            // Close half explicitly; let the other half go through deinit.
            for (i, conn) in (clients + servers).enumerated() where i % 2 == 0 { conn.close() }
            dropped += (clients.count + servers.count) / 2
            clients.removeAll()
            servers.removeAll()
            done += n
        }
        let after = openDescriptorCount()
        print(
            "CHILD: tcp \(count) connections, \(accepted) accepted; descriptors before \(before), peak \(peak), after \(after); \(dropped) closed by deinit"
        )
        #expect(accepted == count)
        #expect(after == before, "descriptors leaked: before \(before), after \(after)")
        #expect(peak > before, "the loop never held a connection open")
    }

    @Test(childOnly("loadUnix"))
    func unixPairsChild() throws {
        let count = environmentCount("SOCK_LOAD_PAIRS", default: 10_000)
        // The first socket opens Sock's one process-wide inert descriptor (what `close` parks a
        // closed socket's number on): it stays, so count from after it.
        _ = try UnixConn.pair()
        let before = openDescriptorCount()
        var peak = before
        var held: [(NetSocket, NetSocket)] = []
        for i in 0..<count {
            // Stream, datagram and seqpacket pairs in turn (datagram pairs are UnixDatagramConn's).
            let pair: (NetSocket, NetSocket)
            if i % 3 == 1 {
                let (a, b) = try UnixDatagramConn.pair()
                pair = (a.netSocket, b.netSocket)
            } else {
                let (a, b) = try UnixConn.pair(i % 3 == 0 ? .unix : .unixpacket)
                pair = (a.netSocket, b.netSocket)
            }
            _ = try pair.0.write([UInt8(truncatingIfNeeded: i)])
            held.append(pair)
            if held.count == 64 {
                peak = max(peak, openDescriptorCount())
                for (j, (a, b)) in held.enumerated() where j % 2 == 0 {
                    a.close()
                    b.close()
                }
                held.removeAll()  // the odd ones close in deinit
            }
        }
        held.removeAll()
        let after = openDescriptorCount()
        print("CHILD: unix \(count) socketpairs; descriptors before \(before), peak \(peak), after \(after)")
        #expect(after == before, "descriptors leaked: before \(before), after \(after)")
        #expect(peak > before)
    }
}
