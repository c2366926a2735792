/*
 * rt.c: _start, exit, output and the memory functions a compiler may call even with
 * -ffreestanding -fno-builtin (struct zeroing and copies). Also the heap hooks Embedded Swift uses
 * (posix_memalign/free/putchar). Output and exit use the headers' syscall numbers, not the
 * table's, so a wrong table can still report itself (the Embedded Swift check, which builds without
 * kernel headers, passes the table's numbers as XT_NR_write/XT_NR_exit_group instead).
 */
#include "cplatform_syscall.h"
#include "rt.h"

/* The Embedded Swift check builds without kernel headers and passes these (from the table). */
#ifndef XT_NR_write
#include <asm/unistd.h>
#define XT_NR_write __NR_write
#define XT_NR_exit_group __NR_exit_group
#endif
#if !defined(CPLATFORM_RAW_SYSCALLS)
#error "cplatform_syscall.h has no raw syscalls for this target"
#endif

/* The _start stubs follow musl's crt_arch.h: pass the initial sp, align the stack to 16. */
#if defined(__x86_64__)
__asm__(".text\n.globl _start\n.type _start,@function\n_start:\n"
        "  xor %ebp,%ebp\n  mov %rsp,%rdi\n  and $-16,%rsp\n  call xt_c_start\n  hlt\n");
#elif defined(__aarch64__)
__asm__(".text\n.globl _start\n.type _start,%function\n_start:\n"
        "  mov x29, #0\n  mov x30, #0\n  mov x0, sp\n  and sp, x0, #-16\n  bl xt_c_start\n  brk #0\n");
#elif defined(__riscv)
__asm__(".section .sdata,\"aw\"\n.text\n.globl _start\n.type _start,%function\n_start:\n"
        ".weak __global_pointer$\n.hidden __global_pointer$\n"
        ".option push\n.option norelax\n  lla gp, __global_pointer$\n.option pop\n"
        "  mv a0, sp\n  andi sp, sp, -16\n  call xt_c_start\n  unimp\n");
#elif defined(__loongarch__)
__asm__(".text\n.globl _start\n.type _start,@function\n_start:\n"
        "  move $fp, $zero\n  move $a0, $sp\n  bstrins.d $sp, $zero, 3, 0\n  bl xt_c_start\n  break 0\n");
#endif

__attribute__((noreturn)) static void xt_exit(long status) {
    for (;;) cplatform_syscall6(XT_NR_exit_group, status, 0, 0, 0, 0, 0);
}

__attribute__((noreturn, used)) void xt_c_start(long *sp) {
    xt_exit(xt_main(sp[0], (char **)(sp + 1)));
}

unsigned long xt_strlen(const char *s) {
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

void xt_out(const char *s) {
    unsigned long n = xt_strlen(s), done = 0;
    while (done < n) {
        long r = cplatform_syscall6(XT_NR_write, 1, (long)(s + done), (long)(n - done), 0, 0, 0);
        if (r <= 0) return;
        done += (unsigned long)r;
    }
}

void xt_out_long(long v) {
    char b[24];
    int i = 23;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) b[--i] = '-';
    xt_out(b + i);
}

/* volatile keeps the compiler from turning these loops back into calls to themselves */
void *memset(void *d, int c, unsigned long n) {
    volatile unsigned char *p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, unsigned long n) {
    volatile unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, unsigned long n) {
    volatile unsigned char *p = d;
    const unsigned char *q = s;
    if ((unsigned long)p < (unsigned long)q) {
        while (n--) *p++ = *q++;
    } else {
        p += n;
        q += n;
        while (n--) *--p = *--q;
    }
    return d;
}

int memcmp(const void *a, const void *b, unsigned long n) {
    const volatile unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++) {
        if (*p != *q) return *p < *q ? -1 : 1;
    }
    return 0;
}

/* ---- what the Embedded Swift runtime links against ---- */
int putchar(int c) {
    char ch = (char)c;
    cplatform_syscall6(XT_NR_write, 1, (long)&ch, 1, 0, 0, 0);
    return c;
}

static _Alignas(16) unsigned char xt_heap[1 << 20];
static unsigned long xt_heap_used;

int posix_memalign(void **out, unsigned long align, unsigned long size) {
    if (align < 16) align = 16;
    unsigned long p = (xt_heap_used + align - 1) & ~(align - 1);
    if (p + size > sizeof xt_heap) return 12; /* ENOMEM */
    xt_heap_used = p + size;
    *out = xt_heap + p;
    return 0;
}

void free(void *p) { (void)p; } /* a bump allocator: the checks are short-lived */

__attribute__((noreturn)) void abort(void) {
    xt_out("abort()\n");
    xt_exit(134);
}
