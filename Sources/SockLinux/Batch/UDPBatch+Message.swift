#if os(Linux)
import CPlatform
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension UDPBatch {
    /// One message of a batch after a receive (or a send): a view into the batch's storage, valid
    /// until the batch is used again. No allocation.
    public struct Message {
        @usableFromInline let batch: UDPBatch
        @usableFromInline let index: Int

        @inlinable
        init(batch: UDPBatch, index: Int) {
            self.batch = batch
            self.index = index
        }

        @inlinable
        var header: cplatform_mmsghdr { batch.headers[index] }

        /// After a receive: the datagram's length as stored (`msg_len`; with `MSG_TRUNC` the
        /// datagram was longer), over all of the message's buffers. After a send: the bytes sent.
        @inlinable
        public var count: Int { Int(header.msg_len) }

        /// The received (or sent) bytes, for a message of one buffer: the first ``count`` bytes of
        /// that buffer, where the data is: the batch's own ``UDPBatch/buffer(at:)``, or the
        /// caller's buffer (`setMessage(at:bytes:...)`, or `setReceiveBuffers(at:buffers:)` with one
        /// buffer). Empty for a message of no buffers.
        ///
        /// A message of several buffers (`msg_iovlen` > 1: `setMessage(at:buffers:...)`,
        /// `setReceiveBuffers(at:buffers:)`) has no single view of its bytes: reading `bytes` is a
        /// programming error (a precondition failure); read ``buffers`` instead.
        @inlinable
        public var bytes: UnsafeRawBufferPointer {
            let header = self.header
            precondition(header.msg_hdr.msg_iovlen <= 1, "UDPBatch message of several buffers: read .buffers")
            guard header.msg_hdr.msg_iovlen == 1, let iov = header.msg_hdr.msg_iov else {
                return UnsafeRawBufferPointer(start: nil, count: 0)
            }
            return UnsafeRawBufferPointer(start: iov.pointee.iov_base, count: Swift.min(count, iov.pointee.iov_len))
        }

        /// The message's bytes as they lie in its buffers (its `msg_iov` entries, in order): for
        /// each buffer, the part the datagram filled (after a receive) or that was sent, so the
        /// parts concatenated are the first ``count`` bytes of the datagram. One part per buffer,
        /// empty for a buffer the datagram did not reach. Works for every message (one buffer:
        /// the same view as ``bytes``). No allocation. Linux-only.
        @inlinable
        public var buffers: Buffers {
            let header = self.header
            return Buffers(
                iovecs: UnsafePointer(header.msg_hdr.msg_iov),
                count: header.msg_hdr.msg_iov == nil ? 0 : Int(header.msg_hdr.msg_iovlen),
                bytes: count
            )
        }

        /// The sender (a copy of the kernel-filled `sockaddr`, no heap), or an unspecified address
        /// when the kernel gave none (e.g. an unbound Unix peer).
        @inlinable
        public var sender: SocketAddress {
            let length = header.msg_hdr.msg_namelen
            guard header.msg_hdr.msg_name != nil, length > 0 else { return SocketAddress() }
            return (try? SocketAddress(batch.names[index], length: length)) ?? SocketAddress()
        }

        /// `msg_flags` (``MessageFlags/truncated``, ``MessageFlags/controlTruncated``, ...).
        @inlinable
        public var flags: MessageFlags { MessageFlags(rawValue: header.msg_hdr.msg_flags) }

        /// The datagram was longer than the buffer; the rest was discarded (`MSG_TRUNC`).
        @inlinable
        public var isTruncated: Bool { flags.contains(.truncated) }

        /// Control messages did not fit the control buffer (`MSG_CTRUNC`).
        @inlinable
        public var isControlTruncated: Bool { flags.contains(.controlTruncated) }

        /// The control messages received with the datagram.
        @inlinable
        public var controlMessages: ControlMessages {
            let length = Swift.min(Int(header.msg_hdr.msg_controllen), batch.controlSize)
            guard let base = header.msg_hdr.msg_control, length > 0 else {
                return ControlMessages(UnsafeRawBufferPointer(start: nil, count: 0))
            }
            return ControlMessages(UnsafeRawBufferPointer(start: base, count: length))
        }

        /// With `UDP_GRO`: the size of the coalesced datagrams in ``bytes`` (split it at multiples
        /// of this size; the last may be shorter). Nil for a plain datagram; never 0 or negative
        /// (see ``ControlMessages/groSegmentSize``).
        public var groSegmentSize: Int? { controlMessages.groSegmentSize }
    }

    /// The parts of a message's bytes, one per buffer (``Message/buffers``): a view into the batch's
    /// headers, valid until the batch is used again. No allocation. Linux-only.
    public struct Buffers: Sequence {
        @usableFromInline let iovecs: UnsafePointer<iovec>?
        /// The number of buffers (`msg_iovlen`), one part each.
        public let count: Int
        @usableFromInline let bytes: Int

        @inlinable
        init(iovecs: UnsafePointer<iovec>?, count: Int, bytes: Int) {
            self.iovecs = iovecs
            self.count = count
            self.bytes = bytes
        }

        @inlinable
        public var underestimatedCount: Int { count }

        @inlinable
        public func makeIterator() -> Iterator { Iterator(buffers: self) }

        /// Walks the buffers, handing out each one's filled part.
        public struct Iterator: IteratorProtocol {
            @usableFromInline let buffers: Buffers
            @usableFromInline var position = 0
            @usableFromInline var left: Int

            @inlinable
            init(buffers: Buffers) {
                self.buffers = buffers
                self.left = buffers.bytes
            }

            @inlinable
            public mutating func next() -> UnsafeRawBufferPointer? {
                guard position < buffers.count, let iov = buffers.iovecs?[position] else { return nil }
                position += 1
                let part = Swift.min(left, iov.iov_len)
                left -= part
                return UnsafeRawBufferPointer(start: iov.iov_base, count: part)
            }
        }
    }

    /// Message `index` (0..<``capacity``).
    @inlinable
    public subscript(index: Int) -> Message {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        return Message(batch: self, index: index)
    }
}

