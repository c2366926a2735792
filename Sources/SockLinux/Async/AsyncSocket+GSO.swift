#if os(Linux)
import SockPOSIX

// `async` forms of UDP generic segmentation offload sends (`UDP_SEGMENT`). A GRO receive has no
// operation of its own: it is `receiveMessage(into:control:flags:)` or `receiveMessages(_:maxCount:)`
// on a socket with `setGRO(true)`, whose `async` forms read the `UDP_GRO` control message alike.

extension AsyncSocket where Base == UDPConn {
    /// `async` form of `UDPConn.sendSegmented(_:segmentSize:to:)`: waits on the loop while it would
    /// block. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.invalidArgument`
    ///   with `.segmentSizeInvalid` or `.tooManySegments`, `.messageTooLarge`, ...), and
    ///   `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendSegmented(
        _ bytes: UnsafeRawBufferPointer,
        segmentSize: Int,
        to address: some Sockaddr
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendSegmented(bytes, segmentSize: segmentSize, to: address)
        }
    }

    /// `async` form of `UDPConn.sendSegmented(_:segmentSize:)` (to the connected peer): waits on
    /// the loop while it would block. Linux-only.
    /// - Throws: as the synchronous form (also `.notConnected`), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendSegmented(
        _ bytes: UnsafeRawBufferPointer,
        segmentSize: Int
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendSegmented(bytes, segmentSize: segmentSize)
        }
    }

    /// `async` form of `UDPConn.sendSegmented(_:segmentSize:to:)` from an array: waits on the loop
    /// while it would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendSegmented(
        _ bytes: [UInt8],
        segmentSize: Int,
        to address: some Sockaddr
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendSegmented(bytes, segmentSize: segmentSize, to: address)
        }
    }

    /// `async` form of `UDPConn.sendSegmented(_:segmentSize:to:)` from an array to a ``UDPAddr``
    /// (an IPv4 endpoint on an IPv6 socket is sent IPv4-mapped): waits on the loop while it would
    /// block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendSegmented(
        _ bytes: [UInt8],
        segmentSize: Int,
        to address: UDPAddr
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendSegmented(bytes, segmentSize: segmentSize, to: address)
        }
    }

    /// `async` form of `UDPConn.sendSegmented(_:segmentSize:)` from an array: waits on the loop
    /// while it would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendSegmented(
        _ bytes: [UInt8],
        segmentSize: Int
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendSegmented(bytes, segmentSize: segmentSize)
        }
    }
}
#endif
