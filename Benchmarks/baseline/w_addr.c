/*
 * Address workloads: no system call, so only the glibc flavour measures them (c-raw reports
 * "not applicable", exit 2). Inputs, the same in sock-bench:
 *   parse-v4   inet_pton(AF_INET,  "127.0.0.1")               -> struct in_addr
 *   format-v4  inet_ntop(AF_INET,  127.0.0.1)                 -> "127.0.0.1" in a stack buffer
 *   parse-v6   inet_pton(AF_INET6, "2001:db8::ff00:42:8329")  -> struct in6_addr
 *   format-v6  inet_ntop(AF_INET6, 2001:db8::ff00:42:8329)    -> the same text (RFC 5952 form)
 *   decode     sockaddr_storage -> family, port and address, as a C receive path does it;
 *              one op decodes one address, alternating an AF_INET (127.0.0.1:8080) and an
 *              AF_INET6 ([2001:db8::ff00:42:8329]:443, scope 0) storage.
 * LAUNDER hides the input from the optimiser and KEEP forces the result to exist, at no cost.
 */
#include "bench.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define V4_TEXT "127.0.0.1"
#define V6_TEXT "2001:db8::ff00:42:8329"

#if defined(BENCH_RAW)
#define ADDR_WORKLOAD(fn)                                                                    \
    int fn(const struct bench_args *a, struct bench_result *r) {                             \
        (void)a;                                                                             \
        (void)r;                                                                             \
        fprintf(stderr, "c-raw: not applicable: this workload makes no system call\n");      \
        return BENCH_NOT_APPLICABLE;                                                         \
    }
ADDR_WORKLOAD(wl_parse_v4)
ADDR_WORKLOAD(wl_format_v4)
ADDR_WORKLOAD(wl_parse_v6)
ADDR_WORKLOAD(wl_format_v6)
ADDR_WORKLOAD(wl_decode)
#else

/* Runs the body (the variadic part) warmup + iterations times, timing and counting the iterations. */
#define TIMED_LOOP(a, r, ...)                                                               \
    do {                                                                                     \
        for (long i_ = 0; i_ < (a)->warmup; i_++) { __VA_ARGS__; }                                  \
        mc_begin();                                                                          \
        uint64_t t0_ = now_ns();                                                             \
        for (long i_ = 0; i_ < (a)->iterations; i_++) { __VA_ARGS__; }                              \
        uint64_t t1_ = now_ns();                                                             \
        (r)->mallocs = mc_end();                                                             \
        (r)->ns_per_op = (double)(t1_ - t0_) / (double)(a)->iterations;                      \
    } while (0)

static int parse(int af, const char *text, struct bench_args const *a, struct bench_result *r) {
    unsigned char out[16];
    TIMED_LOOP(a, r, {
        const char *s = text;
        LAUNDER(s);
        if (inet_pton(af, s, out) != 1) FAIL("inet_pton(%s) failed", text);
        KEEP(out);
    });
    return 0;
}

static int format(int af, const char *text, struct bench_args const *a, struct bench_result *r) {
    unsigned char bin[16];
    char buf[INET6_ADDRSTRLEN];
    if (inet_pton(af, text, bin) != 1) FAIL("inet_pton(%s) failed", text);
    if (!inet_ntop(af, bin, buf, sizeof buf) || strcmp(buf, text) != 0) FAIL("inet_ntop gave '%s'", buf);
    TIMED_LOOP(a, r, {
        KEEP(bin);
        if (!inet_ntop(af, bin, buf, sizeof buf)) FAIL("inet_ntop failed");
        KEEP(buf);
    });
    return 0;
}

int wl_parse_v4(const struct bench_args *a, struct bench_result *r) { return parse(AF_INET, V4_TEXT, a, r); }
int wl_parse_v6(const struct bench_args *a, struct bench_result *r) { return parse(AF_INET6, V6_TEXT, a, r); }
int wl_format_v4(const struct bench_args *a, struct bench_result *r) { return format(AF_INET, V4_TEXT, a, r); }
int wl_format_v6(const struct bench_args *a, struct bench_result *r) { return format(AF_INET6, V6_TEXT, a, r); }

/* What a C program extracts from a received address. */
struct decoded {
    int family;
    uint16_t port;
    uint32_t scope;
    unsigned char addr[16];
};

static inline int decode(const struct sockaddr_storage *ss, socklen_t len, struct decoded *d) {
    switch (ss->ss_family) {
    case AF_INET: {
        if (len < sizeof(struct sockaddr_in)) return -1;
        const struct sockaddr_in *s = (const struct sockaddr_in *)ss;
        d->family = AF_INET;
        d->port = ntohs(s->sin_port);
        d->scope = 0;
        memcpy(d->addr, &s->sin_addr, 4);
        return 0;
    }
    case AF_INET6: {
        if (len < sizeof(struct sockaddr_in6)) return -1;
        const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)ss;
        d->family = AF_INET6;
        d->port = ntohs(s->sin6_port);
        d->scope = s->sin6_scope_id;
        memcpy(d->addr, &s->sin6_addr, 16);
        return 0;
    }
    default:
        return -1;
    }
}

int wl_decode(const struct bench_args *a, struct bench_result *r) {
    static struct sockaddr_storage ss[2];
    static const socklen_t len[2] = { sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6) };
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss[0];
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss[1];
    v4->sin_family = AF_INET;
    v4->sin_port = htons(8080);
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(443);
    if (inet_pton(AF_INET6, V6_TEXT, &v6->sin6_addr) != 1) FAIL("inet_pton failed");
    struct decoded d;
    TIMED_LOOP(a, r, {
        long k = i_ & 1;
        KEEP(ss);
        if (decode(&ss[k], len[k], &d) != 0) FAIL("decode failed");
        KEEP(d);
    });
    return 0;
}
#endif
