/*
 * gso-gro: UDP bulk over 127.0.0.1 with segmentation offload on both ends, one thread.
 * The sender is connected and has UDP_SEGMENT 1400, so one 61,600-byte send() leaves as 44
 * datagrams of 1400 bytes; the receiver has UDP_GRO on and reads with recvmsg into 64 KiB plus a
 * control buffer, taking the segment size from the UDP_GRO control message as a GRO reader must.
 * One op = one 61,600-byte send plus the receives that bring all 61,600 bytes back (one, when the
 * kernel hands the GSO skb over whole). bytes_per_op = 61,600.
 */
#include "sys.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

#define SEG 1400
#define SUPER (44 * SEG) /* 61,600 */

static char payload[SUPER];
static char rbuf[65536];
static union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
} control;

static long receives; /* recvmsg calls that returned data: shows whether GRO coalesced */

static inline int segment_size(struct msghdr *m) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
        if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO) {
            int v;
            memcpy(&v, CMSG_DATA(c), sizeof v);
            return v;
        }
    return 0;
}

static inline void one(int sfd, int rfd) {
    long s = b_send(sfd, payload, SUPER, MSG_NOSIGNAL);
    if (s != SUPER) FAIL("gso-gro: send returned %ld", s);
    long got = 0;
    while (got < SUPER) {
        struct iovec iov = { rbuf, sizeof rbuf };
        struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                            .msg_controllen = sizeof control.buf };
        long n = b_recvmsg(rfd, &m, 0);
        if (IS_ERRNO(n, EAGAIN)) {
            wait_ready(rfd, POLLIN);
            continue;
        }
        CHECK_SYS(n, "recvmsg");
        int seg = segment_size(&m);
        if (seg != 0 && seg != SEG) FAIL("gso-gro: segment size %d, expected %d", seg, SEG);
        got += n;
        receives++;
    }
    if (got != SUPER) FAIL("gso-gro: received %ld bytes for one %d-byte send", got, SUPER);
}

int wl_gso_gro(const struct bench_args *a, struct bench_result *r) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof addr;
    int one_ = 1, seg = SEG, big = 32 << 20, four = 4 << 20;
    int rfd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(rfd >= 0, "socket");
    if (setsockopt(rfd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
        CHECK(setsockopt(rfd, SOL_SOCKET, SO_RCVBUF, &four, sizeof four) == 0, "SO_RCVBUF");
    CHECK(setsockopt(rfd, IPPROTO_UDP, UDP_GRO, &one_, sizeof one_) == 0, "UDP_GRO");
    CHECK(bind(rfd, (struct sockaddr *)&addr, sizeof addr) == 0, "bind");
    CHECK(getsockname(rfd, (struct sockaddr *)&addr, &alen) == 0, "getsockname");
    int sfd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(sfd >= 0, "socket");
    CHECK(connect(sfd, (struct sockaddr *)&addr, sizeof addr) == 0, "connect");
    CHECK(setsockopt(sfd, IPPROTO_UDP, UDP_SEGMENT, &seg, sizeof seg) == 0, "UDP_SEGMENT");
    memset(payload, 'g', sizeof payload);

    for (long i = 0; i < a->warmup; i++) one(sfd, rfd);
    receives = 0;
    mc_begin();
    uint64_t t0 = now_ns();
    for (long i = 0; i < a->iterations; i++) one(sfd, rfd);
    uint64_t t1 = now_ns();
    r->mallocs = mc_end();
    r->ns_per_op = (double)(t1 - t0) / (double)a->iterations;
    r->bytes_per_op = SUPER;
    if (receives != a->iterations)
        fprintf(stderr, "gso-gro: %.2f receives per op (GRO did not always coalesce)\n",
                (double)receives / (double)a->iterations);
    close(sfd);
    close(rfd);
    return 0;
}
