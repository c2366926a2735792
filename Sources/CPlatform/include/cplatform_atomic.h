/*
 * cplatform_atomic.h: acquire loads and release stores on memory Swift does not own (the io_uring
 * rings the kernel shares with the process), as C11 atomics. Swift's Synchronization `Atomic` needs
 * storage it declares itself; these work on any naturally aligned address. Each is one
 * instruction (x86_64: a plain mov; arm64: ldar/stlr; riscv64 and loongarch64: the access plus a
 * fence) and is inlined into Swift. Includes nothing but <stdint.h>.
 */
#ifndef CPLATFORM_ATOMIC_H
#define CPLATFORM_ATOMIC_H

#include <stdint.h>

/* Reads a value the kernel publishes (a ring tail or head): later reads of the entries it
 * covers see the kernel's writes. */
static inline __attribute__((always_inline)) uint32_t cplatform_load_acquire_u32(const void *p) {
    return __atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE);
}

/* Publishes a value to the kernel (a ring tail or head): earlier writes of the entries it covers
 * are visible to the kernel first. */
static inline __attribute__((always_inline)) void cplatform_store_release_u32(void *p, uint32_t v) {
    __atomic_store_n((uint32_t *)p, v, __ATOMIC_RELEASE);
}

/* The same for 16-bit values (the provided-buffer ring's tail). */
static inline __attribute__((always_inline)) void cplatform_store_release_u16(void *p, uint16_t v) {
    __atomic_store_n((uint16_t *)p, v, __ATOMIC_RELEASE);
}

/* A flag word the kernel updates on its own (the SQ ring's flags): no ordering, never torn. */
static inline __attribute__((always_inline)) uint32_t cplatform_load_relaxed_u32(const void *p) {
    return __atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
}

#endif /* CPLATFORM_ATOMIC_H */
