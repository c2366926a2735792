// The syscall seam, part 2: turning a raw result (>= 0, or -errno) into a value or a
// `SocketError`. This folder is the only place that reads a raw result; everything above it calls
// these helpers or the I/O policy (IOPolicy.swift) and speaks `SocketError`. `scripts/check-seam.sh`
// fails the test run when raw-result handling appears anywhere else.

extension Sys {
    /// The errno of a failed result (`result < 0`).
    @inlinable @inline(__always)
    package static func errorNumber(of result: Int) -> CInt { CInt(truncatingIfNeeded: -result) }

    /// Runs `call` (a syscall wrapper returning >= 0 or -errno) and returns its value, or throws
    /// the `SocketError` for its errno. EINTR is retried (the calls this is used for either have
    /// not started anything, or are safe to repeat) unless `retryOnInterrupt` is false.
    ///
    /// The counterpart of swift-system's `valueOrErrno(retryOnInterrupt:_:)`. Calls on a socket use
    /// ``NetSocket/call(_:_:)``, which also reports `.closed` for a closed socket.
    @inlinable @inline(__always)
    package static func check(
        _ op: SocketOperation,
        retryOnInterrupt: Bool = true,
        _ call: () -> Int
    ) throws(SocketError) -> Int {
        while true {
            let r = call()
            if _fastPath(r >= 0) { return r }
            if retryOnInterrupt, r == -Int(Errno.EINTR) { continue }
            throw SocketError(errno: errorNumber(of: r), operation: op)
        }
    }

    /// As ``check(_:retryOnInterrupt:_:)`` for a call that returns a new descriptor.
    @inlinable @inline(__always)
    package static func descriptor(_ op: SocketOperation, _ call: () -> Int) throws(SocketError) -> CInt {
        CInt(truncatingIfNeeded: try check(op, call))
    }
}
