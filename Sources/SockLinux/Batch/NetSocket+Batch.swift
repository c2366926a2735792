#if os(Linux)
import CPlatform
import SockPOSIX

extension NetSocket {
    /// Receives up to `maxCount` datagrams (default: the batch's capacity) with one `recvmmsg(2)`
    /// (Linux 2.6.33) into `batch`, with `MSG_WAITFORONE` semantics: it waits (only when a read
    /// deadline is set) for the first datagram, then takes whatever else is queued without
    /// waiting, so a partial batch never stalls. `MSG_CMSG_CLOEXEC` is added. No allocation.
    /// Works on any datagram socket (UDP, `unixgram`, raw).
    /// Linux-only.
    ///
    /// Read the messages with `batch[0..<n]`: bytes, sender, flags (truncation), control messages.
    /// If an error occurs after some datagrams were received, they are returned and the error is
    /// reported by the next call.
    ///
    /// - Returns: the number of datagrams received, at least 1.
    /// - Throws: `.invalidArgument` with `.emptyBatch` (`maxCount` < 1) or `.batchTooLarge`
    ///   (over the capacity); `.wouldBlock`, `.timedOut`, `.closed`, `.connectionRefused`, ...
    public final func receiveMessages(_ batch: UDPBatch, maxCount: Int? = nil) throws(SocketError) -> Int {
        let count = maxCount ?? batch.capacity
        guard count >= 1 else { throw .invalid(.emptyBatch, .receiveMessages) }
        guard count <= batch.capacity else { throw .invalid(.batchTooLarge, .receiveMessages) }
        return try io(.receiveMessages, .read) { fd in
            batch.prepareReceive(count)
            return Sys.recvmmsg(fd, batch.headers, CUnsignedInt(count), SC.MSG_WAITFORONE | SC.MSG_CMSG_CLOEXEC, nil)
        }
    }

    /// Sends the batch's messages `0..<count` with one `sendmmsg(2)` (Linux 3.0), `MSG_NOSIGNAL`.
    /// Describe them first with `setMessage(at:...)`. No allocation.
    /// Linux-only.
    ///
    /// - Returns: how many messages went (`batch[i].count` is each one's byte count). Fewer than
    ///   `count` is a partial send, not an error: the kernel stopped (the socket buffer filled, or
    ///   a later message failed, whose error it drops); send the rest with
    ///   ``sendMessages(_:range:)``.
    /// - Throws: `.invalidArgument` with `.emptyBatch` or `.batchTooLarge`; GSO limit errors
    ///   (``UDPSegmentation``); the first message's error (`.wouldBlock`, `.timedOut`,
    ///   `.messageTooLarge`, `.notConnected`, `.closed`, ...).
    public final func sendMessages(_ batch: UDPBatch, count: Int) throws(SocketError) -> Int {
        try sendMessages(batch, range: 0..<count)
    }

    /// Sends the batch's messages in `range` with one `sendmmsg(2)`; returns how many went,
    /// counting from `range.lowerBound`. See ``sendMessages(_:count:)``.
    /// Linux-only.
    public final func sendMessages(_ batch: UDPBatch, range: Range<Int>) throws(SocketError) -> Int {
        guard range.lowerBound >= 0, range.count >= 1 else { throw .invalid(.emptyBatch, .sendMessages) }
        guard range.upperBound <= batch.capacity else { throw .invalid(.batchTooLarge, .sendMessages) }
        try batch.validateSegments(range, domain: domain)
        return try io(.sendMessages, .write) { fd in
            Sys.sendmmsg(fd, batch.headers + range.lowerBound, CUnsignedInt(range.count), SC.MSG_NOSIGNAL)
        }
    }
}
#endif
