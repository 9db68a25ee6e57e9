/*
 * Saturating arithmetic on sizes, counts and rates that come from an
 * engine: sums, differences, products and percentages that cannot
 * overflow (a hostile or broken engine may send INT64_MAX anywhere).
 */
#ifndef API_ARITH_H
#define API_ARITH_H

#include <stdint.h>

/* a + b, clamped to [INT64_MIN, INT64_MAX]. */
int64_t arith_add(int64_t a, int64_t b);
/* a - b, clamped. */
int64_t arith_sub(int64_t a, int64_t b);
/* a * b, clamped. */
int64_t arith_mul(int64_t a, int64_t b);
/* v when it is positive, else 0: for sizes the engine leaves at -1. */
int64_t arith_pos(int64_t v);
/*
 * part * 100 / whole, rounded down and clamped to [0, 100]; 0 when whole
 * is not positive. Exact for every int64_t, however large.
 */
int arith_pct(int64_t part, int64_t whole);

#endif
