/*
 * loadgen: a TCP request/response load generator for the echo workloads (nio-echo-1000, and Sock's
 * echo-1000 when it exists). One thread, epoll (level-triggered), C non-blocking connections to one
 * server on this machine.
 *
 *   loadgen --port P [--host 127.0.0.1] [--connections 1000] --requests N [--size 64]
 *           [--warmup W] [--sync] [--timeout SECONDS]
 *
 * Each connection sends SIZE bytes, waits until it has read SIZE bytes back (they must equal what it
 * sent), and repeats, until N requests in total have completed; at most one request is in flight per
 * connection, so up to C are in flight at once. Before the timed phase every connection is connected
 * and W requests are run the same way (default: W = C, so each connection has made one round trip
 * and the server has accepted all of them). Then the timed phase runs N requests and prints one JSON
 * line on standard output:
 *   {"tool": "loadgen", "connections": C, "requests": N, "size": S, "warmup": W, "wall_ns": T,
 *    "ns_per_request": T/N, "requests_per_s": N*1e9/T, "cpu_ns_per_request": U}
 * wall_ns runs from the first timed request's write to the last timed response's read; U is this
 * process's CPU time (user + system, getrusage) over the same requests, divided by N: what the load
 * generator itself costs per request, so that a parent can tell how much of the machine it took.
 *
 * --sync (for a parent that counts the server's allocations over the timed phase only): after the
 * warm-up, print the line {"loadgen": "ready"} and wait for one line on standard input before the
 * timed phase; after printing the result, wait for end of file on standard input before closing the
 * connections and exiting.
 *
 * The run is bounded: it stops with exit status 1 after --timeout seconds in all (default 240), on
 * any connection error, on a connection closed by the server, or on an echo that differs from the
 * request. Exit status 2: bad usage. It connects only to the address given (default 127.0.0.1).
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 1024
#define CONNECT_WINDOW 128 /* connects in progress at once, for servers with a small backlog */

struct conn {
    int fd;
    int active;    /* a request is in flight */
    size_t sent;   /* bytes of the request written */
    size_t recvd;  /* bytes of the echo read */
    int want_out;  /* EPOLLOUT is armed (a partial write, or a connect in progress) */
    unsigned char *req, *resp;
};

static int ep;
static struct conn *conns;
static long nconns;
static size_t size;
static uint64_t deadline_ns;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#define FAIL(...) do { fprintf(stderr, "loadgen: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

/* This process's CPU time, user + system, in nanoseconds. */
static uint64_t cpu_ns(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) FAIL("getrusage: %s", strerror(errno));
    return ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) * 1000000000u +
           ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) * 1000u;
}

static long parse_long(const char *flag, const char *s, long min) {
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    if (!s || *end || v < min) {
        fprintf(stderr, "loadgen: %s needs a number >= %ld, got '%s'\n", flag, min, s ? s : "");
        exit(2);
    }
    return v;
}

static void arm(struct conn *c, int out) {
    struct epoll_event ev = { .events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c };
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) != 0) FAIL("epoll_ctl: %s", strerror(errno));
    c->want_out = out;
}

/* Writes what is left of c's request; arms EPOLLOUT when the socket is full. */
static void push(struct conn *c) {
    while (c->sent < size) {
        ssize_t n = send(c->fd, c->req + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                if (!c->want_out) arm(c, 1);
                return;
            }
            FAIL("send: %s", strerror(errno));
        }
        c->sent += (size_t)n;
    }
    if (c->want_out) arm(c, 0);
}

static void start(struct conn *c) {
    c->active = 1;
    c->sent = 0;
    c->recvd = 0;
    push(c);
}

/* Runs `count` requests over the connections; returns when all have completed. */
static void run(long count) {
    long issued = 0, completed = 0;
    for (long i = 0; i < nconns && issued < count; i++, issued++) start(&conns[i]);
    struct epoll_event events[MAX_EVENTS];
    while (completed < count) {
        uint64_t now = now_ns();
        if (now >= deadline_ns) FAIL("timed out with %ld of %ld requests done", completed, count);
        int n = epoll_wait(ep, events, MAX_EVENTS, (int)((deadline_ns - now) / 1000000u) + 1);
        if (n < 0) {
            if (errno == EINTR) continue;
            FAIL("epoll_wait: %s", strerror(errno));
        }
        for (int k = 0; k < n; k++) {
            struct conn *c = events[k].data.ptr;
            if ((events[k].events & EPOLLOUT) && c->active) push(c);
            if (!(events[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
            if (!c->active) FAIL("data or an error on an idle connection");
            ssize_t r = recv(c->fd, c->resp + c->recvd, size - c->recvd, 0);
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                FAIL("recv: %s", strerror(errno));
            }
            if (r == 0) FAIL("the server closed a connection");
            c->recvd += (size_t)r;
            if (c->recvd < size) continue;
            if (c->sent < size || memcmp(c->req, c->resp, size) != 0) FAIL("the echo differs from the request");
            c->active = 0;
            completed++;
            if (issued < count) {
                start(c);
                issued++;
            }
        }
    }
}

/* Opens every connection, at most CONNECT_WINDOW connects in progress at once. */
static void connect_all(const struct sockaddr_in *to) {
    long opened = 0, connected = 0, pending = 0;
    struct epoll_event events[MAX_EVENTS];
    while (connected < nconns) {
        while (opened < nconns && pending < CONNECT_WINDOW) {
            struct conn *c = &conns[opened++];
            c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (c->fd < 0) FAIL("socket: %s (connection %ld)", strerror(errno), opened);
            int one = 1;
            setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
            if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) FAIL("epoll_ctl: %s", strerror(errno));
            if (connect(c->fd, (const struct sockaddr *)to, sizeof *to) != 0 && errno != EINPROGRESS)
                FAIL("connect: %s", strerror(errno));
            c->want_out = 1;
            pending++;
        }
        uint64_t now = now_ns();
        if (now >= deadline_ns) FAIL("timed out with %ld of %ld connections made", connected, nconns);
        int n = epoll_wait(ep, events, MAX_EVENTS, (int)((deadline_ns - now) / 1000000u) + 1);
        if (n < 0) {
            if (errno == EINTR) continue;
            FAIL("epoll_wait: %s", strerror(errno));
        }
        for (int k = 0; k < n; k++) {
            struct conn *c = events[k].data.ptr;
            if (!c->want_out) continue;
            int err = 0;
            socklen_t len = sizeof err;
            if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) FAIL("getsockopt: %s", strerror(errno));
            if (err) FAIL("connect: %s", strerror(err));
            arm(c, 0);
            pending--;
            connected++;
        }
    }
}

