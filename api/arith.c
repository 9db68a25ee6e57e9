/* Saturating arithmetic for numbers from outside (see arith.h). */

#include "api/arith.h"

int64_t
arith_add(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

int64_t
arith_sub(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

int64_t
arith_mul(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r))
		return (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
	return r;
}

int64_t
arith_pos(int64_t v)
{
	return v > 0 ? v : 0;
}

/*
 * floor(10 * x / w) for x < w, with *rem = 10 * x mod w, by adding x ten
 * times modulo w: no sum exceeds 2 * w, which fits in 64 bits.
 */
static uint64_t
arith_times10(uint64_t x, uint64_t w, uint64_t *rem)
{
	uint64_t acc = 0, q = 0;

	for (int i = 0; i < 10; i++) {
		acc += x;
		if (acc >= w) {
			acc -= w;
			q++;
		}
	}
	*rem = acc;
	return q;
}

int
arith_pct(int64_t part, int64_t whole)
{
	uint64_t tens, ones, rem;

	if (whole <= 0 || part <= 0)
		return 0;
	if (part >= whole)
		return 100;
	/* Long division, one decimal digit at a time: exact for any sizes,
	 * where part * 100 would overflow. */
	tens = arith_times10((uint64_t)part, (uint64_t)whole, &rem);
	ones = arith_times10(rem, (uint64_t)whole, &rem);
	return (int)(tens * 10 + ones);
}
