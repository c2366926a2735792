/* C shims for what Swift's Glibc module cannot see. Every function returns -errno on failure. */
#define _GNU_SOURCE 1
#include "CPlatform.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#if defined(__linux__)
_Static_assert(sizeof(cplatform_mmsghdr) == sizeof(struct mmsghdr), "mmsghdr mirror size");
_Static_assert(offsetof(cplatform_mmsghdr, msg_len) == offsetof(struct mmsghdr, msg_len), "mmsghdr.msg_len");
#endif

static long result(long r) { return r < 0 ? -(long)errno : r; }

long cplatform_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
#if defined(__linux__) || defined(__FreeBSD__)
    return result(accept4(fd, addr, len, flags));
#else
    (void)flags;
    return result(accept(fd, addr, len));
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

size_t cplatform_cmsg_space(size_t len) { return CMSG_SPACE(len); }
size_t cplatform_cmsg_len(size_t len) { return CMSG_LEN(len); }
size_t cplatform_cmsg_align(size_t len) {
#if defined(CMSG_ALIGN)
    return CMSG_ALIGN(len);
#else
    return (len + sizeof(long) - 1) & ~(sizeof(long) - 1);
#endif
}
