#if os(Linux)
import SockPOSIX

// `async` forms of SCTP's message operations, on one-to-one (`SCTPConn`) and one-to-many
// (`SCTPEndpoint`) sockets alike: `sendmsg(2)` with `SCTP_SNDINFO`, `recvmsg(2)` with
// `SCTP_RCVINFO`.

extension AsyncSocket where Base: SCTPSocket {
    /// `async` form of `SCTPSocket.sendMessage(_:info:)`: waits on the loop while the send buffer
    /// cannot take the whole message. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.messageTooLarge`,
    ///   `.invalidArgument`, `.brokenPipe`, `.notConnected`, ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        info: SCTPSendInfo? = nil
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(buffer, info: info)
        }
    }

    /// `async` form of `SCTPSocket.sendMessage(_:info:to:)` (a socket address): waits on the loop
    /// while it would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        info: SCTPSendInfo? = nil,
        to address: some Sockaddr
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(buffer, info: info, to: address)
        }
    }

    /// `async` form of `SCTPSocket.sendMessage(_:info:to:)` (an ``SCTPAddr``): waits on the loop
    /// while it would block. Linux-only.
    /// - Throws: as the synchronous form (also `.invalidArgument` with `.addressFamilyMismatch`),
    ///   and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        info: SCTPSendInfo? = nil,
        to address: SCTPAddr
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(buffer, info: info, to: address)
        }
    }

    /// `async` form of `SCTPSocket.sendMessage(_:info:)` from an array: waits on the loop while it
    /// would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ bytes: [UInt8],
        info: SCTPSendInfo? = nil
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(bytes, info: info)
        }
    }

    /// `async` form of `SCTPSocket.sendMessage(_:info:to:)` from an array (an ``SCTPAddr``): waits
    /// on the loop while it would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendMessage(
        _ bytes: [UInt8],
        info: SCTPSendInfo? = nil,
        to address: SCTPAddr
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendMessage(bytes, info: info, to: address)
        }
    }

    /// `async` form of `SCTPSocket.receiveMessage(into:)`: waits on the loop while nothing is
    /// queued. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`,
    ///   `.connectionReset`, `.notConnected`, ...), and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer
    ) async throws(SocketError) -> SCTPMessage {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> SCTPMessage in
            try base.receiveMessage(into: buffer)
        }
    }

    /// `async` form of `SCTPSocket.receiveMessage(into:)` into an array (its count is unchanged):
    /// waits on the loop while nothing is queued. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveMessage(
        into bytes: inout [UInt8]
    ) async throws(SocketError) -> SCTPMessage {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> SCTPMessage in
            try base.receiveMessage(into: &bytes)
        }
    }
}
#endif
