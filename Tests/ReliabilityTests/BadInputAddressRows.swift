// Bad-input rows: IP address and zone text, endpoint (host:port) text, socket addresses from
// the kernel, and formatting into caller buffers.

import Sock

#if canImport(Glibc)
import Glibc
#endif

extension BadInput {
    static let addresses: [BadInput] = {
        var rows: [BadInput] = []
        let v4Bad = [
            ("\"\" (empty)", ""), ("\"1.2.3\"", "1.2.3"), ("\"1.2.3.4.5\"", "1.2.3.4.5"),
            ("\"256.0.0.1\"", "256.0.0.1"), ("\"01.2.3.4\" (leading zero)", "01.2.3.4"),
            ("\"1.2.3.4 \" (trailing space)", "1.2.3.4 "), ("\"1..3.4\"", "1..3.4"), ("\"+1.2.3.4\"", "+1.2.3.4"),
            ("\"1.2.3.4\\0\" (NUL)", "1.2.3.4\0"), ("\"١.٢.٣.٤\" (non-ASCII digits)", "١.٢.٣.٤"),
        ]
        for (label, text) in v4Bad {
            rows.append(
                BadInput("IP text", "IPv4Address(parsing:)", label, .invalidArgument, .malformedIPv4) {
                    () throws(SocketError) in _ = try IPv4Address(parsing: text)
                }
            )
        }
        let v6Bad = [
            ("\"\" (empty)", ""), ("\":::\"", ":::"), ("\"1::2::3\" (two ::)", "1::2::3"),
            ("\"12345::\" (5 hex digits)", "12345::"), ("\"1:2:3:4:5:6:7:8:9\" (9 groups)", "1:2:3:4:5:6:7:8:9"),
            ("\"1:2:3:4:5:6:7:8::\" (:: for no group)", "1:2:3:4:5:6:7:8::"), ("\"g::\"", "g::"),
            ("\"::ffff:1.2.3\" (short IPv4 tail)", "::ffff:1.2.3"), ("\"::1.2.3.4:5\" (IPv4 not last)", "::1.2.3.4:5"),
            ("\"fe80::1%eth0\" (zone: use IPAddr)", "fe80::1%eth0"), ("\"[::1]\" (brackets)", "[::1]"),
            ("\":1::\" (leading single colon)", ":1::"),
        ]
        for (label, text) in v6Bad {
            rows.append(
                BadInput("IP text", "IPv6Address(parsing:)", label, .invalidArgument, .malformedIPv6) {
                    () throws(SocketError) in _ = try IPv6Address(parsing: text)
                }
            )
        }
        rows += [
            BadInput("IP text", "IPAddress(parsing:)", "\"example.com\"", .invalidArgument, .hostNotLiteral) {
                () throws(SocketError) in _ = try IPAddress(parsing: "example.com")
            },
            BadInput("IP text", "IPAddress(parsing:)", "\"1.2.3.256\"", .invalidArgument, .malformedIPv4) {
                () throws(SocketError) in _ = try IPAddress(parsing: "1.2.3.256")
            },
            BadInput("IP text", "IPAddress(parsing:)", "\"1:2\"", .invalidArgument, .malformedIPv6) {
                () throws(SocketError) in _ = try IPAddress(parsing: "1:2")
            },
            BadInput(
                "IP text",
                "IPAddr(parsing:)",
                "\"192.0.2.1%eth0\" (zone on IPv4)",
                .invalidArgument,
                .malformedZone
            ) {
                () throws(SocketError) in _ = try IPAddr(parsing: "192.0.2.1%eth0")
            },
            BadInput("IP text", "IPAddr(parsing:)", "\"fe80::1%\" (empty zone)", .invalidArgument, .malformedZone) {
                () throws(SocketError) in _ = try IPAddr(parsing: "fe80::1%")
            },
        ]
        let zoneBad = [
            ("\"\" (empty)", ""), ("\"4294967296\" (over UInt32)", "4294967296"),
            ("\"eth 0\" (space)", "eth 0"), ("\"a/b\" (slash)", "a/b"), ("16 characters", repeated("x", 16)),
            ("\"..\"", ".."), ("\"é\" (non-ASCII)", "é"),
        ]
        for (label, text) in zoneBad {
            rows.append(
                BadInput("IP text", "IPv6Zone(parsing:)", label, .invalidArgument, .malformedZone) {
                    () throws(SocketError) in _ = try IPv6Zone(parsing: text)
                }
            )
        }
        rows += [
            BadInput("IP text", "InterfaceName(_:)", "16 characters", .invalidArgument, .malformedInterfaceName) {
                () throws(SocketError) in _ = try InterfaceName(repeated("e", 16))
            },
            BadInput("IP text", "InterfaceName(_:)", "\"\" (empty)", .invalidArgument, .malformedInterfaceName) {
                () throws(SocketError) in _ = try InterfaceName("")
            },
            BadInput("IP text", "InterfaceName(_:)", "\"a:b\"", .invalidArgument, .malformedInterfaceName) {
                () throws(SocketError) in _ = try InterfaceName("a:b")
            },
            BadInput("IP text", "InterfaceName.index()", "\"nosuchif0\"", .invalidArgument, .unknownInterface) {
                () throws(SocketError) in _ = try InterfaceName("nosuchif0").index()
            },
            BadInput("IP text", "IPv6Zone.resolveScopeID()", "\"nosuchif0\"", .invalidArgument, .unknownInterface) {
                () throws(SocketError) in _ = try IPv6Zone(parsing: "nosuchif0").resolveScopeID()
            },
        ]
        return rows
    }()

