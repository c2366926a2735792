/*
 * create-close: one op = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) + close(),
 * the flags Sock sets on every socket it creates.
 */
#include "sys.h"
#include <netinet/in.h>

static inline void one(void) {
    long fd = b_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK_SYS(fd, "socket");
    CHECK_SYS(b_close((int)fd), "close");
}

int wl_create_close(const struct bench_args *a, struct bench_result *r) {
    for (long i = 0; i < a->warmup; i++) one();
    mc_begin();
    uint64_t t0 = now_ns();
    for (long i = 0; i < a->iterations; i++) one();
    uint64_t t1 = now_ns();
    r->mallocs = mc_end();
    r->ns_per_op = (double)(t1 - t0) / (double)a->iterations;
    return 0;
}
