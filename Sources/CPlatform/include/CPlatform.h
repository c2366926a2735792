/*
 * CPlatform: the C layer under Sock.
 *
 *  - Raw Linux syscall entry points written as inline assembly for x86_64, aarch64, riscv64 and
 *    loongarch64. They never touch errno: they return the kernel's result, which is -errno
 *    (in [-4095, -1]) on failure. Syscall numbers come from the generated ABI tables, not from
 *    here.
 *  - Shims for what Swift's Glibc module cannot see (sendmmsg/recvmmsg/accept4 and mmsghdr are
 *    _GNU_SOURCE-only; the CMSG_* macros are function-like). Each shim returns -errno on failure,
 *    so Swift never reads the thread-local errno after ARC traffic.
 *
 * This header must stay free of kernel UAPI headers (<linux/tcp.h> & co.): they clash with the
 * definitions Swift's Glibc module already has. UAPI headers are used in .c files only.
 */
#ifndef CPLATFORM_H
#define CPLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <poll.h>
#include <time.h>

#include "cplatform_syscall.h"
#include "cplatform_atomic.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when this build has raw syscall entry points (Linux on one of the four arches), else 0. */
static inline int cplatform_has_raw_syscalls(void) {
#if defined(CPLATFORM_RAW_SYSCALLS)
    return 1;
#else
    return 0;
#endif
}



/* The Swift calling convention, for the runtime functions and hooks declared below. clang has it
 * on x86_64 and arm64; on riscv64 and loongarch64 clang-19 rejects the attribute, and there
 * Swift's convention passes pointer arguments and a Bool result in the C registers, which is all
 * these declarations use. */
#if defined(__x86_64__) || defined(__aarch64__)
#define CPLATFORM_SWIFTCC __attribute__((swiftcall))
#else
#define CPLATFORM_SWIFTCC
#endif

/* ---- Sock's event loop (SockLinux) ----
 * Per-thread state, read on the slow paths only. `cplatform_no_wait`: set while an `async`
 * operation makes its synchronous attempt, so a deadline never blocks the loop's thread in ppoll
 * (the attempt reports EAGAIN and the task awaits readiness instead). `cplatform_current_loop`:
 * the event loop running on this thread (unretained; the loop clears it before it ends).
 * `cplatform_global_queue`: that loop's run queue while it runs as the global executor (the
 * global-enqueue hook pushes there; cleared when the loop stops). */
#if defined(__ELF__)
#define CPLATFORM_TLS __thread __attribute__((tls_model("initial-exec")))
#else
#define CPLATFORM_TLS __thread
#endif
/* initial-exec: a plain %fs-relative access, no __tls_get_addr call (CPlatform is linked into the
 * program or a library loaded with it, never dlopen'ed late). */
extern CPLATFORM_TLS int cplatform_no_wait;
extern CPLATFORM_TLS void *cplatform_current_loop;
static inline int cplatform_no_wait_get(void) { return cplatform_no_wait; }
static inline void cplatform_no_wait_set(int value) { cplatform_no_wait = value; }
static inline void *cplatform_current_loop_get(void) { return cplatform_current_loop; }
static inline void cplatform_current_loop_set(void *loop) { cplatform_current_loop = loop; }
/* An event loop's run queue (SockLinux's JobQueue is this struct, so Swift and the C hook below
 * share one layout): a ring of job words, `capacity` a power of two, `head` and `tail` counting up
 * (tail - head jobs queued). */
typedef struct cplatform_job_queue {
    uintptr_t *storage;
    intptr_t capacity;
    intptr_t head;
    intptr_t tail;
} cplatform_job_queue;
extern CPLATFORM_TLS cplatform_job_queue *cplatform_global_queue;
static inline cplatform_job_queue *cplatform_global_queue_get(void) { return cplatform_global_queue; }
static inline void cplatform_global_queue_set(cplatform_job_queue *queue) { cplatform_global_queue = queue; }

/* The global-executor mode's hook on the Swift concurrency runtime's
 * `swift_task_enqueueGlobal_hook` (a function pointer variable; not public API; referenced from C
 * because dlsym cannot find it in binaries linked with --static-swift-stdlib). The hook is C: on
 * the thread whose loop runs as the global executor, with room in its queue, it pushes the job
 * (tagged with bit 0) and returns: 17 instructions on x86_64, no Swift thunk. Everything else (a
 * full queue, another thread) goes to `slow(job, original)`, set by Swift. `install` returns -1
 * where the hook does not exist (off Linux); `uninstall` clears it. */
typedef void (*cplatform_hook_slow_fn)(void *job, void *original);
int cplatform_global_hook_install(cplatform_hook_slow_fn slow);
void cplatform_global_hook_uninstall(void);

