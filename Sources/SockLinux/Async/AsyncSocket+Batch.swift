#if os(Linux)
import SockPOSIX

// `async` forms of the datagram batches (`recvmmsg(2)`, `sendmmsg(2)`) of every datagram socket.

extension AsyncSocket where Base: DatagramSocket {
    /// `async` form of ``DatagramSocket/receiveMessages(_:maxCount:)``: waits on the loop while it
    /// would block, then takes the first datagram and whatever else is queued (`MSG_WAITFORONE`).
    /// Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.invalidArgument`
    ///   with `.emptyBatch` or `.batchTooLarge`, ...), and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessages(
        _ batch: UDPBatch,
        maxCount: Int? = nil
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.read, .receiveMessages) { () throws(SocketError) -> Int in
            try base.receiveMessages(batch, maxCount: maxCount)
        }
    }

    /// `async` form of ``DatagramSocket/sendMessages(_:count:)``: waits on the loop while it would
    /// block (no message went). Fewer than `count` sent is a partial send, as in the synchronous
    /// form. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.messageTooLarge`,
    ///   ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessages(_ batch: UDPBatch, count: Int) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessages) { () throws(SocketError) -> Int in
            try base.sendMessages(batch, count: count)
        }
    }

    /// `async` form of ``DatagramSocket/sendMessages(_:range:)``: waits on the loop while it would
    /// block (no message went). Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessages(
        _ batch: UDPBatch,
        range: Range<Int>
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessages) { () throws(SocketError) -> Int in
            try base.sendMessages(batch, range: range)
        }
    }
}

extension AsyncSocket where Base: DatagramSocket, Base: UnixSocket {
    /// `async` form of `DatagramSocket.receiveMessages(_:maxCount:keepingDescriptors:)` (Unix
    /// datagram sockets): waits on the loop while it would block. With `keepingDescriptors: true`
    /// the caller owns the descriptors in each message's control data. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessages(
        _ batch: UDPBatch,
        maxCount: Int? = nil,
        keepingDescriptors: Bool
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.read, .receiveMessages) { () throws(SocketError) -> Int in
            try base.receiveMessages(batch, maxCount: maxCount, keepingDescriptors: keepingDescriptors)
        }
    }
}
#endif
