/* controls.c - controls for the VM runner's self-test; each MODE checks one way run.sh reports.
 *
 *   controls exit N          exit with status N (run.sh must exit N)
 *   controls args A B C      exit 0 iff the arguments arrived as ("a b", "it's", "$HOME*") and the
 *                            environment holds SOCK_VM_SELFTEST="x y", the working directory is
 *                            the host's (CWD) and /etc/hosts resolves localhost to 127.0.0.1
 *   controls abort           die of SIGABRT (run.sh must exit 134, reported exactly)
 *   controls hang            never return (run.sh --timeout must end it: exit 124)
 *   controls poweroff        power the VM off without reporting a status (run.sh must exit 125);
 *                            refuses unless it runs inside the runner's guest */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

static int args_ok(int argc, char **argv) {
    const char *want[] = {"a b", "it's", "$HOME*"};
    int ok = argc == 5;
    for (int i = 2; i < argc; i++) {
        printf("arg %d: [%s]\n", i - 1, argv[i]);
        if (ok && strcmp(argv[i], want[i - 2]) != 0) ok = 0;
    }
    const char *env = getenv("SOCK_VM_SELFTEST");
    printf("SOCK_VM_SELFTEST=[%s]\n", env ? env : "(unset)");
    if (!env || strcmp(env, "x y") != 0) ok = 0;
    char cwd[4096];
    const char *want_cwd = getenv("SELFTEST_CWD");
    printf("cwd=[%s] want [%s]\n", getcwd(cwd, sizeof cwd) ? cwd : "?", want_cwd ? want_cwd : "(unset)");
    if (!want_cwd || strcmp(cwd, want_cwd) != 0) ok = 0;
    struct addrinfo hints = {.ai_family = AF_INET}, *res = NULL;
    int r = getaddrinfo("localhost", NULL, &hints, &res);
    printf("getaddrinfo(localhost): %s\n", r == 0 ? "ok" : gai_strerror(r));
    if (r != 0) ok = 0;
    if (res) freeaddrinfo(res);
    return ok ? 0 : 1;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "exit") == 0 && argc == 3) return atoi(argv[2]);
    if (strcmp(mode, "args") == 0) return args_ok(argc, argv);
    if (strcmp(mode, "abort") == 0) abort();
    if (strcmp(mode, "hang") == 0) for (;;) pause();
    if (strcmp(mode, "poweroff") == 0) {
        /* only inside the runner's VM, never on a host where this process might be root */
        char host[64] = {0};
        gethostname(host, sizeof host - 1);
        if (strcmp(host, "sock-vm") != 0 || access("/etc/sock-vm/nonce", F_OK) != 0) {
            fprintf(stderr, "poweroff: not inside the sctp-vm guest, refusing\n");
            return 2;
        }
        sync();
        reboot(RB_POWER_OFF);
        return 99; /* not reached in the VM (root); on the host: EPERM */
    }
    fprintf(stderr, "usage: controls exit N | args A B C | abort | hang | poweroff\n");
    return 2;
}
