/*
 * The budgets of tests/bench/budgets.sh that need a console without a
 * terminal: the whole console on DOCKER_HOST, drawn into a headless
 * curses screen, driven through app_pump() and app_feed_key().
 *
 *   bench_budgets filter PANE TEXT
 *	opens PANE, waits for its rows, opens the filter and types TEXT:
 *	the CPU time of each keystroke (the key, the pass of the loop, the
 *	whole screen drawn and written out). Prints
 *	"keys N median_us M max_us X rows_before A rows_after B".
 *   bench_budgets first PANE
 *	the console's first frame with rows of PANE: prints
 *	"first_at_us E first_ms T rows N", E the wall clock then (for the
 *	caller to count from before the process started) and T the time
 *	since the console started.
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/console.h"
#include "tui/parts.h"

#define BB_ROWS 50
#define BB_COLS 160
#define BB_MAX_KEYS 64

static double
bb_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
bb_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
bb_draw(struct console *a, WINDOW *w)
{
	app_draw_to(a, w, BB_ROWS, BB_COLS);
	doupdate();
}

/* Pumps until the active pane has rows and its engine's list is loaded. */
static bool
bb_wait_rows(struct console *a, WINDOW *w, double deadline_ms)
{
	while (bb_ms(CLOCK_MONOTONIC) < deadline_ms) {
		app_pump(a, 10);
		if (pane_row_count(console_active_pane(a)) > 0) {
			bb_draw(a, w);
			return true;
		}
	}
	return false;
}

static struct console *
bb_console(const char *pane)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	char *cause = NULL;
	const char *host = getenv("DOCKER_HOST");

	if (!endpoint_parse(
		&ep, host ? host : "unix:///var/run/docker.sock", &cause)) {
		fprintf(stderr, "bench_budgets: %s\n", cause);
		exit(2);
	}
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	if (d == NULL) {
		fprintf(stderr, "bench_budgets: %s\n", cause);
		exit(2);
	}
	config_init(&cfg);
	o.pane = pane;
	return app_new(d, &cfg, &o, &berth_parts);
}

static int
bb_filter(struct console *a, WINDOW *w, const char *text)
{
	double us[BB_MAX_KEYS];
	size_t n = 0, before, after;
	struct pane *p;

	if (!bb_wait_rows(a, w, bb_ms(CLOCK_MONOTONIC) + 20000)) {
		fprintf(stderr, "bench_budgets: no rows in 20 s\n");
		return 1;
	}
	/* Let the first requests settle (usage, inspects). */
	for (double end = bb_ms(CLOCK_MONOTONIC) + 1500;
	     bb_ms(CLOCK_MONOTONIC) < end;) {
		app_pump(a, 50);
		bb_draw(a, w);
	}
	p = console_active_pane(a);
	before = pane_row_count(p);
	app_feed_key(a, '/');
	app_pump(a, 0);
	bb_draw(a, w);
	for (const char *c = text; *c && n < BB_MAX_KEYS; c++) {
		double t0 = bb_ms(CLOCK_PROCESS_CPUTIME_ID);

		app_feed_key(a, (unsigned char)*c);
		app_pump(a, 0);
		bb_draw(a, w);
		us[n++] = (bb_ms(CLOCK_PROCESS_CPUTIME_ID) - t0) * 1000;
	}
	after = pane_row_count(console_active_pane(a));
	qsort(us, n, sizeof *us, bb_cmp);
	printf("keys %zu median_us %.0f max_us %.0f rows_before %zu "
	       "rows_after %zu\n",
	    n, n ? us[n / 2] : 0, n ? us[n - 1] : 0, before, after);
	return 0;
}

static int
bb_first(struct console *a, WINDOW *w)
{
	double t0 = bb_ms(CLOCK_MONOTONIC);

	app_start(a);
	if (!bb_wait_rows(a, w, t0 + 20000)) {
		fprintf(stderr, "bench_budgets: no rows in 20 s\n");
		return 1;
	}
	printf("first_at_us %.0f first_ms %.1f rows %zu\n",
	    bb_ms(CLOCK_REALTIME) * 1000, bb_ms(CLOCK_MONOTONIC) - t0,
	    pane_row_count(console_active_pane(a)));
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *in, *out;
	SCREEN *scr;
	WINDOW *w;
	struct console *a;
	char n[16];
	int rc;

	if (argc < 3 || (strcmp(argv[1], "filter") == 0 && argc < 4)) {
		fprintf(stderr, "usage: bench_budgets filter PANE TEXT | "
				"first PANE\n");
		return 2;
	}
	setlocale(LC_ALL, "C.UTF-8");
	snprintf(n, sizeof n, "%d", BB_ROWS);
	setenv("LINES", n, 1);
	snprintf(n, sizeof n, "%d", BB_COLS);
	setenv("COLUMNS", n, 1);
	in = fopen("/dev/null", "r");
	out = fopen("/dev/null", "w");
	if (in == NULL || out == NULL ||
	    (scr = newterm("xterm-256color", out, in)) == NULL) {
		fprintf(stderr, "bench_budgets: no headless terminal\n");
		return 2;
	}
	set_term(scr);
	start_color();
	w = newwin(BB_ROWS, BB_COLS, 0, 0);
	a = bb_console(argv[2]);
	if (strcmp(argv[1], "first") == 0)
		rc = bb_first(a, w);
	else {
		app_start(a);
		rc = bb_filter(a, w, argv[3]);
	}
	app_free(a);
	delwin(w);
	endwin();
	delscreen(scr);
	fclose(in);
	fclose(out);
	return rc;
}
