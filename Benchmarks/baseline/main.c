/*
 * main.c: the C baseline driver. Same command line and output as sock-bench:
 *   c-glibc|c-raw WORKLOAD [--iterations N] [--warmup W]     prints one JSON line:
 *   {"workload": NAME, "iterations": N, "ns_per_op": X, "mallocs_per_op": Y}   (+ "bytes_per_op")
 *   c-glibc|c-raw --list                                     prints the workload names
 * Exit status: 0 done, 1 the run failed, 2 this flavour has no such workload (or bad usage).
 */
#include "bench.h"

struct workload {
    const char *name;
    bench_fn fn;
    long iterations; /* default count */
};

static const struct workload workloads[] = {
    { "pingpong", wl_pingpong, 200000 },
    { "udp-drain", wl_udp_drain, 500000 },
    { "gso-gro", wl_gso_gro, 20000 },
    { "parse-v4", wl_parse_v4, 2000000 },
    { "format-v4", wl_format_v4, 2000000 },
    { "parse-v6", wl_parse_v6, 2000000 },
    { "format-v6", wl_format_v6, 2000000 },
    { "decode", wl_decode, 10000000 },
    { "deadline-wake", wl_deadline_wake, 2000 },
    { "create-close", wl_create_close, 100000 },
    { "tcp-connect", wl_tcp_connect, 5000 },
};
#define NWORKLOADS (sizeof workloads / sizeof workloads[0])

static long parse_count(const char *flag, const char *s) {
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    if (!s || *end || v < 0) {
        fprintf(stderr, "c-bench: %s needs a count, got '%s'\n", flag, s ? s : "");
        exit(2);
    }
    return v;
}

int main(int argc, char **argv) {
    const char *name = NULL;
    long iterations = -1, warmup = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) {
            for (size_t k = 0; k < NWORKLOADS; k++) puts(workloads[k].name);
            return 0;
        } else if (!strcmp(argv[i], "--iterations")) {
            iterations = parse_count(argv[i], argv[i + 1]);
            i++;
        } else if (!strcmp(argv[i], "--warmup")) {
            warmup = parse_count(argv[i], argv[i + 1]);
            i++;
        } else if (argv[i][0] != '-' && !name) {
            name = argv[i];
        } else {
            fprintf(stderr, "c-bench: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!name) {
        fprintf(stderr, "usage: %s WORKLOAD [--iterations N] [--warmup W] | --list\n", argv[0]);
        return 2;
    }
    const struct workload *w = NULL;
    for (size_t k = 0; k < NWORKLOADS; k++)
        if (!strcmp(workloads[k].name, name)) w = &workloads[k];
    if (!w) {
        fprintf(stderr, "c-bench: unknown workload '%s'\n", name);
        return 2;
    }
    struct bench_args a = { iterations >= 0 ? iterations : w->iterations, 0 };
    if (a.iterations == 0) a.iterations = 1;
    a.warmup = warmup >= 0 ? warmup : (a.iterations / 10 > 0 ? a.iterations / 10 : 1);
    int counted = mc_selftest();
    if (!counted) fprintf(stderr, "c-bench: the malloc counter sees no libc allocations; mallocs_per_op is null\n");

    struct bench_result r = { 0 };
    int rc = w->fn(&a, &r);
    if (rc == BENCH_NOT_APPLICABLE) return 2;
    if (rc != 0) return 1;
    char mallocs[32];
    if (counted) snprintf(mallocs, sizeof mallocs, "%.6g", (double)r.mallocs / (double)a.iterations);
    else snprintf(mallocs, sizeof mallocs, "null");
    printf("{\"workload\": \"%s\", \"iterations\": %ld, \"ns_per_op\": %.2f, \"mallocs_per_op\": %s", w->name,
           a.iterations, r.ns_per_op, mallocs);
    if (r.bytes_per_op > 0) printf(", \"bytes_per_op\": %.0f", r.bytes_per_op);
    printf("}\n");
    return 0;
}
