#if os(Linux)
import CPlatform
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reusable storage for batched datagram I/O (`sendmmsg` / `recvmmsg`): one `mmsghdr`, address
/// slot, payload buffer and control buffer per message, and ``buffersPerMessage`` `iovec`s per
/// message, allocated once at creation. Sending and receiving a batch then allocates nothing.
/// Linux-only.
///
/// Receive with ``DatagramSocket/receiveMessages(_:maxCount:)`` and read each message through
/// ``subscript(_:)``; send by describing each message with `setMessage(at:...)` and calling
/// ``DatagramSocket/sendMessages(_:count:)``.
///
/// ```swift
/// let batch = try UDPBatch(capacity: 64, messageSize: 2048)
/// let n = try conn.receiveMessages(batch)
/// for i in 0..<n { handle(batch[i].bytes, from: batch[i].sender) }
/// ```
///
/// A message may also be several caller buffers (scatter/gather, `msg_iov` with up to
/// ``buffersPerMessage`` entries): a header and a body sent as one datagram, or a datagram split
/// on receipt into a header and a body buffer.
///
/// ```swift
/// let batch = try UDPBatch(capacity: 16, messageSize: 0, buffersPerMessage: 2)
/// try batch.setMessage(at: 0, buffers: [header, body], to: peer)  // UnsafeRawBufferPointers
/// _ = try conn.sendMessages(batch, count: 1)                      // one datagram: header + body
///
/// try batch.setReceiveBuffers(at: 0, buffers: [headerArea, bodyArea])  // kept until reset
/// _ = try conn.receiveMessages(batch, maxCount: 1)
/// for part in batch[0].buffers { handle(part) }  // the filled part of each buffer
/// ```
///
/// A batch is not thread-safe: use it from one thread at a time.
public final class UDPBatch {
    /// The number of messages the batch holds (1...``maxCapacity``).
    public let capacity: Int
    /// The size of each message's own payload buffer.
    public let messageSize: Int
    /// The size of each message's control buffer.
    public let controlSize: Int
    /// The most buffers (`iovec`s) one message may have (1...``maxBuffersPerMessage``).
    public let buffersPerMessage: Int

    @usableFromInline let headers: UnsafeMutablePointer<cplatform_mmsghdr>
    /// ``buffersPerMessage`` per message: message `i`'s are at `i * buffersPerMessage`, the first
    /// of them describing its own buffer unless the message is made of caller buffers.
    @usableFromInline let iovecs: UnsafeMutablePointer<iovec>
    @usableFromInline let names: UnsafeMutablePointer<sockaddr_storage>
    @usableFromInline let payload: UnsafeMutableRawPointer
    @usableFromInline let control: UnsafeMutableRawPointer
    @usableFromInline let controlStride: Int
    /// Per message: the GSO segment size given to `setMessage` (0: none), checked at send time.
    @usableFromInline let segmentSizes: UnsafeMutablePointer<Int>
    /// How many messages have a segment size (so a send of plain datagrams skips the GSO checks).
    @usableFromInline var segmentedCount = 0
    /// Per message: how many caller receive buffers `setReceiveBuffers(at:buffers:)` put in its
    /// `iovec`s (0: it receives into its own buffer).
    @usableFromInline let receiveBufferCounts: UnsafeMutablePointer<Int>
    /// Messages `0..<receiveReady` point at their receive buffers (their own, or the caller's) with
    /// full lengths except for `msg_namelen` and `msg_controllen` (which every receive shrinks): a
    /// receive then only resets those two. Describing a message to send, or changing its receive
    /// buffers, lowers it to that message's index.
    @usableFromInline var receiveReady = 0

    /// The most messages one `sendmmsg` / `recvmmsg` handles (the kernel's `UIO_MAXIOV`, 1024;
    /// it silently caps larger counts).
    public static var maxCapacity: Int { 1024 }
    /// The largest payload storage a batch may own (capacity × messageSize): 1 GiB.
    public static var maxPayloadBytes: Int { 1 << 30 }
    /// The most buffers one message may have (the kernel's `IOV_MAX` / `UIO_MAXIOV`, 1024; a
    /// message with more fails with `EMSGSIZE`).
    public static var maxBuffersPerMessage: Int { 1024 }

