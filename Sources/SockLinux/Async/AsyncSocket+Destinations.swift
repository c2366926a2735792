import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// `async` forms of the sends to a typed or text destination that UDP, Unix datagram and raw
// sockets add to `DatagramSocket.send(_:to:flags:)` (whose `async` form is in
// AsyncSocket+Connection.swift). The address is converted (or parsed) once, then the send waits on
// the loop while the socket's buffer is full.

extension AsyncSocket where Base == UDPConn {
    /// `async` form of `UDPConn.send(_:to:flags:)` (a ``UDPAddr``): waits on the loop while it
    /// would block.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.invalidArgument`
    ///   with `.addressFamilyMismatch`, `.messageTooLarge`, ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: UDPAddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(buffer, to: try address.sockaddr(matching: sa_family_t(base.family.rawValue)), flags: flags)
    }

    /// `async` form of `UDPConn.send(_:to:flags:)` from an array (a ``UDPAddr``): waits on the
    /// loop while it would block.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to address: UDPAddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(bytes, to: try address.sockaddr(matching: sa_family_t(base.family.rawValue)), flags: flags)
    }

    /// `async` form of `UDPConn.send(_:to:flags:)` to a text address (`"127.0.0.1:53"`,
    /// `"[::1]:53"`): waits on the loop while it would block.
    /// - Throws: the parse errors, as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: String,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(buffer, to: try UDPAddr(parsing: address), flags: flags)
    }

    /// `async` form of `UDPConn.send(_:to:flags:)` from an array to a text address: waits on the
    /// loop while it would block.
    /// - Throws: the parse errors, as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to address: String,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(bytes, to: try UDPAddr(parsing: address), flags: flags)
    }
}

extension AsyncSocket where Base == UnixDatagramConn {
    /// `async` form of `UnixDatagramConn.send(_:to:flags:)` (a ``UnixAddr``): waits on the loop
    /// while the receiver's queue is full.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline,
    ///   `.connectionRefused`, `.notFound`, ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: UnixAddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(buffer, to: address.address, flags: flags)
    }

    /// `async` form of `UnixDatagramConn.send(_:to:flags:)` from an array (a ``UnixAddr``): waits
    /// on the loop while it would block.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to address: UnixAddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(bytes, to: address.address, flags: flags)
    }

    /// `async` form of `UnixDatagramConn.send(_:to:flags:)` to the socket named `path` (`@name`:
    /// abstract): waits on the loop while it would block.
    /// - Throws: the parse errors, as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to path: String,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(buffer, to: try SockaddrUnix(parsing: path), flags: flags)
    }

    /// `async` form of `UnixDatagramConn.send(_:to:flags:)` from an array to the socket named
    /// `path`: waits on the loop while it would block.
    /// - Throws: the parse errors, as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to path: String,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(bytes, to: try SockaddrUnix(parsing: path), flags: flags)
    }
}

extension AsyncSocket where Base == RawConn {
    /// `async` form of `RawConn.send(_:to:flags:)` (an ``IPAddr``): waits on the loop while it
    /// would block.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.messageTooLarge`,
    ///   `.networkUnreachable`, ...), and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: IPAddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(
            buffer,
            to: try address.sockaddr(port: 0, matching: sa_family_t(base.family.rawValue)),
            flags: flags
        )
    }

    /// `async` form of `RawConn.send(_:to:flags:)` from an array (an ``IPAddr``): waits on the
    /// loop while it would block.
    /// - Throws: as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to address: IPAddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(
            bytes,
            to: try address.sockaddr(port: 0, matching: sa_family_t(base.family.rawValue)),
            flags: flags
        )
    }

    /// `async` form of `RawConn.send(_:to:flags:)` to a text address (an IP literal): waits on the
    /// loop while it would block.
    /// - Throws: the parse errors, as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: String,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(buffer, to: try IPAddr(parsing: address), flags: flags)
    }

    /// `async` form of `RawConn.send(_:to:flags:)` from an array to a text address: waits on the
    /// loop while it would block.
    /// - Throws: the parse errors, as the synchronous form, and `.cancelled` (nothing sent).
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to address: String,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await send(bytes, to: try IPAddr(parsing: address), flags: flags)
    }
}
