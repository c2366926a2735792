/*
 * check.c: the cross-arch check program (freestanding, no libc).
 *
 *  1. Every row of the arch's ABI table against the arch's kernel headers (xt_rows.c, generated).
 *  2. Real syscalls through CPlatform's raw entry points: through the inline asm
 *     (cplatform_syscall6), the out-of-line function (cplatform_syscall6_outofline), and the
 *     three-argument inline form (cplatform_syscall3) for every call that fits it, and the
 *     five-argument form (cplatform_syscall5) for sendto with a NULL address (Sock's send).
 *  3. The parking of a closed socket's number (NetSocket.close): openat(O_PATH) of /dev/null, dup3 over
 *     a socket, then read/sendto/getsockopt fail with EBADF and ppoll reports POLLNVAL.
 *  4. The event-loop seam: an epoll set (struct epoll_event from the table: packed on x86_64) and
 *     an anonymous mapping.
 *     Every syscall number, constant and struct layout used here comes from the TABLE
 *     (xt_table.h, generated): a wrong table makes a real syscall fail.
 *
 * Usage: check [-v]     exit status 0 = PASS. Prints one summary line; -v prints every check.
 */
#include "cplatform_syscall.h"
#include "rt.h"
#include "xt_rows.h"
#include "xt_table.h"

static int verbose, mode, fails, checks;
static const char *const mode_name[3] = { "inline", "out-of-line", "inline-3/5-arg" };

/* The syscalls whose kernel entry takes three arguments or fewer: Sock calls exactly these through
 * cplatform_syscall3 (the others read a4..a6, which the 3-argument form leaves as garbage). */
static int takes_three_or_fewer(long nr) {
    return nr == XT_SYS_socket || nr == XT_SYS_bind || nr == XT_SYS_connect || nr == XT_SYS_listen ||
           nr == XT_SYS_getsockname || nr == XT_SYS_getpeername || nr == XT_SYS_shutdown ||
           nr == XT_SYS_close || nr == XT_SYS_read || nr == XT_SYS_readv || nr == XT_SYS_sendmsg ||
           nr == XT_SYS_recvmsg || nr == XT_SYS_fcntl || nr == XT_SYS_write || nr == XT_SYS_writev;
}

