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
        /// datagram was longer). After a send: the bytes sent.
        @inlinable
        public var count: Int { Int(header.msg_len) }

        /// The received bytes (``count`` bytes of the message's buffer).
        @inlinable
        public var bytes: UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(
                start: batch.iovecs[index].iov_base,
                count: Swift.min(count, batch.iovecs[index].iov_len)
            )
        }

        /// The sender (a copy of the kernel-filled `sockaddr`, no heap), or an unspecified address
        /// when the kernel gave none (e.g. an unbound Unix peer).
        @inlinable
        public var address: SocketAddress {
            let length = header.msg_hdr.msg_namelen
            guard header.msg_hdr.msg_name != nil, length > 0 else { return SocketAddress() }
            return (try? SocketAddress(batch.names[index], length: length)) ?? SocketAddress()
        }

        /// `msg_flags` (`MSG_TRUNC`, `MSG_CTRUNC`, ...).
        @inlinable
        public var flags: CInt { header.msg_hdr.msg_flags }

        /// The datagram was longer than the buffer; the rest was discarded (`MSG_TRUNC`).
        @inlinable
        public var isTruncated: Bool { flags & SC.MSG_TRUNC != 0 }

        /// Control messages did not fit the control buffer (`MSG_CTRUNC`).
        @inlinable
        public var isControlTruncated: Bool { flags & SC.MSG_CTRUNC != 0 }

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
        /// of this size; the last may be shorter). Nil for a plain datagram.
        public var groSegmentSize: Int? { controlMessages.groSegmentSize }
    }

    /// Message `index` (0..<``capacity``).
    @inlinable
    public subscript(index: Int) -> Message {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        return Message(batch: self, index: index)
    }
}
#endif
