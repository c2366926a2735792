/*
 * rt.h: the freestanding runtime of the cross-arch checks (no libc): program entry, output,
 * memory helpers. The checks run as static ELF programs natively (x86_64) or under qemu-user.
 */
#ifndef XARCH_RT_H
#define XARCH_RT_H

/* Entry point of a check program, called by _start; its result is the exit status. */
int xt_main(long argc, char **argv);

void xt_out(const char *s);
void xt_out_long(long v);
unsigned long xt_strlen(const char *s);

void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
void *memmove(void *d, const void *s, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);

#endif
