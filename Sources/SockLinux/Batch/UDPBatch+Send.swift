#if os(Linux)
import CPlatform
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Describing the messages of a batch to send. Each `setMessage` replaces message `index`'s
// payload, destination and control messages (and any caller receive buffers it had);
// `withControl(at:_:)` adds more control messages. An index outside 0..<capacity is a programming
// error (a precondition failure, like an array subscript).

extension UDPBatch {
    /// Message `index` sends the first `count` bytes of its own ``buffer(at:)`` to `address`,
    /// optionally as GSO segments of `segmentSize` bytes (a `UDP_SEGMENT` control message; the
    /// limits are checked at send time, see ``UDPSegmentation``).
    ///
    /// - Throws: `.invalidArgument` with `.bufferTooSmall` when `count` exceeds ``messageSize``;
    ///   `.segmentSizeInvalid`, or `.controlBufferTooSmall` when ``controlSize`` cannot hold the
    ///   segment size (24 bytes).
    public func setMessage(
        at index: Int,
        count: Int,
        to address: some Sockaddr,
        segmentSize: Int? = nil
    ) throws(SocketError) {
        try setMessage(at: index, count: count, segmentSize: segmentSize)
        setDestination(at: index, address)
    }

    /// Message `index` sends the first `count` bytes of its own ``buffer(at:)`` to the connected
    /// peer. See ``setMessage(at:count:to:segmentSize:)``.
    public func setMessage(at index: Int, count: Int, segmentSize: Int? = nil) throws(SocketError) {
        guard count >= 0, count <= messageSize else { throw .invalid(.bufferTooSmall, .sendMessages) }
        try setPayload(at: index, UnsafeRawPointer(buffer(at: index).baseAddress), count, segmentSize)
    }

    /// Message `index` sends `bytes` (caller memory, not copied: it must stay valid until the send
    /// returns) to `address`. See ``setMessage(at:count:to:segmentSize:)``.
    public func setMessage(
        at index: Int,
        bytes: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        segmentSize: Int? = nil
    ) throws(SocketError) {
        try setMessage(at: index, bytes: bytes, segmentSize: segmentSize)
        setDestination(at: index, address)
    }

    /// Message `index` sends `bytes` (caller memory, not copied) to the connected peer.
    public func setMessage(at index: Int, bytes: UnsafeRawBufferPointer, segmentSize: Int? = nil) throws(SocketError) {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        try setPayload(at: index, bytes.baseAddress, bytes.count, segmentSize)
    }

    /// Message `index` is the concatenation of `buffers` (caller memory, not copied: the buffers
    /// and the memory they point to must stay valid until the send returns), sent as one datagram
    /// to `address`, optionally as GSO segments of `segmentSize` bytes (the limits apply to the
    /// total). Gather I/O: each buffer is one `msg_iov` entry of the `sendmmsg(2)` header. No
    /// buffers: a 0-byte datagram. No allocation. Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.bufferCountInvalid` when there are more buffers than
    ///   ``buffersPerMessage`` (the message is left unchanged); `.segmentSizeInvalid` or
    ///   `.controlBufferTooSmall` as for ``setMessage(at:count:to:segmentSize:)``.
    public func setMessage(
        at index: Int,
        buffers: UnsafeBufferPointer<UnsafeRawBufferPointer>,
        to address: some Sockaddr,
        segmentSize: Int? = nil
    ) throws(SocketError) {
        try setMessage(at: index, buffers: buffers, segmentSize: segmentSize)
        setDestination(at: index, address)
    }

