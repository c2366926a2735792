/* The out-of-line raw syscall entry point. Includes nothing but the asm header, so the
 * cross-arch checks (scripts/xarch) compile this very file freestanding. */
#include "cplatform_syscall.h"

#if defined(CPLATFORM_RAW_SYSCALLS)
long cplatform_syscall6_outofline(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    return cplatform_syscall6(nr, a1, a2, a3, a4, a5, a6);
}
#endif
