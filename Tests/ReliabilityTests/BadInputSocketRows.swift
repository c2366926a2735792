// Bad-input rows: socket calls and option values.

import Sock

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with a fresh socket of the given kind, closed afterwards.
func withUDP4(_ body: (UDPConn) throws(SocketError) -> Void) throws(SocketError) {
    let conn = try UDPConn.listen(UDPAddr(ip: .v4(.loopback), port: 0))
    defer { conn.close() }
    try body(conn)
}

func withUDP6(_ body: (UDPConn) throws(SocketError) -> Void) throws(SocketError) {
    let conn = try UDPConn.listen(UDPAddr(ip: .v6(.loopback), port: 0))
    defer { conn.close() }
    try body(conn)
}

func withTCP4(_ body: (TCPConn) throws(SocketError) -> Void) throws(SocketError) {
    let listener = try TCPListener("127.0.0.1:0")
    defer { listener.close() }
    let conn = try TCPConn.dial(try listener.endpoint())
    defer { conn.close() }
    try body(conn)
}

func withUnixPair(_ body: (UnixConn, UnixConn) throws(SocketError) -> Void) throws(SocketError) {
    let (a, b) = try UnixConn.pair()
    defer {
        a.close()
        b.close()
    }
    try body(a, b)
}

/// `count` zero-length iovecs.
func withIOVecs(_ count: Int, _ body: (UnsafeBufferPointer<iovec>) throws(SocketError) -> Void) throws(SocketError) {
    let iov = UnsafeMutableBufferPointer<iovec>.allocate(capacity: count)
    defer { iov.deallocate() }
    iov.initialize(repeating: iovec())
    try body(UnsafeBufferPointer(iov))
}

extension BadInput {
    static let sockets: [BadInput] = [
        BadInput("Sockets", "TCPDialer(timeout:).dial(_:)", "timeout -1 s", .invalidArgument, .negativeTimeout) {
            () throws(SocketError) in
            _ = try TCPDialer(timeout: .seconds(-1)).dial(TCPAddr(parsing: "127.0.0.1:9"))
        },
        BadInput(
            "Sockets",
            "TCPConn.dial(_:from:)",
            "IPv6 peer, IPv4 local address",
            .addressFamilyNotSupported,
            nil,
            errno: EAFNOSUPPORT
        ) {
            () throws(SocketError) in
            _ = try TCPConn.dial(TCPAddr(parsing: "[2001:db8::1]:9"), from: TCPAddr(parsing: "127.0.0.1:0"))
        },
        BadInput(
            "Sockets",
            "UDPConn.send(_:to:flags:)",
            "an IPv6 address on an IPv4 socket",
            .invalidArgument,
            .addressFamilyMismatch
        ) {
            () throws(SocketError) in
            try withUDP4 { (conn) throws(SocketError) in
                _ = try conn.send(UnsafeRawBufferPointer(start: nil, count: 0), to: try UDPAddr(parsing: "[::1]:9"))
            }
        },
        BadInput("Sockets", "NetSocket.readv(_:)", "1,025 buffers (IOV_MAX is 1,024)", .invalidArgument, .batchTooLarge)
        {
            () throws(SocketError) in
            try withUnixPair { (a, _) throws(SocketError) in
                try withIOVecs(1025) { (v) throws(SocketError) in _ = try a.readv(v) }
            }
        },
        BadInput("Sockets", "NetSocket.writev(_:)", "1,025 buffers", .invalidArgument, .batchTooLarge) {
            () throws(SocketError) in
            try withUnixPair { (a, _) throws(SocketError) in
                try withIOVecs(1025) { (v) throws(SocketError) in _ = try a.writev(v) }
            }
        },
        BadInput("Sockets", "NetSocket(adopting:)", "descriptor -1", .closed, nil, errno: EBADF) {
            () throws(SocketError) in
            _ = try NetSocket(adopting: -1)
        },
        BadInput("Sockets", "NetSocket(family:type:protocol:)", "family 12345", .addressFamilyNotSupported, nil) {
            () throws(SocketError) in
            _ = try NetSocket(family: AddressFamily(rawValue: 12345), type: .stream)
        },
        BadInput(
            "Sockets",
            "NetSocket(family:type:protocol:)",
            "AF_INET, SOCK_STREAM, protocol UDP",
            .protocolNotSupported,
            nil
        ) {
            () throws(SocketError) in
            _ = try NetSocket(family: .inet, type: .stream, protocol: .udp)
        },
        // A typed socket over a NetSocket of another kind is refused before any call.
        BadInput("Sockets", "TCPConn(_:)", "a UDP NetSocket", .invalidArgument, .socketKindMismatch) {
            () throws(SocketError) in
            try withUDP4 { (conn) throws(SocketError) in _ = try TCPConn(conn.netSocket) }
        },
        BadInput("Sockets", "NetSocket.listen(backlog:)", "a UDP socket", .notSupported, nil) {
            () throws(SocketError) in
            try withUDP4 { (conn) throws(SocketError) in try conn.netSocket.listen() }
        },
        BadInput(
            "Sockets",
            "NetSocket.bind(_:)",
            "an IPv6 sockaddr on an IPv4 socket",
            .addressFamilyNotSupported,
            nil,
            errno: EAFNOSUPPORT
        ) {
            () throws(SocketError) in
            try withUDP4 { (conn) throws(SocketError) in
                try conn.netSocket.bind(SockaddrInet6(address: .loopback, port: 0))
            }
        },
        BadInput("Sockets", "NetSocket.remoteAddress()", "an unconnected socket", .notConnected, nil) {
            () throws(SocketError) in try withUDP4 { (conn) throws(SocketError) in _ = try conn.remoteAddress() }
        },
        BadInput("Sockets", "NetSocket.releaseFileDescriptor()", "a socket released before", .closed, nil) {
            () throws(SocketError) in
            try withUDP4 { (conn) throws(SocketError) in
                let fd = try conn.releaseFileDescriptor()
                close(fd)
                _ = try conn.releaseFileDescriptor()
            }
        },
    ]

