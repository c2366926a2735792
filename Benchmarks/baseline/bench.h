/*
 * bench.h: what every C baseline workload shares: the clock, the arguments, the result, the malloc
 * counter and the optimisation barriers. Each workload lives in its own w_*.c file and is compiled
 * twice, once per flavour (see sys.h): `c-glibc` (glibc wrappers) and `c-raw` (inline-asm syscalls).
 */
#ifndef BENCH_H
#define BENCH_H
#define _GNU_SOURCE 1
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What main.c parsed from the command line. */
struct bench_args {
    long iterations; /* measured operations (--iterations N) */
    long warmup;     /* unmeasured operations run first (--warmup W) */
};

/* What a workload reports; main.c prints it as the one JSON line. */
struct bench_result {
    double ns_per_op;    /* mean over the measured ops, or the median where a workload says so */
    uint64_t mallocs;    /* allocations counted while the measured ops ran */
    double bytes_per_op; /* payload bytes per op, 0 when the workload has none */
};

/* A workload's entry point: 0 done, BENCH_NOT_APPLICABLE when this flavour has nothing to measure. */
typedef int (*bench_fn)(const struct bench_args *, struct bench_result *);
#define BENCH_NOT_APPLICABLE 2

int wl_pingpong(const struct bench_args *, struct bench_result *);
int wl_udp_drain(const struct bench_args *, struct bench_result *);
int wl_gso_gro(const struct bench_args *, struct bench_result *);
int wl_parse_v4(const struct bench_args *, struct bench_result *);
int wl_format_v4(const struct bench_args *, struct bench_result *);
int wl_parse_v6(const struct bench_args *, struct bench_result *);
int wl_format_v6(const struct bench_args *, struct bench_result *);
int wl_decode(const struct bench_args *, struct bench_result *);
int wl_deadline_wake(const struct bench_args *, struct bench_result *);
int wl_create_close(const struct bench_args *, struct bench_result *);
int wl_tcp_connect(const struct bench_args *, struct bench_result *);

/* CLOCK_MONOTONIC in nanoseconds (a vDSO call: no syscall, no allocation). */
static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Stops the run with a message. */
#define FAIL(...) do { fprintf(stderr, "c-bench: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(cond, what) do { if (!(cond)) FAIL("%s failed: %s", what, strerror(errno)); } while (0)

/* Makes the compiler assume `x` is read (and may be changed) here, at no run-time cost. */
#define KEEP(x) __asm__ volatile("" : : "r"(&(x)) : "memory")
/* Hides a value's origin from the optimiser, so a loop-invariant input is not hoisted. */
#define LAUNDER(x) __asm__ volatile("" : "+r"(x))

/* The malloc counter: mc_begin, mc_end, mc_selftest. */
#include "include/malloc_count.h"

#endif
