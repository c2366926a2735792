/*
 * CBenchSupport: what sock-bench needs from C besides the malloc counter.
 * The sinks and the opaque identity live in their own translation unit, so the Swift optimiser
 * cannot see through them: a result passed to a sink must be computed, and a value passed through
 * bench_opaque_* cannot be treated as a constant. Each costs one call (a few instructions), where
 * the C baselines use free asm barriers instead; sock-bench's workload files say where they use them.
 */
#ifndef CBENCHSUPPORT_H
#define CBENCHSUPPORT_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);
/* Consumes a value (the call may read or write any memory the program can reach). */
void bench_sink_u64(uint64_t value);
/* Consumes a pointer: the bytes it points to must exist when the call is made. */
void bench_sink_ptr(const void *pointer);
/* Returns its argument, opaquely. */
uint64_t bench_opaque_u64(uint64_t value);
/* Returns its argument, opaquely. */
const void *bench_opaque_ptr(const void *pointer);
/* The address of the Swift concurrency runtime's `swift_task_enqueueGlobal_hook` variable (a
 * function pointer the runtime calls, when set, instead of enqueueing a job on the global executor).
 * sock-bench stores a Swift `@convention(thin)` function there, as SwiftNIO's own benchmarks do, to
 * run tasks on an event loop (nio-async-pingpong). Only binaries that link the concurrency runtime
 * may call it. */
void *bench_enqueue_global_hook_slot(void);

#ifdef __cplusplus
}
#endif
#endif
