/* Per-thread malloc counter for the zero-allocation tests. See CTestSupport.h. */
#define _GNU_SOURCE 1
#include "CTestSupport.h"
#include <stddef.h>
#include <errno.h>

#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#    define CTEST_SANITIZED 1
#  endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#  define CTEST_SANITIZED 1
#endif

/* Sanitizer runtimes own malloc: no interposer there (the zero-allocation tests then skip). */
#if defined(__linux__) && defined(__GLIBC__) && !defined(CTEST_SANITIZED)
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread int counting;
static __thread uint64_t count;

static inline void note(void) { if (counting) count++; }

void *malloc(size_t n) { note(); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { note(); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { note(); return __libc_realloc(p, n); }
void *memalign(size_t al, size_t n) { note(); return __libc_memalign(al, n); }
void *aligned_alloc(size_t al, size_t n) { note(); return __libc_memalign(al, n); }
int posix_memalign(void **out, size_t al, size_t n) {
    note();
    if (al < sizeof(void *) || (al & (al - 1)) != 0) return EINVAL;
    void *p = __libc_memalign(al, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

int ctest_malloc_interposed(void) { return 1; }
void ctest_malloc_begin(void) { count = 0; counting = 1; }
uint64_t ctest_malloc_end(void) { counting = 0; return count; }
#else
int ctest_malloc_interposed(void) { return 0; }
void ctest_malloc_begin(void) {}
uint64_t ctest_malloc_end(void) { return 0; }
#endif

/* The Swift runtime's throw hooks (libswiftCore exports them as writable pointers). */
extern void *_swift_willThrow __attribute__((weak));
extern void *_swift_willThrowTypedImpl __attribute__((weak));
static __thread void *saved_hook, *saved_typed_hook;

void ctest_suspend_throw_hooks(void) {
    if (&_swift_willThrow) { saved_hook = _swift_willThrow; _swift_willThrow = 0; }
    if (&_swift_willThrowTypedImpl) { saved_typed_hook = _swift_willThrowTypedImpl; _swift_willThrowTypedImpl = 0; }
}

void ctest_resume_throw_hooks(void) {
    if (&_swift_willThrow) _swift_willThrow = saved_hook;
    if (&_swift_willThrowTypedImpl) _swift_willThrowTypedImpl = saved_typed_hook;
}
