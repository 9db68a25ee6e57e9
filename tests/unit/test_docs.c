/*
 * The documents against the code, so that they cannot drift: the key tables
 * of README.md and doc/berth.1 are generated from the built-in bindings and
 * the action table (GOLDEN_UPDATE=1 rewrites them), and the pane lists of
 * README.md, doc/berth.1 and the shell completions, and the keys of the
 * README's Actions table, are checked against the pane registry and keymap.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tui/core/action.h"
#include "tui/core/config.h"
#include "tui/core/keymap.h"
#include "tui/panes/panes.h"

#define DOCS_README "README.md"
#define DOCS_MAN "doc/berth.1"
#define DOCS_BASH "completions/berth.bash"
#define DOCS_ZSH "completions/_berth"
#define DOCS_MAX_ROWS 128
#define DOCS_MAX_KEYS 8

/* One row of a key table: an action and the keys bound to it. */
struct docs_row {
	enum action act;
	int keys[DOCS_MAX_KEYS];
	size_t nkeys;
	bool panes_1_9; /* pane-1 ... pane-9 on 1 ... 9, as one row */
};

enum docs_fmt { DOCS_MD, DOCS_ROFF };

/* The rows of one scope ("*", a pane, "detail"), in binding order. */
static size_t
docs_rows(const struct keymap *km, const char *scope, struct docs_row *rows)
{
	size_t n = 0, j;

	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_entry *e = &km->v[i];

		if (strcmp(e->pane, scope) != 0 || e->action == ACTION_NONE)
			continue;
		for (j = 0; j < n && rows[j].act != e->action; j++)
			;
		if (j == n) {
			assert_true(n < DOCS_MAX_ROWS);
			memset(&rows[n], 0, sizeof rows[n]);
			rows[n++].act = e->action;
		}
		assert_true(rows[j].nkeys < DOCS_MAX_KEYS);
		rows[j].keys[rows[j].nkeys++] = e->key;
	}
	/* pane-1 ... pane-9 bound to 1 ... 9 alone read best as one row. */
	for (j = 0; j < n && rows[j].act != ACTION_PANE_1; j++)
		;
	if (j + 9 <= n) {
		bool one_row = true;

		for (size_t k = 0; k < 9; k++)
			one_row = one_row &&
				  (int)rows[j + k].act ==
				      (int)ACTION_PANE_1 + (int)k &&
				  rows[j + k].nkeys == 1 &&
				  rows[j + k].keys[0] == '1' + (int)k;
		if (one_row) {
			rows[j].panes_1_9 = true;
			memmove(&rows[j + 1], &rows[j + 9],
			    (n - j - 9) * sizeof *rows);
			n -= 8;
		}
	}
	return n;
}

/* Text for a roff argument or line: hyphens, backslashes, quotes. */
static void
docs_roff(struct buf *b, const char *s, bool line_start)
{
	if (line_start && (*s == '.' || *s == '\''))
		buf_puts(b, "\\&");
	for (; *s; s++)
		if (*s == '-')
			buf_puts(b, "\\-");
		else if (*s == '\\')
			buf_puts(b, "\\e");
		else if (*s == '"')
			buf_puts(b, "\\(dq");
		else
			buf_putc(b, *s);
}

/* Text for a markdown table cell. */
static void
docs_md(struct buf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			buf_puts(b, "\\|");
		else
			buf_putc(b, *s);
}

/* A key in code quotes; a backtick needs double ones. */
static void
docs_md_code(struct buf *b, const char *s)
{
	const char *q = strchr(s, '`') ? "``" : "`";

	buf_printf(b, "%s%s", q, strcmp(q, "``") == 0 ? " " : "");
	docs_md(b, s);
	buf_printf(b, "%s%s", strcmp(q, "``") == 0 ? " " : "", q);
}

