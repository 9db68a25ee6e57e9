/* Sparkline: a ring buffer of samples drawn as one line of block characters. */
#ifndef WIDGETS_SPARKLINE_H
#define WIDGETS_SPARKLINE_H

#include <stddef.h>

#include <curses.h>

struct sparkline {
	double *v; /* cap samples, oldest at head */
	size_t cap;
	size_t head;
	size_t n;
};

/* cap 0 means a default (120 samples). */
void sparkline_init(struct sparkline *, size_t cap);
void sparkline_done(struct sparkline *);
/* Adds a sample, dropping the oldest when full; negative counts as 0. */
void sparkline_push(struct sparkline *, double);
void sparkline_clear(struct sparkline *);
size_t sparkline_count(const struct sparkline *);
/* Sample i, 0 the oldest held. */
double sparkline_get(const struct sparkline *, size_t i);
/* The largest sample held (0 when empty). */
double sparkline_max(const struct sparkline *);
/* The block level 0..7 (▁..█) of v on a scale of max. */
int sparkline_level(double v, double max);

/*
 * Draws the newest w samples at (y, x), right-aligned (the newest in the
 * last column), with ▁▂▃▄▅▆▇█ scaled to max, or to the largest sample when
 * max <= 0. attr 0 means THEME_ROLE_SPARK.
 */
void sparkline_draw(const struct sparkline *, WINDOW *, int y, int x, int w,
    double max, attr_t attr);

#endif
