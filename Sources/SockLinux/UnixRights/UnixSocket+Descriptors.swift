#if os(Linux)
import SockPOSIX

/// The result of `receiveDescriptors(into:descriptors:)` on a Unix connection. Linux-only.
@frozen
public struct ReceivedDescriptors: Sendable, Hashable {
    /// Payload bytes stored.
    public var count: Int
    /// Descriptors stored at the start of the caller's `descriptors` buffer; they are open in
    /// this process and close-on-exec, and the caller owns them.
    public var descriptorCount: Int
    /// `msg_flags` of the receive.
    public var flags: MessageFlags

    /// Creates a value.
    @inlinable
    public init(count: Int, descriptorCount: Int, flags: MessageFlags) {
        self.count = count
        self.descriptorCount = descriptorCount
        self.flags = flags
    }

    /// The payload was longer than the buffer (`MSG_TRUNC`).
    @inlinable public var isTruncated: Bool { flags.contains(.truncated) }
}

extension Connection where Self: UnixSocket {
    /// Sends `descriptors` (1...253) with `data` over a Unix socket: one `sendmsg(2)` with an
    /// `SCM_RIGHTS` control message built on the stack (no allocation). The descriptors stay open
    /// here; the receiver gets its own. Linux-only (SCM_RIGHTS exists on other systems, but this
    /// API is built on the Linux layout).
    ///
    /// A stream socket drops descriptors sent with no payload byte, so on a `SOCK_STREAM` socket
    /// an empty `data` sends one zero byte instead (the Go seed does the same).
    ///
    /// - Returns: the payload bytes sent.
    /// - Throws: `.invalidArgument` with `.descriptorCountInvalid` (0 or more than 253
    ///   descriptors); `.closed` (EBADF, also for a descriptor in the list that is not open),
    ///   `.wouldBlock`, `.brokenPipe`, `.notSupported` (not a Unix socket), ...
    public func sendDescriptors(
        _ descriptors: UnsafeBufferPointer<CInt>,
        data: UnsafeRawBufferPointer
    ) throws(SocketError) -> Int {
        guard descriptors.count >= 1, descriptors.count <= ControlMessageBuilder.maxDescriptors else {
            throw .invalid(.descriptorCountInvalid, .sendMessage)
        }
        let space = ControlMessageLayout.space(descriptors.count * MemoryLayout<CInt>.size)
        return try withUnsafeTemporaryAllocation(byteCount: space, alignment: ControlMessageLayout.alignment) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            var builder = ControlMessageBuilder(buffer)
            try builder.appendRights(descriptors)
            guard data.isEmpty, type == .stream else {
                return try sendMessage(data, control: builder.bytes)
            }
            var zero: UInt8 = 0
            return try withUnsafeBytes(of: &zero) { (one: UnsafeRawBufferPointer) throws(SocketError) -> Int in
                try sendMessage(one, control: builder.bytes)
            }
        }
    }

    /// Sends the descriptors of an array with the bytes of `data`. See
    /// `sendDescriptors(_:data:)`.
    /// Linux-only.
    public func sendDescriptors(_ descriptors: [CInt], data: [UInt8]) throws(SocketError) -> Int {
        try descriptors.withUnsafeBufferPointer { (fds: UnsafeBufferPointer<CInt>) throws(SocketError) -> Int in
            try data.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
                try sendDescriptors(fds, data: UnsafeRawBufferPointer(bytes))
            }
        }
    }

    /// Receives one message and the descriptors passed with it (`recvmsg(2)` with
    /// `MSG_CMSG_CLOEXEC`, so they are close-on-exec), storing at most `descriptors.count`
    /// (1...253) of them in `descriptors`. The control buffer lives on the stack: no allocation.
    /// Linux-only.
    ///
    /// When the message carried more descriptors than `descriptors` holds, none is returned:
    /// the kernel closes those that did not fit its control buffer (`MSG_CTRUNC`), Sock closes
    /// those that did, and the call throws, so no descriptor leaks unseen. The payload of that
    /// message is consumed. An empty `data` buffer receives one byte into a scratch byte (the
    /// counterpart of `sendDescriptors(_:data:)`).
    ///
    /// - Throws: `.invalidArgument` with `.controlBufferTooSmall` (too many descriptors arrived;
    ///   all were closed) or `.descriptorCountInvalid` (a capacity of 0 or over 253);
    ///   `.wouldBlock`, `.timedOut`, `.closed`, ...
    public func receiveDescriptors(
        into data: UnsafeMutableRawBufferPointer,
        descriptors: UnsafeMutableBufferPointer<CInt>
    ) throws(SocketError) -> ReceivedDescriptors {
        guard descriptors.count >= 1, descriptors.count <= ControlMessageBuilder.maxDescriptors else {
            throw .invalid(.descriptorCountInvalid, .receiveMessage)
        }
        // Room for the descriptors and for credentials a peer with SO_PASSCRED also gets, so
        // those never push the descriptors out.
        let space =
            ControlMessageLayout.space(descriptors.count * MemoryLayout<CInt>.size)
            + ControlMessageLayout.space(LinuxABI.sizeof_ucred)
        return try withUnsafeTemporaryAllocation(byteCount: space, alignment: ControlMessageLayout.alignment) {
            (control: UnsafeMutableRawBufferPointer) throws(SocketError) -> ReceivedDescriptors in
            var scratch: UInt8 = 0
            let result = try withUnsafeMutableBytes(of: &scratch) {
                (one: UnsafeMutableRawBufferPointer) throws(SocketError) -> MessageResult in
                try receiveMessage(into: data.isEmpty ? one : data, control: control, keepingDescriptors: true)
            }
            let messages = ControlMessages(control, count: result.controlCount)
            var stored = 0
            var overflow = result.isControlTruncated
            for message in messages {
                guard case .rights(let list) = message.kind else { continue }
                for fd in list {
                    if stored < descriptors.count {
                        descriptors[stored] = fd
                        stored += 1
                    } else {
                        overflow = true
                        _ = Sys.close(fd)
                    }
                }
            }
            if overflow {
                for fd in descriptors[..<stored] { _ = Sys.close(fd) }
                throw .invalid(.controlBufferTooSmall, .receiveMessage)
            }
            return ReceivedDescriptors(count: result.count, descriptorCount: stored, flags: result.flags)
        }
    }
}

extension Connection where Self: UnixSocket {
    /// Receives one message and its descriptors into arrays (their counts are unchanged: the
    /// result says how much was stored). See
    /// `receiveDescriptors(into:descriptors:)`. Linux-only.
    public func receiveDescriptors(
        into data: inout [UInt8],
        descriptors: inout [CInt]
    ) throws(SocketError) -> ReceivedDescriptors {
        try data.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> ReceivedDescriptors in
            try descriptors.withUnsafeMutableBufferPointer {
                (fds: inout UnsafeMutableBufferPointer<CInt>) throws(SocketError) -> ReceivedDescriptors in
                try receiveDescriptors(into: UnsafeMutableRawBufferPointer(b), descriptors: fds)
            }
        }
    }

    /// Sends the descriptors of a span with the bytes of a span. See
    /// `sendDescriptors(_:data:)`. Linux-only.
    public func sendDescriptors(_ descriptors: Span<CInt>, data: RawSpan) throws(SocketError) -> Int {
        try descriptors.withUnsafeBufferPointer { (fds: UnsafeBufferPointer<CInt>) throws(SocketError) -> Int in
            try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int in
                try sendDescriptors(fds, data: bytes)
            }
        }
    }
}
#endif
