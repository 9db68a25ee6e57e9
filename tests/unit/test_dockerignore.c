/* Tests of the .dockerignore reader: the docker CLI's rules, case by case. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/dockerignore.h"

static struct dockerignore *
parse(const char *text)
{
	char *cause = NULL;
	struct dockerignore *d = dockerignore_parse(text, strlen(text), &cause);

	if (d == NULL)
		fail_msg("parse \"%s\": %s", text, cause);
	return d;
}

/* Each path in ex is excluded by text, each in in is not. */
static void
check(const char *text, const char *const *ex, const char *const *in)
{
	struct dockerignore *d = parse(text);

	for (size_t i = 0; ex && ex[i]; i++)
		if (!dockerignore_excludes(d, ex[i]))
			fail_msg("\"%s\" should exclude %s", text, ex[i]);
	for (size_t i = 0; in && in[i]; i++)
		if (dockerignore_excludes(d, in[i]))
			fail_msg("\"%s\" should keep %s", text, in[i]);
	dockerignore_free(d);
}

#define V(...) ((const char *const[]){__VA_ARGS__, NULL})

static void
test_clean(void **state)
{
	static const char *const cases[][2] = {
	    {"", "."},
	    {".", "."},
	    {"a", "a"},
	    {"./a//b/", "a/b"},
	    {"/a/b", "/a/b"},
	    {"a/../b", "b"},
	    {"a/b/../../c", "c"},
	    {"../a", "../a"},
	    {"../../a/..", "../.."},
	    {"/../a", "/a"},
	    {"/..", "/"},
	    {"a/./b/.", "a/b"},
	    {"a/..", "."},
	    {"//x//", "/x"},
	};
	char out[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dockerignore_clean(cases[i][0], out);
		if (strcmp(out, cases[i][1]) != 0)
			fail_msg("clean(\"%s\") is \"%s\", want \"%s\"",
			    cases[i][0], out, cases[i][1]);
	}
}

/* The examples of the docker builder reference. */
static void
test_reference_examples(void **state)
{
	check("# comment\n*/temp*\n",
	    V("somedir/temporary.txt", "somedir/temp", "somedir/temp/x"),
	    V("temp", "temporary.txt", "a/b/temp", "somedir/xtemp"));
	check("*/*/temp*", V("somedir/subdir/temporary.txt"),
	    V("somedir/temporary.txt", "temp"));
	check("temp?", V("tempa", "tempb", "tempa/inside"),
	    V("temp", "tempab", "a/tempa", "temp/"));
	check("**/*.go", V("a.go", "x/y/z.go", "x/.go"), V("a.gox", "go"));
	check("*.md\n!README.md", V("a.md", "CHANGES.md"),
	    V("README.md", "docs/a.md", "a.mdx"));
	check("*.md\n!README*.md\nREADME-secret.md",
	    V("a.md", "README-secret.md"), V("README-x.md", "README.md"));
	check("*.md\nREADME-secret.md\n!README*.md", V("a.md"),
	    V("README-secret.md", "README.md"));
	/* Everything but what is named. */
	check("*\n!src\n!Dockerfile", V("a", "b/c", ".env"),
	    V("src", "src/main.c", "Dockerfile"));
}

static void
test_paths_and_parents(void **state)
{
	check("node_modules", V("node_modules", "node_modules/a/b.js"),
	    V("a/node_modules", "node_modulesx"));
	check("/foo/bar", V("foo/bar", "foo/bar/x"),
	    V("foo/barx", "x/foo/bar", "foo"));
	check("foo/bar/", V("foo/bar", "foo/bar/x"), V("foo"));
	check("./a//b/", V("a/b", "a/b/c"), V("a", "b"));
	check("a/../b", V("b", "b/c"), V("a", "a/b"));
	check("dir/**", V("dir/a", "dir/a/b"), V("dir", "dirx/a"));
	check("**", V("a", "a/b", ".x"), NULL);
	check("a/**/b", V("a/b", "a/x/b", "a/x/y/b", "a/x/b/c"),
	    V("a/xb", "b", "x/a/b"));
	check("**/cache", V("cache", "a/cache", "a/b/cache/x"),
	    V("cachex", "a/xcache"));
	/* Only the last pattern that matches counts. */
	check("logs\n!logs/keep\nlogs/keep/tmp",
	    V("logs", "logs/a", "logs/keep/tmp"),
	    V("logs/keep", "logs/keep/a"));
}

