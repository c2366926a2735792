#if os(Linux)
import SockPOSIX

// `async` forms of descriptor passing (`SCM_RIGHTS`) and credentials (`SCM_CREDENTIALS`) on Unix
// connections. Credentials arrive as control data: receive them with
// `receiveMessage(into:control:flags:)` (AsyncSocket+Messages.swift) on a socket with
// `setPassCredentials(true)`.

extension AsyncSocket where Base: Connection, Base: UnixSocket {
    /// `async` form of `Connection.sendDescriptors(_:data:)` (Unix sockets): waits on the loop while
    /// it would block. The descriptors stay open here. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.invalidArgument`
    ///   with `.descriptorCountInvalid`, `.closed`, `.brokenPipe`, ...), and `.cancelled` (nothing
    ///   sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendDescriptors(
        _ descriptors: UnsafeBufferPointer<CInt>,
        data: UnsafeRawBufferPointer
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendDescriptors(descriptors, data: data)
        }
    }

    /// `async` form of `Connection.sendDescriptors(_:data:)` from arrays: waits on the loop while
    /// it would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendDescriptors(
        _ descriptors: [CInt],
        data: [UInt8]
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendDescriptors(descriptors, data: data)
        }
    }

    /// `async` form of `Connection.receiveDescriptors(into:descriptors:)` (Unix sockets): waits on
    /// the loop while nothing is queued. The caller owns the descriptors it returns. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.invalidArgument`
    ///   with `.controlBufferTooSmall` or `.descriptorCountInvalid`, `.closed`, ...), and
    ///   `.cancelled` (nothing received, no descriptor installed).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveDescriptors(
        into data: UnsafeMutableRawBufferPointer,
        descriptors: UnsafeMutableBufferPointer<CInt>
    ) async throws(SocketError) -> ReceivedDescriptors {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> ReceivedDescriptors in
            try base.receiveDescriptors(into: data, descriptors: descriptors)
        }
    }

    /// `async` form of `Connection.receiveDescriptors(into:descriptors:)` into arrays (their counts
    /// are unchanged): waits on the loop while nothing is queued. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing received).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receiveDescriptors(
        into data: inout [UInt8],
        descriptors: inout [CInt]
    ) async throws(SocketError) -> ReceivedDescriptors {
        try await base.netSocket.onLoop(.read, .receiveMessage) { () throws(SocketError) -> ReceivedDescriptors in
            try base.receiveDescriptors(into: &data, descriptors: &descriptors)
        }
    }

    /// `async` form of `Connection.sendCredentials(_:credentials:)` (Unix sockets): waits on the
    /// loop while it would block. Linux-only.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.permissionDenied`
    ///   for credentials the process may not claim, `.notConnected`, ...), and `.cancelled`
    ///   (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendCredentials(
        _ data: UnsafeRawBufferPointer,
        credentials: Credentials = .current
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendCredentials(data, credentials: credentials)
        }
    }

    /// `async` form of `Connection.sendCredentials(_:credentials:)` from an array: waits on the
    /// loop while it would block. Linux-only.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func sendCredentials(
        _ data: [UInt8],
        credentials: Credentials = .current
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendMessage) { () throws(SocketError) -> Int in
            try base.sendCredentials(data, credentials: credentials)
        }
    }
}
#endif
