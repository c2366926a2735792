/* xt_rows.h: one table row next to what the target's kernel headers say (see gen-c.awk). */
#ifndef XARCH_XT_ROWS_H
#define XARCH_XT_ROWS_H

struct xt_row {
    const char *fact;      /* "kind key", as in the table */
    long long table;       /* the table's value */
    long long header;      /* the headers' value, evaluated at compile time for the target */
    long long (*probe)(void); /* bitfields: computes the headers' value at run time instead */
};

extern const struct xt_row xt_rows[];
extern const unsigned long xt_nrows;

/* Zeroes n bytes. */
static inline void xt_zero(unsigned char *b, unsigned long n) {
    volatile unsigned char *p = b;
    while (n--) *p++ = 0;
}

/* Bit offset (want_size = 0) or width (1) of the single run of set bits in a little-endian
 * buffer; -1 if there is none or more than one. All four arches are little-endian. */
static inline long long xt_bits(const unsigned char *b, unsigned long n, int want_size) {
    long long first = -1, count = 0, last = -2;
    for (unsigned long i = 0; i < n * 8; i++) {
        if (b[i / 8] >> (i % 8) & 1) {
            if (first < 0) first = (long long)i;
            else if (last != (long long)i - 1) return -1;
            last = (long long)i;
            count++;
        }
    }
    if (first < 0) return -1;
    return want_size ? count : first;
}

#endif
