import CPlatform

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The syscall seam, part 1: the only place in Sock that calls the kernel.
//
// Every function is declared once and returns the kernel's convention: a result >= 0, or -errno.
// On Linux the calls go straight to the inline-assembly entry point in CPlatform with the syscall
// numbers of the generated ABI table (no libc wrapper, no errno, no cancellation point).
// Elsewhere, or when built with `-DSOCK_LIBC_SYSCALLS` (the TSan build: TSan models descriptors
// through libc's interceptors), they call libc (or a CPlatform shim) and read errno at once.
//
// The flags that keep a process safe are added here and nowhere else, so no call site can forget
// them: `SOCK_NONBLOCK | SOCK_CLOEXEC` on every new descriptor (socket, socketpair, accept4; where
// the atomic flags do not exist, CPlatform sets them with fcntl, and sets `SO_NOSIGPIPE` on
// Darwin), `MSG_NOSIGNAL` on every send, `MSG_CMSG_CLOEXEC` on every recvmsg/recvmmsg.
//
// Results are interpreted only in this folder: `Sys.check` (SyscallResult.swift) turns one into a
// value or a `SocketError`, and the I/O policy (IOPolicy.swift) retries, waits or throws.

@usableFromInline
package enum Sys {
    /// Whether this build calls the kernel directly (true) or through libc (false).
    @inlinable package static var isRaw: Bool {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return true
        #else
        return false
        #endif
    }

    /// The flags every new descriptor gets (where the platform has them atomically).
    @inlinable package static var newDescriptorFlags: CInt { SC.SOCK_NONBLOCK | SC.SOCK_CLOEXEC }

    /// The flags every send gets.
    @inlinable package static var sendFlags: CInt { SC.MSG_NOSIGNAL }

    /// The flags every recvmsg/recvmmsg gets.
    @inlinable package static var receiveMessageFlags: CInt { SC.MSG_CMSG_CLOEXEC }

    #if os(Linux) && !SOCK_LIBC_SYSCALLS
    @inlinable @inline(__always)
    static func call(
        _ nr: Int,
        _ a1: Int = 0,
        _ a2: Int = 0,
        _ a3: Int = 0,
        _ a4: Int = 0,
        _ a5: Int = 0,
        _ a6: Int = 0
    ) -> Int {
        cplatform_syscall6(nr, a1, a2, a3, a4, a5, a6)
    }

    /// Three arguments or fewer: the registers for a4...a6 are left alone.
    @inlinable @inline(__always)
    static func call3(_ nr: Int, _ a1: Int, _ a2: Int = 0, _ a3: Int = 0) -> Int {
        cplatform_syscall3(nr, a1, a2, a3)
    }

    /// Five arguments: the register for a6 is left alone.
    @inlinable @inline(__always)
    static func call5(_ nr: Int, _ a1: Int, _ a2: Int, _ a3: Int, _ a4: Int, _ a5: Int) -> Int {
        cplatform_syscall5(nr, a1, a2, a3, a4, a5)
    }

    @inlinable @inline(__always)
    static func p(_ ptr: UnsafeRawPointer?) -> Int { Int(bitPattern: ptr) }
    #else
    /// A libc result as the kernel convention (errno read at once).
    @inlinable @inline(__always)
    static func r(_ result: Int) -> Int { result < 0 ? -Int(errno) : result }
    @inlinable @inline(__always)
    static func r(_ result: CInt) -> Int { result < 0 ? -Int(errno) : Int(result) }
    #endif

    // MARK: - Descriptors

    /// `socket(2)`, non-blocking and close-on-exec (and `SO_NOSIGPIPE` on Darwin).
    @inlinable package static func socket(_ domain: CInt, _ type: CInt, _ proto: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_socket, Int(domain), Int(type | newDescriptorFlags), Int(proto))
        #else
        return cplatform_socket(domain, type, proto)
        #endif
    }

    /// `socketpair(2)`, both ends non-blocking and close-on-exec (and `SO_NOSIGPIPE` on Darwin).
    @inlinable package static func socketpair(
        _ domain: CInt,
        _ type: CInt,
        _ proto: CInt,
        _ fds: UnsafeMutablePointer<CInt>
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_socketpair, Int(domain), Int(type | newDescriptorFlags), Int(proto), p(fds))
        #else
        return cplatform_socketpair(domain, type, proto, fds)
        #endif
    }

    /// `accept4(2)`: the new descriptor is non-blocking and close-on-exec (and `SO_NOSIGPIPE` on
    /// Darwin, where CPlatform emulates it with `accept` and `fcntl`).
    @inlinable package static func accept(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>?,
        _ len: UnsafeMutablePointer<socklen_t>?
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_accept4, Int(fd), p(addr), p(len), Int(newDescriptorFlags))
        #else
        return cplatform_accept(fd, addr, len)
        #endif
    }

    @inlinable package static func close(_ fd: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_close, Int(fd))
        #else
        return r(libcClose(fd))
        #endif
    }

    /// `close` of a socket object's own descriptor (``NetSocket``'s deinit), made without libc's
    /// `close` symbol in the libc build: ThreadSanitizer models descriptors through libc's
    /// interceptors and cannot see that ARC orders a deinit after every operation on the object,
    /// so it would report the close as racing with the last reads.
    @inlinable package static func closeOwned(_ fd: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_close, Int(fd))
        #else
        return cplatform_close_untracked(fd)
        #endif
    }

    /// `dup3(old, new, O_CLOEXEC)`: `new` becomes a copy of `old`, and the file `new` referred to is
    /// released exactly as `close` would release it. Out of ThreadSanitizer's sight in the libc
    /// build, for the same reason as ``closeOwned(_:)``.
    @inlinable package static func dup3(_ old: CInt, _ new: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_dup3, Int(old), Int(new), Int(LinuxABI.O_CLOEXEC))
        #else
        return cplatform_dup3_untracked(old, new)
        #endif
    }

    /// The inert descriptor (see `InertDescriptor`): `open("/dev/null", O_PATH | O_CLOEXEC)` on
    /// Linux, on which every I/O and socket call fails with EBADF and `poll` reports POLLNVAL;
    /// `/dev/null` read-only elsewhere. No fallback: a directory would be a capability.
    package static func openInert() -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        let flags = Int(LinuxABI.O_PATH | LinuxABI.O_CLOEXEC)
        // String literals are NUL-terminated in a StaticString's storage; the path is absolute,
        // so the kernel ignores the directory descriptor.
        return call3(LinuxABI.SYS_openat, -1, p(("/dev/null" as StaticString).utf8Start), flags)
        #else
        return cplatform_open_inert()
        #endif
    }

    /// `statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO)` into `buffer` (`sizeof(struct
    /// statx)` bytes): the identity (device, inode) and type of an open descriptor. Linux-only;
    /// -ENOSYS elsewhere.
    package static func statxOfDescriptor(_ fd: CInt, _ buffer: UnsafeMutableRawPointer) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        let empty: StaticString = ""
        return call(
            LinuxABI.SYS_statx,
            Int(fd),
            p(empty.utf8Start),
            Int(LinuxABI.AT_EMPTY_PATH),
            Int(LinuxABI.STATX_TYPE | LinuxABI.STATX_INO),
            p(buffer)
        )
        #else
        return cplatform_statx_fd(fd, buffer)
        #endif
    }

    /// Sets the mode of the Unix socket file at `path` without following a symbolic link: opens
    /// the path itself (`openat(O_PATH | O_NOFOLLOW)`), checks that it is a socket (`statx`:
    /// -ELOOP for a symbolic link, -ENOTSOCK for anything else), then changes that file through
    /// its descriptor (`fchmodat` of `/proc/self/fd/N`, which names the opened inode, not a path
    /// someone could swap). Needs `/proc` (-ENOENT without it).
    package static func chmodSocketFile(_ path: UnsafePointer<CChar>, _ mode: UInt32) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        let flags = Int(LinuxABI.O_PATH | LinuxABI.O_NOFOLLOW | LinuxABI.O_CLOEXEC)
        let fd = call3(LinuxABI.SYS_openat, Int(LinuxABI.AT_FDCWD), p(path), flags)
        if fd < 0 { return fd }
        defer { _ = call3(LinuxABI.SYS_close, fd) }
        return withUnsafeTemporaryAllocation(byteCount: LinuxABI.sizeof_statx + 32, alignment: 8) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            let base = buffer.baseAddress!
            let r = statxOfDescriptor(CInt(fd), base)
            if r < 0 { return r }
            let type =
                UInt32(base.loadUnaligned(fromByteOffset: LinuxABI.offsetof_statx_stx_mode, as: UInt16.self))
                & UInt32(LinuxABI.S_IFMT)
            if type == UInt32(LinuxABI.S_IFLNK) { return -Int(LinuxABI.ELOOP) }
            if type != UInt32(LinuxABI.S_IFSOCK) { return -Int(LinuxABI.ENOTSOCK) }
            // "/proc/self/fd/N", NUL-terminated, after the statx area.
            let proc = base + LinuxABI.sizeof_statx
            var length = 0
            for byte in "/proc/self/fd/".utf8 {
                proc.storeBytes(of: byte, toByteOffset: length, as: UInt8.self)
                length += 1
            }
            var digits = 1
            var rest = fd / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            var value = fd
            for i in (0..<digits).reversed() {
                proc.storeBytes(of: UInt8(ascii: "0") + UInt8(value % 10), toByteOffset: length + i, as: UInt8.self)
                value /= 10
            }
            proc.storeBytes(of: 0, toByteOffset: length + digits, as: UInt8.self)
            return call(LinuxABI.SYS_fchmodat, Int(LinuxABI.AT_FDCWD), p(proc), Int(mode), 0)
        }
        #else
        return cplatform_chmod_socket_file(path, mode)
        #endif
    }

    /// Whether this thread is making an `async` operation's synchronous attempt (see
    /// `cplatform_no_wait`): waits for readiness report EAGAIN instead of blocking.
    @inlinable package static var noWait: Bool {
        get { cplatform_no_wait_get() != 0 }
        set { cplatform_no_wait_set(newValue ? 1 : 0) }
    }

    /// `eventfd2(0, EFD_CLOEXEC | EFD_NONBLOCK)`: a counter descriptor that `poll` reports
    /// readable once written. Linux-only; -ENOSYS elsewhere.
    package static func eventfd() -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_eventfd2, 0, Int(LinuxABI.O_CLOEXEC | LinuxABI.O_NONBLOCK))
        #else
        return cplatform_eventfd()
        #endif
    }

    /// `write(2)` of a machine word (an eventfd increment).
    package static func writeWord(_ fd: CInt, _ value: UInt64) -> Int {
        var value = value
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_write, Int(fd), p(&value), 8)
        #else
        return r(libcWrite(fd, &value, 8))
        #endif
    }

    @inlinable package static func fcntl(_ fd: CInt, _ cmd: CInt, _ arg: Int = 0) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_fcntl, Int(fd), Int(cmd), arg)
        #else
        return r(libcFcntl(fd, cmd, CInt(truncatingIfNeeded: arg)))
        #endif
    }

    // MARK: - Set-up

    @inlinable package static func bind(_ fd: CInt, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_bind, Int(fd), p(addr), Int(len))
        #else
        return r(libcBind(fd, addr, len))
        #endif
    }

    @inlinable package static func connect(_ fd: CInt, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_connect, Int(fd), p(addr), Int(len))
        #else
        return r(libcConnect(fd, addr, len))
        #endif
    }

    @inlinable package static func listen(_ fd: CInt, _ backlog: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_listen, Int(fd), Int(backlog))
        #else
        return r(libcListen(fd, backlog))
        #endif
    }

    @inlinable package static func shutdown(_ fd: CInt, _ how: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_shutdown, Int(fd), Int(how))
        #else
        return r(libcShutdown(fd, how))
        #endif
    }

    @inlinable package static func getsockname(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_getsockname, Int(fd), p(addr), p(len))
        #else
        return r(libcGetsockname(fd, addr, len))
        #endif
    }

    @inlinable package static func getpeername(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_getpeername, Int(fd), p(addr), p(len))
        #else
        return r(libcGetpeername(fd, addr, len))
        #endif
    }

    @inlinable package static func setsockopt(
        _ fd: CInt,
        _ level: CInt,
        _ name: CInt,
        _ value: UnsafeRawPointer?,
        _ len: socklen_t
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_setsockopt, Int(fd), Int(level), Int(name), p(value), Int(len))
        #else
        return r(libcSetsockopt(fd, level, name, value, len))
        #endif
    }

    @inlinable package static func getsockopt(
        _ fd: CInt,
        _ level: CInt,
        _ name: CInt,
        _ value: UnsafeMutableRawPointer?,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_getsockopt, Int(fd), Int(level), Int(name), p(value), p(len))
        #else
        return r(libcGetsockopt(fd, level, name, value, len))
        #endif
    }

    // MARK: - I/O

    @inlinable package static func read(_ fd: CInt, _ buf: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_read, Int(fd), p(buf), count)
        #else
        return r(libcRead(fd, buf, count))
        #endif
    }

    @inlinable package static func readv(_ fd: CInt, _ iov: UnsafePointer<iovec>?, _ count: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_readv, Int(fd), p(iov), Int(count))
        #else
        return r(libcReadv(fd, iov, count))
        #endif
    }

    /// `send(2)` (`sendto` with no address), with `MSG_NOSIGNAL`.
    @inlinable package static func send(_ fd: CInt, _ buf: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        // addr_len (the sixth register) is read only for a non-NULL address: left alone.
        return call5(LinuxABI.SYS_sendto, Int(fd), p(buf), count, Int(flags | sendFlags), 0)
        #else
        return r(libcSendto(fd, buf, count, flags | sendFlags, nil, 0))
        #endif
    }

    /// `sendto(2)`, with `MSG_NOSIGNAL`.
    @inlinable package static func sendto(
        _ fd: CInt,
        _ buf: UnsafeRawPointer?,
        _ count: Int,
        _ flags: CInt,
        _ addr: UnsafePointer<sockaddr>?,
        _ len: socklen_t
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_sendto, Int(fd), p(buf), count, Int(flags | sendFlags), p(addr), Int(len))
        #else
        return r(libcSendto(fd, buf, count, flags | sendFlags, addr, len))
        #endif
    }

    /// `recvfrom(2)`; `recv(2)` when `addr` is nil.
    @inlinable package static func recvfrom(
        _ fd: CInt,
        _ buf: UnsafeMutableRawPointer?,
        _ count: Int,
        _ flags: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>?,
        _ len: UnsafeMutablePointer<socklen_t>?
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_recvfrom, Int(fd), p(buf), count, Int(flags), p(addr), p(len))
        #else
        return r(libcRecvfrom(fd, buf, count, flags, addr, len))
        #endif
    }

    /// `sendmsg(2)`, with `MSG_NOSIGNAL`.
    @inlinable package static func sendmsg(_ fd: CInt, _ msg: UnsafePointer<msghdr>, _ flags: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_sendmsg, Int(fd), p(msg), Int(flags | sendFlags))
        #else
        return r(libcSendmsg(fd, msg, flags | sendFlags))
        #endif
    }

    /// `recvmsg(2)`, with `MSG_CMSG_CLOEXEC`.
    @inlinable package static func recvmsg(_ fd: CInt, _ msg: UnsafeMutablePointer<msghdr>, _ flags: CInt) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call3(LinuxABI.SYS_recvmsg, Int(fd), p(msg), Int(flags | receiveMessageFlags))
        #else
        return r(libcRecvmsg(fd, msg, flags | receiveMessageFlags))
        #endif
    }

    /// `sendmmsg(2)` (Linux), with `MSG_NOSIGNAL`.
    @inlinable package static func sendmmsg(
        _ fd: CInt,
        _ msgs: UnsafeMutablePointer<cplatform_mmsghdr>,
        _ count: CUnsignedInt,
        _ flags: CInt
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_sendmmsg, Int(fd), p(msgs), Int(count), Int(flags | sendFlags))
        #else
        return cplatform_sendmmsg(fd, msgs, count, flags | sendFlags)
        #endif
    }

    /// `recvmmsg(2)` (Linux), with `MSG_CMSG_CLOEXEC`.
    @inlinable package static func recvmmsg(
        _ fd: CInt,
        _ msgs: UnsafeMutablePointer<cplatform_mmsghdr>,
        _ count: CUnsignedInt,
        _ flags: CInt,
        _ timeout: UnsafeMutablePointer<timespec>?
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(
            LinuxABI.SYS_recvmmsg,
            Int(fd),
            p(msgs),
            Int(count),
            Int(flags | receiveMessageFlags),
            p(timeout)
        )
        #else
        return cplatform_recvmmsg(fd, msgs, count, flags | receiveMessageFlags, timeout)
        #endif
    }

    /// `ppoll(2)` without a signal mask (`poll` where there is no ppoll). The kernel may write the
    /// remaining time back into `timeout`.
    @inlinable package static func ppoll(
        _ fds: UnsafeMutablePointer<pollfd>,
        _ count: Int,
        _ timeout: UnsafeMutablePointer<timespec>?
    ) -> Int {
        #if os(Linux) && !SOCK_LIBC_SYSCALLS
        return call(LinuxABI.SYS_ppoll, p(fds), count, p(timeout), 0, 0)
        #else
        return cplatform_ppoll(fds, UInt(count), timeout)
        #endif
    }
}

