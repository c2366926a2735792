/*
 * outofline.c: the out-of-line raw syscall entry point, for freestanding builds.
 * Used only when no file in Sources/CPlatform that defines cplatform_syscall6_outofline compiles
 * freestanding (today it lives in shims.c, which needs libc headers). Same body as there.
 */
#include "cplatform_syscall.h"

long cplatform_syscall6_outofline(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    return cplatform_syscall6(nr, a1, a2, a3, a4, a5, a6);
}
