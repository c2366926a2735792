import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A socket: the base of every socket type in Sock (``TCPConn``, ``UDPConn``, ``UnixConn``, ...).
///
/// A `NetSocket` owns one file descriptor, created non-blocking and close-on-exec atomically
/// (`SOCK_NONBLOCK | SOCK_CLOEXEC`). Every operation is non-blocking: when it would block it throws
/// ``SocketError/Code/wouldBlock`` at once, unless a deadline is set (``setReadDeadline(_:)``,
/// ``setWriteDeadline(_:)``), in which case it waits for readiness with `poll` until the deadline and
/// then throws ``SocketError/Code/timedOut``.
///
/// **Descriptor safety.** The descriptor is guarded the way Go's `internal/poll` guards it: every
/// operation holds a reference while it runs, ``close()`` marks the socket closed, and the
/// descriptor is released to the kernel only when the last running operation has finished. So no
/// operation can ever act on a descriptor number that a concurrent `close` released and the kernel
/// handed out again. An operation that starts after `close` throws ``SocketError/Code/closed``.
/// `close` is idempotent, and `deinit` closes.
///
/// The class is not `open` for extension by users; Sock's own socket types are `final` subclasses.
open class NetSocket: @unchecked Sendable {
    // State word: bit 63 = closed, bit 62 = descriptor released to the kernel, low bits = the number
    // of operations in flight. All fields are atomics or immutable, hence `@unchecked Sendable`.
    @usableFromInline static let closedBit: UInt64 = 1 << 63
    @usableFromInline static let releasedBit: UInt64 = 1 << 62
    @usableFromInline static let refMask: UInt64 = (1 << 62) - 1

