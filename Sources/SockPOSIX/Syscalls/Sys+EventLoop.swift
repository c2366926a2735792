import CPlatform

// The syscall seam for event loops (Linux-only): epoll, io_uring, and the mappings of io_uring's
// rings. Same conventions as Sys.swift: every function returns >= 0 or -errno; raw entry points
// with the ABI table's syscall numbers by default, CPlatform's libc shims under
// `-DSOCK_LIBC_SYSCALLS` (the TSan build). Kernel records (`struct epoll_event`,
// `struct io_uring_params`, ...) are laid out from the table's sizes and offsets, never from
// Glibc's Swift types.

#if os(Linux)
extension Sys {
    // MARK: - epoll

    /// `epoll_create1(EPOLL_CLOEXEC)`: a new epoll instance (close-on-exec). Linux-only.
    @inlinable package static func epollCreate() -> Int {
        #if !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_epoll_create1, Int(LinuxABI.EPOLL_CLOEXEC))
        #else
        return cplatform_epoll_create()
        #endif
    }

    /// `epoll_ctl(epfd, op, fd, &event)` with `event = { events, data }`, built in a stack buffer
    /// with the table's layout of `struct epoll_event` (packed, 12 bytes, on x86_64; 16 elsewhere).
    /// `op` is `EPOLL_CTL_ADD`, `EPOLL_CTL_MOD` or `EPOLL_CTL_DEL`. Linux-only.
    @inlinable package static func epollCtl(
        _ epfd: CInt,
        _ op: CInt,
        _ fd: CInt,
        _ events: UInt32,
        _ data: UInt64
    ) -> Int {
        var event: (UInt64, UInt64) = (0, 0)  // >= sizeof(struct epoll_event) on every arch
        return withUnsafeMutableBytes(of: &event) { raw in
            let base = raw.baseAddress!
            EpollEvent.store(base, 0, events: events, data: data)
            #if !SOCK_LIBC_SYSCALLS
            return call(LinuxABI.SYS_epoll_ctl, Int(epfd), Int(op), Int(fd), p(base))
            #else
            return cplatform_epoll_ctl(epfd, op, fd, base)
            #endif
        }
    }

