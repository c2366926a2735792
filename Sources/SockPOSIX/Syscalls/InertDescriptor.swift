import Synchronization

/// The process-wide descriptor that ``NetSocket/close()`` parks a closed socket's number on.
///
/// On Linux it is `open("/dev/null", O_PATH | O_CLOEXEC)`: every read, write and socket call on it
/// (and so on every number `dup3`'d from it) fails with `EBADF`, and `poll` reports `POLLNVAL` at
/// once. It is deliberately not a directory: passed on by mistake (a closed socket's number sent
/// with SCM_RIGHTS), an `O_PATH` directory descriptor would be a base for `openat`, while this one
/// grants nothing. `/` is the fallback only where `/dev/null` is missing (a bare chroot);
/// elsewhere it is `/dev/null` opened read-only, where socket calls fail with `ENOTSOCK` and reads
/// see end of file (which Sock checks against the closed bit). It is opened the first time a socket
/// is created, so `close` itself never has to open anything and never fails; it stays open for the
/// life of the process (one descriptor), close-on-exec. Like any library's long-lived descriptor, it
/// must not be closed behind Sock's back (a `closefrom(3)` over every number in a running process
/// would break it).
@usableFromInline
enum InertDescriptor {
    /// The descriptor, or -1 before the first successful open.
    static let shared = Atomic<CInt>(-1)

    /// The inert descriptor, opened on first use; -errno when it cannot be opened.
    @usableFromInline
    static func get() -> Int {
        let fd = shared.load(ordering: .acquiring)
        if _fastPath(fd >= 0) { return Int(fd) }
        return open()
    }

    /// Opens the inert descriptor unless it is open already; a socket is never created without it,
    /// so that ``NetSocket/close()`` cannot fail.
    ///
    /// - Throws: the open's error for `op` (`.tooManyOpenFiles` when the process is out of
    ///   descriptors, which the socket itself would have hit too).
    @usableFromInline
    static func ensure(_ op: SocketOperation) throws(SocketError) {
        let r = get()
        if _slowPath(r < 0) { throw SocketError(errno: CInt(truncatingIfNeeded: -r), operation: op) }
    }

    /// Points `fd` at the inert descriptor with `dup3`; false when that failed.
    static func park(_ fd: CInt) -> Bool {
        let inert = get()
        return inert >= 0 && Sys.dup3(CInt(inert), fd) >= 0
    }

    @inline(never)
    static func open() -> Int {
        let r = Sys.openInert()
        if r < 0 { return r }
        let won = shared.compareExchange(expected: -1, desired: CInt(r), ordering: .acquiringAndReleasing)
        if won.exchanged { return r }
        _ = Sys.close(CInt(r))  // another thread opened it first
        return Int(won.original)
    }
}
