#if os(Linux)
import SockPOSIX

// `async` forms of the error-queue receive (`recvmsg(MSG_ERRQUEUE)`), and their wait: for an
// error (EPOLLERR), not for ordinary data.

extension AsyncSocket where Base: Connection, Base: IPSocket {
    /// `async` form of `Connection.receiveError(into:control:)`: waits on the loop while the
    /// error queue is empty (ordinary data does not end the wait). When the loop reports an error
    /// or a hang-up and the queue is still empty, it throws the socket's pending error instead of
    /// waiting again, as the synchronous form does. The wait takes the socket's read slot: a read
    /// of the same socket waiting meanwhile gets `.invalidArgument` (`.concurrentWait`). Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`), the
    ///   pending error (`.connectionRefused`, `.connectionReset`, ...), `.brokenPipe` after a
    ///   hang-up, and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveError(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer
    ) async throws(SocketError) -> ErrorQueueMessage {
        try await base.netSocket.onLoopErrorQueue(.receiveMessage) { () throws(SocketError) -> ErrorQueueMessage in
            try base.receiveError(into: buffer, control: control)
        }
    }

    /// `async` form of `Connection.receiveError(into:control:)` into arrays (their counts are
    /// unchanged): waits on the loop while the error queue is empty. Linux-only.
    /// - Throws: as above, and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveError(
        into bytes: inout [UInt8],
        control: inout [UInt8]
    ) async throws(SocketError) -> ErrorQueueMessage {
        try await base.netSocket.onLoopErrorQueue(.receiveMessage) { () throws(SocketError) -> ErrorQueueMessage in
            try base.receiveError(into: &bytes, control: &control)
        }
    }
}

extension NetSocket {
    /// ``onLoop(_:_:_:)`` for the error queue (readiness `.error`): attempts without waiting, and
    /// on EAGAIN waits for the loop's next event for the socket, until the read deadline.
    ///
    /// The error queue has no readiness of its own to clear: any event may be its entry, so every
    /// wake-up is followed by an attempt, and ordinary data (EPOLLIN, edge-triggered) costs one
    /// attempt, not a spin. When the last event reported EPOLLERR or EPOLLHUP and the queue is
    /// empty, the error is not on the queue (a pending `SO_ERROR`: a reset, an ICMP error without
    /// `IP_RECVERR`) or the connection hung up: no later edge would come, so the attempt throws
    /// that error (``noProgressError(_:_:)``, the synchronous rule) instead of waiting forever.
    @usableFromInline
    nonisolated(nonsending) package func onLoopErrorQueue<T>(
        _ op: SocketOperation,
        _ attempt: () throws(SocketError) -> T
    ) async throws(SocketError) -> T {
        try await onLoop(.error, op) { () throws(SocketError) -> T in
            do throws(SocketError) {
                return try attempt()
            } catch {
                guard error.code == .wouldBlock else { throw error }
                // EPOLLERR and EPOLLHUP have poll(2)'s values (POLLERR, POLLHUP).
                let events = try EventLoop.registration(for: self, op).lastEvents
                let stuck = events & (EpollConstant.EPOLLERR | EpollConstant.EPOLLHUP)
                if stuck != 0, let pending = noProgressError(Int16(truncatingIfNeeded: stuck), op) { throw pending }
                throw error
            }
        }
    }
}
#endif
