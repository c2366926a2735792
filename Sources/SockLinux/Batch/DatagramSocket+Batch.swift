#if os(Linux)
import CPlatform
import SockPOSIX

extension DatagramSocket {
    /// Receives up to `maxCount` datagrams (default: the batch's capacity) with one `recvmmsg(2)`
    /// (Linux 2.6.33) into `batch`, with `MSG_WAITFORONE` semantics: it waits (only when a read
    /// deadline is set) for the first datagram, then takes whatever else is queued without
    /// waiting, so a partial batch never stalls. `MSG_CMSG_CLOEXEC` is added. No allocation.
    /// Works on any datagram socket (UDP, `unixgram`, raw).
    /// Linux-only.
    ///
    /// Each message lands in its own buffer, or in the caller buffers given to
    /// `batch.setReceiveBuffers(at:buffers:)` (scatter: one `msg_iov` entry each, kept across calls).
    /// Read the messages with `batch[0..<n]`: bytes (or `buffers`, one part per buffer), sender,
    /// flags (truncation), control messages.
    /// If an error occurs after some datagrams were received, they are returned and the error is
    /// reported by the next call. On a Unix socket, descriptors peers passed (`SCM_RIGHTS`) are
    /// closed and read -1 in the control data (see `receiveMessages(_:maxCount:keepingDescriptors:)`).
    ///
    /// - Returns: the number of datagrams received, at least 1.
    /// - Throws: `.invalidArgument` with `.emptyBatch` (`maxCount` < 1) or `.batchTooLarge`
    ///   (over the capacity); `.wouldBlock`, `.timedOut`, `.closed`, `.connectionRefused`, ...
    @inlinable
    public func receiveMessages(_ batch: UDPBatch, maxCount: Int? = nil) throws(SocketError) -> Int {
        try netSocket.receiveBatch(batch, maxCount: maxCount)
    }

    /// Sends the batch's messages `0..<count` with one `sendmmsg(2)` (Linux 3.0), `MSG_NOSIGNAL`.
    /// Describe them first with `setMessage(at:...)`: each message one buffer, or several sent as one
    /// datagram (gather: `setMessage(at:buffers:...)`, one `msg_iov` entry each). No allocation.
    /// Linux-only.
    ///
    /// - Returns: how many messages went (`batch[i].count` is each one's byte count). Fewer than
    ///   `count` is a partial send, not an error: the kernel stopped (the socket buffer filled, or
    ///   a later message failed, whose error it drops); send the rest with
    ///   ``sendMessages(_:range:)``.
    /// - Throws: `.invalidArgument` with `.emptyBatch` or `.batchTooLarge`; GSO limit errors
    ///   (``UDPSegmentation``); the first message's error (`.wouldBlock`, `.timedOut`,
    ///   `.messageTooLarge`, `.notConnected`, `.closed`, ...).
    @inlinable
    public func sendMessages(_ batch: UDPBatch, count: Int) throws(SocketError) -> Int {
        try netSocket.sendBatch(batch, range: 0..<count)
    }

    /// Sends the batch's messages in `range` with one `sendmmsg(2)`; returns how many went,
    /// counting from `range.lowerBound`. See ``sendMessages(_:count:)``.
    /// Linux-only.
    @inlinable
    public func sendMessages(_ batch: UDPBatch, range: Range<Int>) throws(SocketError) -> Int {
        try netSocket.sendBatch(batch, range: range)
    }
}

extension DatagramSocket where Self: UnixSocket {
    /// ``DatagramSocket/receiveMessages(_:maxCount:)``, but with `keepingDescriptors: true` the
    /// descriptors peers passed (`SCM_RIGHTS`) stay open in each message's control data for the
    /// caller to take (and close). By default they are closed, so a peer cannot fill the process's
    /// descriptor table. Linux-only.
    @inlinable
    public func receiveMessages(
        _ batch: UDPBatch,
        maxCount: Int? = nil,
        keepingDescriptors: Bool
    ) throws(SocketError) -> Int {
        try netSocket.receiveBatch(batch, maxCount: maxCount, keepingDescriptors: keepingDescriptors)
    }
}

// The batch calls themselves, on the socket core: not generic, so each is compiled once (the
// public forms above are inlined into the caller and call these directly).
extension NetSocket {
    @usableFromInline
    package func receiveBatch(
        _ batch: UDPBatch,
        maxCount: Int?,
        keepingDescriptors: Bool = false
    ) throws(SocketError) -> Int {
        let count = maxCount ?? batch.capacity
        guard count >= 1 else { throw .invalid(.emptyBatch, .receiveMessages) }
        guard count <= batch.capacity else { throw .invalid(.batchTooLarge, .receiveMessages) }
        let received = try io(.receiveMessages, .read) { fd in
            batch.prepareReceive(count)
            return Sys.recvmmsg(fd, batch.headers, CUnsignedInt(count), SC.MSG_WAITFORONE, nil)
        }
        // A Unix peer can pass descriptors with every datagram: close those nobody asked for.
        if family == .unix, !keepingDescriptors { batch.closeReceivedRights(received) }
        return received
    }

    @usableFromInline
    package func sendBatch(_ batch: UDPBatch, range: Range<Int>) throws(SocketError) -> Int {
        guard range.lowerBound >= 0, range.count >= 1 else { throw .invalid(.emptyBatch, .sendMessages) }
        guard range.upperBound <= batch.capacity else { throw .invalid(.batchTooLarge, .sendMessages) }
        try batch.validateSegments(range, domain: family.rawValue)
        return try io(.sendMessages, .write) { fd in
            Sys.sendmmsg(fd, batch.headers + range.lowerBound, CUnsignedInt(range.count), 0)
        }
    }
}
#endif
