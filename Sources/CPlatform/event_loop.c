/* Per-thread state of Sock's event loop and the address of the concurrency runtime's global
 * enqueue hook (see CPlatform.h). */
#include "CPlatform.h"

CPLATFORM_TLS int cplatform_no_wait = 0;
CPLATFORM_TLS void *cplatform_current_loop = NULL;

#if defined(__linux__)
/* Declared by the Swift runtime (include/swift/Runtime/Concurrency.h) as a function pointer with
 * the Swift calling convention; only its address is taken here. */
extern void *swift_task_enqueueGlobal_hook;
void **cplatform_enqueue_global_hook_slot(void) { return &swift_task_enqueueGlobal_hook; }
#else
void **cplatform_enqueue_global_hook_slot(void) { return NULL; }
#endif

/* TEMPORARY (replaced by Sys+EventLoop.swift on the raw entry points with table layouts). */
#if defined(__linux__)
#include <errno.h>
#include <sys/epoll.h>
long cplatform_tmp_epoll_create(void) {
    int r = epoll_create1(EPOLL_CLOEXEC);
    return r < 0 ? -errno : r;
}
long cplatform_tmp_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev = {.events = events, .data = {.u64 = data}};
    int r = epoll_ctl(epfd, op, fd, &ev);
    return r < 0 ? -errno : r;
}
long cplatform_tmp_epoll_wait(int epfd, void *events, int max, int timeout) {
    int r = epoll_wait(epfd, (struct epoll_event *)events, max, timeout);
    return r < 0 ? -errno : r;
}
unsigned long cplatform_tmp_epoll_event_size(void) { return sizeof(struct epoll_event); }
uint32_t cplatform_tmp_epoll_event_events(const void *base, long i) {
    return ((const struct epoll_event *)base)[i].events;
}
uint64_t cplatform_tmp_epoll_event_data(const void *base, long i) {
    return ((const struct epoll_event *)base)[i].data.u64;
}
#endif
