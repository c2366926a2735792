import Synchronization

/// The process-wide descriptor that ``NetSocket/close()`` parks a closed socket's number on.
///
/// On Linux it is `open("/dev/null", O_PATH | O_CLOEXEC)`: every read, write and socket call on it
/// (and so on every number `dup3`'d from it) fails with `EBADF`, and `poll` reports `POLLNVAL` at
/// once. It is deliberately not a directory: passed on by mistake (a closed socket's number sent
/// with SCM_RIGHTS), an `O_PATH` directory descriptor would be a base for `openat`, while this one
/// grants nothing; there is no fallback to `/` (without `/dev/null`, a bare chroot, creating a
/// socket fails with `.notFound`). Elsewhere it is `/dev/null` opened read-only, where socket calls
/// fail with `ENOTSOCK` and reads see end of file (which Sock checks against the closed bit). It is
/// opened the first time a socket is created, so `close` itself never has to open anything; it
/// stays open for the life of the process (one descriptor), close-on-exec.
///
/// **Validated before each park.** Its identity (device and inode, from `statx`) is recorded when
/// it is opened, and checked again before every `dup3` onto a closed socket's number. If another
/// library closed it behind Sock's back and the number now names another file, Sock never parks on
/// that file (a read on a closed socket would return that file's contents): it opens a fresh inert
/// descriptor and parks on that one, and leaves the reused number alone (it is not Sock's any
/// more). Only if no fresh one can be opened (the process is out of descriptors) does `close` fall
/// back to shutting the socket down, which releases no number until deinit. Where `statx` does not
/// exist (off Linux), the identity is not checked.
@usableFromInline
package enum InertDescriptor {
    /// The descriptor and its identity, or `fd == -1` before the first successful open. A lock,
    /// not atomics: the descriptor and its identity change together, and neither `close` nor the
    /// first socket creation is a hot path (creating a socket only reads `opened`).
    struct State {
        var fd: CInt = -1
        var identity: Identity?
    }

    /// Device and inode of a descriptor.
    struct Identity: Equatable {
        var deviceMajor: UInt32
        var deviceMinor: UInt32
        var inode: UInt64
        var isCharacterDevice: Bool
    }

    static let state = Locked(State())
    /// Whether an inert descriptor was ever opened: the check on the socket-creation path.
    static let opened = Atomic<Bool>(false)

    /// Opens the inert descriptor unless it is open already; a socket is never created without it,
    /// so that ``NetSocket/close()`` can park the socket's number.
    ///
    /// - Throws: the open's error for `op` (`.tooManyOpenFiles` when the process is out of
    ///   descriptors, which the socket itself would have hit too; `.notFound` without `/dev/null`).
    @usableFromInline
    static func ensure(_ op: SocketOperation) throws(SocketError) {
        if _fastPath(opened.load(ordering: .acquiring)) { return }
        let r = state.withLock { state in state.fd >= 0 ? Int(state.fd) : reopen(&state) }
        if r < 0 { throw SocketError(errno: Sys.errorNumber(of: r), operation: op) }
    }

    /// Points `fd` at a validated inert descriptor with `dup3`; false when there is none.
    static func park(_ fd: CInt) -> Bool {
        state.withLock { state in
            if state.fd < 0 || identity(of: state.fd) != state.identity {
                // Never opened, or closed behind Sock's back (the number may name another file
                // now: leave it alone, it is not Sock's any more).
                state.fd = -1
                if reopen(&state) < 0 { return false }
            }
            return Sys.dup3(state.fd, fd) >= 0
        }
    }

    /// The current descriptor (for tests), or -1.
    package static var current: CInt { state.withLock { $0.fd } }

    /// Opens a fresh inert descriptor into `state`; its number or -errno.
    private static func reopen(_ state: inout State) -> Int {
        let r = Sys.openInert()
        if r < 0 { return r }
        state.fd = CInt(r)
        state.identity = identity(of: state.fd)
        opened.store(true, ordering: .releasing)
        return r
    }

    /// The device and inode of `fd` (`statx`), or nil where there is no statx.
    private static func identity(of fd: CInt) -> Identity? {
        #if os(Linux)
        return withUnsafeTemporaryAllocation(byteCount: LinuxABI.sizeof_statx, alignment: 8) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            guard let base = buffer.baseAddress, Sys.statxOfDescriptor(fd, base) >= 0 else { return nil }
            let mode = UInt32(base.loadUnaligned(fromByteOffset: LinuxABI.offsetof_statx_stx_mode, as: UInt16.self))
            return Identity(
                deviceMajor: base.loadUnaligned(fromByteOffset: LinuxABI.offsetof_statx_stx_dev_major, as: UInt32.self),
                deviceMinor: base.loadUnaligned(fromByteOffset: LinuxABI.offsetof_statx_stx_dev_minor, as: UInt32.self),
                inode: base.loadUnaligned(fromByteOffset: LinuxABI.offsetof_statx_stx_ino, as: UInt64.self),
                isCharacterDevice: mode & UInt32(LinuxABI.S_IFMT) == UInt32(LinuxABI.S_IFCHR)
            )
        }
        #else
        return nil
        #endif
    }
}
