/* support.c: see CBenchSupport.h. */
#include "CBenchSupport.h"
#include <time.h>

static volatile uint64_t sunk;

uint64_t bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_sink_u64(uint64_t value) { sunk = value; }

void bench_sink_ptr(const void *pointer) { sunk = (uint64_t)(uintptr_t)pointer; }

uint64_t bench_opaque_u64(uint64_t value) { return value; }

const void *bench_opaque_ptr(const void *pointer) { return pointer; }
