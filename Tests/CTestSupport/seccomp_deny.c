/*
 * A seccomp filter on the calling thread that makes io_uring_setup fail: how a container runtime
 * (Docker's default profile, gVisor) refuses io_uring. Tests install it on a thread of their own to
 * check that the event loop falls back to epoll and says why.
 */
#if defined(__linux__)
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "CTestSupport.h"

int ctest_deny_io_uring_setup(int error) {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)error & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    /* No SECCOMP_FILTER_FLAG_TSYNC: the filter binds this thread (and threads it creates) only. */
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0) return errno;
    return 0;
}
#else
#include <errno.h>
#include "CTestSupport.h"
int ctest_deny_io_uring_setup(int error) { (void)error; return ENOSYS; }
#endif
