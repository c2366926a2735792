/*
 * pingpong: an AF_UNIX SOCK_STREAM socketpair, both ends non-blocking, one thread.
 * One op = one round trip: write 64 B on A, read them on B, write them back on B, read them on A.
 * On one thread every read finds its data already queued, so a short count or EAGAIN is a failure.
 */
#include "sys.h"

#define MSG 64

static inline void round_trip(int a, int b, char *out, char *in) {
    if (b_write(a, out, MSG) != MSG || b_read(b, in, MSG) != MSG || b_write(b, in, MSG) != MSG ||
        b_read(a, out, MSG) != MSG)
        FAIL("pingpong: short or failed read/write");
}

int wl_pingpong(const struct bench_args *a, struct bench_result *r) {
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0, "socketpair");
    char out[MSG], in[MSG];
    memset(out, 'x', MSG);
    for (long i = 0; i < a->warmup; i++) round_trip(sv[0], sv[1], out, in);
    mc_begin();
    uint64_t t0 = now_ns();
    for (long i = 0; i < a->iterations; i++) round_trip(sv[0], sv[1], out, in);
    uint64_t t1 = now_ns();
    r->mallocs = mc_end();
    r->ns_per_op = (double)(t1 - t0) / (double)a->iterations;
    close(sv[0]);
    close(sv[1]);
    return 0;
}