/* Blocks until a line arrives on standard input (end of file first: the parent is gone, exit 1),
 * or with until_eof, until end of file. */
static void wait_stdin(int until_eof) {
    char buf[256];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 && !until_eof) FAIL("standard input closed before the go line");
        if (n <= 0) return;
        if (!until_eof && memchr(buf, '\n', (size_t)n)) return;
    }
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    long port = -1, requests = -1, warmup = -1, timeout_s = 240;
    long sz = 64;
    int sync = 0;
    nconns = 1000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--sync")) { sync = 1; continue; }
        if (!strcmp(a, "--host")) host = v;
        else if (!strcmp(a, "--port")) port = parse_long(a, v, 1);
        else if (!strcmp(a, "--connections")) nconns = parse_long(a, v, 1);
        else if (!strcmp(a, "--requests")) requests = parse_long(a, v, 1);
        else if (!strcmp(a, "--size")) sz = parse_long(a, v, 1);
        else if (!strcmp(a, "--warmup")) warmup = parse_long(a, v, 0);
        else if (!strcmp(a, "--timeout")) timeout_s = parse_long(a, v, 1);
        else {
            fprintf(stderr, "loadgen: unknown argument '%s'\n", a);
            return 2;
        }
        i++;
    }
    if (port < 0 || port > 65535 || requests < 0 || !host) {
        fprintf(stderr, "usage: loadgen --port P [--host 127.0.0.1] [--connections 1000] --requests N "
                        "[--size 64] [--warmup W] [--sync] [--timeout SECONDS]\n");
        return 2;
    }
    if (warmup < 0) warmup = nconns;
    size = (size_t)sz;
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, host, &to.sin_addr) != 1) {
        fprintf(stderr, "loadgen: --host needs an IPv4 address, got '%s'\n", host);
        return 2;
    }
    deadline_ns = now_ns() + (uint64_t)timeout_s * 1000000000u;

    /* One descriptor per connection plus a few. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)nconns + 64) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    conns = calloc((size_t)nconns, sizeof *conns);
    unsigned char *bufs = malloc(2 * size * (size_t)nconns);
    if (!conns || !bufs) FAIL("out of memory");
    for (long i = 0; i < nconns; i++) {
        conns[i].req = bufs + 2 * size * (size_t)i;
        conns[i].resp = conns[i].req + size;
        for (size_t j = 0; j < size; j++) conns[i].req[j] = (unsigned char)('a' + (i + (long)j) % 26);
    }
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) FAIL("epoll_create1: %s", strerror(errno));

    connect_all(&to);
    if (warmup > 0) run(warmup);
    if (sync) {
        printf("{\"loadgen\": \"ready\"}\n");
        fflush(stdout);
        wait_stdin(0);
    }
    uint64_t c0 = cpu_ns();
    uint64_t t0 = now_ns();
    run(requests);
    uint64_t wall = now_ns() - t0;
    uint64_t cpu = cpu_ns() - c0;
    printf("{\"tool\": \"loadgen\", \"connections\": %ld, \"requests\": %ld, \"size\": %zu, \"warmup\": %ld, "
           "\"wall_ns\": %llu, \"ns_per_request\": %.2f, \"requests_per_s\": %.1f, \"cpu_ns_per_request\": %.1f}\n",
           nconns, requests, size, warmup, (unsigned long long)wall, (double)wall / (double)requests,
           (double)requests * 1e9 / (double)(wall ? wall : 1), (double)cpu / (double)requests);
    fflush(stdout);
    if (sync) wait_stdin(1);
    for (long i = 0; i < nconns; i++) close(conns[i].fd);
    close(ep);
    return 0;
}