    @usableFromInline let fd: CInt
    @usableFromInline let state = Atomic<UInt64>(0)
    /// Deadlines in monotonic nanoseconds; 0 = none.
    @usableFromInline let readDeadlineNs = Atomic<Int64>(0)
    @usableFromInline let writeDeadlineNs = Atomic<Int64>(0)

    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, ...).
    public let domain: CInt
    /// The socket type without flags (`SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_SEQPACKET`, `SOCK_RAW`).
    public let type: CInt
    /// The protocol (`IPPROTO_TCP`, `IPPROTO_UDP`, ... or 0).
    public let proto: CInt

    /// Creates a socket with `socket(2)`, always non-blocking and close-on-exec.
    ///
    /// - Throws: `SocketError` with `.protocolNotSupported`, `.addressFamilyNotSupported`,
    ///   `.permissionDenied` (raw sockets without CAP_NET_RAW), `.tooManyOpenFiles`, ...
    public init(domain: CInt, type: CInt, protocol proto: CInt = 0) throws(SocketError) {
        let r = Sys.socket(domain, type | SC.SOCK_NONBLOCK | SC.SOCK_CLOEXEC, proto)
        guard r >= 0 else { throw SocketError(errno: CInt(-r), operation: .socket) }
        self.fd = CInt(r)
        self.domain = domain
        self.type = type
        self.proto = proto
        #if !os(Linux)
        try Self.applyDescriptorFlags(fd)
        #endif
    }

    /// Takes ownership of an open socket descriptor (e.g. one returned by `accept4`, `socketpair`,
    /// or received with SCM_RIGHTS). The caller must not use or close `fd` afterwards.
    /// The descriptor is switched to non-blocking mode if it is not already.
    ///
    /// - Throws: `SocketError` from `fcntl` (`.closed` for a descriptor that is not open).
    public init(adopting fd: CInt, domain: CInt, type: CInt, protocol proto: CInt) throws(SocketError) {
        let flags = Sys.fcntl(fd, SC.F_GETFL)
        guard flags >= 0 else { throw SocketError(errno: CInt(-flags), operation: .fcntl) }
        if CInt(truncatingIfNeeded: flags) & SC.O_NONBLOCK == 0 {
            let r = Sys.fcntl(fd, SC.F_SETFL, flags | Int(SC.O_NONBLOCK))
            guard r >= 0 else { throw SocketError(errno: CInt(-r), operation: .fcntl) }
        }
        self.fd = fd
        self.domain = domain
        self.type = type
        self.proto = proto
    }

    /// Wraps a descriptor Sock itself just created with the right flags (accept4, socketpair).
    @usableFromInline
    package init(owning fd: CInt, domain: CInt, type: CInt, protocol proto: CInt) {
        self.fd = fd
        self.domain = domain
        self.type = type
        self.proto = proto
    }

    deinit {
        // No operation can be in flight once the object is being destroyed.
        if state.load(ordering: .acquiring) & Self.releasedBit == 0 {
            _ = Sys.close(fd)
        }
    }

    #if !os(Linux)
    static func applyDescriptorFlags(_ fd: CInt) throws(SocketError) {
        let fl = Sys.fcntl(fd, SC.F_GETFL)
        if fl < 0 || Sys.fcntl(fd, SC.F_SETFL, fl | Int(SC.O_NONBLOCK)) < 0
            || Sys.fcntl(fd, SC.F_SETFD, Int(SC.FD_CLOEXEC)) < 0
        {
            let e = CInt(truncatingIfNeeded: -min(fl, -1))
            _ = Sys.close(fd)
            throw SocketError(errno: e, operation: .fcntl)
        }
    }
    #endif

    // MARK: - Descriptor

    /// The file descriptor, for an event loop or io_uring.
    ///
    /// The number stays owned by this socket: do not close it. After ``close()`` it may already
    /// belong to another file; use ``withFileDescriptor(_:)`` to hold the socket open while you use
    /// the number.
    @inlinable
    public final var fileDescriptor: CInt { fd }

    /// Calls `body` with the descriptor while holding it open: a concurrent ``close()`` waits to
    /// release the number until `body` returns.
    ///
    /// - Throws: `.closed` if the socket is already closed, or what `body` throws.
    @inlinable
    public final func withFileDescriptor<R>(_ body: (CInt) throws(SocketError) -> R) throws(SocketError) -> R {
        try acquire(.fcntl)
        defer { release() }
        return try body(fd)
    }

    /// Whether ``close()`` has been called.
    @inlinable
    public final var isClosed: Bool { state.load(ordering: .relaxed) & Self.closedBit != 0 }

    /// Closes the socket. Idempotent: closing twice is fine.
    ///
    /// Operations running on other threads finish first (one waiting for readiness is woken at
    /// once: Sock shuts the socket down to wake it, and it throws `.closed`); the descriptor is
    /// returned to the kernel when the last of them returns. Operations started after `close`
    /// throw `.closed`. The corresponding C function is `close`.
    public final func close() {
        // Hold a reference so the descriptor stays valid while we wake others.
        let old = state.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
        if old & Self.closedBit == 0 {
            let prev = state.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing).oldValue
            if prev & Self.closedBit == 0, prev & Self.refMask > 1 {
                // Others are in flight: wake any that wait in poll.
                _ = Sys.shutdown(fd, SC.SHUT_RDWR)
            }
        }
        release()
    }

    /// Gives up ownership of the descriptor without closing it and returns it; the socket then
    /// behaves as closed. Use it to hand the descriptor to other code that will close it.
    ///
    /// - Throws: `.closed` if the socket was already closed, `.inProgress` if other operations are
    ///   running (the descriptor cannot be handed over while they use it).
    public final func releaseFileDescriptor() throws(SocketError) -> CInt {
        let done = state.compareExchange(
            expected: 0,
            desired: Self.closedBit | Self.releasedBit,
            ordering: .acquiringAndReleasing
        )
        if done.exchanged { return fd }
        if done.original & Self.closedBit != 0 { throw SocketError(.closed, operation: .close) }
        throw SocketError(.inProgress, operation: .close)
    }

    // MARK: - Reference counting (package: SockLinux uses it for its own syscalls)

    /// Takes a reference for one operation; throws `.closed` if the socket is closed.
    @inlinable @inline(__always)
    package final func acquire(_ op: SocketOperation) throws(SocketError) {
        guard _fastPath(acquireFast()) else { throw closedAfterFailedAcquire(op) }
    }

    /// Takes a reference; returns false (holding it) when the socket is closed. The closed bit is
    /// the sign bit, so on x86_64 this is `lock incq` and one conditional jump.
    @inlinable @inline(__always)
    package final func acquireFast() -> Bool {
        let old = state.wrappingAdd(1, ordering: .acquiring).oldValue
        return Int64(bitPattern: old) >= 0
    }

    /// Drops the reference a failed ``acquireFast()`` took and returns the `.closed` error.
    @usableFromInline @inline(never)
    package final func closedAfterFailedAcquire(_ op: SocketOperation) -> SocketError {
        release()
        return SocketError(.closed, operation: op)
    }

    /// Drops a reference; the last one out after `close` releases the descriptor. The closed bit is
    /// the sign bit, so the fast path (not closed) is `lock decq` and one conditional jump.
    @inlinable @inline(__always)
    package final func release() {
        // `old <= 0` as a signed word means the closed bit is set (old == 0 cannot happen: we hold
        // a reference). Tested on the old value and used for nothing else, so LLVM turns it into the
        // flags of the `lock dec` itself.
        let old = state.wrappingSubtract(1, ordering: .releasing).oldValue
        if _slowPath(Int64(bitPattern: old) <= 0) { releasedWhileClosed() }
    }

    /// After a release on a closed socket: if no reference is left, release the descriptor. Every
    /// thread whose decrement reached "closed, no reference" loads the state after it, so the last
    /// one out always sees it (or sees a newer reference whose own release will); ``finalClose()``
    /// lets exactly one of them close the descriptor.
    @usableFromInline @inline(never)
    final func releasedWhileClosed() {
        if state.load(ordering: .acquiring) == Self.closedBit { finalClose() }
    }

    @usableFromInline
    final func finalClose() {
        let won = state.compareExchange(
            expected: Self.closedBit,
            desired: Self.closedBit | Self.releasedBit,
            ordering: .acquiringAndReleasing
        ).exchanged
        if won { _ = Sys.close(fd) }  // never retried on EINTR: the descriptor is gone either way
    }
}
