/* sctp_pair.c - the VM runner's self-test: real SCTP over loopback, inside the VM.
 *
 * One-to-one style (SOCK_STREAM) and one-to-many style (SOCK_SEQPACKET) socket pairs, each over
 * 127.0.0.1 and ::1: socket, bind to port 0, listen, connect (or an implicit association through
 * sendto), send, recv and a reply the other way. The one-to-one pairs also set SCTP_NODELAY and
 * SCTP_INITMSG (5 out / 7 in streams) and read them back through SCTP_STATUS.
 * Exit 0 = every check passed, 1 = a check failed, 77 = the kernel has no SCTP (as on the host).
 * Uses only <linux/sctp.h> from linux-libc-dev, no libsctp. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/sctp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what) {
    int e = errno;
    if (ok) {
        printf("  ok   %s\n", what);
    } else {
        failures++;
        printf("  FAIL %s: %s\n", what, strerror(e));
    }
}

/* Loopback address of FAMILY, port 0. */
static socklen_t loopback(int family, struct sockaddr_storage *ss) {
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof *a;
    }
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    return sizeof *a;
}

/* A listening socket of TYPE bound to loopback port 0; its address (with the port) in SS. */
static int listener(int family, int type, struct sockaddr_storage *ss, socklen_t *sl) {
    *sl = loopback(family, ss);
    int s = socket(family, type, IPPROTO_SCTP);
    check(s >= 0, "socket(listener)");
    if (s < 0) return -1;
    check(bind(s, (struct sockaddr *)ss, *sl) == 0, "bind(loopback, port 0)");
    check(getsockname(s, (struct sockaddr *)ss, sl) == 0, "getsockname");
    check(listen(s, 8) == 0, "listen");
    return s;
}

static void one_to_one(int family) {
    printf("[one-to-one SOCK_STREAM %s]\n", family == AF_INET ? "127.0.0.1" : "::1");
    struct sockaddr_storage ss;
    socklen_t sl;
    int ls = listener(family, SOCK_STREAM, &ss, &sl);
    if (ls < 0) return;
    int cs = socket(family, SOCK_STREAM, IPPROTO_SCTP);
    check(cs >= 0, "socket(client)");
    int one = 1, v = 0;
    socklen_t vl = sizeof v;
    check(setsockopt(cs, IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof one) == 0, "setsockopt(SCTP_NODELAY, 1)");
    check(getsockopt(cs, IPPROTO_SCTP, SCTP_NODELAY, &v, &vl) == 0 && v == 1, "getsockopt(SCTP_NODELAY) == 1");
    struct sctp_initmsg im = {.sinit_num_ostreams = 5, .sinit_max_instreams = 7};
    check(setsockopt(cs, IPPROTO_SCTP, SCTP_INITMSG, &im, sizeof im) == 0, "setsockopt(SCTP_INITMSG, 5/7)");
    check(connect(cs, (struct sockaddr *)&ss, sl) == 0, "connect");
    int as = accept(ls, NULL, NULL);
    check(as >= 0, "accept");

    const char msg[] = "hello over SCTP";
    char buf[64] = {0};
    check(send(cs, msg, sizeof msg, 0) == (ssize_t)sizeof msg, "send");
    check(recv(as, buf, sizeof buf, 0) == (ssize_t)sizeof msg && strcmp(buf, msg) == 0, "recv == sent");
    check(send(as, "pong", 5, 0) == 5, "send reply");
    memset(buf, 0, sizeof buf);
    check(recv(cs, buf, sizeof buf, 0) == 5 && strcmp(buf, "pong") == 0, "recv reply");

    struct sctp_status st;
    socklen_t stl = sizeof st;
    memset(&st, 0, sizeof st);
    int r = getsockopt(cs, IPPROTO_SCTP, SCTP_STATUS, &st, &stl);
    int streams_ok = st.sstat_outstrms == 5 && st.sstat_instrms >= 1 && st.sstat_instrms <= 7;
    check(r == 0 && st.sstat_state == SCTP_ESTABLISHED && streams_ok,
          "getsockopt(SCTP_STATUS): established, 5 out / at most 7 in streams");
    printf("       state=%d outstrms=%u instrms=%u\n", st.sstat_state, st.sstat_outstrms, st.sstat_instrms);
    close(cs);
    close(as);
    close(ls);
}

static void one_to_many(int family) {
    printf("[one-to-many SOCK_SEQPACKET %s]\n", family == AF_INET ? "127.0.0.1" : "::1");
    struct sockaddr_storage ss, from;
    socklen_t sl, fl = sizeof from;
    int s = listener(family, SOCK_SEQPACKET, &ss, &sl);
    if (s < 0) return;
    int c = socket(family, SOCK_SEQPACKET, IPPROTO_SCTP);
    check(c >= 0, "socket(client)");
    char buf[64] = {0};
    check(sendto(c, "msg1", 5, 0, (struct sockaddr *)&ss, sl) == 5, "sendto (implicit association)");
    check(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == 5 && strcmp(buf, "msg1") == 0,
          "recvfrom == sent");
    check(sendto(s, "ack1", 5, 0, (struct sockaddr *)&from, fl) == 5, "sendto reply on the association");
    memset(buf, 0, sizeof buf);
    check(recv(c, buf, sizeof buf, 0) == 5 && strcmp(buf, "ack1") == 0, "recv reply");
    close(c);
    close(s);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int probe = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
    if (probe < 0) {
        printf("SCTP not available: socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP): %s\n", strerror(errno));
        return 77;
    }
    close(probe);
    one_to_one(AF_INET);
    one_to_one(AF_INET6);
    one_to_many(AF_INET);
    one_to_many(AF_INET6);
    printf("RESULT: %s (%d failures)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
