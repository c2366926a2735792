import SockPOSIX

// `async` forms of the message operations with control data (`recvmsg(2)`, `sendmsg(2)`):
// `Connection`'s, the Unix receive that keeps passed descriptors, and `DatagramSocket`'s send to
// an address. Each waits on the loop while the synchronous form would block (`.wouldBlock`) and
// obeys the socket's deadlines; the span forms have none (see AsyncSocket+Buffers.swift).

extension AsyncSocket where Base: Connection {
    /// `async` form of `Connection.receiveMessage(into:control:flags:)`: waits on the loop while
    /// it would block. On a Unix socket, passed descriptors are closed as in the synchronous form.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`,
    ///   `.connectionReset`, ...), and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = []
    ) async throws(SocketError) -> MessageResult {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> MessageResult in
            try base.receiveMessage(into: buffer, control: control, flags: flags)
        }
    }

    /// `async` form of `Connection.receiveMessage(into:control:flags:)` into arrays: waits on the
    /// loop while it would block.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessage(
        into bytes: inout [UInt8],
        control: inout [UInt8],
        flags: MessageFlags = []
    ) async throws(SocketError) -> MessageResult {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> MessageResult in
            try base.receiveMessage(into: &bytes, control: &control, flags: flags)
        }
    }

    /// `async` form of `Connection.sendMessage(_:control:flags:)`: waits on the loop while it
    /// would block.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.notConnected`,
    ///   `.invalidArgument`, `.brokenPipe`, ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(buffer, control: control, flags: flags)
        }
    }

    /// `async` form of `Connection.sendMessage(_:control:flags:)` from arrays: waits on the loop
    /// while it would block.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ bytes: [UInt8],
        control: [UInt8],
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(bytes, control: control, flags: flags)
        }
    }
}

extension AsyncSocket where Base: Connection, Base: UnixSocket {
    /// `async` form of `Connection.receiveMessage(into:control:flags:keepingDescriptors:)` (Unix
    /// sockets): waits on the loop while it would block. With `keepingDescriptors: true` the
    /// caller owns the descriptors in `control`; otherwise they are closed.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`, ...), and
    ///   `.cancelled` (nothing received, no descriptor installed).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = [],
        keepingDescriptors: Bool
    ) async throws(SocketError) -> MessageResult {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> MessageResult in
            try base.receiveMessage(
                into: buffer,
                control: control,
                flags: flags,
                keepingDescriptors: keepingDescriptors
            )
        }
    }
}

extension AsyncSocket where Base: DatagramSocket {
    /// `async` form of `DatagramSocket.sendMessage(_:control:to:flags:)`: waits on the loop while
    /// it would block.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.messageTooLarge`,
    ///   `.invalidArgument`, ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(buffer, control: control, to: address, flags: flags)
        }
    }

    /// `async` form of `DatagramSocket.sendMessage(_:control:to:flags:)` from arrays: waits on the
    /// loop while it would block.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ bytes: [UInt8],
        control: [UInt8],
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(bytes, control: control, to: address, flags: flags)
        }
    }
}
