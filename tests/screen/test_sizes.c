/*
 * Screen tests of sizes at the edge of int64_t: an engine's disk usage
 * with INT64_MAX-ish sizes drawn by the host and fleet panes, and the
 * doctor's reclaimable-disk rule, with sums and percentages that must
 * neither overflow (UBSan aborts on it in the SAN build) nor show
 * nonsense.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/decode.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/doctor.h"
#include "tui/core/fmt.h"
#include "tui/parts.h"

#define ROWS 30
#define COLS 120

/* Every size near INT64_MAX: each sum of two overflows. */
static const char huge_df[] =
    "{\"LayersSize\": 9223372036854775807,"
    " \"Images\": ["
    "  {\"Id\": \"sha256:aa\", \"RepoTags\": [\"a:1\"],"
    "   \"Size\": 9223372036854775807, \"SharedSize\": 0,"
    "   \"Containers\": 0},"
    "  {\"Id\": \"sha256:bb\", \"RepoTags\": [],"
    "   \"Size\": 9223372036854775806, \"SharedSize\": -1,"
    "   \"Containers\": 0}],"
    " \"Containers\": ["
    "  {\"Id\": \"c1\", \"Names\": [\"/a\"], \"State\": \"exited\","
    "   \"SizeRw\": 9223372036854775807},"
    "  {\"Id\": \"c2\", \"Names\": [\"/b\"], \"State\": \"running\","
    "   \"SizeRw\": 9223372036854775807}],"
    " \"Volumes\": ["
    "  {\"Name\": \"v1\", \"UsageData\": "
    "   {\"Size\": 9223372036854775806, \"RefCount\": 0}},"
    "  {\"Name\": \"v2\", \"UsageData\": "
    "   {\"Size\": 9223372036854775806, \"RefCount\": 1}}],"
    " \"BuildCache\": ["
    "  {\"ID\": \"b1\", \"Size\": 9223372036854775807, \"InUse\": false,"
    "   \"Shared\": false},"
    "  {\"ID\": \"b2\", \"Size\": 4611686018427387904, \"InUse\": false,"
    "   \"Shared\": false}]}";

static struct console *
sizes_app(void)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct console *a;
	struct store *s;
	char *cause = NULL, *text;
	size_t len;

	assert_true(
	    endpoint_parse(&ep, "unix:///nonexistent/berth.sock", &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	a = app_new(d, &cfg, &o, &berth_parts);
	s = &console_engine(a)->store;
	text = fixture_read("info.v1.41.json", &len);
	s->slot[STORE_INFO] = decode_info(text, len, &cause);
	free(text);
	s->slot[STORE_DF] = decode_df(huge_df, strlen(huge_df), &cause);
	if (s->slot[STORE_DF] == NULL)
		fail_msg("decode_df: %s", cause ? cause : "?");
	s->loaded[STORE_INFO] = s->loaded[STORE_DF] = true;
	s->gen[STORE_INFO]++;
	s->gen[STORE_DF]++;
	return a;
}

/* The line of the dump that starts with what (after blanks), or fails. */
static char *
dump_line(const char *dump, const char *what)
{
	const char *p = dump;

	while (p && *p) {
		const char *nl = strchr(p, '\n'), *t = p;

		while (*t == ' ' || *t == '|')
			t++;
		if (strncmp(t, what, strlen(what)) == 0)
			return xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : NULL;
	}
	fail_msg("no line starting with \"%s\" in:\n%s", what, dump);
	return NULL;
}

static void
assert_line_has(const char *dump, const char *what, const char *want)
{
	char *line = dump_line(dump, what);

	if (strstr(line, want) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", line, want);
	free(line);
}

static void
test_host_pane_huge_sizes(void **state)
{
	struct console *a;
	WINDOW *w;
	char *dump;
	const char *df;

	(void)state;
	ts_init(ROWS, COLS);
	w = ts_window(ROWS, COLS);
	a = sizes_app();
	assert_true(console_show_pane(a, "host"));
	pane_sync(console_active_pane(a), false);
	app_draw_to(a, w, ROWS, COLS);
	dump = ts_dump(w);
	df = strstr(dump, "DISK USAGE");
	if (df == NULL)
		fail_msg("no disk usage in:\n%s", dump);
	/* Saturated sums and exact percentages: all of the images are
	 * unused; one of the two containers runs, but each is "all"; one
	 * of two equal volumes is unused; the cache sums saturate. */
	assert_line_has(df, "Images", "9223PB");
	assert_line_has(df, "Images", "(100%)");
	assert_line_has(df, "Containers", "(100%)");
	assert_line_has(df, "Volumes", "(99%)");
	assert_line_has(df, "Build cache", "(100%)");
	if (strstr(df, "(-"))
		fail_msg("a negative percentage:\n%s", df);
	free(dump);
	app_free(a);
	ts_done();
}

static void
test_doctor_huge_reclaimable(void **state)
{
	struct doctor_input in;
	struct doctor_finding *f = NULL;
	size_t n = 0;
	char *cause = NULL;
	struct docker_df *df = decode_df(huge_df, strlen(huge_df), &cause);
	bool found = false;

	(void)state;
	assert_non_null(df);
	memset(&in, 0, sizeof in);
	in.df = df;
	in.engine_wide = true;
	in.now = 1795348800;
	doctor_run(&in, &f, &n);
	for (size_t i = 0; i < n; i++) {
		if (f[i].rule != DOCTOR_DISK)
			continue;
		found = true;
		assert_int_equal(f[i].severity, DOCTOR_WARN);
		/* The saturated total, not a wrapped negative one. */
		if (strstr(f[i].title, "reclaimable disk: 9223PB") == NULL)
			fail_msg("\"%s\"", f[i].title);
	}
	assert_true(found);
	doctor_findings_free(f, n);
	docker_df_free(df);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_host_pane_huge_sizes),
	    cmocka_unit_test(test_doctor_huge_reclaimable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
