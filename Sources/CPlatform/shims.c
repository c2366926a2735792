/* C shims for what Swift's Glibc module cannot see. Every function returns -errno on failure. */
#define _GNU_SOURCE 1
#include "CPlatform.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <stdio.h>
#if defined(__linux__)
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#endif

#if defined(__linux__)
_Static_assert(sizeof(cplatform_mmsghdr) == sizeof(struct mmsghdr), "mmsghdr mirror size");
_Static_assert(offsetof(cplatform_mmsghdr, msg_len) == offsetof(struct mmsghdr, msg_len), "mmsghdr.msg_len");
#endif

static long result(long r) { return r < 0 ? -(long)errno : r; }

/* New descriptors are non-blocking and close-on-exec: atomically where the platform has
 * SOCK_NONBLOCK/SOCK_CLOEXEC and accept4 (Linux, FreeBSD); elsewhere (Darwin) with fcntl right
 * after the call, closing the descriptor if that fails. Darwin has no MSG_NOSIGNAL, so every socket
 * there gets SO_NOSIGPIPE instead: a write to a reset peer then fails with EPIPE rather than
 * killing the process with SIGPIPE. */
#if defined(__linux__) || defined(__FreeBSD__)
#define CPLATFORM_ATOMIC_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)
#else
static long configure_new(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) goto fail;
#if defined(SO_NOSIGPIPE)
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) < 0) goto fail;
#endif
    return fd;
fail:;
    long e = -(long)errno;
    (void)close(fd);
    return e;
}
#endif

long cplatform_socket(int domain, int type, int protocol) {
#if defined(CPLATFORM_ATOMIC_FLAGS)
    return result(socket(domain, type | CPLATFORM_ATOMIC_FLAGS, protocol));
#else
    long fd = result(socket(domain, type, protocol));
    return fd < 0 ? fd : configure_new((int)fd);
#endif
}

long cplatform_socketpair(int domain, int type, int protocol, int fds[2]) {
#if defined(CPLATFORM_ATOMIC_FLAGS)
    return result(socketpair(domain, type | CPLATFORM_ATOMIC_FLAGS, protocol, fds));
#else
    long r = result(socketpair(domain, type, protocol, fds));
    if (r < 0) return r;
    long a = configure_new(fds[0]);
    if (a < 0) { (void)close(fds[1]); return a; }
    long b = configure_new(fds[1]);
    if (b < 0) { (void)close(fds[0]); return b; }
    return 0;
#endif
}

long cplatform_accept(int fd, struct sockaddr *addr, socklen_t *len) {
#if defined(CPLATFORM_ATOMIC_FLAGS)
    return result(accept4(fd, addr, len, CPLATFORM_ATOMIC_FLAGS));
#else
    long r = result(accept(fd, addr, len));
    return r < 0 ? r : configure_new((int)r);
#endif
}

long cplatform_sendmmsg(int fd, cplatform_mmsghdr *msgs, unsigned int vlen, int flags) {
#if defined(__linux__)
    return result(sendmmsg(fd, (struct mmsghdr *)msgs, vlen, flags));
#else
    (void)fd; (void)msgs; (void)vlen; (void)flags;
    return -ENOSYS;
#endif
}

long cplatform_recvmmsg(int fd, cplatform_mmsghdr *msgs, unsigned int vlen, int flags, struct timespec *timeout) {
#if defined(__linux__)
    return result(recvmmsg(fd, (struct mmsghdr *)msgs, vlen, flags, timeout));
#else
    (void)fd; (void)msgs; (void)vlen; (void)flags; (void)timeout;
    return -ENOSYS;
#endif
}

long cplatform_ppoll(struct pollfd *fds, unsigned long nfds, const struct timespec *timeout) {
#if defined(__linux__) || defined(__FreeBSD__)
    return result(ppoll(fds, (nfds_t)nfds, timeout, NULL));
#else
    int ms = -1;
    if (timeout) ms = (int)(timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000);
    return result(poll(fds, (nfds_t)nfds, ms));
#endif
}

long cplatform_open_inert(void) {
#if defined(__linux__)
    /* Not a directory, and no fallback to one: an O_PATH directory descriptor passed on by
     * mistake would be an openat base. */
    return result(open("/dev/null", O_PATH | O_CLOEXEC));
#else
    return result(open("/dev/null", O_RDONLY | O_CLOEXEC));
#endif
}

long cplatform_dup3_untracked(int oldfd, int newfd) {
#if defined(CPLATFORM_RAW_SYSCALLS)
    return cplatform_syscall6_outofline(SYS_dup3, oldfd, newfd, O_CLOEXEC, 0, 0, 0);
#else
    long r = result(dup2(oldfd, newfd));
    if (r >= 0) (void)fcntl(newfd, F_SETFD, FD_CLOEXEC);
    return r;
#endif
}

