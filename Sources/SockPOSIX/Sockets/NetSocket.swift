import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket every Sock socket type is built on: it owns one file descriptor, its deadlines and
/// its state (as the Go seed's `NetSocket` is embedded in `TCPSocket`, `TCPConn`, ...).
///
/// The typed sockets (``TCPConn``, ``TCPListener``, ``UDPConn``, ``UnixConn``,
/// ``UnixDatagramConn``, ``UnixListener``, ``RawConn``, and SockLinux's SCTP types) are values
/// that hold one reference to a `NetSocket` (their ``Socket/netSocket``) and offer exactly the
/// operations and options that mean something for them. Copies of a typed socket share its
/// `NetSocket`, as copies of a class reference would. A `NetSocket` on its own is the *untyped*
/// socket, for families and protocols Sock does not name (`AF_NETLINK`, `AF_VSOCK`, `AF_PACKET`,
/// ...): it has every generic operation (`bind(_:)`, ``listen(backlog:)``, `connect(to:)`,
/// ``accept()``, stream and datagram I/O, messages, the generic options).
///
/// The descriptor is created non-blocking and close-on-exec (atomically on Linux and FreeBSD:
/// `SOCK_NONBLOCK | SOCK_CLOEXEC`). Every operation is non-blocking: when it would block it throws
/// ``SocketError/Code/wouldBlock`` at once, unless a deadline is set
/// (``Socket/setReadDeadline(_:)``, ``Socket/setWriteDeadline(_:)``), in which case it waits for
/// readiness with `poll` until the deadline and then throws ``SocketError/Code/timedOut``.
///
/// **Descriptor safety.** No operation can ever act on a descriptor number that a concurrent
/// `close` released and the kernel handed out again, because `close` never releases the number:
/// it *parks* it. ``close()`` points the number at an inert descriptor with `dup3` (on Linux an
/// `O_PATH` descriptor of `/dev/null`, opened once per process), which releases the socket itself
/// exactly as `close(2)` would (the peer sees the connection end, a listener's port is free
/// again), while the number stays this object's until it is deinitialized. ARC keeps the object
/// alive while any of its methods runs, so the number cannot be reused under a running operation;
/// an operation that reaches the kernel after `close` finds the inert descriptor, where every
/// socket call fails with `EBADF`, and throws ``SocketError/Code/closed`` (always with errno
/// `EBADF`, whether Sock saw the close first or the kernel did). Threads waiting for readiness are
/// woken by `close` through their own wake-up descriptor (an `eventfd` per waiting thread, in its
/// poll set), so the socket is not shut down for its other holders; only a fifth thread waiting on
/// the same socket at once, or a platform without eventfd, falls back to a shutdown. Unlike a guard that
/// counts operations in flight (Go's `internal/poll`), this costs the I/O fast path nothing: no
/// atomic operation, one `syscall` instruction and one test of its result.
///
/// `close` is idempotent, and `deinit` closes the socket (or the parked number) for real.
///
/// The class is `final`: Sock's socket types hold a `NetSocket` rather than subclass it.
public final class NetSocket: @unchecked Sendable {
    // State word: bit 63 = closed. The threads waiting for readiness in `ppoll` are in `waiters`
    // (``close()`` wakes them). All fields are atomics, a lock or immutable, hence
    // `@unchecked Sendable`.
    @usableFromInline static let closedBit: UInt64 = 1 << 63

    @usableFromInline package let fd: CInt
    @usableFromInline let state = Atomic<UInt64>(0)
    /// The threads waiting for readiness (their wake-up descriptors), under a lock: waiting is
    /// never on the fast path, and the lock keeps a closing thread from writing to a wake-up
    /// descriptor after its thread stopped waiting (and could have exited, releasing it).
    let waiters = Locked(Waiters())

