/* Per-thread state of Sock's event loop and the address of the concurrency runtime's global
 * enqueue hook (see CPlatform.h). */
#include "CPlatform.h"

CPLATFORM_TLS int cplatform_no_wait = 0;
CPLATFORM_TLS void *cplatform_current_loop = NULL;
CPLATFORM_TLS void *cplatform_global_queue = NULL;

#if defined(__linux__)
/* Declared by the Swift runtime (include/swift/Runtime/Concurrency.h) as a function pointer with
 * the Swift calling convention; only its address is taken here. */
extern void *swift_task_enqueueGlobal_hook;
void **cplatform_enqueue_global_hook_slot(void) { return &swift_task_enqueueGlobal_hook; }

#else
void **cplatform_enqueue_global_hook_slot(void) { return NULL; }
#endif