extension UDPBatch {
    /// Fuzzing hook: message `index` as if `recvmmsg(2)` had just filled it, with the fields the
    /// kernel writes (`msg_len`, `msg_namelen`, `msg_controllen`, `msg_flags`) set to any values
    /// and `name` and `control` copied into its address and control slots (cut to their sizes),
    /// so the ``Message`` accessors can be checked against arbitrary kernel output. Lays the
    /// message out for a receive first (the part of a receive's preparation that a receive does
    /// not undo). Not for use outside tests.
    package func _fuzzSetReceived(
        at index: Int,
        length: UInt32,
        nameLength: socklen_t,
        controlLength: Int,
        flags: CInt,
        name: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer
    ) {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        if index >= receiveReady { layOutReceive(index + 1) }
        let nameSlot = UnsafeMutableRawBufferPointer(
            start: UnsafeMutableRawPointer(names + index),
            count: MemoryLayout<sockaddr_storage>.size
        )
        nameSlot.initializeMemory(as: UInt8.self, repeating: 0)
        nameSlot.copyMemory(from: UnsafeRawBufferPointer(rebasing: name[..<Swift.min(name.count, nameSlot.count)]))
        let controlSlot = controlBuffer(at: index)
        controlSlot.initializeMemory(as: UInt8.self, repeating: 0)
        controlSlot.copyMemory(
            from: UnsafeRawBufferPointer(rebasing: control[..<Swift.min(control.count, controlSlot.count)])
        )
        headers[index].msg_len = length
        headers[index].msg_hdr.msg_namelen = nameLength
        headers[index].msg_hdr.msg_controllen = controlLength
        headers[index].msg_hdr.msg_flags = flags
    }
}
#endif
