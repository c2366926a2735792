/*
 * tcp-connect: TCP connection set-up and tear-down over 127.0.0.1 on one thread, the way a
 * non-blocking dialer and listener do it. One op:
 *   client = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC)
 *   connect -> EINPROGRESS -> poll(POLLOUT) -> getsockopt(SO_ERROR) == 0
 *   accept4(listener, &peer, NONBLOCK | CLOEXEC)   (EAGAIN -> poll(POLLIN) -> again)
 *   close(accepted); close(client)
 * The accepted end closes first, so TIME_WAIT lands on the listener's side and the client's
 * ephemeral ports stay free; each run listens on a fresh port (bind to port 0).
 */
#include "sys.h"
#include <arpa/inet.h>
#include <netinet/in.h>

static inline void one(int lfd, const struct sockaddr_in *addr) {
    long c = b_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK_SYS(c, "socket");
    long r = b_connect((int)c, (const struct sockaddr *)addr, sizeof *addr);
    if (IS_ERRNO(r, EINPROGRESS)) {
        wait_ready((int)c, POLLOUT);
        int err = 0;
        socklen_t len = sizeof err;
        CHECK_SYS(b_getsockopt((int)c, SOL_SOCKET, SO_ERROR, &err, &len), "getsockopt(SO_ERROR)");
        if (err != 0) FAIL("tcp-connect: connect: %s", strerror(err));
    } else {
        CHECK_SYS(r, "connect");
    }
    struct sockaddr_storage peer;
    long s;
    for (;;) {
        socklen_t plen = sizeof peer;
        s = b_accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (!IS_ERRNO(s, EAGAIN)) break;
        wait_ready(lfd, POLLIN);
    }
    CHECK_SYS(s, "accept4");
    CHECK_SYS(b_close((int)s), "close");
    CHECK_SYS(b_close((int)c), "close");
}

int wl_tcp_connect(const struct bench_args *a, struct bench_result *r) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof addr;
    int one_ = 1;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(lfd >= 0, "socket");
    CHECK(setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one_, sizeof one_) == 0, "SO_REUSEADDR");
    CHECK(bind(lfd, (struct sockaddr *)&addr, sizeof addr) == 0, "bind");
    CHECK(listen(lfd, 4096) == 0, "listen");
    CHECK(getsockname(lfd, (struct sockaddr *)&addr, &alen) == 0, "getsockname");
    for (long i = 0; i < a->warmup; i++) one(lfd, &addr);
    mc_begin();
    uint64_t t0 = now_ns();
    for (long i = 0; i < a->iterations; i++) one(lfd, &addr);
    uint64_t t1 = now_ns();
    r->mallocs = mc_end();
    r->ns_per_op = (double)(t1 - t0) / (double)a->iterations;
    close(lfd);
    return 0;
}
