#if os(Linux)
import SockPOSIX

/// The control messages in a received control buffer, walked in place: no copy, no allocation.
/// Linux-only.
///
/// The walk trusts nothing: a header that does not fit, a `cmsg_len` shorter than the header or
/// longer than the bytes left ends it (``isWellFormed`` is then false), so a malformed buffer from
/// the kernel or a fuzzer never makes it read out of bounds.
///
/// ```swift
/// let r = try conn.receiveMessage(into: payload, control: control, flags: 0)
/// for message in ControlMessages(control, count: r.controlCount) {
///     if case .groSegmentSize(let size) = message.kind { ... }
/// }
/// ```
public struct ControlMessages: Sequence {
    /// The control bytes.
    public let bytes: UnsafeRawBufferPointer

    /// Walks `bytes`, e.g. the `controlCount` bytes a `recvmsg` wrote.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Walks the first `count` bytes of `buffer` (clamped to the buffer), as a receive reported
    /// them in ``MessageResult/controlCount``.
    @inlinable
    public init(_ buffer: UnsafeMutableRawBufferPointer, count: Int) {
        self.bytes = UnsafeRawBufferPointer(rebasing: buffer[..<Swift.max(0, Swift.min(count, buffer.count))])
    }

    /// Steps through the messages.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let bytes: UnsafeRawBufferPointer
        @usableFromInline var offset = 0

        @inlinable
        init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        /// The next message, or nil at the end or at the first malformed header.
        @inlinable
        public mutating func next() -> ControlMessage? {
            guard let found = ControlMessages.message(in: bytes, at: offset) else { return nil }
            offset = found.next
            return found.message
        }
    }

    /// An iterator from the first message.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(bytes) }

    /// Whether every byte is accounted for by well-formed messages (trailing padding shorter than
    /// a header is fine).
    public var isWellFormed: Bool {
        var offset = 0
        while let found = ControlMessages.message(in: bytes, at: offset) { offset = found.next }
        return bytes.count - Swift.min(offset, bytes.count) < ControlMessageLayout.headerSize
    }

    /// The first message with this level and type.
    public func first(level: CInt, type: CInt) -> ControlMessage? {
        first { $0.level == level && $0.type == type }
    }

    /// Decodes the message at `offset`; returns it and where the next one starts (which may lie
    /// past the end), or nil when no well-formed header starts at `offset`.
    @inlinable
    static func message(in bytes: UnsafeRawBufferPointer, at offset: Int) -> (message: ControlMessage, next: Int)? {
        let header = ControlMessageLayout.headerSize
        guard offset >= 0, offset < bytes.count, bytes.count - offset >= header else { return nil }
        let rawLength = bytes.loadUnaligned(fromByteOffset: offset + ControlMessageLayout.lengthOffset, as: UInt.self)
        let dataStart = ControlMessageLayout.align(header)
        guard rawLength >= UInt(dataStart), rawLength <= UInt(bytes.count - offset) else { return nil }
        let length = Int(rawLength)
        let message = ControlMessage(
            level: bytes.loadUnaligned(fromByteOffset: offset + ControlMessageLayout.levelOffset, as: CInt.self),
            type: bytes.loadUnaligned(fromByteOffset: offset + ControlMessageLayout.typeOffset, as: CInt.self),
            data: UnsafeRawBufferPointer(rebasing: bytes[(offset + dataStart)..<(offset + length)])
        )
        return (message, offset + ControlMessageLayout.align(length))
    }
}

/// One control message: its level (`cmsg_level`), type (`cmsg_type`) and payload, pointing into
/// the received buffer. Linux-only.
public struct ControlMessage {
    /// `cmsg_level`: `SOL_SOCKET`, `IPPROTO_IP`, `IPPROTO_IPV6`, `SOL_UDP`, `SOL_SCTP`, ...
    public let level: CInt
    /// `cmsg_type`: `SCM_RIGHTS`, `IP_PKTINFO`, `UDP_GRO`, ...
    public let type: CInt
    /// The payload (`CMSG_DATA`, `cmsg_len - CMSG_LEN(0)` bytes).
    public let data: UnsafeRawBufferPointer

    /// Wraps a level, a type and a payload.
    @inlinable
    public init(level: CInt, type: CInt, data: UnsafeRawBufferPointer) {
        self.level = level
        self.type = type
        self.data = data
    }

    /// The payload as a `T` (an `Int32`, a C struct), or nil when the payload is shorter than `T`.
    @inlinable
    public func load<T: BitwiseCopyable>(as type: T.Type = T.self) -> T? {
        data.field(at: 0, as: T.self)
    }
}
#endif
