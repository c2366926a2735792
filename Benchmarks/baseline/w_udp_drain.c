/*
 * udp-drain: the UDP receive path alone. A connected sender fills the receiver's queue
 * (127.0.0.1, 64-byte datagrams, sendmmsg batches of 64, not timed); then the receiver drains it
 * with recvmmsg, batch 64, non-blocking, source addresses into sockaddr_storage (timed).
 * One op = one datagram received.
 *
 * Rounds: a queue holds only so much (SO_RCVBUF; net.core.rmem_max is 4 MiB here, and a 64-byte
 * datagram costs about 1 KiB of queue memory), so the run fills and drains ROUND datagrams at a time.
 * ROUND = 1024 (16 full batches) fits with room to spare in the 8 MiB that SO_RCVBUF 4 MiB gives
 * (root raises it to 32 MiB with SO_RCVBUFFORCE). A datagram the kernel dropped is detected: the
 * drain then waits 5 s for it in vain and the run fails rather than report a rate with losses.
 * Only the drain is timed; the fill's user-space instructions do show in callgrind counts.
 */
#include "sys.h"
#include <arpa/inet.h>
#include <netinet/in.h>

#define BATCH 64
#define ROUND 1024
#define SIZE 64
#define BUF 2048

static char rbufs[BATCH][BUF];
static struct sockaddr_storage from[BATCH];
static struct iovec riov[BATCH];
static struct mmsghdr rmsgs[BATCH];
static struct mmsghdr smsgs[BATCH];

static void fill(int sfd, long n) {
    while (n > 0) {
        long r = b_sendmmsg(sfd, smsgs, n < BATCH ? (unsigned)n : BATCH, 0);
        if (IS_ERRNO(r, EAGAIN) || IS_ERRNO(r, ENOBUFS)) {
            wait_ready(sfd, POLLOUT);
            continue;
        }
        CHECK_SYS(r, "sendmmsg");
        n -= r;
    }
}

/* Receives exactly n datagrams; returns the bytes seen (kept so the loop is not dead code). */
static long drain(int rfd, long n) {
    long bytes = 0;
    while (n > 0) {
        unsigned want = n < BATCH ? (unsigned)n : BATCH;
        for (unsigned i = 0; i < want; i++) rmsgs[i].msg_hdr.msg_namelen = sizeof from[i];
        long got = b_recvmmsg(rfd, rmsgs, want, 0);
        if (IS_ERRNO(got, EAGAIN)) {
            /* Still in flight (softirq deferred), or lost: wait_ready fails the run after 5 s. */
            wait_ready(rfd, POLLIN);
            continue;
        }
        CHECK_SYS(got, "recvmmsg");
        for (long i = 0; i < got; i++) bytes += rmsgs[i].msg_len;
        n -= got;
    }
    return bytes;
}

int wl_udp_drain(const struct bench_args *a, struct bench_result *r) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof addr;
    int rfd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(rfd >= 0, "socket");
    int big = 32 << 20, four = 4 << 20;
    if (setsockopt(rfd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
        CHECK(setsockopt(rfd, SOL_SOCKET, SO_RCVBUF, &four, sizeof four) == 0, "SO_RCVBUF");
    CHECK(bind(rfd, (struct sockaddr *)&addr, sizeof addr) == 0, "bind");
    CHECK(getsockname(rfd, (struct sockaddr *)&addr, &alen) == 0, "getsockname");
    int sfd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(sfd >= 0, "socket");
    CHECK(connect(sfd, (struct sockaddr *)&addr, sizeof addr) == 0, "connect");

    static char payload[SIZE];
    memset(payload, 'u', sizeof payload);
    static struct iovec siov = { payload, SIZE };
    for (int i = 0; i < BATCH; i++) {
        smsgs[i].msg_hdr = (struct msghdr){ .msg_iov = &siov, .msg_iovlen = 1 };
        riov[i] = (struct iovec){ rbufs[i], BUF };
        rmsgs[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_iov = &riov[i], .msg_iovlen = 1 };
    }

    for (long left = a->warmup; left > 0; left -= ROUND) {
        long n = left < ROUND ? left : ROUND;
        fill(sfd, n);
        drain(rfd, n);
    }
    uint64_t ns = 0, mallocs = 0;
    long bytes = 0;
    for (long left = a->iterations; left > 0; left -= ROUND) {
        long n = left < ROUND ? left : ROUND;
        fill(sfd, n);
        mc_begin();
        uint64_t t0 = now_ns();
        bytes += drain(rfd, n);
        uint64_t t1 = now_ns();
        mallocs += mc_end();
        ns += t1 - t0;
    }
    if (bytes != a->iterations * SIZE) FAIL("udp-drain: received %ld bytes, expected %ld", bytes, a->iterations * SIZE);
    r->ns_per_op = (double)ns / (double)a->iterations;
    r->mallocs = mallocs;
    close(sfd);
    close(rfd);
    return 0;
}