    /// Allocates a batch.
    ///
    /// - Parameters:
    ///   - capacity: messages per batch, 1...``maxCapacity``.
    ///   - messageSize: bytes of payload buffer per message (0...`Int32.max`). For `UDP_GRO`
    ///     receives use 65535, or coalesced datagrams arrive truncated.
    ///   - controlSize: bytes of control buffer per message (0...65536). 64 holds a `UDP_GRO`
    ///     segment size and an `SCM_TIMESTAMPNS` timestamp; size it with
    ///     ``ControlMessageLayout/space(_:)``.
    ///   - buffersPerMessage: the most buffers (`msg_iov` entries) a message may have, for
    ///     `setMessage(at:buffers:...)` and `setReceiveBuffers(at:buffers:)`,
    ///     1...``maxBuffersPerMessage``. 1 (the default): each message has a single buffer.
    /// - Throws: `.invalidArgument` with `.emptyBatch` (capacity 0), `.batchTooLarge`, or
    ///   `.valueOutOfRange` (a negative or oversized buffer size, `buffersPerMessage` outside
    ///   1...``maxBuffersPerMessage``, or more than ``maxPayloadBytes`` of payload storage in all).
    public init(
        capacity: Int,
        messageSize: Int = 2048,
        controlSize: Int = 64,
        buffersPerMessage: Int = 1
    ) throws(SocketError) {
        guard capacity >= 1 else { throw .invalid(.emptyBatch, .sendMessages) }
        guard capacity <= UDPBatch.maxCapacity else { throw .invalid(.batchTooLarge, .sendMessages) }
        guard (0...Int(Int32.max)).contains(messageSize), (0...65536).contains(controlSize),
            (1...UDPBatch.maxBuffersPerMessage).contains(buffersPerMessage)
        else {
            throw .invalid(.valueOutOfRange, .sendMessages)
        }
        // The payload storage is one allocation: refuse a total the allocator would abort on.
        guard capacity * messageSize <= UDPBatch.maxPayloadBytes else {
            throw .invalid(.valueOutOfRange, .sendMessages)
        }
        self.capacity = capacity
        self.messageSize = messageSize
        self.controlSize = controlSize
        self.buffersPerMessage = buffersPerMessage
        self.controlStride = ControlMessageLayout.align(controlSize)
        headers = .allocate(capacity: capacity)
        headers.initialize(repeating: cplatform_mmsghdr(), count: capacity)
        iovecs = .allocate(capacity: capacity * buffersPerMessage)
        iovecs.initialize(repeating: iovec(), count: capacity * buffersPerMessage)
        names = .allocate(capacity: capacity)
        names.initialize(repeating: sockaddr_storage(), count: capacity)
        segmentSizes = .allocate(capacity: capacity)
        segmentSizes.initialize(repeating: 0, count: capacity)
        receiveBufferCounts = .allocate(capacity: capacity)
        receiveBufferCounts.initialize(repeating: 0, count: capacity)
        payload = .allocate(byteCount: Swift.max(1, capacity * messageSize), alignment: 16)
        control = .allocate(
            byteCount: Swift.max(1, capacity * controlStride),
            alignment: ControlMessageLayout.alignment
        )
        for i in 0..<capacity {
            iovecs[i * buffersPerMessage] = iovec(iov_base: payload + i * messageSize, iov_len: messageSize)
            headers[i].msg_hdr.msg_iov = iovecs + i * buffersPerMessage
            headers[i].msg_hdr.msg_iovlen = 1
        }
    }

    deinit {
        headers.deallocate()
        iovecs.deallocate()
        names.deallocate()
        segmentSizes.deallocate()
        receiveBufferCounts.deallocate()
        payload.deallocate()
        control.deallocate()
    }

    /// Message `index`'s own payload buffer (``messageSize`` bytes), to fill before
    /// ``setMessage(at:count:to:segmentSize:)``.
    @inlinable
    public func buffer(at index: Int) -> UnsafeMutableRawBufferPointer {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        return UnsafeMutableRawBufferPointer(start: payload + index * messageSize, count: messageSize)
    }

    /// Message `index`'s control buffer (``controlSize`` bytes).
    @inlinable
    func controlBuffer(at index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: control + index * controlStride, count: controlSize)
    }

    /// Message `index`'s first `iovec`.
    @inlinable
    func messageIovecs(_ index: Int) -> UnsafeMutablePointer<iovec> {
        iovecs + index * buffersPerMessage
    }

    /// Points every header of the first `count` messages at its receive buffers with full lengths,
    /// as a receive needs (the kernel shrinks the lengths on each call). Only `msg_namelen` and
    /// `msg_controllen` are reset on each call; the rest is laid out once (``layOutReceive(_:)``).
    @inlinable
    func prepareReceive(_ count: Int) {
        if count > receiveReady { layOutReceive(count) }
        // The kernel writes msg_len and msg_flags of every message it fills; it shrinks these two.
        let nameLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var header = headers
        for _ in 0..<count {
            header.pointee.msg_hdr.msg_namelen = nameLength
            header.pointee.msg_hdr.msg_controllen = numericCast(controlSize)
            header += 1
        }
    }

    /// Points messages `receiveReady..<count` at their receive buffers (the caller's from
    /// `setReceiveBuffers(at:buffers:)`, or else their own) and address and control slots; out of
    /// line, as it runs only after a message was described to send or given other buffers.
    @usableFromInline @inline(never)
    func layOutReceive(_ count: Int) {
        for i in receiveReady..<count {
            let iov = messageIovecs(i)
            let callerBuffers = receiveBufferCounts[i]
            if callerBuffers == 0 {
                iov.pointee = iovec(iov_base: payload + i * messageSize, iov_len: messageSize)
            }
            headers[i].msg_hdr.msg_iov = iov
            headers[i].msg_hdr.msg_iovlen = numericCast(Swift.max(1, callerBuffers))
            headers[i].msg_hdr.msg_name = UnsafeMutableRawPointer(names + i)
            headers[i].msg_hdr.msg_control = controlSize > 0 ? control + i * controlStride : nil
            headers[i].msg_hdr.msg_flags = 0
            headers[i].msg_len = 0
        }
        receiveReady = count
    }

    /// Closes the `SCM_RIGHTS` descriptors in the control data of messages `0..<count` (just
    /// received) and overwrites them with -1.
    @usableFromInline
    func closeReceivedRights(_ count: Int) {
        for i in 0..<count {
            let length = Int(headers[i].msg_hdr.msg_controllen)
            guard length > 0, let control = headers[i].msg_hdr.msg_control else { continue }
            _ = ReceivedRights.closeAll(in: UnsafeMutableRawBufferPointer(start: control, count: length))
        }
    }
}
#endif
