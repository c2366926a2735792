// The Security article's examples: accepting when the process is out of descriptors, and a
// deny-list that IPv4-mapped peers cannot slip past. The EMFILE example runs in a child process
// (its descriptor limit is lowered there, not in the test process).

import Sock
import SockTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The accept loop of the Security article, as a function the tests drive: it runs until
/// `connections` connections were taken off the queue (handled or shed), and counts its turns.
func acceptWithBackoff(
    _ listener: TCPListener,
    connections: Int,
    handle: (TCPConn) -> Void
) throws(SocketError) -> (turns: Int, shed: Int) {
    var turns = 0
    var shed = 0
    var answered = 0
    listener.setReadDeadline(.after(.seconds(10)))
    // README: accept-backoff
    // A listener with connections queued stays readable, so when the process is out of
    // descriptors (EMFILE) an accept loop that just retries spins millions of times a second.
    // Keep one descriptor in reserve: on EMFILE, free it, take the connection off the queue and
    // close it (the peer sees the connection end), take the reserve back, and back off.
    var reserve = open("/dev/null", O_RDONLY | O_CLOEXEC)
    var backoff = Duration.milliseconds(1)
    while answered < connections {
        turns += 1
        do throws(SocketError) {
            let conn = try listener.accept()
            backoff = .milliseconds(1)
            handle(conn)
            answered += 1
        } catch  where error.code == .tooManyOpenFiles {
            close(reserve)
            if let conn = try? listener.accept() {
                conn.close()
                shed += 1
                answered += 1
            }
            reserve = open("/dev/null", O_RDONLY | O_CLOEXEC)
            usleep(UInt32(backoff.components.attoseconds / 1_000_000_000_000))  // 1 ms, 2 ms, ... 64 ms
            backoff = min(backoff * 2, .milliseconds(64))
        }
    }
    close(reserve)
    // END README
    return (turns, shed)
}

@Suite("Examples: Security")
struct SecurityExample {
    @Test("out of descriptors, the accept loop backs off and sheds instead of spinning (child process)")
    func acceptBackoff() {
        let result = runProcess(
            ["/proc/self/exe", "--testing-library", "swift-testing", "--filter", "acceptBackoffChild"],
            environment: ["SOCK_EXAMPLE_CHILD": "emfile"]
        )
        let report = result.output.split(separator: "\n").filter { $0.hasPrefix("CHILD:") }
        report.forEach { print($0) }
        #expect(result.status == 0, "child failed:\n\(result.output.suffix(2000))")
        #expect(report.count == 1, "no report from the child:\n\(result.output.suffix(2000))")
    }

    @Test(.enabled(if: getenv("SOCK_EXAMPLE_CHILD").map { String(cString: $0) } == "emfile"))
    func acceptBackoffChild() throws {
        let listener = try TCPListener("127.0.0.1:0", backlog: 64)
        defer { listener.close() }
        let address = try listener.endpoint()
        // 20 clients queue up, then the descriptor limit leaves room for the reserve and a few
        // connections only: most accepts hit EMFILE until the handler closes connections.
        var clients: [TCPConn] = []
        for _ in 0..<20 { clients.append(try TCPDialer(timeout: .seconds(5)).dial(address)) }
        // The limit is the highest descriptor number in use + 1, and every free number below it
        // is taken: then exactly 3 descriptors are free (the reserve and two connections).
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let saved = limit
        limit.rlim_cur = rlim_t(highestDescriptor() + 1)
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        defer {
            var restore = saved
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &restore)
        }
        var fillers: [CInt] = []
        while true {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if fd < 0 { break }
            fillers.append(fd)
        }
        limit.rlim_cur += 3
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        defer { fillers.forEach { close($0) } }
        var held: [TCPConn] = []
        let start = Deadline.now
        let (turns, shed) = try acceptWithBackoff(listener, connections: 20) { conn in
            held.append(conn)  // a handler that keeps its connections open
        }
        let elapsed = Duration.nanoseconds(Deadline.now.nanoseconds - start.nanoseconds)
        held.forEach { $0.close() }
        clients.forEach { $0.close() }
        print("CHILD: accept loop: \(20 - shed) served, \(shed) shed, \(turns) turns in \(elapsed)")
        #expect(shed == 18, "the limit should leave room for 2 connections")
        #expect(turns < 200, "\(turns) turns: the loop spun")
    }

    @Test("a deny-list of IPv4 addresses also denies their IPv4-mapped form")
    func denyList() throws {
        let listener = try TCPListener("[::]:0")
        defer { listener.close() }
        let client = try TCPDialer(timeout: .seconds(5)).dial("127.0.0.1:\(try listener.endpoint().port)")
        defer { client.close() }
        listener.setReadDeadline(.after(.seconds(5)))
        // README: deny-list
        // On a dual-stack listener an IPv4 peer is ::ffff:a.b.c.d; IPAddress equality, hashing and
        // the predicates see through the mapping, so an IPv4 deny-list cannot fail open.
        let denied: Set<IPAddress> = [.v4(IPv4Address(127, 0, 0, 1))]
        let conn = try listener.accept()
        if let peer = conn.remoteEndpoint, denied.contains(peer.ip) || peer.ip.isPrivate {
            conn.close()
        }
        // END README
        #expect(conn.isClosed)
        #expect(conn.remoteEndpoint?.ip.isV4Mapped == true)
    }
}

/// The highest descriptor number this process has open.
func highestDescriptor() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return 0 }
    defer { closedir(dir) }
    var highest = 0
    while let entry = readdir(dir) {
        // Through the entry's address: copying `d_name` (a 256-byte tuple) can read past a short
        // entry at the end of the directory buffer.
        let name = String(
            cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                .assumingMemoryBound(to: CChar.self)
        )
        if let fd = Int(name) { highest = max(highest, fd) }
    }
    return highest
}