    /// Message `index` is the concatenation of `buffers` (caller memory, not copied), sent as one
    /// datagram to the connected peer with `sendmmsg(2)` (one `msg_iov` entry per buffer). No
    /// allocation. Linux-only. See `setMessage(at:buffers:to:segmentSize:)`.
    ///
    /// - Throws: `.invalidArgument` with `.bufferCountInvalid` (more buffers than
    ///   ``buffersPerMessage``), `.segmentSizeInvalid` or `.controlBufferTooSmall`.
    public func setMessage(
        at index: Int,
        buffers: UnsafeBufferPointer<UnsafeRawBufferPointer>,
        segmentSize: Int? = nil
    ) throws(SocketError) {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        guard buffers.count <= buffersPerMessage else { throw .invalid(.bufferCountInvalid, .sendMessages) }
        let iov = messageIovecs(index)
        for (k, buffer) in buffers.enumerated() {
            iov[k] = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer.baseAddress), iov_len: buffer.count)
        }
        try describe(at: index, iovecCount: buffers.count, segmentSize)
    }

    /// Message `index` is the concatenation of `buffers`, sent as one datagram to `address`: the
    /// form for a literal list, `setMessage(at: i, buffers: [header, body], to: peer)`, with no
    /// allocation (the list is an `InlineArray` on the caller's stack). `sendmmsg(2)`, one
    /// `msg_iov` entry per buffer. Linux-only. See the `UnsafeBufferPointer` form.
    ///
    /// - Throws: `.invalidArgument` with `.bufferCountInvalid` (more buffers than
    ///   ``buffersPerMessage``), `.segmentSizeInvalid` or `.controlBufferTooSmall`.
    @inlinable
    public func setMessage<let n: Int>(
        at index: Int,
        buffers: InlineArray<n, UnsafeRawBufferPointer>,
        to address: some Sockaddr,
        segmentSize: Int? = nil
    ) throws(SocketError) {
        try buffers.span.withUnsafeBufferPointer { (list) throws(SocketError) in
            try setMessage(at: index, buffers: list, to: address, segmentSize: segmentSize)
        }
    }

    /// Message `index` is the concatenation of `buffers`, sent as one datagram to the connected
    /// peer: `setMessage(at: i, buffers: [header, body])`, no allocation. `sendmmsg(2)`, one
    /// `msg_iov` entry per buffer. Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.bufferCountInvalid` (more buffers than
    ///   ``buffersPerMessage``), `.segmentSizeInvalid` or `.controlBufferTooSmall`.
    @inlinable
    public func setMessage<let n: Int>(
        at index: Int,
        buffers: InlineArray<n, UnsafeRawBufferPointer>,
        segmentSize: Int? = nil
    ) throws(SocketError) {
        try buffers.span.withUnsafeBufferPointer { (list) throws(SocketError) in
            try setMessage(at: index, buffers: list, segmentSize: segmentSize)
        }
    }

    /// Appends control messages to message `index` (after any `setMessage` put there), with a
    /// builder over the rest of its control buffer.
    /// - Throws: what `body` throws (`.controlBufferTooSmall` when the buffer is full).
    public func withControl<R>(
        at index: Int,
        _ body: (inout ControlMessageBuilder) throws(SocketError) -> R
    ) throws(SocketError) -> R {
        precondition(index >= 0 && index < capacity, "UDPBatch index out of range")
        let used = Int(headers[index].msg_hdr.msg_controllen)
        let area = controlBuffer(at: index)
        var builder = ControlMessageBuilder(UnsafeMutableRawBufferPointer(rebasing: area[used...]))
        receiveReady = Swift.min(receiveReady, index)
        defer {
            let total = used + builder.count
            headers[index].msg_hdr.msg_control = total > 0 ? area.baseAddress : nil
            headers[index].msg_hdr.msg_controllen = numericCast(total)
        }
        return try body(&builder)
    }

    private func setPayload(
        at index: Int,
        _ base: UnsafeRawPointer?,
        _ count: Int,
        _ segmentSize: Int?
    ) throws(SocketError) {
        messageIovecs(index).pointee = iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: count)
        try describe(at: index, iovecCount: 1, segmentSize)
    }

    /// Makes message `index` a message to send of its first `iovecCount` `iovec`s (already
    /// written), with no destination and no control messages but the GSO segment size.
    private func describe(at index: Int, iovecCount: Int, _ segmentSize: Int?) throws(SocketError) {
        receiveReady = Swift.min(receiveReady, index)
        receiveBufferCounts[index] = 0
        if segmentSizes[index] > 0 { segmentedCount -= 1 }
        headers[index].msg_hdr.msg_iov = messageIovecs(index)
        headers[index].msg_hdr.msg_iovlen = numericCast(iovecCount)
        headers[index].msg_hdr.msg_name = nil
        headers[index].msg_hdr.msg_namelen = 0
        headers[index].msg_hdr.msg_control = nil
        headers[index].msg_hdr.msg_controllen = 0
        headers[index].msg_hdr.msg_flags = 0
        headers[index].msg_len = 0
        segmentSizes[index] = 0
        guard let segmentSize else { return }
        var builder = ControlMessageBuilder(controlBuffer(at: index))
        try builder.appendSegmentSize(segmentSize)
        headers[index].msg_hdr.msg_control = control + index * controlStride
        headers[index].msg_hdr.msg_controllen = numericCast(builder.count)
        segmentSizes[index] = segmentSize
        segmentedCount += 1
    }

    private func setDestination(at index: Int, _ address: some Sockaddr) {
        let length = address.withUnsafeSockaddr { (sa, length) -> socklen_t in
            let count = Swift.min(Int(length), MemoryLayout<sockaddr_storage>.size)
            UnsafeMutableRawPointer(names + index).copyMemory(from: sa, byteCount: count)
            return socklen_t(count)
        }
        receiveReady = Swift.min(receiveReady, index)
        headers[index].msg_hdr.msg_name = UnsafeMutableRawPointer(names + index)
        headers[index].msg_hdr.msg_namelen = length
    }

    /// Checks the GSO limits of the messages in `range` for a socket of `domain` (the payload of a
    /// message of several buffers is their total).
    func validateSegments(_ range: Range<Int>, domain: CInt) throws(SocketError) {
        guard segmentedCount > 0 else { return }
        for i in range where segmentSizes[i] > 0 {
            var family = domain
            if domain == SC.AF_INET6, headers[i].msg_hdr.msg_namelen > 0,
                let destination = try? SocketAddress(names[i], length: headers[i].msg_hdr.msg_namelen)
            {
                family = UDPSegmentation.family(domain: domain, destination: destination)
            }
            var payload = 0
            let iov = headers[i].msg_hdr.msg_iov
            for k in 0..<Int(headers[i].msg_hdr.msg_iovlen) { payload += iov?[k].iov_len ?? 0 }
            try UDPSegmentation.validate(
                payload: payload,
                segmentSize: segmentSizes[i],
                family: family,
                .sendMessages
            )
        }
    }
}
#endif