    static let endpoints: [BadInput] = {
        let cases: [(String, String, SocketError.Detail)] = [
            ("\"\" (empty)", "", .missingPort),
            ("\"127.0.0.1\" (no port)", "127.0.0.1", .missingPort),
            ("\"127.0.0.1:\" (empty port)", "127.0.0.1:", .missingPort),
            ("\"[::1]\" (no port)", "[::1]", .missingPort),
            ("\"127.0.0.1:65536\"", "127.0.0.1:65536", .portOutOfRange),
            ("\"127.0.0.1:-1\"", "127.0.0.1:-1", .portOutOfRange),
            ("\"[::1]:99999999999999999999\"", "[::1]:99999999999999999999", .portOutOfRange),
            ("\"127.0.0.1:http\" (service name)", "127.0.0.1:http", .malformedHostPort),
            ("\"127.0.0.1:8 0\"", "127.0.0.1:8 0", .malformedHostPort),
            ("\"::1:80\" (unbracketed IPv6)", "::1:80", .malformedHostPort),
            ("\"[::1]80\"", "[::1]80", .malformedHostPort),
            ("\"[::1:80\" (no closing bracket)", "[::1:80", .malformedHostPort),
            ("\"]:80\" (stray bracket)", "]:80", .malformedHostPort),
            ("\"[1.2.3.4]:80\" (IPv4 in brackets)", "[1.2.3.4]:80", .malformedIPv6),
            ("\"[fe80::1%]:80\" (empty zone)", "[fe80::1%]:80", .malformedZone),
            ("\"1.2.3.4%eth0:80\" (zone on IPv4)", "1.2.3.4%eth0:80", .malformedZone),
            ("\"localhost:80\" (a name)", "localhost:80", .hostNotLiteral),
            ("\"300.1.1.1:80\"", "300.1.1.1:80", .malformedIPv4),
            ("\"[1::2::3]:80\"", "[1::2::3]:80", .malformedIPv6),
        ]
        var rows: [BadInput] = []
        for (label, text, detail) in cases {
            rows.append(
                BadInput("Endpoints", "TCPAddr(parsing:)", label, .invalidArgument, detail) { () throws(SocketError) in
                    _ = try TCPAddr(parsing: text)
                }
            )
        }
        rows += [
            BadInput("Endpoints", "UDPAddr(parsing:)", "\"127.0.0.1:70000\"", .invalidArgument, .portOutOfRange) {
                () throws(SocketError) in _ = try UDPAddr(parsing: "127.0.0.1:70000")
            },
            BadInput("Endpoints", "TCPListener(_:)", "\"127.0.0.1\" (no port)", .invalidArgument, .missingPort) {
                () throws(SocketError) in _ = try TCPListener("127.0.0.1")
            },
            BadInput("Endpoints", "UDPConn.listen(_:)", "\"::1:0\"", .invalidArgument, .malformedHostPort) {
                () throws(SocketError) in _ = try UDPConn.listen("::1:0")
            },
            BadInput("Endpoints", "TCPAddr.sockaddr()", "zone `%nosuchif0`", .invalidArgument, .unknownInterface) {
                () throws(SocketError) in
                _ = try TCPAddr(parsing: "[fe80::1%nosuchif0]:80").sockaddr()
            },
            BadInput("Endpoints", "TCPAddr.sockaddr()", "a zone on an IPv4 address", .invalidArgument, .malformedZone) {
                () throws(SocketError) in
                _ = try TCPAddr(ip: .v4(.loopback), port: 80, zone: .scopeID(1)).sockaddr()
            },
            BadInput(
                "Kernel addresses",
                "SocketAddress(decoding:length:)",
                "length 1",
                .invalidArgument,
                .truncatedAddress
            ) {
                () throws(SocketError) in try decode(family: AF_INET, length: 1)
            },
            BadInput(
                "Kernel addresses",
                "SocketAddress(decoding:length:)",
                "AF_INET, length 8",
                .invalidArgument,
                .truncatedAddress
            ) {
                () throws(SocketError) in try decode(family: AF_INET, length: 8)
            },
            BadInput(
                "Kernel addresses",
                "SocketAddress(decoding:length:)",
                "AF_INET6, length 24",
                .invalidArgument,
                .truncatedAddress
            ) {
                () throws(SocketError) in try decode(family: AF_INET6, length: 24)
            },
            BadInput(
                "Kernel addresses",
                "SocketAddress(decoding:length:)",
                "length 129 (over sockaddr_storage)",
                .invalidArgument,
                .truncatedAddress
            ) {
                () throws(SocketError) in try decode(family: AF_INET, length: 129)
            },
            BadInput(
                "Kernel addresses",
                "SocketAddress(decoding:length:)",
                "AF_UNIX, length 112",
                .invalidArgument,
                .pathTooLong
            ) {
                () throws(SocketError) in try decode(family: AF_UNIX, length: 112)
            },
            BadInput("Kernel addresses", "SockaddrUnix(_:length:)", "length 1", .invalidArgument, .truncatedAddress) {
                () throws(SocketError) in _ = try SockaddrUnix(sockaddr_un(), length: 1)
            },
            BadInput("Kernel addresses", "SockaddrUnix(_:length:)", "length 112", .invalidArgument, .pathTooLong) {
                () throws(SocketError) in _ = try SockaddrUnix(sockaddr_un(), length: 112)
            },
            BadInput("Kernel addresses", "InetSockaddr(_:)", "an AF_UNIX address", .invalidArgument, .unsupportedFamily)
            {
                () throws(SocketError) in _ = try InetSockaddr(SocketAddress(try SockaddrUnix(path: "/x")))
            },
            BadInput("Kernel addresses", "TCPAddr(_:)", "an empty address", .invalidArgument, .unsupportedFamily) {
                () throws(SocketError) in _ = try TCPAddr(SocketAddress())
            },
            BadInput(
                "Formatting",
                "IPv4Address.format(into:)",
                "a 14-byte buffer for 15 bytes of text",
                .invalidArgument,
                .bufferTooSmall
            ) {
                () throws(SocketError) in
                _ = try withBuffer(14) { (b) throws(SocketError) in try IPv4Address(255, 255, 255, 255).format(into: b)
                }
            },
            BadInput("Formatting", "IPv6Address.format(into:)", "an empty buffer", .invalidArgument, .bufferTooSmall) {
                () throws(SocketError) in
                _ = try withBuffer(0) { (b) throws(SocketError) in try IPv6Address.loopback.format(into: b) }
            },
            BadInput("Formatting", "TCPAddr.format(into:)", "a 10-byte buffer", .invalidArgument, .bufferTooSmall) {
                () throws(SocketError) in
                _ = try withBuffer(10) { (b) throws(SocketError) in
                    try TCPAddr(parsing: "[2001:db8::1]:443").format(into: b)
                }
            },
            BadInput("Formatting", "SockaddrUnix.format(into:)", "a 3-byte buffer", .invalidArgument, .bufferTooSmall) {
                () throws(SocketError) in
                _ = try withBuffer(3) { (b) throws(SocketError) in try SockaddrUnix(path: "/tmp/x").format(into: b) }
            },
        ]
        return rows
    }()
}

/// Decodes `length` bytes of a zeroed sockaddr_storage whose family is `family`.
func decode(family: CInt, length: socklen_t) throws(SocketError) {
    var storage = sockaddr_storage()
    storage.ss_family = sa_family_t(family)
    try withUnsafePointer(to: &storage) { (p) throws(SocketError) in
        try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (sa) throws(SocketError) in
            _ = try SocketAddress(decoding: sa, length: length)
        }
    }
}

/// Calls `body` with a heap buffer of exactly `count` bytes.
func withBuffer<R>(
    _ count: Int,
    _ body: (UnsafeMutableRawBufferPointer) throws(SocketError) -> R
) throws(SocketError) -> R {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
    defer { buffer.deallocate() }
    return try body(buffer)
}
