#if os(Linux)
import CPlatform
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reusable storage for batched datagram I/O (`sendmmsg` / `recvmmsg`): one `mmsghdr`, `iovec`,
/// address slot, payload buffer and control buffer per message, allocated once at creation.
/// Sending and receiving a batch then allocates nothing. Linux-only.
///
/// Receive with ``NetSocket/receiveMessages(_:maxCount:)`` and read each message through
/// ``subscript(_:)``; send by describing each message with `setMessage(at:...)` and calling
/// ``NetSocket/sendMessages(_:count:)``.
///
/// ```swift
/// let batch = try UDPBatch(capacity: 64, messageSize: 2048)
/// let n = try conn.receiveMessages(batch)
/// for i in 0..<n { handle(batch[i].bytes, from: batch[i].address) }
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

    @usableFromInline let headers: UnsafeMutablePointer<cplatform_mmsghdr>
    @usableFromInline let iovecs: UnsafeMutablePointer<iovec>
    @usableFromInline let names: UnsafeMutablePointer<sockaddr_storage>
    @usableFromInline let payload: UnsafeMutableRawPointer
    @usableFromInline let control: UnsafeMutableRawPointer
    @usableFromInline let controlStride: Int
    /// Per message: the GSO segment size given to `setMessage` (0: none), checked at send time.
    @usableFromInline let segmentSizes: UnsafeMutablePointer<Int>
    /// How many messages have a segment size (so a send of plain datagrams skips the GSO checks).
    @usableFromInline var segmentedCount = 0
    /// Messages `0..<receiveReady` point at the batch's own buffers with full lengths except for
    /// `msg_namelen` and `msg_controllen` (which every receive shrinks): a receive then only
    /// resets those two. Describing a message to send lowers it to that message's index.
    @usableFromInline var receiveReady = 0

    /// The most messages one `sendmmsg` / `recvmmsg` handles (the kernel's `UIO_MAXIOV`, 1024;
    /// it silently caps larger counts).
    public static var maxCapacity: Int { 1024 }
    /// The largest payload storage a batch may own (capacity × messageSize): 1 GiB.
    public static var maxPayloadBytes: Int { 1 << 30 }

    /// Allocates a batch.
    ///
    /// - Parameters:
    ///   - capacity: messages per batch, 1...``maxCapacity``.
    ///   - messageSize: bytes of payload buffer per message (0...`Int32.max`). For `UDP_GRO`
    ///     receives use 65535, or coalesced datagrams arrive truncated.
    ///   - controlSize: bytes of control buffer per message (0...65536). 64 holds a `UDP_GRO`
    ///     segment size and an `SCM_TIMESTAMPNS` timestamp; size it with
    ///     ``ControlMessageLayout/space(_:)``.
    /// - Throws: `.invalidArgument` with `.emptyBatch` (capacity 0), `.batchTooLarge`, or
    ///   `.valueOutOfRange` (a negative or oversized buffer size, or more than
    ///   ``maxPayloadBytes`` of payload storage in all).
    public init(capacity: Int, messageSize: Int = 2048, controlSize: Int = 64) throws(SocketError) {
        guard capacity >= 1 else { throw .invalid(.emptyBatch, .sendMessages) }
        guard capacity <= UDPBatch.maxCapacity else { throw .invalid(.batchTooLarge, .sendMessages) }
        guard (0...Int(Int32.max)).contains(messageSize), (0...65536).contains(controlSize) else {
            throw .invalid(.valueOutOfRange, .sendMessages)
        }
        // The payload storage is one allocation: refuse a total the allocator would abort on.
        guard capacity * messageSize <= UDPBatch.maxPayloadBytes else {
            throw .invalid(.valueOutOfRange, .sendMessages)
        }
        self.capacity = capacity
        self.messageSize = messageSize
        self.controlSize = controlSize
        self.controlStride = ControlMessageLayout.align(controlSize)
        headers = .allocate(capacity: capacity)
        headers.initialize(repeating: cplatform_mmsghdr(), count: capacity)
        iovecs = .allocate(capacity: capacity)
        iovecs.initialize(repeating: iovec(), count: capacity)
        names = .allocate(capacity: capacity)
        names.initialize(repeating: sockaddr_storage(), count: capacity)
        segmentSizes = .allocate(capacity: capacity)
        segmentSizes.initialize(repeating: 0, count: capacity)
        payload = .allocate(byteCount: Swift.max(1, capacity * messageSize), alignment: 16)
        control = .allocate(
            byteCount: Swift.max(1, capacity * controlStride),
            alignment: ControlMessageLayout.alignment
        )
        for i in 0..<capacity {
            iovecs[i] = iovec(iov_base: payload + i * messageSize, iov_len: messageSize)
            headers[i].msg_hdr.msg_iov = iovecs + i
            headers[i].msg_hdr.msg_iovlen = 1
        }
    }

    deinit {
        headers.deallocate()
        iovecs.deallocate()
        names.deallocate()
        segmentSizes.deallocate()
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

    /// Points every header of the first `count` messages at the batch's own buffers with full
    /// lengths, as a receive needs (the kernel shrinks the lengths on each call).
    @inlinable
    func prepareReceive(_ count: Int) {
        if count > receiveReady {
            for i in receiveReady..<count {
                iovecs[i].iov_base = payload + i * messageSize
                iovecs[i].iov_len = messageSize
                headers[i].msg_hdr.msg_iov = iovecs + i
                headers[i].msg_hdr.msg_iovlen = 1
                headers[i].msg_hdr.msg_name = UnsafeMutableRawPointer(names + i)
                headers[i].msg_hdr.msg_control = controlSize > 0 ? control + i * controlStride : nil
                headers[i].msg_hdr.msg_flags = 0
                headers[i].msg_len = 0
            }
            receiveReady = count
        }
        // The kernel writes msg_len and msg_flags of every message it fills; it shrinks these two.
        let nameLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var header = headers
        for _ in 0..<count {
            header.pointee.msg_hdr.msg_namelen = nameLength
            header.pointee.msg_hdr.msg_controllen = numericCast(controlSize)
            header += 1
        }
    }
}
#endif