    /// The number of threads waiting for this socket's readiness (for tests that must close while
    /// a thread really waits).
    package var waiterCount: Int { waiters.withLock { $0.count } }
    /// Deadlines in monotonic nanoseconds; 0 = none.
    /// The socket's registration with an event loop (SockLinux), as a retained object pointer, or 0:
    /// set once, by the first `async` operation; told about ``close()`` and released in deinit.
    @usableFromInline package let asyncRegistration = Atomic<UInt>(0)
    @usableFromInline let readDeadlineNs = Atomic<Int64>(0)
    @usableFromInline let writeDeadlineNs = Atomic<Int64>(0)

    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`, ...).
    public let family: AddressFamily
    /// The socket type (`SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_SEQPACKET`, `SOCK_RAW`).
    public let type: SocketType
    /// The protocol (`IPPROTO_TCP`, `IPPROTO_UDP`, ..., or ``SocketProtocol/default``).
    public let `protocol`: SocketProtocol
    /// The peer, as the kernel reported it at accept or as given to dial; nil for sockets Sock did
    /// not connect itself.
    @usableFromInline package let peer: SocketAddress?

    /// Creates a socket with `socket(2)`, always non-blocking and close-on-exec.
    ///
    /// - Throws: `SocketError` with `.protocolNotSupported`, `.addressFamilyNotSupported`,
    ///   `.permissionDenied` (raw sockets without `CAP_NET_RAW`), `.tooManyOpenFiles`, ...
    public convenience init(
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol = .default
    ) throws(SocketError) {
        let fd = try Self.newDescriptor(family: family, type: type, protocol: proto)
        self.init(owning: fd, family: family, type: type, protocol: proto)
    }

    /// Wraps a descriptor Sock itself just created with the right flags (socket, accept4,
    /// socketpair); those paths opened the inert descriptor first.
    @usableFromInline
    package init(
        owning fd: CInt,
        family: AddressFamily,
        type: SocketType,
        protocol proto: SocketProtocol,
        peer: SocketAddress? = nil
    ) {
        self.fd = fd
        self.family = family
        self.type = type
        self.protocol = proto
        self.peer = peer
    }

    deinit {
        // ARC: no method of this object is running any more, so nothing can use the number after
        // this. It is the socket itself, or the inert descriptor parked on it by close().
        let registration = asyncRegistration.load(ordering: .acquiring)
        if registration != 0 {
            if !isClosed { notifyAsyncClose(registration) }
            Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(bitPattern: registration)!).release()
        }
        _ = Sys.closeOwned(fd)
    }

    // MARK: - Descriptor

    /// The file descriptor, for an event loop or io_uring.
    ///
    /// The number stays owned by this socket: do not close it. It stays this socket's number for as
    /// long as the object lives (keep a reference while you use it, e.g. with
    /// `withExtendedLifetime`): after ``close()`` it refers to an inert descriptor where every
    /// socket call fails with `EBADF`, and it is released only when the object is deinitialized, so
    /// it never names another process-wide file under you.
    @inlinable
    public var fileDescriptor: CInt { fd }

    /// Whether ``close()`` has been called.
    @inlinable
    public var isClosed: Bool { state.load(ordering: .relaxed) & Self.closedBit != 0 }

    /// Closes the socket. Idempotent: closing twice is fine.
    ///
    /// The socket is released at once, as `close(2)` releases it: a connected peer sees the end of
    /// the connection (unless another process shares the socket), a listener's port can be bound
    /// again. Operations running on other threads fail with `.closed`; one waiting for readiness is
    /// woken at once (through its thread's wake-up descriptor; see ``NetSocket``: the socket is
    /// shut down only as a fallback, which would end the connection for another process sharing
    /// the socket too). Operations started after `close`
    /// throw `.closed`. The descriptor number itself is parked on an inert descriptor until the
    /// object is deinitialized (see ``NetSocket``). The corresponding C functions are `dup3` (over
    /// the number) and `close`.
    public func close() {
        let old = state.bitwiseOr(Self.closedBit, ordering: .sequentiallyConsistent).oldValue
        guard old & Self.closedBit == 0 else { return }
        // Threads waiting in ppoll: each one's wake-up descriptor is in its poll set. A waiter
        // that registers after this reads the closed bit and does not wait. Waiters without a
        // wake-up descriptor (none here, or more than four at once) are woken by a shutdown, the
        // fallback: it ends the connection for every holder of the socket, not only this one.
        let needsShutdown = waiters.withLock { $0.wakeAll() }
        if needsShutdown { _ = Sys.shutdown(fd, SC.SHUT_RDWR) }
        let registration = asyncRegistration.load(ordering: .sequentiallyConsistent)
        if registration != 0 { notifyAsyncClose(registration) }
        park()
    }

    /// Tells the event loop this socket is registered with that it is closing (before the number is
    /// parked): the loop removes it from its poll set and wakes its waiting tasks with `.closed`.
    func notifyAsyncClose(_ registration: UInt) {
        let object = Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(bitPattern: registration)!)
            .takeUnretainedValue()
        (object as? any AsyncCloseObserver)?.socketWillClose(fd)
    }

    /// Records `registration` as this socket's event-loop registration, unless one is recorded
    /// already; returns the one in place (retained by the socket until it deinitializes).
    package func installAsyncRegistration(_ registration: AnyObject) -> UInt {
        let new = Unmanaged<AnyObject>.passRetained(registration)
        let bits = UInt(bitPattern: new.toOpaque())
        let (exchanged, original) = asyncRegistration.compareExchange(
            expected: 0,
            desired: bits,
            ordering: .sequentiallyConsistent
        )
        if exchanged { return bits }
        new.release()
        return original
    }

    /// Points the descriptor number at the inert descriptor, releasing the socket.
    @usableFromInline
    func park() {
        if InertDescriptor.park(fd) { return }
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
    public func releaseFileDescriptor() throws(SocketError) -> CInt {
        let copy = try call(.close) { Sys.fcntl($0, SC.F_DUPFD_CLOEXEC, 0) }
        let claimed = waiters.withLock { (waiters) -> (Bool, Bool) in
            // No thread may be waiting: it would wake to `.closed` on a socket that lives on.
            guard waiters.isEmpty else { return (false, false) }
            let exchanged = state.compareExchange(
                expected: 0,
                desired: Self.closedBit,
                ordering: .sequentiallyConsistent
            ).exchanged
            return (exchanged, true)
        }
        guard claimed.0 else {
            _ = Sys.close(CInt(copy))
            if claimed.1 || isClosed { throw closedError(.close) }
            throw SocketError(.inProgress, operation: .close)
        }
        let registration = asyncRegistration.load(ordering: .acquiring)
        if registration != 0 { notifyAsyncClose(registration) }
        park()
        return CInt(copy)
    }

    /// Calls `body` with the descriptor. The number cannot be reused while `body` runs (the socket
    /// object is alive); if another thread closes the socket meanwhile, calls on the number fail
    /// with `EBADF`.
    ///
    /// - Throws: `.closed` if the socket is already closed, or what `body` throws.
    @inlinable
    public func withFileDescriptor<R>(_ body: (CInt) throws(SocketError) -> R) throws(SocketError) -> R {
        try checkOpen(.fcntl)
        return try body(fd)
    }

    // MARK: - Closed checks

    /// Throws `.closed` once ``close()`` was called. Operations that are not on the I/O fast path
    /// call it first, so a call made after `close` does not reach the kernel; one racing `close`
    /// reaches the inert descriptor and fails there (EBADF, which is `.closed` too).
    @inlinable @inline(__always)
    package func checkOpen(_ op: SocketOperation) throws(SocketError) {
        if _slowPath(isClosed) { throw closedError(op) }
    }

    /// The error of an operation on a closed socket: `.closed` with errno `EBADF`, however Sock
    /// learned it (its own check or the kernel's answer on the parked number).
    @inlinable
    package func closedError(_ op: SocketOperation) -> SocketError {
        SocketError(.closed, errno: Errno.EBADF, operation: op)
    }
}

/// What an event loop's registration of a socket implements so that ``NetSocket/close()`` (from any
/// thread) reaches it: remove the descriptor from the loop's poll set and wake the waiting tasks.
package protocol AsyncCloseObserver: AnyObject, Sendable {
    /// Called once, by the closing thread, while `fd` still names the socket.
    func socketWillClose(_ fd: CInt)
    /// Called before `shutdown(fd, how)`: the loop submits what it holds for the socket first.
    /// Returns true when it takes the shutdown over (it shuts the socket down itself once its
    /// queued bytes are sent).
    func socketWillShutdown(_ fd: CInt, _ how: CInt) -> Bool
}

extension NetSocket {
    /// Lets the event loop this socket is registered with go first before a shutdown (see
    /// ``AsyncCloseObserver/socketWillShutdown(_:_:)``); true when it took the shutdown over.
    @usableFromInline
    package func asyncShutdownTakenOver(_ how: CInt) -> Bool {
        let registration = asyncRegistration.load(ordering: .acquiring)
        guard registration != 0 else { return false }
        let object = Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(bitPattern: registration)!)
            .takeUnretainedValue()
        return (object as? any AsyncCloseObserver)?.socketWillShutdown(fd, how) ?? false
    }
}