    /// `epoll_pwait(epfd, events, maxEvents, timeoutMilliseconds, NULL)`: waits for up to
    /// `maxEvents` events into `events` (`maxEvents * EpollEvent.size` bytes; read them with
    /// ``EpollEvent``). A timeout of -1 waits indefinitely, 0 returns at once. Returns the number of
    /// events; -EINTR when a signal interrupted the wait. Linux-only.
    @inlinable package static func epollWait(
        _ epfd: CInt,
        _ events: UnsafeMutableRawPointer,
        _ maxEvents: CInt,
        _ timeoutMilliseconds: CInt
    ) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        // No signal mask: the kernel reads neither the mask nor its size (the sixth argument).
        return call5(LinuxABI.SYS_epoll_pwait, Int(epfd), p(events), Int(maxEvents), Int(timeoutMilliseconds), 0)
        #else
        return cplatform_epoll_wait(epfd, events, maxEvents, timeoutMilliseconds)
        #endif
    }

    // MARK: - io_uring

    /// `io_uring_setup(entries, params)`: a new ring's descriptor. `params` is a zeroed
    /// `struct io_uring_params` (`LinuxABI.sizeof_io_uring_params` bytes) with the setup flags
    /// filled in; the kernel writes the ring offsets and features back into it. Linux-only.
    @inlinable package static func ioUringSetup(_ entries: UInt32, _ params: UnsafeMutableRawPointer) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_io_uring_setup, Int(entries), p(params))
        #else
        return cplatform_io_uring_setup(entries, params)
        #endif
    }

    /// `io_uring_enter(ringFD, toSubmit, minComplete, flags, arg, argSize)`: submits `toSubmit`
    /// queued entries and, with `IORING_ENTER_GETEVENTS`, waits for `minComplete` completions.
    /// `arg` is a signal mask, or with `IORING_ENTER_EXT_ARG` a `struct io_uring_getevents_arg`.
    /// Returns the number of entries submitted. Linux-only.
    @inlinable package static func ioUringEnter(
        _ ringFD: CInt,
        _ toSubmit: UInt32,
        _ minComplete: UInt32,
        _ flags: UInt32,
        _ arg: UnsafeRawPointer?,
        _ argSize: Int
    ) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        return call(
            LinuxABI.SYS_io_uring_enter,
            Int(ringFD),
            Int(toSubmit),
            Int(minComplete),
            Int(flags),
            p(arg),
            argSize
        )
        #else
        return cplatform_io_uring_enter(ringFD, toSubmit, minComplete, flags, arg, argSize)
        #endif
    }

    /// `io_uring_register(ringFD, opcode, arg, count)`: registers or unregisters a resource
    /// (`IORING_REGISTER_PBUF_RING`, ...). Linux-only.
    @inlinable package static func ioUringRegister(
        _ ringFD: CInt,
        _ opcode: UInt32,
        _ arg: UnsafeRawPointer?,
        _ count: UInt32
    ) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_io_uring_register, Int(ringFD), Int(opcode), p(arg), Int(count))
        #else
        return cplatform_io_uring_register(ringFD, opcode, arg, count)
        #endif
    }

    // MARK: - Mappings

    /// `mmap(NULL, length, prot, flags, fd, offset)`: the new mapping's address (as an `Int`), or
    /// -errno. User-space addresses are below 2^63 on every supported arch, so a mapping is never
    /// mistaken for an error. Linux-only.
    @inlinable package static func mmap(
        _ length: Int,
        _ prot: CInt,
        _ flags: CInt,
        _ fd: CInt,
        _ offset: Int
    ) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_mmap, 0, length, Int(prot), Int(flags), Int(fd), offset)
        #else
        return cplatform_mmap(length, prot, flags, fd, offset)
        #endif
    }

    /// `munmap(address, length)`. Linux-only.
    @inlinable package static func munmap(_ address: UnsafeMutableRawPointer, _ length: Int) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_munmap, p(address), length)
        #else
        return cplatform_munmap(address, length)
        #endif
    }

    // MARK: - Small files

    /// Reads up to `count` bytes from the start of the file at `path` (`openat(O_RDONLY |
    /// O_CLOEXEC)`, one `read`, `close`): the number of bytes read. For /proc and /sys values
    /// (`/proc/sys/kernel/io_uring_disabled`). Linux-only.
    package static func readFile(_ path: UnsafePointer<CChar>, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if !SOCK_LIBC_SYSCALLS
        // O_RDONLY is 0.
        let fd = call3(LinuxABI.SYS_openat, Int(LinuxABI.AT_FDCWD), p(path), Int(LinuxABI.O_CLOEXEC))
        if fd < 0 { return fd }
        defer { _ = call3(LinuxABI.SYS_close, fd) }
        return call3(LinuxABI.SYS_read, fd, p(buffer), count)
        #else
        return cplatform_read_file(path, buffer, count)
        #endif
    }

    // MARK: - Results

    /// An `io_uring_enter` result (``ioUringEnter(_:_:_:_:_:_:)``) as the number of entries the
    /// kernel consumed. A wait a signal interrupted (EINTR) counts as 0: the caller reaps and
    /// loops. A wait whose timeout expired before `minComplete` completions, with nothing
    /// submitted, throws `.timedOut` with errno ETIME. Anything else throws its `SocketError`
    /// (EBUSY: completions overflowed; reap them, then enter again).
    @inlinable package static func checkEnter(_ call: () -> Int) throws(SocketError) -> Int {
        let r = call()
        if _fastPath(r >= 0) { return r }
        if r == -Int(LinuxABI.EINTR) { return 0 }
        if r == -Int(LinuxABI.ETIME) {
            throw SocketError(.timedOut, errno: LinuxABI.ETIME, operation: .ioUringEnter)
        }
        throw SocketError(errno: errorNumber(of: r), operation: .ioUringEnter)
    }

    /// An io_uring completion's result (`cqe->res`: >= 0, or -errno) as a value, or the
    /// `SocketError` of `op` for its errno. No retry: the operation has completed.
    @inlinable package static func completionValue(_ res: Int32, _ op: SocketOperation) throws(SocketError) -> Int {
        if _fastPath(res >= 0) { return Int(res) }
        throw SocketError(errno: -res, operation: op)
    }

    /// The errno of an io_uring completion's result (`cqe->res`), 0 when it succeeded.
    @inlinable package static func completionErrno(_ res: Int32) -> CInt { res < 0 ? -res : 0 }
}

/// `struct epoll_event` entries in a raw buffer (the one ``Sys/epollWait(_:_:_:_:)`` fills), read
/// and written through the ABI table's layout: `{ events: UInt32, data: UInt64 }`, 12 bytes with
/// `data` at offset 4 on x86_64 (packed), 16 bytes with `data` at offset 8 elsewhere. Linux-only.
@usableFromInline
package enum EpollEvent {
    /// The size of one entry: `sizeof(struct epoll_event)`.
    @inlinable package static var size: Int { LinuxABI.sizeof_epoll_event }

    /// The `events` mask of entry `i`.
    @inlinable package static func events(_ base: UnsafeRawPointer, _ i: Int) -> UInt32 {
        base.loadUnaligned(fromByteOffset: i &* size &+ LinuxABI.offsetof_epoll_event_events, as: UInt32.self)
    }

    /// The `data` word of entry `i` (what `epoll_ctl` registered).
    @inlinable package static func data(_ base: UnsafeRawPointer, _ i: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: i &* size &+ LinuxABI.offsetof_epoll_event_data, as: UInt64.self)
    }

    /// Writes entry `i`.
    @inlinable package static func store(_ base: UnsafeMutableRawPointer, _ i: Int, events: UInt32, data: UInt64) {
        base.storeBytes(of: events, toByteOffset: i &* size &+ LinuxABI.offsetof_epoll_event_events, as: UInt32.self)
        base.storeBytes(of: data, toByteOffset: i &* size &+ LinuxABI.offsetof_epoll_event_data, as: UInt64.self)
    }
}
#endif
