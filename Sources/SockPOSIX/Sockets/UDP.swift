import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A UDP socket (`SOCK_DGRAM`, `IPPROTO_UDP`), bound with `listen(_:reusePort:)` or connected
/// with ``dial(_:from:)``.
///
/// ``readFrom(into:)`` / `writeTo(_:_:)` exchange datagrams with any peer and never allocate;
/// `read(into:)` / `write(_:)` work on
/// a connected socket. ``readMessage(into:control:)`` and ``writeMessage(_:control:to:)`` carry
/// control messages (see SockLinux for typed builders and parsers). A datagram longer than the
/// buffer is reported as truncated, never silently cut.
public final class UDPConn: NetSocket, @unchecked Sendable {
    /// The connected peer, if any.
    public let peer: SocketAddress?

    init(fd: CInt, domain: CInt, peer: SocketAddress?) {
        self.peer = peer
        super.init(owning: fd, domain: domain, type: SC.SOCK_DGRAM, protocol: SC.IPPROTO_UDP)
    }

    /// A UDP socket bound to `address` (port 0: any free port; read it with ``endpoint()``).
    /// - Throws: `.addressInUse`, `.addressNotAvailable`, `.invalidArgument`, ...
    public static func listen(_ address: UDPAddr, reusePort: Bool = false) throws(SocketError) -> UDPConn {
        let local = try address.sockaddr()
        let conn = UDPConn(
            fd: try NetSocket.newDescriptor(domain: local.family, type: SC.SOCK_DGRAM, proto: SC.IPPROTO_UDP),
            domain: CInt(local.family),
            peer: nil
        )
        do throws(SocketError) {
            if reusePort { try conn.setReusePort(true) }
            try conn.bind(local)
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    /// Parses `address` and binds to it.
    public static func listen(_ address: String, reusePort: Bool = false) throws(SocketError) -> UDPConn {
        try listen(try UDPAddr(parsing: address), reusePort: reusePort)
    }

    /// A UDP socket connected to `address` (`connect(2)` sets the default destination and filters
    /// incoming datagrams to that peer).
    /// - Throws: `.networkUnreachable`, `.addressNotAvailable`, `.invalidArgument`, ...
    public static func dial(_ address: UDPAddr, from local: UDPAddr? = nil) throws(SocketError) -> UDPConn {
        let remote = try address.sockaddr()
        let conn = UDPConn(
            fd: try NetSocket.newDescriptor(domain: remote.family, type: SC.SOCK_DGRAM, proto: SC.IPPROTO_UDP),
            domain: CInt(remote.family),
            peer: SocketAddress(remote)
        )
        do throws(SocketError) {
            if let local { try conn.bind(try local.sockaddr(matching: remote.family)) }
            try conn.connect(to: remote)
        } catch {
            conn.close()
            throw error
        }
        return conn
    }

    /// The bound endpoint (`getsockname`), with the real port when bound to port 0.
    public func endpoint() throws(SocketError) -> UDPAddr {
        try UDPAddr(try localAddress())
    }

    /// Receives one datagram and its sender (`recvfrom(2)`, zero allocations).
    /// - Returns: the bytes stored, the sender, and whether the datagram was truncated.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.connectionRefused` (an ICMP error on a
    ///   connected socket), ...
    @inlinable
    public func readFrom(
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> (count: Int, from: SocketAddress, truncated: Bool) {
        var from = SocketAddress()
        let r = try receiveFrom(into: buffer, from: &from)
        return (r.count, from, r.truncated)
    }

    /// Sends one datagram to `address` (`sendto(2)`). An IPv4 address on an IPv6 socket is sent
    /// as its IPv4-mapped form.
    /// - Throws: `.wouldBlock`, `.messageTooLarge`, `.networkUnreachable`, `.invalidArgument`, ...
    @inlinable
    public func writeTo(_ buffer: UnsafeRawBufferPointer, _ address: some Sockaddr) throws(SocketError) -> Int {
        try sendTo(buffer, to: address)
    }

    /// Sends one datagram to an endpoint.
    public func writeTo(_ buffer: UnsafeRawBufferPointer, _ address: UDPAddr) throws(SocketError) -> Int {
        try sendTo(buffer, to: try address.sockaddr(matching: sa_family_t(domain)))
    }

    /// Receives one datagram with its control messages (`recvmsg(2)`).
    ///
    /// - Parameters:
    ///   - buffer: the payload buffer.
    ///   - control: a buffer for control messages (zero-sized for none).
    /// - Returns: the payload length stored, the control length the kernel wrote, the message
    ///   flags (`MSG_TRUNC`: payload truncated; `MSG_CTRUNC`: control truncated), and the sender.
    public func readMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> MessageResult {
        try receiveMessage(into: buffer, control: control, flags: 0)
    }

    /// Sends one datagram with control messages (`sendmsg(2)`), to `address` or, when nil, to the
    /// connected peer.
    /// - Throws: `.notConnected` (no address on an unconnected socket), `.invalidArgument` (a
    ///   malformed control message), `.messageTooLarge`, ...
    public func writeMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        to address: (some Sockaddr)?
    ) throws(SocketError) -> Int {
        try sendMessage(buffer, control: control, to: address, flags: 0)
    }

    /// Sends one datagram with control messages to the connected peer (`sendmsg(2)`).
    /// - Throws: `.notConnected` on an unconnected socket, and as ``writeMessage(_:control:to:)``.
    public func writeMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer
    ) throws(SocketError) -> Int {
        try sendMessage(buffer, control: control, to: SocketAddress?.none, flags: 0)
    }
}

/// The result of a `recvmsg(2)`.
@frozen
public struct MessageResult: Sendable {
    /// Payload bytes stored in the buffer.
    public var count: Int
    /// Control-message bytes the kernel wrote.
    public var controlCount: Int
    /// `msg_flags` (`MSG_TRUNC`, `MSG_CTRUNC`, `MSG_EOR`, `MSG_ERRQUEUE`, ...).
    public var flags: CInt
    /// The sender (unnamed for a connected stream).
    public var from: SocketAddress

