/* Unit tests for theme files: parsing, the shipped themes, loading, pairs. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/screen.h"
#include "themes/theme.h"

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* Parses text on a fresh theme and expects cause to be want. */
static void
assert_parse_error(const char *text, const char *want)
{
	struct theme t;
	char *cause = NULL;

	theme_init(&t);
	assert_false(theme_parse(&t, text, &cause));
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_parse_errors_have_line_numbers(void **state)
{
	assert_parse_error(
	    "# comment\n\nbogus red blue\n", "line 3: unknown role \"bogus\"");
	assert_parse_error("normal default default\nheader red\n",
	    "line 2: header: expected ROLE FG BG [ATTR...]");
	assert_parse_error("normal purple default\n",
	    "line 1: normal: unknown color \"purple\"");
	assert_parse_error("normal red color256\n",
	    "line 1: normal: unknown color \"color256\"");
	assert_parse_error("normal red color07\n",
	    "line 1: normal: unknown color \"color07\"");
	assert_parse_error("\n\n\n\nnormal red blue blink\n",
	    "line 5: normal: unknown attribute \"blink\"");
	assert_parse_error("normal red blue\nnormal red blue\n",
	    "line 2: normal is given twice");
	/* Invisible: the same color on both sides, by any name. */
	assert_parse_error("title red red\n",
	    "line 1: title: foreground "
	    "and background are the same color (invisible text)");
	assert_parse_error("x\n", "line 1: unknown role \"x\"");
	assert_parse_error("title color1 red bold\n",
	    "line 1: title: "
	    "foreground and background are the same color (invisible text)");
	assert_parse_error("title bright-white color15\n",
	    "line 1: title: "
	    "foreground and background are the same color (invisible text)");
}

static void
test_parse_values(void **state)
{
	struct theme t;
	char *cause = NULL;

	theme_init(&t);
	assert_true(theme_parse(&t,
	    "  # a comment\n"
	    "selected black cyan # trailing comment\n"
	    "header\tbright-white\tdefault bold underline\r\n"
	    "dim color244 default dim italic\n"
	    "badge default color0 reverse standout",
	    &cause));
	assert_null(cause);
	assert_true(t.set[THEME_ROLE_SELECTED]);
	assert_int_equal(t.role[THEME_ROLE_SELECTED].fg, COLOR_BLACK);
	assert_int_equal(t.role[THEME_ROLE_SELECTED].bg, COLOR_CYAN);
	assert_int_equal(t.role[THEME_ROLE_SELECTED].attrs, A_NORMAL);
	assert_int_equal(t.role[THEME_ROLE_HEADER].fg, 15);
	assert_int_equal(t.role[THEME_ROLE_HEADER].bg, THEME_COLOR_DEFAULT);
	assert_int_equal(t.role[THEME_ROLE_HEADER].attrs, A_BOLD | A_UNDERLINE);
	assert_int_equal(t.role[THEME_ROLE_DIM].fg, 244);
	assert_int_equal(t.role[THEME_ROLE_DIM].attrs, A_DIM | A_ITALIC);
	assert_int_equal(t.role[THEME_ROLE_BADGE].bg, 0);
	assert_int_equal(
	    t.role[THEME_ROLE_BADGE].attrs, A_REVERSE | A_STANDOUT);
	/* Roles not given keep the default theme's values. */
	assert_false(t.set[THEME_ROLE_RUNNING]);
	assert_int_equal(t.role[THEME_ROLE_RUNNING].fg, COLOR_GREEN);
}

static void
test_role_names(void **state)
{
	for (int i = 0; i < THEME_ROLE__COUNT; i++) {
		const char *name = theme_role_name((enum theme_role)i);
		enum theme_role r;

		assert_non_null(name);
		assert_true(strspn(name, "abcdefghijklmnopqrstuvwxyz-") ==
			    strlen(name));
		assert_true(theme_role_from_name(name, &r));
		assert_int_equal(r, i);
	}
	assert_string_equal(
	    theme_role_name(THEME_ROLE_SELECTED_MARKED), "selected-marked");
	assert_string_equal(
	    theme_role_name(THEME_ROLE_STATUS_ERR), "status-err");
	assert_null(theme_role_name(THEME_ROLE__COUNT));
}

/*
 * Every shipped theme: the file and the built-in copy are the same text,
 * it parses, it gives every role, and every role is readable.
 */
static void
test_shipped_themes(void **state)
{
	for (size_t i = 0; theme_builtin_names[i] != NULL; i++) {
		const char *name = theme_builtin_names[i];
		char *path = xasprintf("themes/%s.theme", name);
		char *file = fixture_read_path(path, NULL);
		struct theme t;
		char *cause = NULL;

		assert_non_null(file);
		assert_non_null(theme_builtin(name));
		if (strcmp(file, theme_builtin(name)) != 0)
			fail_msg("%s and the copy built into themes/theme.c "
				 "differ: update the copy",
			    path);
		memset(&t, 0, sizeof t);
		if (!theme_parse(&t, file, &cause))
			fail_msg("%s: %s", path, cause);
		for (int r = 0; r < THEME_ROLE__COUNT; r++) {
			const struct theme_style *st = &t.role[r];

			if (!t.set[r])
				fail_msg("%s: role %s is missing", path,
				    theme_role_name((enum theme_role)r));
			if (st->fg != THEME_COLOR_DEFAULT && st->fg == st->bg)
				fail_msg("%s: role %s is invisible", path,
				    theme_role_name((enum theme_role)r));
		}
		free(file);
		free(path);
	}
	assert_null(theme_builtin("nonesuch"));
}

static void
test_mono_has_no_colors(void **state)
{
	struct theme t;
	char *cause = NULL;

	memset(&t, 0, sizeof t);
	assert_true(theme_parse(&t, theme_builtin("mono"), &cause));
	for (int r = 0; r < THEME_ROLE__COUNT; r++) {
		assert_int_equal(t.role[r].fg, THEME_COLOR_DEFAULT);
		assert_int_equal(t.role[r].bg, THEME_COLOR_DEFAULT);
	}
	/* The selection must still stand out without colors. */
	assert_true(t.role[THEME_ROLE_SELECTED].attrs & A_REVERSE);
	assert_true(t.role[THEME_ROLE_SELECTED_MARKED].attrs & A_REVERSE);
	assert_true(t.role[THEME_ROLE_STATUS].attrs & A_REVERSE);
	assert_int_not_equal(t.role[THEME_ROLE_ESCAPED].attrs, A_NORMAL);
}

static void
test_load(void **state)
{
	char dir[] = "/tmp/berth-theme-XXXXXX";
	char *sub, *path, *cause = NULL;
	char *old = xstrdup_or_null(getenv("XDG_CONFIG_HOME"));
	struct theme t;

	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/berth", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	sub = xasprintf("%s/berth/themes", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	setenv("XDG_CONFIG_HOME", dir, 1);

	/* A partial theme of the user's: the rest is the default. */
	path = xasprintf("%s/mine.theme", sub);
	write_file(path, "# mine\nselected white red bold\n");
	assert_true(theme_load(&t, "mine", &cause));
	assert_null(cause);
	assert_int_equal(t.role[THEME_ROLE_SELECTED].bg, COLOR_RED);
	assert_int_equal(t.role[THEME_ROLE_RUNNING].fg, COLOR_GREEN);
	/* By path too. */
	assert_true(theme_load(&t, path, &cause));
	assert_int_equal(t.role[THEME_ROLE_SELECTED].fg, COLOR_WHITE);
	unlink(path);
	free(path);

	/* A broken file is an error naming the file, not a fallback. */
	path = xasprintf("%s/broken.theme", sub);
	write_file(path, "normal red\n");
	assert_false(theme_load(&t, "broken", &cause));
	assert_non_null(strstr(cause, "broken.theme: line 1: normal:"));
	free(cause);
	unlink(path);
	free(path);

	/* The user's file wins over the built-in copy of the same name. */
	path = xasprintf("%s/mono.theme", sub);
	write_file(path, "selected red blue\n");
	assert_true(theme_load(&t, "mono", &cause));
	assert_int_equal(t.role[THEME_ROLE_SELECTED].fg, COLOR_RED);
	unlink(path);
	free(path);

	/* Built-in (or shipped file) without a user's file. */
	assert_true(theme_load(&t, "mono", &cause));
	assert_int_equal(t.role[THEME_ROLE_SELECTED].fg, THEME_COLOR_DEFAULT);
	assert_true(t.role[THEME_ROLE_SELECTED].attrs & A_REVERSE);
	assert_true(theme_load(&t, "light", &cause));
	assert_int_equal(t.role[THEME_ROLE_SELECTED].bg, COLOR_BLUE);

	assert_false(theme_load(&t, "nonesuch", &cause));
	assert_string_equal(cause, "theme \"nonesuch\" not found");
	free(cause);
	assert_false(theme_load(&t, "..", &cause));
	free(cause);
	assert_false(theme_load(&t, "", &cause));
	free(cause);
	assert_false(theme_load(&t, "/nonexistent/x.theme", &cause));
	free(cause);

	rmdir(sub);
	free(sub);
	sub = xasprintf("%s/berth", dir);
	rmdir(sub);
	free(sub);
	rmdir(dir);
	if (old != NULL)
		setenv("XDG_CONFIG_HOME", old, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	free(old);
}

static void
test_apply_colors(void **state)
{
	struct theme t;
	short fg, bg;
	attr_t a;

	ts_init(10, 40);
	assert_true(has_colors());
	theme_init(&t);
	theme_apply(&t, true);
	a = theme_attr(THEME_ROLE_SELECTED);
	assert_int_not_equal(PAIR_NUMBER(a), 0);
	assert_int_equal(pair_content((short)PAIR_NUMBER(a), &fg, &bg), OK);
	assert_int_equal(fg, COLOR_BLACK);
	assert_int_equal(bg, COLOR_CYAN);
	assert_true(theme_attr(THEME_ROLE_HEADER) & A_BOLD);
	/* Every role has its own pair. */
	for (int i = 0; i < THEME_ROLE__COUNT; i++) {
		for (int j = i + 1; j < THEME_ROLE__COUNT; j++)
			assert_int_not_equal(
			    PAIR_NUMBER(theme_attr((enum theme_role)i)),
			    PAIR_NUMBER(theme_attr((enum theme_role)j)));
	}

	/* Without colors, or with NO_COLOR: attributes only (mono). */
	theme_apply(&t, false);
	assert_int_equal(theme_attr(THEME_ROLE_SELECTED), A_REVERSE);
	assert_int_equal(PAIR_NUMBER(theme_attr(THEME_ROLE_RUNNING)), 0);
	setenv("NO_COLOR", "1", 1);
	theme_apply(&t, true);
	assert_int_equal(theme_attr(THEME_ROLE_SELECTED), A_REVERSE);
	unsetenv("NO_COLOR");
	theme_apply(&t, true);
	assert_int_not_equal(PAIR_NUMBER(theme_attr(THEME_ROLE_SELECTED)), 0);
	ts_done();
}

/*
 * On an 8-color terminal (TERM=linux, the console) bright colors become
 * bold ones, so that bright-black text is not black on a black screen, and
 * no role of any shipped theme ends with the same foreground and background.
 */
static void
test_eight_colors(void **state)
{
	static const char *const names[] = {
	    "default", "themes/light.theme", "themes/default.theme", NULL};
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;

	(void)state;
	assert_non_null(out);
	assert_non_null(in);
	scr = newterm("linux", out, in);
	if (scr == NULL) {
		fclose(out);
		fclose(in);
		skip();
	}
	start_color();
	assert_int_equal(COLORS, 8);
	for (size_t n = 0; names[n]; n++) {
		struct theme t;
		char *cause = NULL;

		theme_init(&t);
		if (strcmp(names[n], "default") != 0 &&
		    !theme_load(&t, names[n], &cause))
			fail_msg("%s: %s", names[n], cause);
		theme_apply(&t, true);
		for (int i = 0; i < THEME_ROLE__COUNT; i++) {
			attr_t a = theme_attr((enum theme_role)i);
			short fg, bg;

			assert_int_equal(
			    pair_content((short)PAIR_NUMBER(a), &fg, &bg), OK);
			if (fg >= 0 && fg == bg)
				fail_msg("%s: role %d is %d on %d", names[n], i,
				    fg, bg);
		}
		if (n == 0)
			assert_true(theme_attr(THEME_ROLE_DIM) & A_BOLD);
	}
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_errors_have_line_numbers),
	    cmocka_unit_test(test_parse_values),
	    cmocka_unit_test(test_role_names),
	    cmocka_unit_test(test_shipped_themes),
	    cmocka_unit_test(test_mono_has_no_colors),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_apply_colors),
	    cmocka_unit_test(test_eight_colors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
