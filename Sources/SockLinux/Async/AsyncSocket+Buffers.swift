import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// `async` forms of the remaining buffer operations of `Connection`: the array forms with flags
// and the vectored calls. The `inout MutableRawSpan` and `RawSpan` forms of the synchronous API
// have no `async` form in Sock: a span cannot live across a suspension point. Use the raw buffer
// or array forms instead.

extension AsyncSocket where Base: Connection {
    /// `async` form of `Connection.read(into:flags:)` (an array): waits on the loop while it would
    /// block.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.closed`, ...), and
    ///   `.cancelled`.
    @inlinable @inline(always)
    nonisolated(nonsending) public func read(
        into bytes: inout [UInt8],
        flags: MessageFlags
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.read, .receive) { () throws(SocketError) -> Int in
            try base.read(into: &bytes, flags: flags)
        }
    }

    /// `async` form of `Connection.write(_:flags:)` (an array): waits on the loop while it would
    /// block.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.brokenPipe`, ...),
    ///   and `.cancelled`.
    @inlinable @inline(always)
    nonisolated(nonsending) public func write(_ bytes: [UInt8], flags: MessageFlags) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .send) { () throws(SocketError) -> Int in
            try base.write(bytes, flags: flags)
        }
    }

    /// `async` form of ``Connection/readv(_:)``: waits on the loop while it would block.
    /// - Throws: as the synchronous form (`.timedOut` at the read deadline, `.invalidArgument`
    ///   with `.batchTooLarge`, ...), and `.cancelled`.
    @inlinable @inline(always)
    nonisolated(nonsending) public func readv(_ buffers: UnsafeBufferPointer<iovec>) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.read, .readv) { () throws(SocketError) -> Int in
            try base.readv(buffers)
        }
    }

    /// `async` form of ``Connection/writev(_:)``: waits on the loop while it would block. Like the
    /// synchronous form it may write fewer bytes than the buffers hold.
    /// - Throws: as the synchronous form (`.timedOut` at the write deadline, `.brokenPipe`, ...),
    ///   and `.cancelled`.
    @inlinable @inline(always)
    nonisolated(nonsending) public func writev(_ buffers: UnsafeBufferPointer<iovec>) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .writev) { () throws(SocketError) -> Int in
            try base.writev(buffers)
        }
    }
}
