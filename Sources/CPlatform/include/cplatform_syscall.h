/*
 * cplatform_syscall.h: the raw Linux syscall entry point, as inline assembly.
 * Includes nothing, so freestanding programs (the cross-arch checks) can use it as is.
 */
#ifndef CPLATFORM_SYSCALL_H
#define CPLATFORM_SYSCALL_H

#if defined(__linux__)
#  if defined(__x86_64__) && !defined(__ILP32__)
#    define CPLATFORM_RAW_SYSCALLS 1
#  elif defined(__aarch64__) && !defined(__ILP32__) && !defined(__AARCH64EB__)
#    define CPLATFORM_RAW_SYSCALLS 1
#  elif defined(__riscv) && (__riscv_xlen == 64)
#    define CPLATFORM_RAW_SYSCALLS 1
#  elif defined(__loongarch__) && (__loongarch_grlen == 64)
#    define CPLATFORM_RAW_SYSCALLS 1
#  endif
#endif


#ifdef __cplusplus
extern "C" {
#endif

#if defined(CPLATFORM_RAW_SYSCALLS)
/*
 * Register conventions (man 2 syscall; the kernels' entry code):
 *   arch         insn       nr   args 1..6                 ret  also clobbered
 *   x86_64       syscall    rax  rdi rsi rdx r10 r8 r9     rax  rcx (return rip), r11 (rflags)
 *   aarch64      svc #0     x8   x0 x1 x2 x3 x4 x5         x0   -
 *   riscv64      ecall      a7   a0 a1 a2 a3 a4 a5         a0   -
 *   loongarch64  syscall 0  a7   a0 a1 a2 a3 a4 a5         a0   t0..t8 (not restored on return)
 * Every variant clobbers "memory": the kernel reads and writes user buffers.
 * Register variables are initialised from plain parameters only, so nothing can run between the
 * assignments and the asm statement and disturb them.
 */
static inline __attribute__((always_inline)) long
cplatform_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
#if defined(__x86_64__)
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    long ret;
    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    register long x3 __asm__("x3") = a4;
    register long x4 __asm__("x4") = a5;
    register long x5 __asm__("x5") = a6;
    __asm__ __volatile__("svc #0"
                         : "+r"(x0)
                         : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                         : "memory", "cc");
    return x0;
#elif defined(__riscv)
    register long a7r __asm__("a7") = nr;
    register long a0r __asm__("a0") = a1;
    register long a1r __asm__("a1") = a2;
    register long a2r __asm__("a2") = a3;
    register long a3r __asm__("a3") = a4;
    register long a4r __asm__("a4") = a5;
    register long a5r __asm__("a5") = a6;
    __asm__ __volatile__("ecall"
                         : "+r"(a0r)
                         : "r"(a7r), "r"(a1r), "r"(a2r), "r"(a3r), "r"(a4r), "r"(a5r)
                         : "memory");
    return a0r;
#elif defined(__loongarch__)
    register long a7r __asm__("$a7") = nr;
    register long a0r __asm__("$a0") = a1;
    register long a1r __asm__("$a1") = a2;
    register long a2r __asm__("$a2") = a3;
    register long a3r __asm__("$a3") = a4;
    register long a4r __asm__("$a4") = a5;
    register long a5r __asm__("$a5") = a6;
    __asm__ __volatile__("syscall 0"
                         : "+r"(a0r)
                         : "r"(a7r), "r"(a1r), "r"(a2r), "r"(a3r), "r"(a4r), "r"(a5r)
                         : "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "memory");
    return a0r;
#endif
}

/*
 * The three-argument form: the same conventions with a4..a6 left alone, which saves zeroing three
 * registers on the hottest calls (read, write-style calls with no flags, close, fcntl, ...).
 */
static inline __attribute__((always_inline)) long
cplatform_syscall3(long nr, long a1, long a2, long a3) {
#if defined(__x86_64__)
    long ret;
    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
                         : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    __asm__ __volatile__("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory", "cc");
    return x0;
#elif defined(__riscv)
    register long a7r __asm__("a7") = nr;
    register long a0r __asm__("a0") = a1;
    register long a1r __asm__("a1") = a2;
    register long a2r __asm__("a2") = a3;
    __asm__ __volatile__("ecall" : "+r"(a0r) : "r"(a7r), "r"(a1r), "r"(a2r) : "memory");
    return a0r;
#elif defined(__loongarch__)
    register long a7r __asm__("$a7") = nr;
    register long a0r __asm__("$a0") = a1;
    register long a1r __asm__("$a1") = a2;
    register long a2r __asm__("$a2") = a3;
    __asm__ __volatile__("syscall 0"
                         : "+r"(a0r)
                         : "r"(a7r), "r"(a1r), "r"(a2r)
                         : "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "memory");
    return a0r;
#endif
}

/*
 * The five-argument form: a6 is left alone. Sock uses it for send(2), which is sendto(2) with a
 * NULL address: the kernel reads the sixth argument (addr_len) only when the address is non-NULL.
 */
static inline __attribute__((always_inline)) long
cplatform_syscall5(long nr, long a1, long a2, long a3, long a4, long a5) {
#if defined(__x86_64__)
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    long ret;
    __asm__ __volatile__("syscall"
                         : "=a"(ret)
                         : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
                         : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a1;
    register long x1 __asm__("x1") = a2;
    register long x2 __asm__("x2") = a3;
    register long x3 __asm__("x3") = a4;
    register long x4 __asm__("x4") = a5;
    __asm__ __volatile__("svc #0"
                         : "+r"(x0)
                         : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4)
                         : "memory", "cc");
    return x0;
#elif defined(__riscv)
    register long a7r __asm__("a7") = nr;
    register long a0r __asm__("a0") = a1;
    register long a1r __asm__("a1") = a2;
    register long a2r __asm__("a2") = a3;
    register long a3r __asm__("a3") = a4;
    register long a4r __asm__("a4") = a5;
    __asm__ __volatile__("ecall"
                         : "+r"(a0r)
                         : "r"(a7r), "r"(a1r), "r"(a2r), "r"(a3r), "r"(a4r)
                         : "memory");
    return a0r;
#elif defined(__loongarch__)
    register long a7r __asm__("$a7") = nr;
    register long a0r __asm__("$a0") = a1;
    register long a1r __asm__("$a1") = a2;
    register long a2r __asm__("$a2") = a3;
    register long a3r __asm__("$a3") = a4;
    register long a4r __asm__("$a4") = a5;
    __asm__ __volatile__("syscall 0"
                         : "+r"(a0r)
                         : "r"(a7r), "r"(a1r), "r"(a2r), "r"(a3r), "r"(a4r)
                         : "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "memory");
    return a0r;
#endif
}

/* The same entry point, out of line: for C callers and the cross-arch checks. */
long cplatform_syscall6_outofline(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#endif /* CPLATFORM_RAW_SYSCALLS */

#ifdef __cplusplus
}
#endif
#endif /* CPLATFORM_SYSCALL_H */
