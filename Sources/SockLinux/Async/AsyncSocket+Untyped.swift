import SockPOSIX

// `async` forms of the untyped socket's own operations (`NetSocket`'s accept, receive and send;
// its `Connection` operations have theirs in AsyncSocket+Connection.swift and beside it).

extension AsyncSocket where Base == NetSocket {
    /// `async` form of `NetSocket.accept()`: waits on the loop until a peer connects.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`,
    ///   `.tooManyOpenFiles`, `.invalidArgument` when not listening, ...), and `.cancelled`.
    @inlinable @inline(always)
    nonisolated(nonsending) public func accept() async throws(SocketError) -> (socket: NetSocket, peer: SocketAddress) {
        try await base.onLoop(.read, .accept) { () throws(SocketError) -> (socket: NetSocket, peer: SocketAddress) in
            try base.accept()
        }
    }

    /// `async` form of `NetSocket.receive(into:flags:)`: waits on the loop while nothing is
    /// queued.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`, ...), and
    ///   `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receive(
        into buffer: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = []
    ) async throws(SocketError) -> MessageResult {
        try await base.onLoop(.read, .receiveFrom) { () throws(SocketError) -> MessageResult in
            try base.receive(into: buffer, flags: flags)
        }
    }

    /// `async` form of `NetSocket.send(_:to:flags:)`: waits on the loop while the socket's buffer
    /// is full.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.messageTooLarge`,
    ///   ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.onLoop(.write, .sendTo) { () throws(SocketError) -> Int in
            try base.send(buffer, to: address, flags: flags)
        }
    }
}
