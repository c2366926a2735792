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
/// **Descriptor safety.** No operation can ever act on a descriptor number that a concurrent
/// `close` released and the kernel handed out again, because `close` never releases the number:
/// it *parks* it. ``close()`` points the number at an inert descriptor with `dup3` (on Linux an
/// `O_PATH` descriptor of `/dev/null`, opened once per process), which releases the socket itself exactly
/// as `close(2)` would (the peer sees the connection end, a listener's port is free again), while
/// the number stays this object's until it is deinitialized. ARC keeps the object alive while any
/// of its methods runs, so the number cannot be reused under a running operation; an operation
/// that reaches the kernel after `close` finds the inert descriptor, where every socket call fails
/// with `EBADF`, and throws ``SocketError/Code/closed``. Threads waiting for readiness are woken by
/// `close` (Sock shuts the socket down first when one is waiting). Unlike a guard that counts
/// operations in flight (Go's `internal/poll`), this costs the I/O fast path nothing: no atomic
/// operation, one `syscall` instruction and one test of its result.
///
/// `close` is idempotent, and `deinit` closes the socket (or the parked number) for real.
///
/// The class is not `open` for extension by users; Sock's own socket types are `final` subclasses.
open class NetSocket: @unchecked Sendable {
    // State word: bit 63 = closed; the low bits count the threads waiting for readiness in `ppoll`
    // on the descriptor (``close()`` wakes them). All fields are atomics or immutable, hence
    // `@unchecked Sendable`.
    @usableFromInline static let closedBit: UInt64 = 1 << 63
    @usableFromInline static let waiterMask: UInt64 = (1 << 63) - 1

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
        // A domain no sa_family_t can hold is one the kernel does not have either: say so, never wrap it.
        guard let family = sa_family_t(exactly: domain) else {
            throw SocketError(errno: Errno.EAFNOSUPPORT, operation: .socket)
        }
        self.fd = try Self.newDescriptor(domain: family, type: type, proto: proto)
        self.domain = domain
        self.type = type
        self.proto = proto
    }

    /// Takes ownership of an open socket descriptor (e.g. one returned by `accept4`, `socketpair`,
    /// or received with SCM_RIGHTS). The caller must not use or close `fd` afterwards.
    /// The descriptor is switched to non-blocking mode if it is not already.
    ///
    /// - Throws: `SocketError` from `fcntl` (`.closed` for a descriptor that is not open), or
    ///   `.tooManyOpenFiles` when the process cannot open the inert descriptor `close` needs (only
    ///   ever opened once per process).
    public init(adopting fd: CInt, domain: CInt, type: CInt, protocol proto: CInt) throws(SocketError) {
        try InertDescriptor.ensure(.fcntl)
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

    /// Wraps a descriptor Sock itself just created with the right flags (accept4, socketpair, or
    /// ``newDescriptor(domain:type:proto:)``); those paths opened the inert descriptor first.
    @usableFromInline
    package init(owning fd: CInt, domain: CInt, type: CInt, protocol proto: CInt) {
        self.fd = fd
        self.domain = domain
        self.type = type
        self.proto = proto
    }

    deinit {
        // ARC: no method of this object is running any more, so nothing can use the number after
        // this. It is the socket itself, or the inert descriptor parked on it by close().
        _ = Sys.closeOwned(fd)
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
    /// The number stays owned by this socket: do not close it. It stays this socket's number for as
    /// long as the object lives (keep a reference while you use it, e.g. with
    /// `withExtendedLifetime`): after ``close()`` it refers to an inert descriptor where every
    /// socket call fails with `EBADF`, and it is released only when the object is deinitialized, so
    /// it never names another process-wide file under you.
    @inlinable
    public final var fileDescriptor: CInt { fd }

    /// Calls `body` with the descriptor. The number cannot be reused while `body` runs (the socket
    /// object is alive); if another thread closes the socket meanwhile, calls on the number fail
    /// with `EBADF`.
    ///
    /// - Throws: `.closed` if the socket is already closed, or what `body` throws.
    @inlinable
    public final func withFileDescriptor<R>(_ body: (CInt) throws(SocketError) -> R) throws(SocketError) -> R {
        try checkOpen(.fcntl)
        return try body(fd)
    }

    /// Whether ``close()`` has been called.
    @inlinable
    public final var isClosed: Bool { state.load(ordering: .relaxed) & Self.closedBit != 0 }

    /// Closes the socket. Idempotent: closing twice is fine.
    ///
    /// The socket is released at once, as `close(2)` releases it: a connected peer sees the end of
    /// the connection (unless another process shares the socket), a listener's port can be bound
    /// again. Operations running on other threads fail with `.closed`; one waiting for readiness is
    /// woken at once (Sock shuts the socket down to wake it). Operations started after `close`
    /// throw `.closed`. The descriptor number itself is parked on an inert descriptor until the
    /// object is deinitialized (see ``NetSocket``). The corresponding C functions are `dup3` (over
    /// the number) and `close`.
    public final func close() {
        let old = state.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing).oldValue
        guard old & Self.closedBit == 0 else { return }
        // A waiter that registered before the closed bit is counted in `old`: shut the socket down
        // to wake its ppoll (dup3 alone would not: ppoll holds its own reference to the socket).
        // One that registers later sees the bit and does not wait.
        if old & Self.waiterMask != 0 { _ = Sys.shutdown(fd, SC.SHUT_RDWR) }
        park()
    }

    /// Points the descriptor number at the inert descriptor, releasing the socket.
    @usableFromInline
    final func park() {
        let inert = InertDescriptor.get()
        if inert >= 0, Sys.dup3(CInt(inert), fd) >= 0 { return }
        // Not reached in practice: every path that creates a socket opened the inert descriptor
        // first, and dup3 onto an open number does not fail. Without it, cut the socket off (reads
        // see end of stream and report `.closed`, writes fail) and let deinit release it.
        _ = Sys.shutdown(fd, SC.SHUT_RDWR)
    }

    /// Gives up ownership of the socket without closing it and returns a descriptor for it; this
    /// object then behaves as closed. Use it to hand the socket to other code that will close it.
    ///
    /// The returned number is a duplicate (`F_DUPFD_CLOEXEC`), not ``fileDescriptor``: operations
    /// other threads are running on this object keep using this object's number, which is parked
    /// like after ``close()``, so they can never reach the handed-over socket.
    ///
    /// - Throws: `.closed` if the socket was already closed, `.inProgress` if another thread is
    ///   waiting for readiness on it, `.tooManyOpenFiles` when no descriptor is free for the copy.
    public final func releaseFileDescriptor() throws(SocketError) -> CInt {
        try checkOpen(.close)
        let copy = Sys.fcntl(fd, SC.F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw failure(copy, .close) }
        let claimed = state.compareExchange(
            expected: 0,
            desired: Self.closedBit,
            ordering: .acquiringAndReleasing
        )
        guard claimed.exchanged else {
            _ = Sys.close(CInt(copy))
            if claimed.original & Self.closedBit != 0 { throw SocketError(.closed, operation: .close) }
            throw SocketError(.inProgress, operation: .close)
        }
        park()
        return CInt(copy)
    }

    // MARK: - Closed checks (package: SockLinux uses them for its own syscalls)

    /// Throws `.closed` once ``close()`` was called. Operations that are not on the I/O fast path
    /// call it first, so a call made after `close` does not reach the kernel; one racing `close`
    /// reaches the inert descriptor and fails there (EBADF, which is `.closed` too).
    @inlinable @inline(__always)
    package final func checkOpen(_ op: SocketOperation) throws(SocketError) {
        if _slowPath(isClosed) { throw SocketError(.closed, operation: op) }
    }

    /// The error for a failed syscall result `r` (-errno) of `op`: `.closed` once the socket is
    /// closed, whatever the errno (the inert descriptor says EBADF, a shut-down socket EPIPE).
    @usableFromInline @inline(never)
    package final func failure(_ r: Int, _ op: SocketOperation) -> SocketError {
        let e = CInt(truncatingIfNeeded: -r)
        if isClosed { return SocketError(.closed, errno: e, operation: op) }
        return SocketError(errno: e, operation: op)
    }
}
