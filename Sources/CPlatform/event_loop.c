/* Per-thread state of Sock's event loop and the address of the concurrency runtime's global
 * enqueue hook (see CPlatform.h). */
#include "CPlatform.h"

CPLATFORM_TLS int cplatform_no_wait = 0;
CPLATFORM_TLS void *cplatform_current_loop = NULL;
CPLATFORM_TLS cplatform_job_queue *cplatform_global_queue = NULL;

#if defined(__linux__)
/* The runtime's declarations (include/swift/Runtime/Concurrency.h): the hook variable and the
 * hook's type, both with the Swift calling convention. */
typedef void (*cplatform_enqueue_original)(void *job) CPLATFORM_SWIFTCC;
typedef void (*cplatform_enqueue_hook)(void *job, cplatform_enqueue_original original) CPLATFORM_SWIFTCC;
extern cplatform_enqueue_hook swift_task_enqueueGlobal_hook;

/* Set once, before the hook is first stored, and never changed after (Swift passes the same
 * function every time). */
static cplatform_hook_slow_fn hook_slow;

CPLATFORM_SWIFTCC static void cplatform_global_hook(void *job, cplatform_enqueue_original original) {
    cplatform_job_queue *queue = cplatform_global_queue;
    if (__builtin_expect(queue != NULL && queue->tail - queue->head != queue->capacity, 1)) {
        queue->storage[queue->tail & (queue->capacity - 1)] = (uintptr_t)job | 1;
        queue->tail += 1;
        return;
    }
    cplatform_hook_slow_fn slow = __atomic_load_n(&hook_slow, __ATOMIC_ACQUIRE);
    if (slow != NULL) {
        slow(job, (void *)original);
    } else {
        original(job);
    }
}

int cplatform_global_hook_install(cplatform_hook_slow_fn slow) {
    __atomic_store_n(&hook_slow, slow, __ATOMIC_RELEASE);
    __atomic_store_n(&swift_task_enqueueGlobal_hook, cplatform_global_hook, __ATOMIC_RELEASE);
    return 0;
}

void cplatform_global_hook_uninstall(void) {
    __atomic_store_n(&swift_task_enqueueGlobal_hook, (cplatform_enqueue_hook)NULL, __ATOMIC_RELEASE);
}

#else
int cplatform_global_hook_install(cplatform_hook_slow_fn slow) {
    (void)slow;
    return -1;
}

void cplatform_global_hook_uninstall(void) {}
#endif
