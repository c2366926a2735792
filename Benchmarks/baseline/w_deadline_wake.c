/*
 * deadline-wake: how fast a read waiting on a deadline returns once data arrives.
 * An AF_UNIX stream socketpair: the reader's end (this thread) is non-blocking, the peer thread's end
 * is blocking. Per op the reader sends the peer a 1-byte "go", sets a deadline 1 s ahead and reads:
 * read -> EAGAIN -> poll(POLLIN, time left to the deadline, rounded up to ms) -> read.
 * The peer, on "go", sleeps 50 us (so the reader is asleep in poll), stamps CLOCK_MONOTONIC into a
 * shared variable and writes 1 byte. The op's figure is the reader's clock after its read returned
 * minus the peer's stamp; ns_per_op is the MEDIAN over the measured ops, not the mean.
 * Allocations are counted process-wide (the peer thread included) over the measured ops.
 */
#include "sys.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>

static _Atomic uint64_t stamp;
static long waited; /* ops where the first read found nothing and the reader polled */

static void *peer(void *arg) {
    int fd = *(int *)arg;
    char c;
    struct timespec delay = { 0, 50000 };
    for (;;) {
        long n = b_read(fd, &c, 1);
        if (n == 0) return NULL; /* the reader closed: done */
        if (n != 1) FAIL("deadline-wake: peer read returned %ld", n);
        nanosleep(&delay, NULL);
        atomic_store_explicit(&stamp, now_ns(), memory_order_release);
        if (b_write(fd, "d", 1) != 1) FAIL("deadline-wake: peer write failed");
    }
}

/* Reads 1 byte before `deadline` (CLOCK_MONOTONIC ns), waiting in poll; fails the run on timeout.
 * Returns 1 when it had to wait. */
static inline int read_by(int fd, uint64_t deadline) {
    char c;
    for (int polled = 0;; polled = 1) {
        long n = b_read(fd, &c, 1);
        if (n == 1) return polled;
        if (!IS_ERRNO(n, EAGAIN)) FAIL("deadline-wake: read returned %ld (%s)", n, n < 0 ? strerror(SYS_ERRNO(n)) : "");
        uint64_t now = now_ns();
        if (now >= deadline) FAIL("deadline-wake: deadline passed");
        struct pollfd p = { .fd = fd, .events = POLLIN };
        long r = b_poll(&p, 1, (int)((deadline - now + 999999) / 1000000));
        if (r < 0 && !IS_ERRNO(r, EINTR)) CHECK_SYS(r, "poll");
    }
}

static inline uint64_t one(int fd) {
    if (b_write(fd, "g", 1) != 1) FAIL("deadline-wake: write failed");
    waited += read_by(fd, now_ns() + 1000000000u);
    uint64_t t = now_ns();
    return t - atomic_load_explicit(&stamp, memory_order_acquire);
}

static int cmp_u64(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

int wl_deadline_wake(const struct bench_args *a, struct bench_result *r) {
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0, "socketpair");
    CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0, "fcntl");
    uint64_t *lat = malloc(sizeof *lat * (size_t)a->iterations);
    CHECK(lat != NULL, "malloc");
    pthread_t th;
    CHECK(pthread_create(&th, NULL, peer, &sv[1]) == 0, "pthread_create");
    for (long i = 0; i < a->warmup; i++) one(sv[0]);
    waited = 0;
    mc_begin();
    for (long i = 0; i < a->iterations; i++) lat[i] = one(sv[0]);
    r->mallocs = mc_end();
    close(sv[0]);
    pthread_join(th, NULL);
    close(sv[1]);
    if (waited < a->iterations)
        fprintf(stderr, "deadline-wake: the reader polled in only %ld of %ld ops\n", waited, a->iterations);
    qsort(lat, (size_t)a->iterations, sizeof *lat, cmp_u64);
    long m = a->iterations / 2;
    r->ns_per_op = a->iterations % 2 ? (double)lat[m] : ((double)lat[m - 1] + (double)lat[m]) / 2;
    free(lat);
    return 0;
}
