/*
 * CTestSupport: test-only C helpers.
 *
 * A malloc counter: this target defines malloc/calloc/realloc/posix_memalign/aligned_alloc/memalign,
 * which the test executable exports, so they interpose libc's for the whole process; each forwards to
 * glibc's __libc_* implementation. Counting is per thread: only allocations made by the thread that
 * called ctest_malloc_begin() between begin and end are counted, so other test threads don't disturb
 * a measurement.
 */
#ifndef CTESTSUPPORT_H
#define CTESTSUPPORT_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when the interposer is active in this build (Linux/glibc), 0 otherwise (counts stay 0). */
int ctest_malloc_interposed(void);
/* Starts counting this thread's allocations (resets the count). */
void ctest_malloc_begin(void);
/* Stops counting and returns the number of allocations since begin. */
uint64_t ctest_malloc_end(void);

/*
 * Swift Testing installs a "will throw" hook in the Swift runtime (to capture backtraces); the
 * runtime boxes every typed error into `any Error` to call it, which allocates. The
 * zero-allocation tests measure the library, not the harness: they suspend the hooks around the
 * measured code.
 */
void ctest_suspend_throw_hooks(void);
void ctest_resume_throw_hooks(void);

/*
 * Installs a seccomp filter on the calling thread (and the threads it creates) under which
 * io_uring_setup fails with `error` (e.g. EPERM, as Docker's default profile does); sets the
 * thread's no_new_privs. Returns 0, or the errno of prctl/seccomp. Use it on a thread of its own.
 */
int ctest_deny_io_uring_setup(int error);

#ifdef __cplusplus
}
#endif
#endif
