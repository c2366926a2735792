#if os(Linux)
import CPlatform
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Describing the messages of a batch to send. Each `setMessage` replaces message `index`'s
// payload, destination and control messages; `withControl(at:_:)` adds more control messages.
// An index outside 0..<capacity is a programming error (a precondition failure, like an array
// subscript).

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
        try setPayload(at: index, UnsafeRawBufferPointer(buffer(at: index)).baseAddress, count, segmentSize)
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
        receiveReady = Swift.min(receiveReady, index)
        if segmentSizes[index] > 0 { segmentedCount -= 1 }
        iovecs[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: count)
        headers[index].msg_hdr.msg_iov = iovecs + index
        headers[index].msg_hdr.msg_iovlen = 1
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

    /// Checks the GSO limits of the messages in `range` for a socket of `domain`.
    func validateSegments(_ range: Range<Int>, domain: CInt) throws(SocketError) {
        guard segmentedCount > 0 else { return }
        for i in range where segmentSizes[i] > 0 {
            var family = domain
            if domain == SC.AF_INET6, headers[i].msg_hdr.msg_namelen > 0,
                let destination = try? SocketAddress(names[i], length: headers[i].msg_hdr.msg_namelen)
            {
                family = UDPSegmentation.family(domain: domain, destination: destination)
            }
            try UDPSegmentation.validate(
                payload: iovecs[i].iov_len,
                segmentSize: segmentSizes[i],
                family: family,
                .sendMessages
            )
        }
    }
}
#endif