#if !(os(Linux) && !SOCK_LIBC_SYSCALLS)
// Forwarders to libc: inside `Sys` the names would resolve to Sys's own members.
@usableFromInline func libcBind(_ fd: CInt, _ a: UnsafePointer<sockaddr>, _ l: socklen_t) -> CInt { bind(fd, a, l) }
@usableFromInline func libcConnect(_ fd: CInt, _ a: UnsafePointer<sockaddr>, _ l: socklen_t) -> CInt {
    connect(fd, a, l)
}
@usableFromInline func libcListen(_ fd: CInt, _ b: CInt) -> CInt { listen(fd, b) }
@usableFromInline func libcGetsockname(
    _ fd: CInt,
    _ a: UnsafeMutablePointer<sockaddr>,
    _ l: UnsafeMutablePointer<socklen_t>
) -> CInt { getsockname(fd, a, l) }
@usableFromInline func libcGetpeername(
    _ fd: CInt,
    _ a: UnsafeMutablePointer<sockaddr>,
    _ l: UnsafeMutablePointer<socklen_t>
) -> CInt { getpeername(fd, a, l) }
@usableFromInline func libcSetsockopt(
    _ fd: CInt,
    _ level: CInt,
    _ name: CInt,
    _ v: UnsafeRawPointer?,
    _ l: socklen_t
) -> CInt { setsockopt(fd, level, name, v, l) }
@usableFromInline func libcGetsockopt(
    _ fd: CInt,
    _ level: CInt,
    _ name: CInt,
    _ v: UnsafeMutableRawPointer?,
    _ l: UnsafeMutablePointer<socklen_t>
) -> CInt { getsockopt(fd, level, name, v, l) }
@usableFromInline func libcShutdown(_ fd: CInt, _ how: CInt) -> CInt { shutdown(fd, how) }
@usableFromInline func libcClose(_ fd: CInt) -> CInt { close(fd) }
@usableFromInline func libcRead(_ fd: CInt, _ b: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, b, n) }
@usableFromInline func libcReadv(_ fd: CInt, _ iov: UnsafePointer<iovec>?, _ n: CInt) -> Int { readv(fd, iov, n) }
@usableFromInline func libcSendto(
    _ fd: CInt,
    _ b: UnsafeRawPointer?,
    _ n: Int,
    _ f: CInt,
    _ a: UnsafePointer<sockaddr>?,
    _ l: socklen_t
) -> Int { sendto(fd, b, n, f, a, l) }
@usableFromInline func libcRecvfrom(
    _ fd: CInt,
    _ b: UnsafeMutableRawPointer?,
    _ n: Int,
    _ f: CInt,
    _ a: UnsafeMutablePointer<sockaddr>?,
    _ l: UnsafeMutablePointer<socklen_t>?
) -> Int { recvfrom(fd, b, n, f, a, l) }
@usableFromInline func libcSendmsg(_ fd: CInt, _ m: UnsafePointer<msghdr>, _ f: CInt) -> Int { sendmsg(fd, m, f) }
@usableFromInline func libcRecvmsg(_ fd: CInt, _ m: UnsafeMutablePointer<msghdr>, _ f: CInt) -> Int {
    recvmsg(fd, m, f)
}
@usableFromInline func libcFcntl(_ fd: CInt, _ cmd: CInt, _ arg: CInt) -> CInt { fcntl(fd, cmd, arg) }
@usableFromInline func libcWrite(_ fd: CInt, _ b: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, b, n) }
#endif
