import CPlatform

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The syscall seam: the only place in Sock that calls the kernel or sees a raw return code.
//
// Every function returns the kernel's convention: a result >= 0, or -errno. On Linux (x86_64,
// arm64, riscv64, loongarch64) the calls go straight to the inline-assembly entry point in
// CPlatform with the syscall numbers of the generated ABI table: no libc wrapper, no errno, no
// cancellation point. Everywhere else, or when built with `-DSOCK_LIBC_SYSCALLS` (the TSan build:
// TSan models descriptors through libc's interceptors), they call libc and read errno at once.
// Nothing above this file interprets return codes except through `SocketError(errno:operation:)`.

#if os(Linux) && (arch(x86_64) || arch(arm64) || arch(riscv64) || arch(loongarch64)) && !SOCK_LIBC_SYSCALLS

@usableFromInline
package enum Sys {
    /// Whether this build calls the kernel directly (true) or through libc (false).
    @inlinable package static var isRaw: Bool { true }

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

    @inlinable package static func socket(_ domain: CInt, _ type: CInt, _ proto: CInt) -> Int {
        call3(LinuxABI.SYS_socket, Int(domain), Int(type), Int(proto))
    }

    @inlinable package static func socketpair(
        _ domain: CInt,
        _ type: CInt,
        _ proto: CInt,
        _ fds: UnsafeMutablePointer<CInt>
    ) -> Int {
        call(LinuxABI.SYS_socketpair, Int(domain), Int(type), Int(proto), p(fds))
    }

    @inlinable package static func bind(_ fd: CInt, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int {
        call3(LinuxABI.SYS_bind, Int(fd), p(addr), Int(len))
    }

    @inlinable package static func connect(_ fd: CInt, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int {
        call3(LinuxABI.SYS_connect, Int(fd), p(addr), Int(len))
    }

    @inlinable package static func listen(_ fd: CInt, _ backlog: CInt) -> Int {
        call3(LinuxABI.SYS_listen, Int(fd), Int(backlog))
    }

    @inlinable package static func accept4(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>?,
        _ len: UnsafeMutablePointer<socklen_t>?,
        _ flags: CInt
    ) -> Int {
        call(LinuxABI.SYS_accept4, Int(fd), p(addr), p(len), Int(flags))
    }

    @inlinable package static func getsockname(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        call3(LinuxABI.SYS_getsockname, Int(fd), p(addr), p(len))
    }

    @inlinable package static func getpeername(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        call3(LinuxABI.SYS_getpeername, Int(fd), p(addr), p(len))
    }

    @inlinable package static func setsockopt(
        _ fd: CInt,
        _ level: CInt,
        _ name: CInt,
        _ value: UnsafeRawPointer?,
        _ len: socklen_t
    ) -> Int {
        call(LinuxABI.SYS_setsockopt, Int(fd), Int(level), Int(name), p(value), Int(len))
    }

    @inlinable package static func getsockopt(
        _ fd: CInt,
        _ level: CInt,
        _ name: CInt,
        _ value: UnsafeMutableRawPointer?,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        call(LinuxABI.SYS_getsockopt, Int(fd), Int(level), Int(name), p(value), p(len))
    }

    @inlinable package static func shutdown(_ fd: CInt, _ how: CInt) -> Int {
        call3(LinuxABI.SYS_shutdown, Int(fd), Int(how))
    }

    @inlinable package static func close(_ fd: CInt) -> Int {
        call3(LinuxABI.SYS_close, Int(fd))
    }

    /// `close` of a socket object's own descriptor (``NetSocket``'s deinit). The same as ``close(_:)``
    /// here; the libc build keeps it out of ThreadSanitizer's descriptor model (see there).
    @inlinable package static func closeOwned(_ fd: CInt) -> Int {
        call3(LinuxABI.SYS_close, Int(fd))
    }

    /// `dup3(old, new, O_CLOEXEC)`: `new` becomes a copy of `old`, and the file `new` referred to is
    /// released exactly as `close` would release it.
    @inlinable package static func dup3(_ old: CInt, _ new: CInt) -> Int {
        call3(LinuxABI.SYS_dup3, Int(old), Int(new), Int(LinuxABI.O_CLOEXEC))
    }

    /// `openat(_, "/dev/null", O_PATH | O_CLOEXEC)`: a descriptor on which every I/O and socket call
    /// fails with EBADF and `poll` reports POLLNVAL. `/dev/null` because an `O_PATH` descriptor of a
    /// directory would be a capability (a base for `openat`) if a closed socket's number were ever
    /// passed on with SCM_RIGHTS; `/` only where there is no `/dev/null` (a bare chroot). The
    /// paths are absolute, so the kernel ignores the directory descriptor.
    package static func openInert() -> Int {
        let flags = Int(LinuxABI.O_PATH | LinuxABI.O_CLOEXEC)
        // String literals are NUL-terminated in a StaticString's storage.
        let r = call3(LinuxABI.SYS_openat, -1, p(("/dev/null" as StaticString).utf8Start), flags)
        if r >= 0 { return r }
        return call3(LinuxABI.SYS_openat, -1, p(("/" as StaticString).utf8Start), flags)
    }

    @inlinable package static func read(_ fd: CInt, _ buf: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        call3(LinuxABI.SYS_read, Int(fd), p(buf), count)
    }

    @inlinable package static func readv(_ fd: CInt, _ iov: UnsafePointer<iovec>?, _ count: CInt) -> Int {
        call3(LinuxABI.SYS_readv, Int(fd), p(iov), Int(count))
    }

    @inlinable package static func sendto(
        _ fd: CInt,
        _ buf: UnsafeRawPointer?,
        _ count: Int,
        _ flags: CInt,
        _ addr: UnsafePointer<sockaddr>?,
        _ len: socklen_t
    ) -> Int {
        call(LinuxABI.SYS_sendto, Int(fd), p(buf), count, Int(flags), p(addr), Int(len))
    }

    /// `send(2)`: `sendto` with no address.
    @inlinable package static func send(_ fd: CInt, _ buf: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        // addr_len (the sixth register) is read only for a non-NULL address: left alone.
        call5(LinuxABI.SYS_sendto, Int(fd), p(buf), count, Int(flags), 0)
    }

    @inlinable package static func recvfrom(
        _ fd: CInt,
        _ buf: UnsafeMutableRawPointer?,
        _ count: Int,
        _ flags: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>?,
        _ len: UnsafeMutablePointer<socklen_t>?
    ) -> Int {
        call(LinuxABI.SYS_recvfrom, Int(fd), p(buf), count, Int(flags), p(addr), p(len))
    }

    @inlinable package static func sendmsg(_ fd: CInt, _ msg: UnsafePointer<msghdr>, _ flags: CInt) -> Int {
        call3(LinuxABI.SYS_sendmsg, Int(fd), p(msg), Int(flags))
    }

    @inlinable package static func recvmsg(_ fd: CInt, _ msg: UnsafeMutablePointer<msghdr>, _ flags: CInt) -> Int {
        call3(LinuxABI.SYS_recvmsg, Int(fd), p(msg), Int(flags))
    }

    @inlinable package static func sendmmsg(
        _ fd: CInt,
        _ msgs: UnsafeMutablePointer<cplatform_mmsghdr>,
        _ count: CUnsignedInt,
        _ flags: CInt
    ) -> Int {
        call(LinuxABI.SYS_sendmmsg, Int(fd), p(msgs), Int(count), Int(flags))
    }

    @inlinable package static func recvmmsg(
        _ fd: CInt,
        _ msgs: UnsafeMutablePointer<cplatform_mmsghdr>,
        _ count: CUnsignedInt,
        _ flags: CInt,
        _ timeout: UnsafeMutablePointer<timespec>?
    ) -> Int {
        call(LinuxABI.SYS_recvmmsg, Int(fd), p(msgs), Int(count), Int(flags), p(timeout))
    }

    @inlinable package static func fcntl(_ fd: CInt, _ cmd: CInt, _ arg: Int = 0) -> Int {
        call3(LinuxABI.SYS_fcntl, Int(fd), Int(cmd), arg)
    }

    /// ppoll without a signal mask. The kernel may write the remaining time back into `timeout`.
    @inlinable package static func ppoll(
        _ fds: UnsafeMutablePointer<pollfd>,
        _ count: Int,
        _ timeout: UnsafeMutablePointer<timespec>?
    ) -> Int {
        call(LinuxABI.SYS_ppoll, p(fds), count, p(timeout), 0, 0)
    }
}

#else

@usableFromInline
package enum Sys {
    /// Whether this build calls the kernel directly (true) or through libc (false).
    @inlinable package static var isRaw: Bool { false }

    @inlinable @inline(__always)
    static func r(_ result: Int) -> Int { result < 0 ? -Int(errno) : result }
    @inlinable @inline(__always)
    static func r(_ result: CInt) -> Int { result < 0 ? -Int(errno) : Int(result) }

    @inlinable package static func socket(_ domain: CInt, _ type: CInt, _ proto: CInt) -> Int {
        #if os(Linux) || os(FreeBSD)
        return r(libcSocket(domain, type, proto))
        #else
        // No SOCK_NONBLOCK/SOCK_CLOEXEC here: the caller's flags are applied with fcntl.
        let fd = libcSocket(domain, type, proto)
        if fd < 0 { return -Int(errno) }
        return Int(fd)
        #endif
    }

    @inlinable package static func socketpair(
        _ domain: CInt,
        _ type: CInt,
        _ proto: CInt,
        _ fds: UnsafeMutablePointer<CInt>
    ) -> Int {
        r(libcSocketpair(domain, type, proto, fds))
    }

    @inlinable package static func bind(_ fd: CInt, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int {
        r(libcBind(fd, addr, len))
    }

    @inlinable package static func connect(_ fd: CInt, _ addr: UnsafePointer<sockaddr>, _ len: socklen_t) -> Int {
        r(libcConnect(fd, addr, len))
    }

    @inlinable package static func listen(_ fd: CInt, _ backlog: CInt) -> Int {
        r(libcListen(fd, backlog))
    }

    @inlinable package static func accept4(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>?,
        _ len: UnsafeMutablePointer<socklen_t>?,
        _ flags: CInt
    ) -> Int {
        cplatform_accept4(fd, addr, len, flags)
    }

    @inlinable package static func getsockname(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        r(libcGetsockname(fd, addr, len))
    }

    @inlinable package static func getpeername(
        _ fd: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        r(libcGetpeername(fd, addr, len))
    }

    @inlinable package static func setsockopt(
        _ fd: CInt,
        _ level: CInt,
        _ name: CInt,
        _ value: UnsafeRawPointer?,
        _ len: socklen_t
    ) -> Int {
        r(libcSetsockopt(fd, level, name, value, len))
    }

    @inlinable package static func getsockopt(
        _ fd: CInt,
        _ level: CInt,
        _ name: CInt,
        _ value: UnsafeMutableRawPointer?,
        _ len: UnsafeMutablePointer<socklen_t>
    ) -> Int {
        r(libcGetsockopt(fd, level, name, value, len))
    }

    @inlinable package static func shutdown(_ fd: CInt, _ how: CInt) -> Int {
        r(libcShutdown(fd, how))
    }

    @inlinable package static func close(_ fd: CInt) -> Int {
        r(libcClose(fd))
    }

    /// `close` of a socket object's own descriptor (``NetSocket``'s deinit), made without libc's
    /// `close` symbol: ThreadSanitizer models descriptors through libc's interceptors and cannot see
    /// that ARC orders a deinit after every operation on the object, so it would report the close
    /// as racing with the last reads. On Linux it is the raw syscall; elsewhere plain `close`.
    @inlinable package static func closeOwned(_ fd: CInt) -> Int {
        cplatform_close_untracked(fd)
    }

    /// `dup3(old, new, O_CLOEXEC)` (`dup2` + FD_CLOEXEC where there is no dup3), out of
    /// ThreadSanitizer's sight for the same reason as ``closeOwned(_:)``.
    @inlinable package static func dup3(_ old: CInt, _ new: CInt) -> Int {
        cplatform_dup3_untracked(old, new)
    }

    /// The inert descriptor: `open("/dev/null", O_PATH | O_CLOEXEC)` on Linux (`/` where there is no
    /// `/dev/null`), `/dev/null` read-only elsewhere.
    package static func openInert() -> Int {
        cplatform_open_inert()
    }

    @inlinable package static func read(_ fd: CInt, _ buf: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        r(libcRead(fd, buf, count))
    }

    @inlinable package static func readv(_ fd: CInt, _ iov: UnsafePointer<iovec>?, _ count: CInt) -> Int {
        r(libcReadv(fd, iov, count))
    }

    @inlinable package static func sendto(
        _ fd: CInt,
        _ buf: UnsafeRawPointer?,
        _ count: Int,
        _ flags: CInt,
        _ addr: UnsafePointer<sockaddr>?,
        _ len: socklen_t
    ) -> Int {
        r(libcSendto(fd, buf, count, flags, addr, len))
    }

    /// `send(2)`: `sendto` with no address.
    @inlinable package static func send(_ fd: CInt, _ buf: UnsafeRawPointer?, _ count: Int, _ flags: CInt) -> Int {
        r(libcSendto(fd, buf, count, flags, nil, 0))
    }

    @inlinable package static func recvfrom(
        _ fd: CInt,
        _ buf: UnsafeMutableRawPointer?,
        _ count: Int,
        _ flags: CInt,
        _ addr: UnsafeMutablePointer<sockaddr>?,
        _ len: UnsafeMutablePointer<socklen_t>?
    ) -> Int {
        r(libcRecvfrom(fd, buf, count, flags, addr, len))
    }

    @inlinable package static func sendmsg(_ fd: CInt, _ msg: UnsafePointer<msghdr>, _ flags: CInt) -> Int {
        r(libcSendmsg(fd, msg, flags))
    }

    @inlinable package static func recvmsg(_ fd: CInt, _ msg: UnsafeMutablePointer<msghdr>, _ flags: CInt) -> Int {
        r(libcRecvmsg(fd, msg, flags))
    }

    @inlinable package static func sendmmsg(
        _ fd: CInt,
        _ msgs: UnsafeMutablePointer<cplatform_mmsghdr>,
        _ count: CUnsignedInt,
        _ flags: CInt
    ) -> Int {
        cplatform_sendmmsg(fd, msgs, count, flags)
    }

    @inlinable package static func recvmmsg(
        _ fd: CInt,
        _ msgs: UnsafeMutablePointer<cplatform_mmsghdr>,
        _ count: CUnsignedInt,
        _ flags: CInt,
        _ timeout: UnsafeMutablePointer<timespec>?
    ) -> Int {
        cplatform_recvmmsg(fd, msgs, count, flags, timeout)
    }

    @inlinable package static func fcntl(_ fd: CInt, _ cmd: CInt, _ arg: Int = 0) -> Int {
        r(libcFcntl(fd, cmd, CInt(truncatingIfNeeded: arg)))
    }

    @inlinable package static func ppoll(
        _ fds: UnsafeMutablePointer<pollfd>,
        _ count: Int,
        _ timeout: UnsafeMutablePointer<timespec>?
    ) -> Int {
        cplatform_ppoll(fds, UInt(count), timeout)
    }
}

// Top-level forwarders to libc: inside `Sys` the names would resolve to Sys's own members.
@usableFromInline func libcSocket(_ d: CInt, _ t: CInt, _ p: CInt) -> CInt { socket(d, t, p) }
@usableFromInline func libcSocketpair(_ d: CInt, _ t: CInt, _ p: CInt, _ fds: UnsafeMutablePointer<CInt>) -> CInt {
    socketpair(d, t, p, fds)
}
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

#endif