static void
docs_row_out(struct buf *b, const struct docs_row *r, enum docs_fmt fmt)
{
	char name[32];

	if (fmt == DOCS_MD) {
		buf_puts(b, "|");
		if (r->panes_1_9)
			buf_puts(b, " `1`–`9`");
		for (size_t k = 0; !r->panes_1_9 && k < r->nkeys; k++) {
			buf_putc(b, ' ');
			docs_md_code(
			    b, keymap_key_name(r->keys[k], name, sizeof name));
		}
		buf_puts(b, " | ");
		if (r->panes_1_9)
			buf_puts(b, "`pane-1`…`pane-9`");
		else
			docs_md_code(b, action_name(r->act));
		buf_puts(b, " | ");
		docs_md(b, r->panes_1_9 ? "go to pane N" : action_help(r->act));
		buf_puts(b, " |\n");
		return;
	}
	buf_puts(b, ".TP\n.B ");
	if (r->panes_1_9)
		buf_puts(b, "1\\(en9");
	for (size_t k = 0; !r->panes_1_9 && k < r->nkeys; k++) {
		if (k)
			buf_putc(b, ' ');
		docs_roff(
		    b, keymap_key_name(r->keys[k], name, sizeof name), false);
	}
	buf_puts(b, "\n.RB ( ");
	if (r->panes_1_9)
		buf_puts(b, "pane\\-1 \\(en pane\\-9");
	else
		docs_roff(b, action_name(r->act), false);
	buf_puts(b, " )\n");
	docs_roff(b, r->panes_1_9 ? "go to pane N" : action_help(r->act), true);
	buf_putc(b, '\n');
}

static void
docs_scope_out(struct buf *b, const struct keymap *km, const char *scope,
    enum docs_fmt fmt)
{
	struct docs_row rows[DOCS_MAX_ROWS];
	size_t n = docs_rows(km, scope, rows);
	char *title;

	if (n == 0)
		return;
	if (strcmp(scope, "*") == 0)
		title = xstrdup("Every pane");
	else if (strcmp(scope, "detail") == 0)
		title = xstrdup("Detail views");
	else
		title = xasprintf("The %s pane", scope);
	if (fmt == DOCS_MD)
		buf_printf(b,
		    "%s%s:\n\n| key | action | what it does |\n"
		    "|---|---|---|\n",
		    b->len ? "\n" : "", title);
	else
		buf_printf(b, ".SS \"%s\"\n.PD 0\n", title);
	for (size_t i = 0; i < n; i++)
		docs_row_out(b, &rows[i], fmt);
	if (fmt == DOCS_ROFF)
		buf_puts(b, ".PD\n");
	free(title);
}

static bool
docs_scope_seen(char **seen, size_t n, const char *scope)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i], scope) == 0)
			return true;
	return false;
}

/*
 * The key tables of the built-in bindings: every pane, then each pane's
 * own in tab order, the detail views, and any other scope the defaults
 * name. Owned.
 */
static char *
docs_keys(enum docs_fmt fmt)
{
	struct config c;
	struct buf b;
	char **seen;
	size_t nseen = 0;

	config_init(&c);
	assert_null(c.errors[0]);
	seen = xcalloc(c.keys.n + 64, sizeof *seen);
	buf_init(&b);
	seen[nseen++] = xstrdup("*");
	for (size_t i = 0; panes_all[i]; i++)
		seen[nseen++] = xstrdup(panes_all[i]->name);
	seen[nseen++] = xstrdup("detail");
	for (size_t i = 0; i < c.keys.n; i++)
		if (!docs_scope_seen(seen, nseen, c.keys.v[i].pane))
			seen[nseen++] = xstrdup(c.keys.v[i].pane);
	for (size_t i = 0; i < nseen; i++) {
		docs_scope_out(&b, &c.keys, seen[i], fmt);
		free(seen[i]);
	}
	free(seen);
	config_done(&c);
	return buf_steal(&b);
}