static long sys6(long nr, long a, long b, long c, long d, long e, long f) {
    /* Mode 2 routes every call to a syscall of arity <= 3 through cplatform_syscall3. */
    if (mode == 2 && takes_three_or_fewer(nr)) return cplatform_syscall3(nr, a, b, c);
    /* ...and sendto with a NULL address through cplatform_syscall5 (a6, addr_len, left as garbage). */
    if (mode == 2 && nr == XT_SYS_sendto && e == 0) return cplatform_syscall5(nr, a, b, c, d, e);
    /* ...and epoll_pwait with a NULL signal mask (a6, the mask's size, left as garbage), as Sock. */
    if (mode == 2 && nr == XT_SYS_epoll_pwait && e == 0) return cplatform_syscall5(nr, a, b, c, d, e);
    return mode == 1 ? cplatform_syscall6_outofline(nr, a, b, c, d, e, f) : cplatform_syscall6(nr, a, b, c, d, e, f);
}
#define S(nr, a, b, c, d, e, f) \
    sys6((long)(nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

static int check(const char *what, long got, long want) {
    checks++;
    if (got == want) {
        if (verbose) {
            xt_out("  ok   ["); xt_out(mode_name[mode]); xt_out("] "); xt_out(what);
            xt_out(" = "); xt_out_long(got); xt_out("\n");
        }
        return 1;
    }
    fails++;
    xt_out("  FAIL ["); xt_out(mode_name[mode]); xt_out("] "); xt_out(what); xt_out(" = ");
    xt_out_long(got); xt_out(" (want "); xt_out_long(want); xt_out(")\n");
    return 0;
}

/* Little-endian field access by (offset, size) from the table; all four arches are LE. */
static void put(void *base, long off, long size, unsigned long v) {
    unsigned char *p = (unsigned char *)base + off;
    for (long i = 0; i < size; i++, v >>= 8) p[i] = (unsigned char)v;
}
static unsigned long get(const void *base, long off, long size) {
    const unsigned char *p = (const unsigned char *)base + off;
    unsigned long v = 0;
    for (long i = size - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
#define PUT(buf, rec, field, v) put(buf, XT_OFFSETOF_##rec##_##field, XT_FIELDSIZE_##rec##_##field, (unsigned long)(v))
#define GET(buf, rec, field) get(buf, XT_OFFSETOF_##rec##_##field, XT_FIELDSIZE_##rec##_##field)

/* Buffers sized by the table, aligned for any of the records. */
#define REC(name, rec) _Alignas(16) unsigned char name[XT_SIZEOF_##rec]; memset(name, 0, sizeof name)

static int eq(const void *a, const void *b, unsigned long n) { return memcmp(a, b, n) == 0; }

static void set_iov(unsigned char *iov, const void *base, unsigned long len) {
    PUT(iov, iovec, iov_base, base);
    PUT(iov, iovec, iov_len, len);
}

static void set_msg(unsigned char *mh, void *name, long namelen, unsigned char *iov, long iovlen,
                    void *control, long controllen) {
    memset(mh, 0, XT_SIZEOF_msghdr);
    PUT(mh, msghdr, msg_name, name);
    PUT(mh, msghdr, msg_namelen, namelen);
    PUT(mh, msghdr, msg_iov, iov);
    PUT(mh, msghdr, msg_iovlen, iovlen);
    PUT(mh, msghdr, msg_control, control);
    PUT(mh, msghdr, msg_controllen, controllen);
}

/* 127.0.0.1, port 0 (the port is in network byte order; both are kept as raw bytes) */
static void set_loopback(unsigned char *sin) {
    memset(sin, 0, XT_SIZEOF_sockaddr_in);
    PUT(sin, sockaddr_in, sin_family, XT_AF_INET);
    static const unsigned char lo[4] = { 127, 0, 0, 1 };
    memcpy(sin + XT_OFFSETOF_sockaddr_in_sin_addr, lo, 4);
}
static unsigned long port_of(const unsigned char *sin) { return GET(sin, sockaddr_in, sin_port); }

/* ppoll on one fd for `events`, up to 5 s; returns revents (or a negative errno). */
struct xt_pollfd { int fd; short events, revents; }; /* asm-generic/poll.h; not a table record */
static long wait_for(int fd, long events) {
    if (fd < 0) return -XT_EBADF; /* an earlier failure: do not wait 5 s for nothing */
    struct xt_pollfd p = { fd, (short)events, 0 };
    REC(ts, __kernel_timespec);
    PUT(ts, __kernel_timespec, tv_sec, 5);
    long r = S(XT_SYS_ppoll, &p, 1, ts, 0, 8, 0);
    return r < 0 ? r : p.revents;
}

static long getopt_int(int fd, long level, long name, long *value) {
    int v = -12345;
    unsigned len = sizeof v;
    long r = S(XT_SYS_getsockopt, fd, level, name, &v, &len, 0);
    *value = v;
    return r < 0 ? r : (long)len;
}

/* ------------------------------------------------------------------ the checks */

/* NetSocket.close parks the number: dup3 of an O_PATH descriptor over the socket. Every call Sock
 * makes on the number afterwards must fail with EBADF, and ppoll must report POLLNVAL at once. */
static void inert_parking(void) {
    int sv[2] = { -1, -1 };
    char buf[16];
    check("socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC) [to park]",
          S(XT_SYS_socketpair, XT_AF_UNIX, XT_SOCK_STREAM | XT_SOCK_CLOEXEC, 0, sv, 0, 0), 0);
    long inert = S(XT_SYS_openat, -1, "/dev/null", XT_O_PATH | XT_O_CLOEXEC, 0, 0, 0);
    check("openat(\"/dev/null\", O_PATH|O_CLOEXEC) >= 0", inert >= 0, 1);
    check("dup3(inert, socket, O_CLOEXEC)", S(XT_SYS_dup3, inert, sv[0], XT_O_CLOEXEC, 0, 0, 0), sv[0]);
    check("  peer reads end of stream (socket released)", S(XT_SYS_read, sv[1], buf, sizeof buf, 0, 0, 0), 0);
    check("  read(parked) [-EBADF]", S(XT_SYS_read, sv[0], buf, sizeof buf, 0, 0, 0), -XT_EBADF);
    check("  read(parked, 0 bytes) [-EBADF]", S(XT_SYS_read, sv[0], buf, 0, 0, 0, 0), -XT_EBADF);
    check("  sendto(parked) [-EBADF]", S(XT_SYS_sendto, sv[0], "x", 1, XT_MSG_NOSIGNAL, 0, 0), -XT_EBADF);
    long v;
    check("  getsockopt(parked) [-EBADF]", getopt_int(sv[0], XT_SOL_SOCKET, XT_SO_TYPE, &v), -XT_EBADF);
    check("  fcntl(F_GETFD) [FD_CLOEXEC]", S(XT_SYS_fcntl, sv[0], XT_F_GETFD, 0, 0, 0, 0), XT_FD_CLOEXEC);
    check("  ppoll(parked) [POLLNVAL]", wait_for(sv[0], XT_POLLIN), XT_POLLNVAL);
    check("close(parked)", S(XT_SYS_close, sv[0], 0, 0, 0, 0, 0), 0);
    check("close(inert)", S(XT_SYS_close, inert, 0, 0, 0, 0, 0), 0);
    check("close(peer)", S(XT_SYS_close, sv[1], 0, 0, 0, 0, 0), 0);
}

static void errors(void) {
    check("close(-1) [-EBADF]", S(XT_SYS_close, -1, 0, 0, 0, 0, 0), -XT_EBADF);
    check("syscall 1000 [-ENOSYS]", S(1000, 0, 0, 0, 0, 0, 0), -XT_ENOSYS);
    check("getpid() > 0", S(XT_SYS_getpid, 0, 0, 0, 0, 0, 0) > 0, 1);
}

/* A 3 s receive timeout (struct timeval laid out by the table): a blocking receive that a broken
 * table leaves without data fails instead of hanging the check. */
static void bound_receives(int fd) {
    REC(tv, timeval);
    PUT(tv, timeval, tv_sec, 3);
    check("  setsockopt(SO_RCVTIMEO, 3 s)", S(XT_SYS_setsockopt, fd, XT_SOL_SOCKET, XT_SO_RCVTIMEO, tv, XT_SIZEOF_timeval, 0), 0);
}

static void unix_datagram(void) {
    int sv[2] = { -1, -1 };
    long v, r;
    check("socketpair(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC)",
          S(XT_SYS_socketpair, XT_AF_UNIX, XT_SOCK_DGRAM | XT_SOCK_CLOEXEC, 0, sv, 0, 0), 0);
    bound_receives(sv[1]);
    check("fcntl(F_GETFD) [FD_CLOEXEC]", S(XT_SYS_fcntl, sv[0], XT_F_GETFD, 0, 0, 0, 0), XT_FD_CLOEXEC);
    check("getsockopt(SO_TYPE) len", getopt_int(sv[0], XT_SOL_SOCKET, XT_SO_TYPE, &v), 4);
    check("  SO_TYPE [SOCK_DGRAM]", v, XT_SOCK_DGRAM);
    getopt_int(sv[0], XT_SOL_SOCKET, XT_SO_DOMAIN, &v);
    check("  SO_DOMAIN [AF_UNIX]", v, XT_AF_UNIX);

    static const char msg[] = "hello over raw syscalls";
    const long n = (long)sizeof msg - 1;
    char buf[128];
    check("sendto(MSG_NOSIGNAL)", S(XT_SYS_sendto, sv[0], msg, n, XT_MSG_NOSIGNAL, 0, 0), n);
    memset(buf, 0, sizeof buf);
    r = S(XT_SYS_recvfrom, sv[1], buf, sizeof buf, 0, 0, 0);
    check("recvfrom", r, n);
    check("  payload equal", r == n && eq(buf, msg, (unsigned long)n), 1);
    check("recvfrom(MSG_DONTWAIT) empty [-EAGAIN]", S(XT_SYS_recvfrom, sv[1], buf, sizeof buf, XT_MSG_DONTWAIT, 0, 0),
          -XT_EAGAIN);

    check("write", S(XT_SYS_write, sv[0], "0123456789", 10, 0, 0, 0), 10);
    check("recvfrom(MSG_PEEK)", S(XT_SYS_recvfrom, sv[1], buf, 4, XT_MSG_PEEK, 0, 0), 4);
    check("recvfrom(MSG_TRUNC) [full length]", S(XT_SYS_recvfrom, sv[1], buf, 4, XT_MSG_TRUNC, 0, 0), 10);
    check("write", S(XT_SYS_write, sv[0], "xyz", 3, 0, 0, 0), 3);
    memset(buf, 0, sizeof buf);
    check("read", S(XT_SYS_read, sv[1], buf, sizeof buf, 0, 0, 0), 3);
    check("  payload equal", eq(buf, "xyz", 3), 1);

    /* writev/readv: two iovecs each way, laid out by the table */
    _Alignas(16) unsigned char iov[2 * XT_SIZEOF_iovec];
    char b1[3], b2[16];
    set_iov(iov, "abc", 3);
    set_iov(iov + XT_SIZEOF_iovec, "defgh", 5);
    check("writev(2 iovecs)", S(XT_SYS_writev, sv[0], iov, 2, 0, 0, 0), 8);
    set_iov(iov, b1, sizeof b1);
    set_iov(iov + XT_SIZEOF_iovec, b2, sizeof b2);
    check("readv(2 iovecs)", S(XT_SYS_readv, sv[1], iov, 2, 0, 0, 0), 8);
    check("  split over the iovecs", eq(b1, "abc", 3) && eq(b2, "defgh", 5), 1);

    /* sendmmsg/recvmmsg: 3 messages, mmsghdr/msghdr/iovec laid out by the table */
    static const char *const m[3] = { "first", "second-message", "3rd" };
    static const long ml[3] = { 5, 14, 3 };
    _Alignas(16) unsigned char mm[4 * XT_SIZEOF_mmsghdr], siov[3 * XT_SIZEOF_iovec], riov[4 * XT_SIZEOF_iovec];
    char rb[4][32];
    for (int i = 0; i < 3; i++) {
        set_iov(siov + i * XT_SIZEOF_iovec, m[i], (unsigned long)ml[i]);
        set_msg(mm + i * XT_SIZEOF_mmsghdr + XT_OFFSETOF_mmsghdr_msg_hdr, 0, 0, siov + i * XT_SIZEOF_iovec, 1, 0, 0);
        PUT(mm + i * XT_SIZEOF_mmsghdr, mmsghdr, msg_len, 0);
    }
    check("sendmmsg(3 messages)", S(XT_SYS_sendmmsg, sv[0], mm, 3, 0, 0, 0), 3);
    for (int i = 0; i < 3; i++) check("  msg_len (sent)", (long)GET(mm + i * XT_SIZEOF_mmsghdr, mmsghdr, msg_len), ml[i]);
    memset(rb, 0, sizeof rb);
    for (int i = 0; i < 4; i++) {
        set_iov(riov + i * XT_SIZEOF_iovec, rb[i], sizeof rb[i]);
        set_msg(mm + i * XT_SIZEOF_mmsghdr + XT_OFFSETOF_mmsghdr_msg_hdr, 0, 0, riov + i * XT_SIZEOF_iovec, 1, 0, 0);
        PUT(mm + i * XT_SIZEOF_mmsghdr, mmsghdr, msg_len, 0xdead);
    }
    check("recvmmsg(4 slots, MSG_DONTWAIT)", S(XT_SYS_recvmmsg, sv[1], mm, 4, XT_MSG_DONTWAIT, 0, 0), 3);
    for (int i = 0; i < 3; i++) {
        check("  msg_len (received)", (long)GET(mm + i * XT_SIZEOF_mmsghdr, mmsghdr, msg_len), ml[i]);
        check("  payload equal", eq(rb[i], m[i], (unsigned long)ml[i]), 1);
    }
    check("  4th slot untouched", (long)GET(mm + 3 * XT_SIZEOF_mmsghdr, mmsghdr, msg_len), 0xdead);

    check("close", S(XT_SYS_close, sv[0], 0, 0, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, sv[1], 0, 0, 0, 0, 0), 0);
}

static void unix_stream_fds(void) {
    int sv[2] = { -1, -1 }, p[2] = { -1, -1 };
    long pid = S(XT_SYS_getpid, 0, 0, 0, 0, 0, 0);
    check("socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC)",
          S(XT_SYS_socketpair, XT_AF_UNIX, XT_SOCK_STREAM | XT_SOCK_CLOEXEC, 0, sv, 0, 0), 0);
    bound_receives(sv[1]);

    /* SO_PEERCRED fills a struct ucred (layout from the table) */
    REC(cred, ucred);
    unsigned clen = XT_SIZEOF_ucred;
    check("getsockopt(SO_PEERCRED)", S(XT_SYS_getsockopt, sv[0], XT_SOL_SOCKET, XT_SO_PEERCRED, cred, &clen, 0), 0);
    check("  optlen [sizeof ucred]", clen, XT_SIZEOF_ucred);
    check("  ucred.pid == getpid()", (long)GET(cred, ucred, pid), pid);

    /* SCM_RIGHTS: pass a pipe's write end, cmsghdr laid out by the table */
    check("pipe2(O_CLOEXEC|O_NONBLOCK)", S(XT_SYS_pipe2, p, XT_O_CLOEXEC | XT_O_NONBLOCK, 0, 0, 0, 0), 0);
    const long align = (long)sizeof(long); /* CMSG_ALIGN */
    const long hdr = (XT_SIZEOF_cmsghdr + align - 1) & ~(align - 1);
    const long space = hdr + ((4 + align - 1) & ~(align - 1)); /* CMSG_SPACE(sizeof(int)) */
    _Alignas(16) unsigned char ctl[64], mh[XT_SIZEOF_msghdr], iov[XT_SIZEOF_iovec];
    memset(ctl, 0, sizeof ctl);
    PUT(ctl, cmsghdr, cmsg_len, hdr + 4);
    PUT(ctl, cmsghdr, cmsg_level, XT_SOL_SOCKET);
    PUT(ctl, cmsghdr, cmsg_type, XT_SCM_RIGHTS);
    memcpy(ctl + hdr, &p[1], 4);
    set_iov(iov, "!", 1);
    set_msg(mh, 0, 0, iov, 1, ctl, space);
    check("sendmsg(SCM_RIGHTS)", S(XT_SYS_sendmsg, sv[0], mh, XT_MSG_NOSIGNAL, 0, 0, 0), 1);
    char c = 0;
    memset(ctl, 0, sizeof ctl);
    set_iov(iov, &c, 1);
    set_msg(mh, 0, 0, iov, 1, ctl, sizeof ctl);
    check("recvmsg(MSG_CMSG_CLOEXEC)", S(XT_SYS_recvmsg, sv[1], mh, XT_MSG_CMSG_CLOEXEC, 0, 0, 0), 1);
    check("  msg_controllen", (long)GET(mh, msghdr, msg_controllen), space);
    check("  cmsg_len", (long)GET(ctl, cmsghdr, cmsg_len), hdr + 4);
    check("  cmsg_level [SOL_SOCKET]", (long)GET(ctl, cmsghdr, cmsg_level), XT_SOL_SOCKET);
    check("  cmsg_type [SCM_RIGHTS]", (long)GET(ctl, cmsghdr, cmsg_type), XT_SCM_RIGHTS);
    int fd = -1;
    memcpy(&fd, ctl + hdr, 4);
    check("  received fd has FD_CLOEXEC", S(XT_SYS_fcntl, fd, XT_F_GETFD, 0, 0, 0, 0), XT_FD_CLOEXEC);
    check("  write through the received fd", S(XT_SYS_write, fd, "p", 1, 0, 0, 0), 1);
    c = 0;
    check("  read from the pipe", S(XT_SYS_read, p[0], &c, 1, 0, 0, 0), 1);
    check("  byte equal", c, 'p');

    /* dup, dup3, eventfd2 */
    long d = S(XT_SYS_dup, p[0], 0, 0, 0, 0, 0);
    check("dup >= 0", d >= 0, 1);
    check("dup3(O_CLOEXEC)", S(XT_SYS_dup3, p[1], d, XT_O_CLOEXEC, 0, 0, 0), d);
    check("  F_GETFD [FD_CLOEXEC]", S(XT_SYS_fcntl, d, XT_F_GETFD, 0, 0, 0, 0), XT_FD_CLOEXEC);
    long e = S(XT_SYS_eventfd2, 5, XT_O_NONBLOCK, 0, 0, 0, 0); /* EFD_NONBLOCK == O_NONBLOCK */
    check("eventfd2 >= 0", e >= 0, 1);
    unsigned long ev = 0;
    check("  read counter", S(XT_SYS_read, e, &ev, 8, 0, 0, 0), 8);
    check("  counter value", (long)ev, 5);
    int fds[6] = { sv[0], sv[1], p[0], p[1], fd, (int)d };
    for (int i = 0; i < 6; i++) check("close", S(XT_SYS_close, fds[i], 0, 0, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, e, 0, 0, 0, 0, 0), 0);
}

static void udp_loopback(void) {
    static const char msg[] = "udp over loopback";
    const long n = (long)sizeof msg - 1;
    char buf[64];
    long v;
    long s = S(XT_SYS_socket, XT_AF_INET, XT_SOCK_DGRAM | XT_SOCK_NONBLOCK | XT_SOCK_CLOEXEC, XT_IPPROTO_UDP, 0, 0, 0);
    check("socket(AF_INET, SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC, IPPROTO_UDP) >= 0", s >= 0, 1);
    check("fcntl(F_GETFL) has O_NONBLOCK", S(XT_SYS_fcntl, s, XT_F_GETFL, 0, 0, 0, 0) & XT_O_NONBLOCK, XT_O_NONBLOCK);
    getopt_int((int)s, XT_SOL_SOCKET, XT_SO_PROTOCOL, &v);
    check("  SO_PROTOCOL [IPPROTO_UDP]", v, XT_IPPROTO_UDP);
    bound_receives((int)s);
    REC(a, sockaddr_in);
    set_loopback(a);
    check("bind(127.0.0.1:0)", S(XT_SYS_bind, s, a, XT_SIZEOF_sockaddr_in, 0, 0, 0), 0);
    unsigned alen = XT_SIZEOF_sockaddr_in;
    check("getsockname", S(XT_SYS_getsockname, s, a, &alen, 0, 0, 0), 0);
    check("  addrlen [sizeof sockaddr_in]", alen, XT_SIZEOF_sockaddr_in);
    check("  sin_family [AF_INET]", (long)GET(a, sockaddr_in, sin_family), XT_AF_INET);
    check("  port assigned", port_of(a) != 0, 1);
    check("sendto(fd, buf, len, flags, addr, addrlen) [6 args]", S(XT_SYS_sendto, s, msg, n, 0, a, XT_SIZEOF_sockaddr_in), n);
    REC(from, sockaddr_in);
    unsigned flen = XT_SIZEOF_sockaddr_in;
    memset(buf, 0, sizeof buf);
    check("recvfrom(fd, buf, len, flags, &from, &fromlen) [6 args]", S(XT_SYS_recvfrom, s, buf, sizeof buf, 0, from, &flen), n);
    check("  payload equal", eq(buf, msg, (unsigned long)n), 1);
    check("  fromlen", flen, XT_SIZEOF_sockaddr_in);
    check("  from port == own port", port_of(from) == port_of(a), 1);
    check("recvfrom empty non-blocking [-EAGAIN]", S(XT_SYS_recvfrom, s, buf, sizeof buf, 0, 0, 0), -XT_EAGAIN);
    check("close", S(XT_SYS_close, s, 0, 0, 0, 0, 0), 0);
}

static void tcp_loopback(void) {
    const long flags = XT_SOCK_STREAM | XT_SOCK_NONBLOCK | XT_SOCK_CLOEXEC;
    long l = S(XT_SYS_socket, XT_AF_INET, flags, XT_IPPROTO_TCP, 0, 0, 0);
    long c = S(XT_SYS_socket, XT_AF_INET, flags, 0, 0, 0, 0);
    check("socket(AF_INET, SOCK_STREAM...) x2", l >= 0 && c >= 0, 1);
    bound_receives((int)l); /* accept too */
    bound_receives((int)c);
    int one = 1;
    long v;
    check("setsockopt(SO_REUSEADDR)", S(XT_SYS_setsockopt, l, XT_SOL_SOCKET, XT_SO_REUSEADDR, &one, 4, 0), 0);
    REC(lin, linger);
    PUT(lin, linger, l_onoff, 1);
    PUT(lin, linger, l_linger, 7);
    check("setsockopt(SO_LINGER)", S(XT_SYS_setsockopt, l, XT_SOL_SOCKET, XT_SO_LINGER, lin, XT_SIZEOF_linger, 0), 0);
    memset(lin, 0, sizeof lin);
    unsigned llen = XT_SIZEOF_linger;
    check("getsockopt(SO_LINGER)", S(XT_SYS_getsockopt, l, XT_SOL_SOCKET, XT_SO_LINGER, lin, &llen, 0), 0);
    check("  l_onoff set", GET(lin, linger, l_onoff) != 0, 1);
    check("  l_linger", (long)GET(lin, linger, l_linger), 7);

    REC(a, sockaddr_in);
    set_loopback(a);
    check("bind(127.0.0.1:0)", S(XT_SYS_bind, l, a, XT_SIZEOF_sockaddr_in, 0, 0, 0), 0);
    check("listen", S(XT_SYS_listen, l, 8, 0, 0, 0, 0), 0);
    unsigned alen = XT_SIZEOF_sockaddr_in;
    check("getsockname", S(XT_SYS_getsockname, l, a, &alen, 0, 0, 0), 0);
    long r = S(XT_SYS_connect, c, a, XT_SIZEOF_sockaddr_in, 0, 0, 0);
    check("connect [0 or -EINPROGRESS]", r == 0 || r == -XT_EINPROGRESS, 1);
    check("ppoll(listener, POLLIN)", wait_for((int)l, XT_POLLIN) & XT_POLLIN, XT_POLLIN);
    REC(peer, sockaddr_in);
    unsigned plen = XT_SIZEOF_sockaddr_in;
    long s = S(XT_SYS_accept4, l, peer, &plen, XT_SOCK_CLOEXEC | XT_SOCK_NONBLOCK, 0, 0);
    check("accept4(SOCK_CLOEXEC|SOCK_NONBLOCK) >= 0", s >= 0, 1);
    check("  addrlen", plen, XT_SIZEOF_sockaddr_in);
    bound_receives((int)s);
    check("  F_GETFD [FD_CLOEXEC]", S(XT_SYS_fcntl, s, XT_F_GETFD, 0, 0, 0, 0), XT_FD_CLOEXEC);
    check("ppoll(client, POLLOUT)", wait_for((int)c, XT_POLLOUT) & XT_POLLOUT, XT_POLLOUT);
    getopt_int((int)c, XT_SOL_SOCKET, XT_SO_ERROR, &v);
    check("  SO_ERROR", v, 0);
    REC(mine, sockaddr_in);
    alen = XT_SIZEOF_sockaddr_in;
    check("getsockname(client)", S(XT_SYS_getsockname, c, mine, &alen, 0, 0, 0), 0);
    REC(theirs, sockaddr_in);
    plen = XT_SIZEOF_sockaddr_in;
    check("getpeername(accepted)", S(XT_SYS_getpeername, s, theirs, &plen, 0, 0, 0), 0);
    check("  peer port == client port", port_of(theirs) == port_of(mine) && port_of(peer) == port_of(mine), 1);

    check("setsockopt(IPPROTO_TCP, TCP_NODELAY)", S(XT_SYS_setsockopt, c, XT_IPPROTO_TCP, XT_TCP_NODELAY, &one, 4, 0), 0);
    getopt_int((int)c, XT_SOL_TCP, XT_TCP_NODELAY, &v);
    check("  TCP_NODELAY reads back", v != 0, 1);
    /* TCP_INFO: qemu-user copies only the first int, so check tcpi_state (offset 0) only */
    _Alignas(16) unsigned char ti[XT_SIZEOF_tcp_info];
    memset(ti, 0xff, sizeof ti);
    unsigned tlen = XT_SIZEOF_tcp_info;
    check("getsockopt(TCP_INFO)", S(XT_SYS_getsockopt, c, XT_SOL_TCP, XT_TCP_INFO, ti, &tlen, 0), 0);
    check("  optlen in [4, sizeof tcp_info]", tlen >= 4 && tlen <= XT_SIZEOF_tcp_info, 1);
    check("  tcpi_state [TCP_ESTABLISHED = 1]", (long)GET(ti, tcp_info, tcpi_state), 1);

    static const char msg[] = "stream payload";
    const long n = (long)sizeof msg - 1;
    char buf[64];
    _Alignas(16) unsigned char mh[XT_SIZEOF_msghdr], iov[XT_SIZEOF_iovec];
    set_iov(iov, msg, (unsigned long)n);
    set_msg(mh, 0, 0, iov, 1, 0, 0);
    check("sendmsg", S(XT_SYS_sendmsg, c, mh, XT_MSG_NOSIGNAL, 0, 0, 0), n);
    check("ppoll(accepted, POLLIN)", wait_for((int)s, XT_POLLIN) & XT_POLLIN, XT_POLLIN);
    memset(buf, 0, sizeof buf);
    set_iov(iov, buf, sizeof buf);
    set_msg(mh, 0, 0, iov, 1, 0, 0);
    check("recvmsg", S(XT_SYS_recvmsg, s, mh, 0, 0, 0, 0), n);
    check("  payload equal", eq(buf, msg, (unsigned long)n), 1);
    check("read on empty non-blocking [-EAGAIN]", S(XT_SYS_read, s, buf, sizeof buf, 0, 0, 0), -XT_EAGAIN);
    check("shutdown(SHUT_WR)", S(XT_SYS_shutdown, c, XT_SHUT_WR, 0, 0, 0, 0), 0);
    check("ppoll(accepted, POLLIN) after FIN", wait_for((int)s, XT_POLLIN) & XT_POLLIN, XT_POLLIN);
    check("read [0 = end of stream]", S(XT_SYS_read, s, buf, sizeof buf, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, s, 0, 0, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, c, 0, 0, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, l, 0, 0, 0, 0, 0), 0);
}

/* Sock's event-loop seam (Sys+EventLoop.swift): an epoll set with `struct epoll_event` laid out
 * from the table (packed, 12 bytes, on x86_64), and an anonymous mapping (the provided-buffer
 * ring's memory). io_uring itself is not checked here: qemu-user does not emulate it. */
static void event_loop(void) {
    int fds[2] = { -1, -1 };
    check("socketpair(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC) [epoll]",
          S(XT_SYS_socketpair, XT_AF_UNIX, XT_SOCK_STREAM | XT_SOCK_NONBLOCK | XT_SOCK_CLOEXEC, 0, fds, 0, 0), 0);
    long ep = S(XT_SYS_epoll_create1, XT_EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
    check("epoll_create1(EPOLL_CLOEXEC) >= 0", ep >= 0, 1);
    check("  fcntl(F_GETFD) [FD_CLOEXEC]", S(XT_SYS_fcntl, ep, XT_F_GETFD, 0, 0, 0, 0), XT_FD_CLOEXEC);
    const unsigned long word = 0xDEADBEEF01234567UL; /* both halves must survive the packing */
    _Alignas(16) unsigned char ev[4 * XT_SIZEOF_epoll_event];
    memset(ev, 0, sizeof ev);
    PUT(ev, epoll_event, events, XT_EPOLLIN | XT_EPOLLET);
    PUT(ev, epoll_event, data, word);
    check("epoll_ctl(ADD, EPOLLIN|EPOLLET)", S(XT_SYS_epoll_ctl, ep, XT_EPOLL_CTL_ADD, fds[0], ev, 0, 0), 0);
    memset(ev, 0xa5, sizeof ev);
    check("epoll_pwait(0 ms) [nothing]", S(XT_SYS_epoll_pwait, ep, ev, 4, 0, 0, 8), 0);
    check("write", S(XT_SYS_write, fds[1], "e", 1, 0, 0, 0), 1);
    check("epoll_pwait(5 s) [1 event]", S(XT_SYS_epoll_pwait, ep, ev, 4, 5000, 0, 8), 1);
    check("  events & EPOLLIN", (long)(GET(ev, epoll_event, events) & XT_EPOLLIN), XT_EPOLLIN);
    check("  data word", GET(ev, epoll_event, data) == word, 1);
    check("  entry 1 untouched", ev[XT_SIZEOF_epoll_event] == 0xa5, 1);
    check("epoll_ctl(DEL)", S(XT_SYS_epoll_ctl, ep, XT_EPOLL_CTL_DEL, fds[0], ev, 0, 0), 0);
    check("epoll_ctl(DEL) again [-ENOENT]", S(XT_SYS_epoll_ctl, ep, XT_EPOLL_CTL_DEL, fds[0], ev, 0, 0), -XT_ENOENT);
    check("close(epoll)", S(XT_SYS_close, ep, 0, 0, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, fds[0], 0, 0, 0, 0, 0), 0);
    check("close", S(XT_SYS_close, fds[1], 0, 0, 0, 0, 0), 0);

    long map = S(XT_SYS_mmap, 0, 65536, XT_PROT_READ | XT_PROT_WRITE, XT_MAP_PRIVATE | XT_MAP_ANONYMOUS, -1, 0);
    check("mmap(64 KiB, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS) page-aligned", map > 0 && (map & 4095) == 0, 1);
    if (map > 0) {
        unsigned char *m = (unsigned char *)map;
        check("  zero-filled", m[0] == 0 && m[65535] == 0, 1);
        m[65535] = 7;
        check("  writable", m[65535], 7);
        check("munmap", S(XT_SYS_munmap, map, 65536, 0, 0, 0, 0), 0);
    }
}

/* ------------------------------------------------------------------ main */

static long table_rows(void) {
    long bad = 0;
    for (unsigned long i = 0; i < xt_nrows; i++) {
        const struct xt_row *r = &xt_rows[i];
        long long h = r->probe ? r->probe() : r->header;
        if (h != r->table) {
            bad++;
            xt_out("  FAIL row '"); xt_out(r->fact); xt_out("': table "); xt_out_long((long)r->table);
            xt_out(", headers "); xt_out_long((long)h); xt_out("\n");
        } else if (verbose > 1) {
            xt_out("  ok   row '"); xt_out(r->fact); xt_out("' = "); xt_out_long((long)h); xt_out("\n");
        }
    }
    return bad;
}

int xt_main(long argc, char **argv) {
    for (long i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] == 'v') verbose += argv[i][2] == 'v' ? 2 : 1;
    }
    long bad_rows = table_rows();
    for (mode = 0; mode < 3; mode++) {
        errors();
        unix_datagram();
        unix_stream_fds();
        udp_loopback();
        tcp_loopback();
        inert_parking();
        event_loop();
    }
    int ok = bad_rows == 0 && fails == 0 && (long)xt_nrows == XT_NROWS;
    xt_out(ok ? "PASS " : "FAIL ");
    xt_out(XT_ARCH);
    xt_out(": table rows = headers ");
    xt_out_long((long)xt_nrows - bad_rows); xt_out("/"); xt_out_long((long)xt_nrows);
    xt_out(", syscall checks ");
    xt_out_long(checks - fails); xt_out("/"); xt_out_long(checks);
    xt_out(" (inline + out-of-line + 3/5-arg)\n");
    return ok ? 0 : 1;
}
