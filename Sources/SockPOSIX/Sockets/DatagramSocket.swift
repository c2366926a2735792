#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A socket that exchanges datagrams with addresses: ``UDPConn``, ``UnixDatagramConn``,
/// ``RawConn`` (the Go seed's `ReadFrom`/`WriteTo`, `RecvFrom`/`SendTo`; Go's `net.PacketConn`).
///
/// One vocabulary: `receive(into:flags:)` (`recvfrom(2)`) returns
/// the datagram's length, its sender and whether it was truncated; `send(_:to:flags:)`
/// (`sendto(2)`) sends one datagram to an address. When connected, the ``Connection`` operations
/// (`read`, `write`, messages) talk to the one peer. SockLinux adds batches (`sendMessages`,
/// `receiveMessages`) for every datagram socket.
public protocol DatagramSocket: Connection {}

extension DatagramSocket {
    /// Receives one datagram and its sender with one `recvfrom(2)`. No allocation: the sender is
    /// decoded in place.
    ///
    /// Sock adds `MSG_TRUNC`, so the kernel reports the datagram's real length: a datagram longer
    /// than `buffer` is stored cut and reported as truncated (``MessageResult/isTruncated``), never
    /// silently. On a connected socket the sender is the peer; this is also the way to learn about
    /// truncation there (`Connection/read(into:)` does not say).
    ///
    /// - Returns: ``MessageResult/count`` (the bytes stored), ``MessageResult/sender`` and
    ///   ``MessageResult/flags`` (``MessageFlags/truncated`` when cut).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.connectionRefused` (an ICMP error on a
    ///   connected UDP socket), ...
    @inlinable
    public func receive(
        into buffer: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = []
    ) throws(SocketError) -> MessageResult {
        try netSocket.receiveDatagram(into: buffer, flags: flags)
    }

    /// Sends one datagram to `address` with one `sendto(2)` (`MSG_NOSIGNAL`).
    /// - Throws: `.wouldBlock`, `.messageTooLarge`, `.invalidArgument` (an address of another
    ///   family), `.alreadyConnected` (EISCONN: an address on a connected stream-like socket),
    ///   `.networkUnreachable`, `.permissionDenied` (a broadcast address without
    ///   `SO_BROADCAST`), ...
    @inlinable
    public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try netSocket.sendDatagram(buffer, to: address, flags: flags)
    }

    /// Sends one datagram with control data to `address` (`sendmsg(2)`, `MSG_NOSIGNAL`).
    /// - Throws: as `send(_:to:flags:)`; `.invalidArgument` for a
    ///   malformed control message.
    @inlinable
    public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try netSocket.sendMessage(buffer, control: control, to: address, flags: flags.rawValue)
    }

    // MARK: - Arrays and spans

    /// `receive(into:flags:)` into the start of an array (its
    /// count is unchanged: the result says how much was stored).
    @inlinable
    public func receive(into bytes: inout [UInt8], flags: MessageFlags = []) throws(SocketError) -> MessageResult {
        try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> MessageResult in
            try receive(into: UnsafeMutableRawBufferPointer(b), flags: flags)
        }
    }

    /// `receive(into:flags:)` into a span.
    @inlinable
    public func receive(into span: inout MutableRawSpan, flags: MessageFlags = []) throws(SocketError) -> MessageResult
    {
        try span.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) throws(SocketError) -> MessageResult in
            try receive(into: b, flags: flags)
        }
    }

    /// `send(_:to:flags:)` from an array.
    @inlinable
    public func send(_ bytes: [UInt8], to address: some Sockaddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try send(UnsafeRawBufferPointer(b), to: address, flags: flags)
        }
    }

    /// `send(_:to:flags:)` from a span.
    @inlinable
    public func send(_ span: RawSpan, to address: some Sockaddr, flags: MessageFlags = []) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try send(b, to: address, flags: flags)
        }
    }

    /// `sendMessage(_:control:to:flags:)` from arrays.
    @inlinable
    public func sendMessage(
        _ bytes: [UInt8],
        control: [UInt8],
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try control.withUnsafeBufferPointer { (c: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
                try sendMessage(
                    UnsafeRawBufferPointer(b),
                    control: UnsafeRawBufferPointer(c),
                    to: address,
                    flags: flags
                )
            }
        }
    }

    /// `sendMessage(_:control:to:flags:)` from spans.
    @inlinable
    public func sendMessage(
        _ span: RawSpan,
        control: RawSpan,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try control.withUnsafeBytes { (c: UnsafeRawBufferPointer) throws(SocketError) -> Int in
                try sendMessage(b, control: c, to: address, flags: flags)
            }
        }
    }
}

extension NetSocket {
    /// `recvfrom(2)` with `MSG_TRUNC` (datagram sockets only: on a stream it would discard bytes),
    /// the sender decoded in place.
    @inlinable
    package func receiveDatagram(
        into buffer: UnsafeMutableRawBufferPointer,
        flags: MessageFlags
    ) throws(SocketError) -> MessageResult {
        var sender = SocketAddress()
        let requested = flags.rawValue | SC.MSG_TRUNC
        let n = try sender.withUnsafeMutableStorage { (sa, len) throws(SocketError) -> Int in
            try io(.receiveFrom, .read) { fd in
                // recvfrom shrinks the length: give every attempt the whole storage.
                len = AddressLayout.storageLength
                return Sys.recvfrom(fd, buffer.baseAddress, buffer.count, requested, sa, &len)
            }
        }
        return MessageResult(
            count: Swift.min(n, buffer.count),
            flags: n > buffer.count ? [.truncated] : [],
            sender: sender
        )
    }

    /// `sendto(2)` (`MSG_NOSIGNAL` added by the seam).
    @inlinable
    package func sendDatagram(
        _ buffer: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags
    ) throws(SocketError) -> Int {
        try address.withUnsafeSockaddr { (sa, len) throws(SocketError) -> Int in
            try transfer(
                .sendTo,
                .write,
                Word.of(buffer.baseAddress),
                buffer.count,
                Word.of(sa),
                Int(len) | (Int(flags.rawValue) << 32)
            ) { (fd, p, n, sa, packed) -> Int in
                Sys.sendto(
                    fd,
                    Word.raw(p),
                    n,
                    CInt(truncatingIfNeeded: packed >> 32),
                    Word.pointer(sa),
                    socklen_t(truncatingIfNeeded: packed)
                )
            }
        }
    }
}