/* The line that starts with prefix, from text on; NULL when none. */
static const char *
docs_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p && *p;) {
		if (strncmp(p, prefix, n) == 0)
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The start of the line after the one that starts with prefix, or NULL. */
static const char *
docs_after_line(const char *text, const char *prefix)
{
	const char *p = docs_line(text, prefix), *nl;

	if (p == NULL)
		return NULL;
	nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

/* Prints the first line where want and got differ. */
static void
docs_report(const char *path, const char *want, const char *got)
{
	int line = 1;
	size_t i = 0;

	while (want[i] && want[i] == got[i]) {
		if (want[i] == '\n')
			line++;
		i++;
	}
	while (i > 0 && want[i - 1] != '\n')
		i--;
	print_error("%s: the generated key table differs from line %d of "
		    "the table (GOLDEN_UPDATE=1 rewrites it)\n"
		    "expected: %.*s\n"
		    "found:    %.*s\n",
	    path, line, (int)strcspn(want + i, "\n"), want + i,
	    (int)strcspn(got + i, "\n"), got + i);
}

/*
 * Compares what lies between the lines that start with begin and end in
 * the file at path with want; rewrites it with GOLDEN_UPDATE=1.
 */
static void
docs_check_block(
    const char *path, const char *begin, const char *end, const char *want)
{
	char *text = fixture_read_path(path, NULL);
	const char *from, *to, *upd = getenv("GOLDEN_UPDATE");
	char *got;

	if (text == NULL)
		fail_msg("%s: cannot read it (tests run from the repository "
			 "root)",
		    path);
	from = docs_after_line(text, begin);
	to = from ? docs_line(from, end) : NULL;
	if (from == NULL || to == NULL)
		fail_msg("%s: no lines starting \"%s\" and \"%s\" around the "
			 "key table",
		    path, begin, end);
	got = xstrndup(from, (size_t)(to - from));
	if (strcmp(got, want) != 0 && upd && *upd) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fprintf(f, "%.*s%s%s", (int)(from - text), text, want, to);
		assert_int_equal(fclose(f), 0);
	} else if (strcmp(got, want) != 0) {
		docs_report(path, want, got);
		free(got);
		free(text);
		fail();
	}
	free(got);
	free(text);
}

static void
test_readme_key_tables(void **state)
{
	char *want = docs_keys(DOCS_MD);

	(void)state;
	docs_check_block(DOCS_README, "<!-- keys begin", "<!-- keys end", want);
	free(want);
}

static void
test_man_key_lists(void **state)
{
	char *want = docs_keys(DOCS_ROFF);

	(void)state;
	docs_check_block(DOCS_MAN, ".\\\" keys begin", ".\\\" keys end", want);
	free(want);
}

/* The pane names joined with spaces, in tab order. Owned. */
static char *
docs_pane_names(void)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; panes_all[i]; i++)
		buf_printf(&b, "%s%s", i ? " " : "", panes_all[i]->name);
	return buf_steal(&b);
}

/* Appends word to the space-separated list in b. */
static void
docs_add_word(struct buf *b, const char *w, size_t len)
{
	if (b->len)
		buf_putc(b, ' ');
	buf_append(b, w, len);
}

/*
 * The man page lists every pane, in tab order, each as ".TP", ".B NAME"
 * and its alias, "(\fB:a\fR)" or "(no alias)".
 */
static void
test_man_pane_list(void **state)
{
	char *text = fixture_read_path(DOCS_MAN, NULL), *want, *got;
	const char *p, *end;
	struct buf names, aliases, want_aliases;

	(void)state;
	assert_non_null(text);
	p = docs_after_line(text, ".\\\" panes begin");
	end = p ? docs_line(p, ".\\\" panes end") : NULL;
	assert_non_null(end);
	buf_init(&names);
	buf_init(&aliases);
	buf_init(&want_aliases);
	while ((p = docs_after_line(p, ".TP")) != NULL && p < end) {
		size_t n;

		assert_int_equal(strncmp(p, ".B ", 3), 0);
		n = strcspn(p + 3, "\n");
		docs_add_word(&names, p + 3, n);
		p += 3 + n + 1;
		n = strcspn(p, "\n");
		docs_add_word(&aliases, p, n);
	}
	for (size_t i = 0; panes_all[i]; i++) {
		char *a = panes_all[i]->alias
			      ? xasprintf("(\\fB:%s\\fR)", panes_all[i]->alias)
			      : xstrdup("(no alias)");

		docs_add_word(&want_aliases, a, strlen(a));
		free(a);
	}
	want = docs_pane_names();
	got = buf_steal(&names);
	assert_string_equal(got, want);
	free(got);
	got = buf_steal(&aliases);
	assert_string_equal(got, buf_cstr(&want_aliases));
	free(got);
	buf_done(&want_aliases);
	free(want);
	free(text);
}