    static let options: [BadInput] = [
        BadInput("Options", "setTTL(_:)", "0", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setTTL(0) }
        },
        BadInput("Options", "setTTL(_:)", "256", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setTTL(256) }
        },
        BadInput("Options", "setHopLimit(_:)", "0", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP6 { (c) throws(SocketError) in try c.setHopLimit(0) }
        },
        BadInput("Options", "setHopLimit(_:)", "-2", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP6 { (c) throws(SocketError) in try c.setHopLimit(-2) }
        },
        BadInput("Options", "setTOS(_:)", "-1", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setTOS(-1) }
        },
        BadInput("Options", "setTrafficClass(_:)", "256", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withUDP6 { (c) throws(SocketError) in try c.setTrafficClass(256) }
        },
        BadInput("Options", "setSendBufferSize(_:)", "-1", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setSendBufferSize(-1) }
        },
        BadInput(
            "Options",
            "setReceiveBufferSize(_:)",
            "Int.max (never truncated to 32 bits)",
            .invalidArgument,
            .valueOutOfRange,
            isolated: true
        ) {
            () throws(SocketError) in try withUDP4 { (c) throws(SocketError) in try c.setReceiveBufferSize(Int.max) }
        },
        BadInput(
            "Options",
            "setReceiveBufferSize(_:)",
            "2^32 + 1024",
            .invalidArgument,
            .valueOutOfRange,
            isolated: true
        ) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setReceiveBufferSize((1 << 32) + 1024) }
        },
        BadInput("Options", "setLinger(_:)", "-1 s", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setLinger(.seconds(-1)) }
        },
        BadInput("Options", "setLinger(_:)", "2^31 s", .invalidArgument, .valueOutOfRange, isolated: true) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setLinger(.seconds(1 << 31)) }
        },
        // TCP options on a UDP socket no longer compile (UDPConn is no TCPSocket): the kernel's
        // refusal of the same options, through the generic call.
        BadInput("Options", "setOption(level:name:_:)", "TCP_NODELAY on a UDP socket", .notSupported, nil) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try c.setOption(level: .tcp, name: OptionName(rawValue: SC.TCP_NODELAY), CInt(1))
            }
        },
        BadInput("Options", "setIPv6Only(_:)", "an IPv4 socket", .notSupported, nil) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setIPv6Only(true) }
        },
        BadInput("Options", "setUserTimeout(_:)", "-1 ms", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setUserTimeout(.milliseconds(-1)) }
        },
        BadInput("Options", "setUserTimeout(_:)", "2^31 ms", .invalidArgument, .valueOutOfRange, isolated: true) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setUserTimeout(.milliseconds(1 << 31)) }
        },
        BadInput("Options", "setOption(level:name:_:)", "TCP_USER_TIMEOUT on a UDP socket", .notSupported, nil) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try c.setOption(level: .tcp, name: OptionName(rawValue: LinuxABI.TCP_USER_TIMEOUT), CInt(1000))
            }
        },
        BadInput("Options", "setKeepAliveIdle(_:)", "0 s", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setKeepAliveIdle(.zero) }
        },
        BadInput("Options", "setKeepAliveIdle(_:)", "32,768 s", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setKeepAliveIdle(.seconds(32768)) }
        },
        BadInput("Options", "setKeepAliveCount(_:)", "128", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setKeepAliveCount(128) }
        },
        BadInput("Options", "setKeepAlivePeriod(_:)", "Int64.max s", .invalidArgument, .valueOutOfRange, isolated: true)
        { () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setKeepAlivePeriod(.seconds(Int64.max)) }
        },
        BadInput("Options", "setCongestionControl(_:)", "16 characters", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setCongestionControl(repeated("c", 16)) }
        },
        BadInput("Options", "setCongestionControl(_:)", "\"\" (empty)", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in try withTCP4 { (c) throws(SocketError) in try c.setCongestionControl("") }
        },
        BadInput("Options", "setCongestionControl(_:)", "\"re\\0no\" (NUL inside)", .invalidArgument, .valueOutOfRange)
        {
            () throws(SocketError) in try withTCP4 { (c) throws(SocketError) in try c.setCongestionControl("re\0no") }
        },
        BadInput("Options", "setSegmentSize(_:)", "65,536", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setSegmentSize(65536) }
        },
        BadInput("Options", "setSegmentSize(_:)", "-1", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setSegmentSize(-1) }
        },
        BadInput("Options", "setMulticastHopLimit(_:)", "256", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setMulticastHopLimit(256) }
        },
        BadInput("Options", "setPriority(_:)", "-1", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setPriority(-1) }
        },
        BadInput("Options", "setBusyPoll(_:)", "-1 µs", .invalidArgument, .valueOutOfRange) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.setBusyPoll(.microseconds(-1)) }
        },
        BadInput("Options", "setDeferAccept(_:)", "-1 s", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            // A listener option (TCPListener only, now).
            let listener = try TCPListener("127.0.0.1:0")
            defer { listener.close() }
            try listener.setDeferAccept(.seconds(-1))
        },
        BadInput("Options", "setNotSentLowWatermark(_:)", "-1", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setNotSentLowWatermark(-1) }
        },
        BadInput("Options", "setMaxSegmentSize(_:)", "-1", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            try withTCP4 { (c) throws(SocketError) in try c.setMaxSegmentSize(-1) }
        },
        BadInput("Options", "bindToDevice(_:)", "\"nosuchif0\"", .noSuchDevice, nil, errno: ENODEV) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.bindToDevice(try InterfaceName("nosuchif0")) }
        },
        BadInput(
            "Options",
            "joinGroup(_:on:)",
            "IPv6 group with an IPv4 interface address",
            .invalidArgument,
            .addressFamilyMismatch
        ) {
            () throws(SocketError) in
            try withUDP6 { (c) throws(SocketError) in
                try c.joinGroup(.v6(try IPv6Address(parsing: "ff02::1")), on: .address(.loopback))
            }
        },
        BadInput("Options", "joinGroup(_:on:)", "a unicast address", .invalidArgument, nil) { () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in try c.joinGroup(.v4(.loopback)) }
        },
        BadInput(
            "Options",
            "setMulticastInterface(_:)",
            "an IPv4 address on an IPv6 socket",
            .invalidArgument,
            .addressFamilyMismatch
        ) {
            () throws(SocketError) in
            try withUDP6 { (c) throws(SocketError) in try c.setMulticastInterface(.address(.loopback)) }
        },
    ]
}
