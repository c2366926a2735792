// Runs the bad-input table (BadInputTable.swift and the *Rows.swift files), checks that values
// exactly at each limit are accepted whole (never truncated), and that the DocC article lists
// every row.

import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Bad input: a specific SocketError, nothing truncated, nothing crashes")
struct BadInputTests {
    @Test("addresses and zones", arguments: BadInput.addresses)
    func addresses(_ row: BadInput) { row.check() }

    @Test("endpoints and kernel addresses", arguments: BadInput.endpoints)
    func endpoints(_ row: BadInput) { row.check() }

    @Test("Unix addresses", arguments: BadInput.unix)
    func unix(_ row: BadInput) { row.check() }

    @Test("socket calls", arguments: BadInput.sockets)
    func sockets(_ row: BadInput) { row.check() }

    @Test("option values", arguments: BadInput.options)
    func options(_ row: BadInput) { row.check() }

    @Test("batches, GSO, control messages, descriptor passing", arguments: BadInput.linux)
    func linux(_ row: BadInput) { row.check() }

    @Test("operations on closed sockets", arguments: BadInput.closed)
    func closedSockets(_ row: BadInput) { row.check() }

    @Test("the table covers every area with specific errors")
    func tableShape() {
        let rows = BadInput.all
        print("bad-input table: \(rows.count) rows")
        #expect(rows.count >= 150)
        let generic = rows.filter { $0.code == .other && $0.errno == nil }
        #expect(generic.isEmpty, "rows without a specific error: \(generic.map(\.testDescription))")
    }

    // MARK: - Limits: the largest valid input is kept whole

    @Test("a 108-byte Unix path is kept whole (no NUL needed), 107 bytes get their NUL")
    func unixPathLimits() throws {
        let full = "/" + repeated("p", 107)
        let address = try SockaddrUnix(path: full)
        #expect(address.length == 110)
        #expect(address.path == full)
        let shorter = try SockaddrUnix(path: "/" + repeated("p", 106))
        #expect(shorter.length == 110)
        #expect(shorter.path?.utf8.count == 107)
        let abstract = try SockaddrUnix(abstractName: repeated("a", 107))
        #expect(abstract.length == 110)
        #expect(abstract.abstractName?.count == 107)
        // Round trip through the kernel's form.
        let decoded = try address.withUnsafeSockaddr { (p, n) throws(SocketError) in
            try SocketAddress(decoding: p, length: n)
        }
        #expect(decoded.unix == address)
    }

    @Test("a bound 108-byte path and a 107-byte abstract name work end to end")
    func unixLimitsEndToEnd() throws {
        // A directory whose name pads the path to exactly 108 bytes.
        var template = Array("/tmp/sock-rel-XXXXXX".utf8CString)
        let dir = try #require(
            template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) }
        )
        defer { rmdir(dir) }
        let name = dir + "/" + repeated("s", 108 - dir.utf8.count - 1)
        #expect(name.utf8.count == 108)
        let listener = try UnixListener(try UnixAddr(name: name))
        defer {
            listener.close()
            unlink(name)
        }
        let conn = try UnixConn.dial(try UnixAddr(name: name))
        defer { conn.close() }
        let local = try listener.localAddress()
        #expect(local.unix?.path == name, "the kernel reports \(local)")
        let abstract = "@" + repeated("n", 100) + "\(UInt32.random(in: 1_000_000...9_999_999))"
        #expect(abstract.utf8.count == 108)
        let abstractListener = try UnixListener(try UnixAddr(name: abstract))
        defer { abstractListener.close() }
        let abstractConn = try UnixConn.dial(try UnixAddr(name: abstract))
        defer { abstractConn.close() }
        #expect(try abstractListener.localAddress().unix?.description == abstract)
    }

    @Test("limits are inclusive: port 65535, zone 4294967295, 15-byte names, 253 descriptors, 128 segments")
    func inclusiveLimits() throws {
        #expect(try TCPAddr(parsing: "127.0.0.1:65535").port == 65535)
        #expect(try TCPAddr(parsing: "[fe80::1%4294967295]:0").zone == .scopeID(UInt32.max))
        #expect(try InterfaceName(repeated("i", 15)).count == 15)
        #expect(try IPv6Zone(parsing: repeated("z", 15)).description == repeated("z", 15))
        try UDPSegmentation.validate(payload: 128 * 100, segmentSize: 100, family: AF_INET)
        try UDPSegmentation.validate(payload: 65_507, segmentSize: 65_507, family: AF_INET)
        try UDPSegmentation.validate(payload: 65_527, segmentSize: 1400, family: AF_INET6)
        let fds = [CInt](repeating: 0, count: 253)
        try withBuilder(4096) { (b) throws(SocketError) in
            try fds.withUnsafeBufferPointer { (p) throws(SocketError) in try b.appendRights(p) }
            #expect(b.count == ControlMessageLayout.space(253 * 4))
        }
        let batch = try UDPBatch(capacity: UDPBatch.maxCapacity, messageSize: 16, controlSize: 0)
        #expect(batch.capacity == 1024)
    }

    @Test(childOnly("badInputRow"))
    func badInputRowChild() throws {
        let name = try #require(getenv("SOCK_BADINPUT_ROW").map { String(cString: $0) })
        let row = try #require(BadInput.all.first { $0.testDescription == name }, "no row \(name)")
        print("CHILD: ran \(name)")
        row.checkHere()
    }

}
