#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Connects TCP sockets, optionally waiting for the handshake (the Go seed's `TCPDialer`).
///
/// With a ``timeout``, `dial(_:from:)` waits on readiness until the connection
/// is established or the timeout passes (`.timedOut`; the socket is closed). With no timeout (or
/// `.zero`), it returns a connection whose handshake may still be in progress: unlike the Go seed,
/// a zero timeout never closes the socket and fails.
///
/// ``beforeConnect`` runs on the new socket before `connect`, for options that only matter then
/// (SockLinux's `setFastOpenConnect`, `bindToDevice`, `setSynCount`, a send buffer size, ...).
@frozen
public struct TCPDialer: Sendable {
    /// How long `dial(_:from:)` waits for the handshake. `nil` or `.zero`:
    /// don't wait.
    public var timeout: Duration?
    /// Runs on the new socket before it binds and connects: `{ try $0.setFastOpenConnect(true) }`.
    /// An error it throws closes the socket and is rethrown by `dial`: a `SocketError` as it is,
    /// any other error as `.other` (the closure is untyped so that a closure literal needs no
    /// annotation: Swift 6.3 infers `any Error` for closure literals).
    public var beforeConnect: (@Sendable (TCPConn) throws -> Void)?

    /// A dialer.
    @inlinable
    public init(
        timeout: Duration? = nil,
        beforeConnect: (@Sendable (TCPConn) throws -> Void)? = nil
    ) {
        self.timeout = timeout
        self.beforeConnect = beforeConnect
    }

    /// Connects to `address` (from `local` when given), waiting at most ``timeout`` for the
    /// handshake. The socket's family follows `address`; an IPv4 `local` on an IPv6 connection is
    /// used in its IPv4-mapped form.
    /// - Throws: `.timedOut`, `.connectionRefused`, `.hostUnreachable`, `.networkUnreachable`,
    ///   `.invalidArgument` (`.negativeTimeout`, bad address), ...
    public func dial(_ address: TCPAddr, from local: TCPAddr? = nil) throws(SocketError) -> TCPConn {
        let remote = try address.sockaddr()
        let family = AddressFamily(rawValue: CInt(remote.family))
        let socket = try NetSocket.dialing(
            family: family,
            type: .stream,
            protocol: .tcp,
            peer: SocketAddress(remote),
            timeout: timeout
        ) { (socket) throws(SocketError) in
            if let beforeConnect {
                do {
                    try beforeConnect(TCPConn(unchecked: socket))
                } catch let error as SocketError {
                    throw error
                } catch {
                    throw SocketError(.other, operation: .dial)
                }
            }
            if let local { try socket.bind(try local.sockaddr(matching: remote.family)) }
            try socket.connect(to: remote)
        }
        return TCPConn(unchecked: socket)
    }

    /// Parses `address` (and `local`) and dials. See `dial(_:from:)`.
    /// - Throws: the parse errors of `TCPAddr/init(parsing:)`, then as
    ///   `dial(_:from:)`.
    public func dial(_ address: String, from local: String? = nil) throws(SocketError) -> TCPConn {
        try dial(
            try TCPAddr(parsing: address),
            from: try local.map { (text) throws(SocketError) in try TCPAddr(parsing: text) }
        )
    }
}