/* Whether a task was cancelled (`swift_task_isCancelled`, Swift calling convention, declared in
 * the runtime's include/swift/Runtime/Concurrency.h): each wait checks it before it parks, and the
 * event loop's cancellation sweep reads it for tasks suspended on the loop (alive while they wait
 * there; the loop takes a task's address from its continuation). Inline: one call into the
 * runtime per check. 0 off Linux. */
#if defined(__linux__)
extern _Bool swift_task_isCancelled(void *task) CPLATFORM_SWIFTCC;
static inline int cplatform_task_is_cancelled(void *task) { return task != NULL && swift_task_isCancelled(task); }
#else
static inline int cplatform_task_is_cancelled(void *task) { (void)task; return 0; }
#endif


/* ---- libc path (non-Linux, or builds that ask for it) ----
 * Only what Glibc's Swift module hides behind _GNU_SOURCE; each returns -errno on failure. */

/* The layout of struct mmsghdr (glibc/musl and the kernel agree on LP64): msghdr + unsigned int. */
typedef struct cplatform_mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
} cplatform_mmsghdr;

/* socket, socketpair and accept whose descriptors are non-blocking and close-on-exec (atomically on
 * Linux and FreeBSD, with fcntl elsewhere) and, on Darwin, have SO_NOSIGPIPE. */
long cplatform_socket(int domain, int type, int protocol);
long cplatform_socketpair(int domain, int type, int protocol, int fds[2]);
long cplatform_accept(int fd, struct sockaddr *addr, socklen_t *len);
long cplatform_sendmmsg(int fd, cplatform_mmsghdr *msgs, unsigned int vlen, int flags);
long cplatform_recvmmsg(int fd, cplatform_mmsghdr *msgs, unsigned int vlen, int flags, struct timespec *timeout);
long cplatform_ppoll(struct pollfd *fds, unsigned long nfds, const struct timespec *timeout);

/* ---- The inert descriptor a closed socket's number is parked on (see NetSocket.close) ----
 * cplatform_open_inert: Linux: open("/dev/null", O_PATH | O_CLOEXEC) (no fallback), a
 * descriptor on which every I/O and
 * socket call fails with EBADF and poll reports POLLNVAL; elsewhere /dev/null read-only. The
 * *_untracked calls go to the kernel without libc's symbol (raw on Linux), so ThreadSanitizer's
 * descriptor model does not see them: Sock orders them after every use of the number itself
 * (ARC keeps the socket object, and so the number, alive while any operation runs). */
long cplatform_open_inert(void);
long cplatform_dup3_untracked(int oldfd, int newfd);
long cplatform_close_untracked(int fd);

/* statx of a descriptor's identity (Linux; -ENOSYS elsewhere), fchmodat by path, eventfd
 * (Linux; -ENOSYS elsewhere): the libc path of Sys.statxOfDescriptor, Sys.chmodSocketFile, Sys.eventfd. */
long cplatform_statx_fd(int fd, void *buffer);
long cplatform_chmod_socket_file(const char *path, unsigned int mode);
long cplatform_eventfd(void);

/* ---- Event loops (Linux; -ENOSYS elsewhere): the libc path of Sys+EventLoop.swift ----
 * epoll_create1(EPOLL_CLOEXEC); epoll_ctl and epoll_pwait (NULL signal mask) with `struct
 * epoll_event`s laid out by the caller from the ABI table; the io_uring calls through syscall(2)
 * (glibc has no wrappers); mmap returning the address or -errno. */
long cplatform_epoll_create(void);
long cplatform_epoll_ctl(int epfd, int op, int fd, void *event);
long cplatform_epoll_wait(int epfd, void *events, int max_events, int timeout_ms);
long cplatform_io_uring_setup(unsigned int entries, void *params);
long cplatform_io_uring_enter(int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags,
                              const void *arg, size_t arg_size);
long cplatform_io_uring_register(int fd, unsigned int opcode, const void *arg, unsigned int count);
long cplatform_mmap(size_t length, int prot, int flags, int fd, long offset);
long cplatform_munmap(void *address, size_t length);
/* Up to `count` bytes from the start of the file at `path` (open, one read, close). */
long cplatform_read_file(const char *path, void *buffer, size_t count);

/* ---- CMSG helpers (the macros are function-like, so Swift cannot import them) ---- */
size_t cplatform_cmsg_space(size_t len);
size_t cplatform_cmsg_len(size_t len);
size_t cplatform_cmsg_align(size_t len);

#ifdef __cplusplus
}
#endif
#endif /* CPLATFORM_H */
