// Bad-input rows: Unix-domain addresses and networks.

import Sock

#if canImport(Glibc)
import Glibc
#endif

extension BadInput {
    static let unix: [BadInput] = [
        BadInput("Unix", "SockaddrUnix(path:)", "\"\" (empty)", .invalidArgument, .emptyPath) {
            () throws(SocketError) in
            _ = try SockaddrUnix(path: "")
        },
        BadInput("Unix", "SockaddrUnix(path:)", "109 bytes (sun_path holds 108)", .invalidArgument, .pathTooLong) {
            () throws(SocketError) in _ = try SockaddrUnix(path: "/" + repeated("p", 108))
        },
        BadInput("Unix", "SockaddrUnix(path:)", "\"/tmp/a\\0b\" (NUL inside)", .invalidArgument, .pathContainsNUL) {
            () throws(SocketError) in _ = try SockaddrUnix(path: "/tmp/a\0b")
        },
        BadInput("Unix", "SockaddrUnix(path:)", "4,096 bytes", .invalidArgument, .pathTooLong) {
            () throws(SocketError) in
            _ = try SockaddrUnix(path: repeated("q", 4096))
        },
        BadInput("Unix", "SockaddrUnix(abstractName:)", "108 bytes (107 fit)", .invalidArgument, .pathTooLong) {
            () throws(SocketError) in _ = try SockaddrUnix(abstractName: repeated("a", 108))
        },
        BadInput("Unix", "SockaddrUnix(parsing:)", "\"@\" + 108 bytes", .invalidArgument, .pathTooLong) {
            () throws(SocketError) in _ = try SockaddrUnix(parsing: "@" + repeated("a", 108))
        },
        BadInput("Unix", "SockaddrUnix(parsing:)", "\"x\\0\" (NUL inside)", .invalidArgument, .pathContainsNUL) {
            () throws(SocketError) in _ = try SockaddrUnix(parsing: "x\0")
        },
        BadInput("Unix", "UnixAddr(name:network:)", "109-byte path", .invalidArgument, .pathTooLong) {
            () throws(SocketError) in _ = try UnixAddr(name: repeated("u", 109))
        },
        BadInput("Unix", "UnixNetwork(parsing:)", "\"tcp\"", .invalidArgument, .unknownNetwork) {
            () throws(SocketError) in
            _ = try UnixNetwork(parsing: "tcp")
        },
        BadInput("Unix", "UnixListener(_:)", "network `.unixgram`", .invalidArgument, .unknownNetwork) {
            () throws(SocketError) in
            _ = try UnixListener(UnixAddr(try SockaddrUnix(parsing: "@sock-badinput-gram"), network: .unixgram))
        },
        // A mode is for a socket file: an abstract or unnamed address has none, and only the
        // permission bits mean something on a socket. Refused before anything is created.
        BadInput("Unix", "UnixListener(_:mode:)", "mode on an abstract name", .invalidArgument, .modeRequiresPath) {
            () throws(SocketError) in
            _ = try UnixListener("@sock-badinput-mode", mode: 0o600)
        },
        BadInput("Unix", "UnixListener(_:mode:)", "mode 0o4700 (set-uid bit)", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in
            _ = try UnixListener("/nonexistent-sock-dir/socket", mode: 0o4700)
        },
        BadInput(
            "Unix",
            "UnixDatagramConn.listen(_:mode:)",
            "mode on the unnamed address (autobind)",
            .invalidArgument,
            .modeRequiresPath
        ) {
            () throws(SocketError) in
            _ = try UnixDatagramConn.listen("", mode: 0o600)
        },
        // Datagram Unix sockets are UnixDatagramConn's: UnixConn refuses the network.
        BadInput("Unix", "UnixConn.pair(_:)", "network `.unixgram`", .invalidArgument, .unknownNetwork) {
            () throws(SocketError) in
            _ = try UnixConn.pair(.unixgram)
        },
        BadInput("Unix", "UnixConn.dial(_:)", "network `.unixgram`", .invalidArgument, .unknownNetwork) {
            () throws(SocketError) in
            _ = try UnixConn.dial(UnixAddr(try SockaddrUnix(parsing: "@sock-badinput-gram"), network: .unixgram))
        },
        BadInput("Unix", "UnixConn.dial(_:)", "a path nobody listens on", .connectionRefused, nil) {
            () throws(SocketError) in
            _ = try UnixConn.dial(try UnixAddr(name: "@sock-badinput-nobody-\(UInt32.random(in: 0...UInt32.max))"))
        },
        BadInput("Unix", "UnixConn.dial(_:)", "a path that does not exist", .notFound, nil, errno: ENOENT) {
            () throws(SocketError) in
            _ = try UnixConn.dial(try UnixAddr(name: "/nonexistent-sock-dir/socket"))
        },
    ]
}