static void
test_glob_syntax(void **state)
{
	check("[a-c]x", V("ax", "bx", "cx"), V("dx", "x", "abx"));
	check("[^a-c]x", V("dx", "zx"), V("ax", "cx"));
	check("[!a]x", V("!x", "ax"), V("bx"));
	check("\\*x", V("*x"), V("ax", "x"));
	check("a\\?", V("a?"), V("ab"));
	check("*", V("a", "abc", "a/b"), NULL);
	check("a*b", V("ab", "axxb", "axb/c"), V("a/b", "xab"));
	check("?", V("a", "a/b"), V("ab"));
	check("a.b", V("a.b"), V("axb"));
	check("[\\]]x", V("]x"), V("ax"));
	check("[\\-a]x", V("ax", "-x"), V("bx"));
	check("[a-cx-z]", V("b", "y"), V("d", "w"));
	/* A class or '?' takes one character, not one byte. */
	check("?x", V("\xc3\xa9x", "ax"), V("\xc3\xa9\xc3\xa9x"));
	check("[\xc3\xa0-\xc3\xbf]x", V("\xc3\xa9x"), V("ax", "\xc3\x80x"));
}

static void
test_lines(void **state)
{
	struct dockerignore *d;

	/* Blank lines, comments, spaces around and CRLF endings. */
	check("\n\n  # not a pattern\n   a   \r\nb\r\n\t\n", V("a", "b"),
	    V("# not a pattern", "c"));
	/* A byte-order mark at the start is not part of the pattern. */
	check("\xef\xbb\xbf"
	      "x",
	    V("x"), NULL);
	/* No newline at the end. */
	check("a\nb", V("a", "b"), NULL);
	/* A space after '!' is dropped. */
	check("*\n! keep", V("a"), V("keep"));
	d = parse("# only comments\n\n");
	assert_int_equal(dockerignore_count(d), 0);
	assert_false(dockerignore_excludes(d, "a"));
	assert_false(dockerignore_has_exceptions(d));
	dockerignore_free(d);
	d = parse("a\n!b\n");
	assert_int_equal(dockerignore_count(d), 2);
	assert_true(dockerignore_has_exceptions(d));
	dockerignore_free(d);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
	    "!",
	    "a\n!  \n",
	    "[abc",
	    "x[z-a]",
	    "a\\",
	    "[",
	    "[^",
	    "[]",
	    "[]]x",
	    "[a-]x",
	    "[-a]",
	    "[a-b-c]",
	    "[\\",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;
		struct dockerignore *d =
		    dockerignore_parse(bad[i], strlen(bad[i]), &cause);

		if (d != NULL)
			fail_msg("\"%s\" was taken", bad[i]);
		assert_non_null(cause);
		assert_non_null(strstr(cause, ".dockerignore line"));
		free(cause);
	}
	/* A NUL byte in a line. */
	{
		char *cause = NULL;

		assert_null(dockerignore_parse("a\0b\n", 4, &cause));
		assert_non_null(strstr(cause, "line 1"));
		free(cause);
	}
}

/* The Dockerfile and .dockerignore go to the engine even when excluded. */
static void
test_keep(void **state)
{
	struct dockerignore *d = parse("*\n");

	assert_true(dockerignore_excludes(d, "Dockerfile"));
	dockerignore_keep(d, "Dockerfile");
	dockerignore_keep(d, ".dockerignore");
	assert_false(dockerignore_excludes(d, "Dockerfile"));
	assert_false(dockerignore_excludes(d, ".dockerignore"));
	assert_true(dockerignore_excludes(d, "other"));
	/* A name with glob characters is kept as it is, not as a glob. */
	dockerignore_keep(d, "build/Dockerfile.[dev]*");
	assert_false(dockerignore_excludes(d, "build/Dockerfile.[dev]*"));
	assert_true(dockerignore_excludes(d, "build/Dockerfile.d"));
	dockerignore_free(d);
	/* Kept only when excluded: nothing is added otherwise. */
	d = parse("tmp\n");
	dockerignore_keep(d, "Dockerfile");
	assert_int_equal(dockerignore_count(d), 1);
	dockerignore_free(d);
}

/* Many stars against a long name: the memo keeps it quick. */
static void
test_no_blowup(void **state)
{
	char pat[256], path[4096];
	struct dockerignore *d;

	memset(pat, 0, sizeof pat);
	for (size_t i = 0; i < 60; i++)
		strcat(pat, "*a");
	strcat(pat, "b");
	memset(path, 'a', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	d = parse(pat);
	assert_false(dockerignore_excludes(d, path));
	dockerignore_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_reference_examples),
	    cmocka_unit_test(test_paths_and_parents),
	    cmocka_unit_test(test_glob_syntax),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_keep),
	    cmocka_unit_test(test_no_blowup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