/* The README's Panes table names every pane, in tab order. */
static void
test_readme_pane_table(void **state)
{
	char *text = fixture_read_path(DOCS_README, NULL), *want, *got;
	const char *p, *end;
	struct buf names;

	(void)state;
	assert_non_null(text);
	p = docs_after_line(text, "### Panes");
	assert_non_null(p);
	end = docs_line(p, "### ");
	assert_non_null(end);
	buf_init(&names);
	for (; p && p < end; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (*p == '|' && p[1] == ' ') {
			/* | # | pane | shows | */
			const char *cell = strchr(p + 1, '|');
			size_t n;

			assert_non_null(cell);
			cell += 2;
			n = strcspn(cell, " |");
			if (strncmp(cell, "pane ", 5) != 0)
				docs_add_word(&names, cell, n);
		}
	want = docs_pane_names();
	got = buf_steal(&names);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(text);
}

/*
 * The completions list the panes in one line each: bash's
 * _berth_panes="..." and zsh's panes=(...).
 */
static void
docs_completion_panes(const char *path, const char *prefix, char close)
{
	char *text = fixture_read_path(path, NULL), *want, *got;
	const char *p;

	if (text == NULL)
		fail_msg("%s: cannot read it", path);
	p = docs_line(text, prefix);
	if (p == NULL)
		fail_msg("%s: no line starting %s", path, prefix);
	p += strlen(prefix);
	got = xstrndup(p, strcspn(p, (char[]){close, '\n', '\0'}));
	want = docs_pane_names();
	if (strcmp(got, want) != 0)
		fail_msg(
		    "%s: panes \"%s\", but berth has \"%s\"", path, got, want);
	free(got);
	free(want);
	free(text);
}

static void
test_completion_pane_lists(void **state)
{
	(void)state;
	docs_completion_panes(DOCS_BASH, "_berth_panes=\"", '"');
	docs_completion_panes(DOCS_ZSH, "\tpanes=(", ')');
}

/*
 * Every key of the README's Actions table (| pane | `k` `K` | what |) is
 * bound in that pane ("any": every pane) to an action.
 */
static void
test_readme_actions_table_keys(void **state)
{
	char *text = fixture_read_path(DOCS_README, NULL);
	const char *p, *end;
	struct config c;
	int rows = 0;

	(void)state;
	assert_non_null(text);
	config_init(&c);
	p = docs_after_line(text, "### Actions");
	assert_non_null(p);
	end = docs_line(p, "### ");
	assert_non_null(end);
	for (; p && p < end; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		char pane[32], *cell;
		const char *c2, *c3;

		if (strncmp(p, "| ", 2) != 0 || strncmp(p, "| pane ", 7) == 0)
			continue;
		c2 = strchr(p + 1, '|');
		c3 = c2 ? strchr(c2 + 1, '|') : NULL;
		assert_non_null(c3);
		snprintf(pane, sizeof pane, "%.*s", (int)strcspn(p + 2, " |"),
		    p + 2);
		cell = xstrndup(c2 + 1, (size_t)(c3 - c2 - 1));
		for (char *k = strchr(cell, '`'); k; k = strchr(k, '`')) {
			char *close = strchr(k + 1, '`'), name[32];
			int key;

			assert_non_null(close);
			snprintf(name, sizeof name, "%s%.*s",
			    strncmp(k + 1, "Ctrl-", 5) == 0 ? "C-" : "",
			    (int)(close - k - 1) -
				(strncmp(k + 1, "Ctrl-", 5) == 0 ? 5 : 0),
			    k + 1 + (strncmp(k + 1, "Ctrl-", 5) == 0 ? 5 : 0));
			if (!keymap_parse_key(name, &key))
				fail_msg("README Actions table: %s: no such "
					 "key %s",
				    pane, name);
			if (keymap_lookup(&c.keys,
				strcmp(pane, "any") == 0 ? "*" : pane,
				key) == ACTION_NONE)
				fail_msg("README Actions table: %s is not "
					 "bound in the %s pane",
				    name, pane);
			k = close + 1;
			rows++;
		}
		free(cell);
	}
	assert_true(rows > 10);
	config_done(&c);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_readme_key_tables),
	    cmocka_unit_test(test_man_key_lists),
	    cmocka_unit_test(test_man_pane_list),
	    cmocka_unit_test(test_readme_pane_table),
	    cmocka_unit_test(test_completion_pane_lists),
	    cmocka_unit_test(test_readme_actions_table_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
