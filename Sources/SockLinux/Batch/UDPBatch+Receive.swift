#if os(Linux)
import CPlatform
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Scatter receive: a message that receives into caller buffers instead of its own. The buffers are
// kept across receives (they are part of the message's receive state, which `prepareReceive`
// builds once) until `resetReceiveBuffers(at:)` or a `setMessage` on that index.

extension UDPBatch {
    /// Message `index` receives into `buffers` (caller memory, in order: the datagram fills the
    /// first, then the next, ...) instead of its own buffer, on every receive until
    /// ``resetReceiveBuffers(at:)`` or a `setMessage(at:...)` on that index (from the next
    /// receive on: the message read-out describes the last receive until then). Scatter I/O: each
    /// buffer is one `msg_iov` entry of the `recvmmsg(2)` header. The buffers must stay valid and
    /// unused by anything else while the batch receives into them. Read the message with
    /// ``Message/count`` (the total) and ``Message/buffers`` (the filled part of each buffer);
    /// ``Message/bytes`` only with a single buffer. No allocation. Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.bufferCountInvalid` when there are no buffers or more
    ///   than ``buffersPerMessage`` (the message is left unchanged).
    public func setReceiveBuffers(
        at index: Int,
        buffers: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>
    ) throws(SocketError) {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        guard buffers.count >= 1, buffers.count <= buffersPerMessage else {
            throw .invalid(.bufferCountInvalid, .receiveMessages)
        }
        let iov = messageIovecs(index)
        for (k, buffer) in buffers.enumerated() {
            iov[k] = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        }
        receiveBufferCounts[index] = buffers.count
        receiveReady = Swift.min(receiveReady, index)
    }

    /// Message `index` receives into `buffers`: the form for a literal list,
    /// `setReceiveBuffers(at: i, buffers: [header, body])`, with no allocation (the list is an
    /// `InlineArray` on the caller's stack). `recvmmsg(2)`, one `msg_iov` entry per buffer.
    /// Linux-only. See the `UnsafeBufferPointer` form.
    ///
    /// - Throws: `.invalidArgument` with `.bufferCountInvalid` when there are no buffers or more
    ///   than ``buffersPerMessage``.
    @inlinable
    public func setReceiveBuffers<let n: Int>(
        at index: Int,
        buffers: InlineArray<n, UnsafeMutableRawBufferPointer>
    ) throws(SocketError) {
        try buffers.span.withUnsafeBufferPointer { (list) throws(SocketError) in
            try setReceiveBuffers(at: index, buffers: list)
        }
    }

    /// Message `index` receives into its own ``buffer(at:)`` again (`recvmmsg(2)`), forgetting the
    /// caller buffers of `setReceiveBuffers(at:buffers:)`, from the next receive on. No allocation.
    /// Linux-only.
    public func resetReceiveBuffers(at index: Int) {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        receiveBufferCounts[index] = 0
        receiveReady = Swift.min(receiveReady, index)
    }
}
#endif
