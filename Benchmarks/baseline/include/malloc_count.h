/*
 * malloc_count.h: the heap-allocation counter shared by the C baselines and sock-bench (the Swift
 * package builds malloc_count.c as its CMallocCount target), so both sides count the same way.
 * The program that links malloc_count.c defines malloc, calloc, realloc, memalign, aligned_alloc,
 * valloc and posix_memalign, which interpose glibc's for the whole process; each forwards to glibc.
 * The count is process-wide: a workload's helper thread allocating inside the region counts too.
 */
#ifndef MALLOC_COUNT_H
#define MALLOC_COUNT_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Starts counting (resets the count to 0). */
void mc_begin(void);
/* Stops counting and returns the allocations made since mc_begin. */
uint64_t mc_end(void);
/* 1 when the counter really sees allocations made inside libc (checked with strdup), else 0. */
int mc_selftest(void);

#ifdef __cplusplus
}
#endif
#endif