    @inlinable
    public init(count: Int, controlCount: Int, flags: CInt, from: SocketAddress) {
        self.count = count
        self.controlCount = controlCount
        self.flags = flags
        self.from = from
    }

    /// The payload was longer than the buffer (`MSG_TRUNC`).
    @inlinable public var isTruncated: Bool { flags & SC.MSG_TRUNC != 0 }
    /// Control data did not fit the control buffer (`MSG_CTRUNC`).
    @inlinable public var isControlTruncated: Bool { flags & SC.MSG_CTRUNC != 0 }
}

extension NetSocket {
    /// `recvmsg(2)` with one payload buffer and a control buffer; zero allocations.
    /// `MSG_CMSG_CLOEXEC` is always added, so received descriptors are close-on-exec.
    public final func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer,
        flags: CInt
    ) throws(SocketError) -> MessageResult {
        var from = SocketAddress()
        var iov = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        let (n, controlCount, msgFlags) = try from.withUnsafeMutableStorage {
            (sa, len) throws(SocketError) -> (Int, Int, CInt) in
            try withUnsafeMutablePointer(to: &iov) { iovp throws(SocketError) -> (Int, Int, CInt) in
                var msg = msghdr()
                msg.msg_name = UnsafeMutableRawPointer(sa)
                msg.msg_namelen = len
                msg.msg_iov = iovp
                msg.msg_iovlen = 1
                msg.msg_control = control.count > 0 ? control.baseAddress : nil
                msg.msg_controllen = numericCast(control.count)
                let n = try receiveMessageRaw(&msg, flags: flags | SC.MSG_CMSG_CLOEXEC)
                len = msg.msg_namelen
                return (n, Int(msg.msg_controllen), msg.msg_flags)
            }
        }
        return MessageResult(count: n, controlCount: controlCount, flags: msgFlags, from: from)
    }

    /// `sendmsg(2)` with one payload buffer, a control buffer and an optional destination;
    /// `MSG_NOSIGNAL` is always added.
    public final func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        to address: (some Sockaddr)?,
        flags: CInt
    ) throws(SocketError) -> Int {
        var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer.baseAddress), iov_len: buffer.count)
        return try withUnsafeMutablePointer(to: &iov) { iovp throws(SocketError) -> Int in
            var msg = msghdr()
            msg.msg_iov = iovp
            msg.msg_iovlen = 1
            msg.msg_control = control.count > 0 ? UnsafeMutableRawPointer(mutating: control.baseAddress) : nil
            msg.msg_controllen = numericCast(control.count)
            guard let address else { return try sendMessageRaw(&msg, flags: flags) }
            return try address.withUnsafeSockaddr { (sa, len) throws(SocketError) -> Int in
                msg.msg_name = UnsafeMutableRawPointer(mutating: sa)
                msg.msg_namelen = len
                return try sendMessageRaw(&msg, flags: flags)
            }
        }
    }
}
