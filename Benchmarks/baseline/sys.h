/*
 * sys.h: the system calls the measured loops make, in the flavour this object is compiled for.
 *   (default)     glibc's wrappers: read, write, recvmmsg, ... (what a C program normally calls)
 *   -DBENCH_RAW   the project's inline-asm entry point, cplatform_syscall6 (no libc, no errno)
 * Each b_* call returns what its flavour returns: glibc's -1 with errno set, or the kernel's -errno.
 * Callers test `r < 0` (the success path stays the plain call, as in any C program) and read the code
 * with SYS_ERRNO(r) only on failure; IS_ERRNO(r, EAGAIN) does both.
 */
#ifndef SYS_H
#define SYS_H
#include "bench.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(BENCH_RAW)
#include "../../Sources/CPlatform/include/cplatform_syscall.h"
#if !defined(CPLATFORM_RAW_SYSCALLS)
#error "no raw syscall entry point for this architecture: build c-glibc only"
#endif
#define FLAVOUR "raw"
#define SYS_ERRNO(r) ((int)-(r))
#define RAW(nr, a, b, c, d, e, f) \
    cplatform_syscall6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
static inline long b_read(int fd, void *p, size_t n) { return RAW(SYS_read, fd, p, n, 0, 0, 0); }
static inline long b_write(int fd, const void *p, size_t n) { return RAW(SYS_write, fd, p, n, 0, 0, 0); }
static inline long b_send(int fd, const void *p, size_t n, int fl) {
    return RAW(SYS_sendto, fd, p, n, fl, 0, 0);
}
static inline long b_recvmsg(int fd, struct msghdr *m, int fl) { return RAW(SYS_recvmsg, fd, m, fl, 0, 0, 0); }
static inline long b_recvmmsg(int fd, struct mmsghdr *v, unsigned n, int fl) {
    return RAW(SYS_recvmmsg, fd, v, n, fl, 0, 0);
}
static inline long b_sendmmsg(int fd, struct mmsghdr *v, unsigned n, int fl) {
    return RAW(SYS_sendmmsg, fd, v, n, fl, 0, 0);
}
static inline long b_socket(int dom, int type, int proto) { return RAW(SYS_socket, dom, type, proto, 0, 0, 0); }
static inline long b_close(int fd) { return RAW(SYS_close, fd, 0, 0, 0, 0, 0); }
static inline long b_connect(int fd, const struct sockaddr *a, socklen_t l) {
    return RAW(SYS_connect, fd, a, l, 0, 0, 0);
}
static inline long b_accept4(int fd, struct sockaddr *a, socklen_t *l, int fl) {
    return RAW(SYS_accept4, fd, a, l, fl, 0, 0);
}
static inline long b_getsockopt(int fd, int lvl, int opt, void *v, socklen_t *l) {
    return RAW(SYS_getsockopt, fd, lvl, opt, v, l, 0);
}
/* poll with a millisecond timeout (-1: none), as ppoll: arm64, riscv64 and loong64 have no SYS_poll. */
static inline long b_poll(struct pollfd *p, nfds_t n, int ms) {
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    return RAW(SYS_ppoll, p, n, ms < 0 ? NULL : &ts, 0, 8 /* sigsetsize */, 0);
}
#else
#define FLAVOUR "glibc"
#define SYS_ERRNO(r) ((void)(r), errno)
#define RET(expr) return (long)(expr)
static inline long b_read(int fd, void *p, size_t n) { RET(read(fd, p, n)); }
static inline long b_write(int fd, const void *p, size_t n) { RET(write(fd, p, n)); }
static inline long b_send(int fd, const void *p, size_t n, int fl) { RET(send(fd, p, n, fl)); }
static inline long b_recvmsg(int fd, struct msghdr *m, int fl) { RET(recvmsg(fd, m, fl)); }
static inline long b_recvmmsg(int fd, struct mmsghdr *v, unsigned n, int fl) { RET(recvmmsg(fd, v, n, fl, NULL)); }
static inline long b_sendmmsg(int fd, struct mmsghdr *v, unsigned n, int fl) { RET(sendmmsg(fd, v, n, fl)); }
static inline long b_socket(int dom, int type, int proto) { RET(socket(dom, type, proto)); }
static inline long b_close(int fd) { RET(close(fd)); }
static inline long b_connect(int fd, const struct sockaddr *a, socklen_t l) { RET(connect(fd, a, l)); }
static inline long b_accept4(int fd, struct sockaddr *a, socklen_t *l, int fl) { RET(accept4(fd, a, l, fl)); }
static inline long b_getsockopt(int fd, int lvl, int opt, void *v, socklen_t *l) {
    RET(getsockopt(fd, lvl, opt, v, l));
}
static inline long b_poll(struct pollfd *p, nfds_t n, int ms) { RET(poll(p, n, ms)); }
#endif

/* True when r reports a failure with errno e. */
#define IS_ERRNO(r, e) ((r) < 0 && SYS_ERRNO(r) == (e))
/* Fails the run when r reports a failure. */
#define CHECK_SYS(r, what) do { long r_ = (r); if (r_ < 0) FAIL("%s failed: %s", what, strerror(SYS_ERRNO(r_))); } while (0)

/* Waits until fd is ready for `events`, or fails the run after 5 s (something is wrong then). */
static inline void wait_ready(int fd, short events) {
    struct pollfd p = { .fd = fd, .events = events };
    long r;
    do r = b_poll(&p, 1, 5000); while (IS_ERRNO(r, EINTR));
    if (r == 0) FAIL("fd %d not ready after 5 s", fd);
    CHECK_SYS(r, "poll");
}
#endif
