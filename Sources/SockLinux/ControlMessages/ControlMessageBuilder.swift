#if os(Linux)
import SockPOSIX

/// Builds control messages (`cmsghdr` + payload, padded as `CMSG_SPACE` requires) into a buffer
/// the caller owns: no allocation. Linux-only.
///
/// Generic over level and type (``append(level:type:bytes:)``), with typed helpers for the common
/// cases (``appendSegmentSize(_:)``, ``appendRights(_:)``, ...). Pass ``bytes`` as the `control`
/// of `sendMessage(_:control:to:flags:)`.
///
/// ```swift
/// try withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
///     var builder = ControlMessageBuilder(buffer)
///     try builder.appendSegmentSize(1400)
///     _ = try conn.sendMessage(payload, control: builder.bytes, to: peer, flags: 0)
/// }
/// ```
public struct ControlMessageBuilder {
    /// The caller's buffer.
    public let buffer: UnsafeMutableRawBufferPointer
    @usableFromInline var storedCount = 0

    /// The bytes built so far (a multiple of the control-message alignment).
    @inlinable public var count: Int { storedCount }

    /// Starts building at the beginning of `buffer`. The buffer's contents are overwritten as
    /// messages are appended.
    @inlinable
    public init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    /// The control messages built so far, ready to send.
    @inlinable
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[..<count]) }

    /// The room left, in bytes.
    @inlinable
    public var remaining: Int { buffer.count - count }

    /// Forgets every message appended so far.
    @inlinable
    public mutating func removeAll() { storedCount = 0 }

    /// Appends one message of `payloadCount` bytes; `write` fills the payload, which starts zeroed.
    ///
    /// - Throws: `.invalidArgument` with `.controlBufferTooSmall` when
    ///   `ControlMessageLayout.space(payloadCount)` bytes do not fit (nothing is appended).
    @inlinable
    public mutating func append(
        level: CInt,
        type: CInt,
        payloadCount: Int,
        _ write: (UnsafeMutableRawBufferPointer) -> Void
    ) throws(SocketError) {
        // Check the raw count first: computing the aligned space of an absurd count would overflow.
        guard payloadCount >= 0, payloadCount <= remaining else {
            throw .invalid(.controlBufferTooSmall, .controlMessage)
        }
        let space = ControlMessageLayout.space(payloadCount)
        guard space <= remaining else { throw .invalid(.controlBufferTooSmall, .controlMessage) }
        let message = UnsafeMutableRawBufferPointer(rebasing: buffer[count..<(count + space)])
        message.initializeMemory(as: UInt8.self, repeating: 0)
        message.storeBytes(
            of: UInt(ControlMessageLayout.length(payloadCount)),
            toByteOffset: ControlMessageLayout.lengthOffset,
            as: UInt.self
        )
        message.storeBytes(of: level, toByteOffset: ControlMessageLayout.levelOffset, as: CInt.self)
        message.storeBytes(of: type, toByteOffset: ControlMessageLayout.typeOffset, as: CInt.self)
        let start = ControlMessageLayout.align(ControlMessageLayout.headerSize)
        write(UnsafeMutableRawBufferPointer(rebasing: message[start..<(start + payloadCount)]))
        storedCount += space
    }

    /// Appends one message whose payload is `payload`'s bytes.
    /// - Throws: `.invalidArgument` with `.controlBufferTooSmall`.
    @inlinable
    public mutating func append(level: CInt, type: CInt, bytes payload: UnsafeRawBufferPointer) throws(SocketError) {
        try append(level: level, type: type, payloadCount: payload.count) { to in
            if payload.count > 0 { to.copyMemory(from: payload) }
        }
    }

    /// Appends one message whose payload is the bytes of `value` (an `Int32`, a C struct, ...).
    /// - Throws: `.invalidArgument` with `.controlBufferTooSmall`.
    @inlinable
    public mutating func append<T: BitwiseCopyable>(level: CInt, type: CInt, value: T) throws(SocketError) {
        try append(level: level, type: type, payloadCount: MemoryLayout<T>.size) { to in
            to.storeBytes(of: value, toByteOffset: 0, as: T.self)
        }
    }
}
#endif
