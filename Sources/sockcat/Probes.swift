import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The probes behind `sockcat probe`. Each one uses the feature for real, through Sock's public
/// API, on loopback only, and turns any `SocketError` into the row's reason.
enum Probes {
    /// How long any single probe step may wait.
    static let stepTimeout: Duration = .seconds(2)

    static func all() -> [ProbeRow] {
        var rows: [ProbeRow] = []
        var tcpInfoRow = ProbeRow(name: "tcp-info", available: false, detail: "no TCP connection to read it from")
        rows.append(
            row("tcp") { () throws(SocketError) -> Measured in
                let pair = try tcpRoundTrip("127.0.0.1:0")
                defer { pair.close() }
                tcpInfoRow = LinuxProbes.tcpInfo(on: pair.client)
                return "127.0.0.1 connect, accept and one byte each way"
            }
        )
        rows.append(row("udp", udpRoundTrip))
        rows.append(
            row("ipv6") { () throws(SocketError) -> Measured in
                try tcpRoundTrip("[::1]:0").close()
                return "::1 TCP connect and accept"
            }
        )
        rows.append(row("unix-abstract", unixAbstract))
        rows.append(row("sctp", LinuxProbes.sctp))
        rows.append(rawICMP())
        rows.append(row("udp-gso", LinuxProbes.udpGSO))
        rows.append(row("udp-gro", LinuxProbes.udpGRO))
        rows.append(row("sendmmsg-recvmmsg", LinuxProbes.batches))
        rows.append(tcpInfoRow)
        rows.append(row("multicast", LinuxProbes.multicast))
        rows.append(row("so-busy-poll", LinuxProbes.busyPoll))
        rows.append(LinuxProbes.ioUring())
        return rows
    }

    /// Runs `probe`: its return value is the detail of an available feature; a thrown
    /// `SocketError` is the reason it is unavailable.
    static func row(_ name: String, _ probe: () throws(SocketError) -> Measured) -> ProbeRow {
        do throws(SocketError) {
            let measured = try probe()
            return ProbeRow(name: name, available: true, detail: measured.detail, fields: measured.fields)
        } catch {
            return ProbeRow(name: name, available: false, detail: error.description, fields: errorFields(error))
        }
    }

    /// A failure's errno as typed fields (none for a failure Sock found without a syscall).
    static func errorFields(_ error: SocketError) -> [(String, JSONValue)] {
        guard error.errno != 0 else { return [("error", .string(error.code.summary))] }
        var fields: [(String, JSONValue)] = [("errno", .int(Int(error.errno)))]
        if let name = Errno.name(error.errno) { fields.append(("errno_name", .string(name))) }
        return fields
    }

    /// A TCP connection over loopback, accepted, with one byte sent each way.
    struct TCPPair {
        var listener: TCPListener
        var client: TCPConn
        var server: TCPConn

        func close() {
            client.close()
            server.close()
            listener.close()
        }
    }

    static func tcpRoundTrip(_ address: String) throws(SocketError) -> TCPPair {
        let listener = try TCPListener(try TCPAddr(parsing: address))
        do throws(SocketError) {
            let client = try TCPDialer(timeout: stepTimeout).dial(try listener.endpoint())
            listener.setReadDeadline(.after(stepTimeout))
            let server = try listener.accept()
            let pair = TCPPair(listener: listener, client: client, server: server)
            do throws(SocketError) {
                try exchangeByte(pair.client, pair.server)
                try exchangeByte(pair.server, pair.client)
            } catch {
                pair.close()
                throw error
            }
            return pair
        } catch {
            listener.close()
            throw error
        }
    }

    /// Sends one byte from `a` and reads it on `b`, waiting at most ``stepTimeout``.
    static func exchangeByte(_ a: some Connection, _ b: some Connection) throws(SocketError) {
        var byte: UInt8 = 0x2A
        _ = try withUnsafeBytes(of: &byte) { (raw) throws(SocketError) -> Int in try a.write(raw) }
        b.setReadDeadline(.after(stepTimeout))
        var got: UInt8 = 0
        let n = try withUnsafeMutableBytes(of: &got) { (raw) throws(SocketError) -> Int in try b.read(into: raw) }
        guard n == 1, got == byte else { throw SocketError(.other, operation: .read) }
    }

    static func udpRoundTrip() throws(SocketError) -> Measured {
        let receiver = try UDPConn.listen("127.0.0.1:0")
        defer { receiver.close() }
        let sender = try UDPConn.dial(try receiver.endpoint())
        defer { sender.close() }
        try exchangeByte(sender, receiver)
        return "127.0.0.1 datagram round trip"
    }

    static func unixAbstract() throws(SocketError) -> Measured {
        #if os(Linux)
        let name = "@sockcat-probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let listener = try UnixListener(try UnixAddr(name: name))
        defer { listener.close() }
        let client = try UnixConn.dial(listener.address)
        defer { client.close() }
        listener.setReadDeadline(.after(stepTimeout))
        let server = try listener.accept()
        defer { server.close() }
        try exchangeByte(client, server)
        return "bind, connect and accept on \(name)"
        #else
        throw SocketError(.notSupported, operation: .bind, detail: .unsupportedFamily)
        #endif
    }

    /// Whether this process may open a raw ICMP socket (CAP_NET_RAW); nothing is sent.
    static func rawICMP() -> ProbeRow {
        do throws(SocketError) {
            try RawConn.icmp4().close()
            return ProbeRow(
                name: "raw-icmp",
                available: true,
                detail: "this process (uid \(geteuid())) may open raw ICMP sockets (CAP_NET_RAW)",
                fields: [("uid", .int(Int(geteuid())))]
            )
        } catch {
            let why = error.code == .permissionDenied ? "; this process (uid \(geteuid())) lacks CAP_NET_RAW" : ""
            return ProbeRow(
                name: "raw-icmp",
                available: false,
                detail: error.description + why,
                fields: [("uid", .int(Int(geteuid())))] + errorFields(error)
            )
        }
    }
}