long cplatform_close_untracked(int fd) {
#if defined(CPLATFORM_RAW_SYSCALLS)
    return cplatform_syscall6_outofline(SYS_close, fd, 0, 0, 0, 0, 0);
#else
    return result(close(fd));
#endif
}

long cplatform_statx_fd(int fd, void *buffer) {
#if defined(__linux__) && defined(STATX_INO)
    return result(statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO, (struct statx *)buffer));
#else
    (void)fd; (void)buffer;
    return -ENOSYS;
#endif
}

long cplatform_chmod_socket_file(const char *path, unsigned int mode) {
#if defined(__linux__)
    /* The path itself, not a symbolic link's target; then the opened inode through /proc. */
    int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -(long)errno;
    struct stat st;
    long r;
    if (fstat(fd, &st) < 0) r = -(long)errno;
    else if (S_ISLNK(st.st_mode)) r = -ELOOP;
    else if (!S_ISSOCK(st.st_mode)) r = -ENOTSOCK;
    else {
        char proc[32];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        r = result(fchmodat(AT_FDCWD, proc, (mode_t)mode, 0));
    }
    (void)close(fd);
    return r;
#else
    /* No O_PATH: lchmod-free systems set the mode by path (see the docs: a private directory). */
    return result(fchmodat(AT_FDCWD, path, (mode_t)mode, AT_SYMLINK_NOFOLLOW));
#endif
}

long cplatform_eventfd(void) {
#if defined(__linux__)
    return result(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
#else
    return -ENOSYS;
#endif
}

#if defined(__linux__)
long cplatform_epoll_create(void) { return result(epoll_create1(EPOLL_CLOEXEC)); }
long cplatform_epoll_ctl(int epfd, int op, int fd, void *event) {
    return result(epoll_ctl(epfd, op, fd, (struct epoll_event *)event));
}
long cplatform_epoll_wait(int epfd, void *events, int max_events, int timeout_ms) {
    return result(epoll_pwait(epfd, (struct epoll_event *)events, max_events, timeout_ms, NULL));
}
long cplatform_io_uring_setup(unsigned int entries, void *params) {
    return result(syscall(SYS_io_uring_setup, entries, params));
}
long cplatform_io_uring_enter(int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags,
                              const void *arg, size_t arg_size) {
    return result(syscall(SYS_io_uring_enter, fd, to_submit, min_complete, flags, arg, arg_size));
}
long cplatform_io_uring_register(int fd, unsigned int opcode, const void *arg, unsigned int count) {
    return result(syscall(SYS_io_uring_register, fd, opcode, arg, count));
}
long cplatform_mmap(size_t length, int prot, int flags, int fd, long offset) {
    void *p = mmap(NULL, length, prot, flags, fd, (off_t)offset);
    return p == MAP_FAILED ? -(long)errno : (long)p;
}
long cplatform_munmap(void *address, size_t length) { return result(munmap(address, length)); }
long cplatform_read_file(const char *path, void *buffer, size_t count) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -(long)errno;
    long r = result(read(fd, buffer, count));
    (void)close(fd);
    return r;
}
#else
long cplatform_epoll_create(void) { return -ENOSYS; }
long cplatform_epoll_ctl(int epfd, int op, int fd, void *event) {
    (void)epfd; (void)op; (void)fd; (void)event;
    return -ENOSYS;
}
long cplatform_epoll_wait(int epfd, void *events, int max_events, int timeout_ms) {
    (void)epfd; (void)events; (void)max_events; (void)timeout_ms;
    return -ENOSYS;
}
long cplatform_io_uring_setup(unsigned int entries, void *params) {
    (void)entries; (void)params;
    return -ENOSYS;
}
long cplatform_io_uring_enter(int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags,
                              const void *arg, size_t arg_size) {
    (void)fd; (void)to_submit; (void)min_complete; (void)flags; (void)arg; (void)arg_size;
    return -ENOSYS;
}
long cplatform_io_uring_register(int fd, unsigned int opcode, const void *arg, unsigned int count) {
    (void)fd; (void)opcode; (void)arg; (void)count;
    return -ENOSYS;
}
long cplatform_mmap(size_t length, int prot, int flags, int fd, long offset) {
    (void)length; (void)prot; (void)flags; (void)fd; (void)offset;
    return -ENOSYS;
}
long cplatform_munmap(void *address, size_t length) {
    (void)address; (void)length;
    return -ENOSYS;
}
long cplatform_read_file(const char *path, void *buffer, size_t count) {
    (void)path; (void)buffer; (void)count;
    return -ENOSYS;
}
#endif

size_t cplatform_cmsg_space(size_t len) { return CMSG_SPACE(len); }
size_t cplatform_cmsg_len(size_t len) { return CMSG_LEN(len); }
size_t cplatform_cmsg_align(size_t len) {
#if defined(CMSG_ALIGN)
    return CMSG_ALIGN(len);
#else
    return (len + sizeof(long) - 1) & ~(sizeof(long) - 1);
#endif
}
