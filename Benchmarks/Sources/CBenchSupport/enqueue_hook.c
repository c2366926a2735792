/* enqueue_hook.c: see bench_enqueue_global_hook_slot in CBenchSupport.h. */
#include "CBenchSupport.h"

/* Declared by the Swift concurrency runtime (libswift_Concurrency) as a SWIFT_CC function pointer;
 * only its address is taken here, so its C type does not matter. Referenced from C rather than found
 * with dlsym, which cannot see it in a --static-swift-stdlib binary (async-lab pitfall 4). */
extern void *swift_task_enqueueGlobal_hook;

void *bench_enqueue_global_hook_slot(void) { return &swift_task_enqueueGlobal_hook; }
