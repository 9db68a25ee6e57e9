/*
 * The build context stream, read back by the system's tar: names (long
 * ones too), .dockerignore with exceptions, symbolic and hard links,
 * modes, owner root, bodies byte for byte, read in odd-sized pieces.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/buildctx.h"
#include "api/xalloc.h"

static char *dir; /* the context folder */
static char *tmp; /* where the tar and its extraction go */

static void
put(const char *rel, const char *body, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "w");

	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(body, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

static void
sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
	free(cmd);
}

/* The output of a shell command (owned). */
static char *
out_of(const char *fmt, ...)
{
	va_list ap;
	char *cmd, buf[4096];
	size_t n;
	FILE *p;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	free(cmd);
	return xstrdup(buf);
}

static int
setup(void **state)
{
	char d[] = "/tmp/berth-ut-ctx-XXXXXX";

	if (mkdtemp(d) == NULL)
		return -1;
	tmp = xstrdup(d);
	dir = xasprintf("%s/ctx", tmp);
	if (mkdir(dir, 0755) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmp);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	free(cmd);
	free(dir);
	free(tmp);
	return 0;
}

/* Streams the context into tmp/ctx.tar, in reads of 1 to 7000 bytes. */
static unsigned long long
stream_to_file(const char *dockerfile, unsigned long *ignored)
{
	char *cause = NULL, *path = xasprintf("%s/ctx.tar", tmp), buf[7000];
	struct buildctx *bc = buildctx_open(dir, dockerfile, &cause);
	FILE *f = fopen(path, "wb");
	unsigned long long total = 0, sent;
	size_t want = 1, n;

	if (bc == NULL)
		fail_msg("open: %s", cause);
	assert_non_null(f);
	while ((n = buildctx_read(bc, buf, want)) != 0) {
		if (n == (size_t)-1)
			fail_msg("read: %s", buildctx_error(bc));
		assert_true(n <= want);
		fwrite(buf, 1, n, f);
		total += n;
		want = want * 7 % sizeof buf + 1;
	}
	fclose(f);
	sent = buildctx_sent(bc);
	assert_true(sent == total);
	if (ignored)
		*ignored = buildctx_ignored(bc);
	buildctx_free(bc);
	free(path);
	return total;
}

/* Whether a library whose path has name is mapped into this process. */
static bool
mapped(const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	bool found = false;

	assert_non_null(f);
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, name) != NULL;
	fclose(f);
	return found;
}

/* libarchive (and what it brings: libxml2, ICU) only once a build starts. */
static void
test_libarchive_loaded_late(void **state)
{
	char *cause = NULL;
	struct buildctx *bc;

	assert_false(mapped("libarchive"));
	assert_false(mapped("libxml2"));
	put("Dockerfile", "FROM scratch\n", 0644);
	bc = buildctx_open(dir, NULL, &cause);
	if (bc == NULL)
		fail_msg("open: %s", cause);
	assert_true(mapped("libarchive"));
	buildctx_free(bc);
}

static void
test_names_links_modes(void **state)
{
	char longname[300], *list, *body;
	unsigned long ignored = 0;

	put("Dockerfile", "FROM scratch\n", 0644);
	put("a.txt", "hello\n", 0640);
	put("run.sh", "#!/bin/sh\necho run\n", 0755);
	sh("mkdir -p '%s/sub/deeper' '%s/logs'", dir, dir);
	put("sub/b.txt", "in sub\n", 0600);
	put("sub/deeper/c.txt", "deeper\n", 0644);
	put("secret.txt", "do not send\n", 0644);
	put("logs/a.log", "noise\n", 0644);
	put("logs/keep.log", "kept\n", 0644);
	put(".dockerignore", "secret.txt\nlogs\n!logs/keep.log\n", 0644);
	sh("ln -s a.txt '%s/link'", dir);
	sh("ln '%s/a.txt' '%s/hard'", dir, dir);
	/* A name past the old tar's 100 bytes. */
	memset(longname, 'n', 150);
	strcpy(longname + 150, ".txt");
	put(longname, "long\n", 0644);
	/* A socket is no file: left out. */
	sh("python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); "
	   "s.bind(\"%s/sock\")' 2>/dev/null || true",
	    dir);

	assert_true(stream_to_file(NULL, &ignored) % 512 == 0);
	assert_true(ignored >= 2);
	/* GNU tar reads it without a warning. */
	list = out_of("tar -tvf '%s/ctx.tar' 2>&1", tmp);
	print_message("%s", list);
	assert_non_null(strstr(list, "Dockerfile"));
	assert_non_null(strstr(list, " sub/deeper/c.txt"));
	assert_non_null(strstr(list, " logs/keep.log"));
	assert_null(strstr(list, "secret.txt"));
	assert_null(strstr(list, "a.log"));
	assert_null(strstr(list, "sock"));
	assert_null(strstr(list, "tar:"));
	assert_non_null(strstr(list, "link -> a.txt"));
	/* One body: the second name is a hard link to the first. */
	assert_non_null(strstr(list, "hard link to a.txt"));
	assert_non_null(strstr(list, longname));
	/* Modes and owner. */
	assert_non_null(strstr(list, "-rwxr-xr-x root/root"));
	assert_non_null(strstr(list, "-rw------- root/root"));
	assert_non_null(strstr(list, "-rw-r----- root/root"));
	assert_non_null(strstr(list, "drwxr-xr-x root/root"));
	free(list);

	/* Extracted, the bodies are byte for byte the same. */
	sh("mkdir -p '%s/x' && tar -xf '%s/ctx.tar' -C '%s/x'", tmp, tmp, tmp);
	sh("cmp '%s/a.txt' '%s/x/a.txt'", dir, tmp);
	sh("cmp '%s/hard' '%s/x/hard'", dir, tmp);
	sh("cmp '%s/sub/deeper/c.txt' '%s/x/sub/deeper/c.txt'", dir, tmp);
	sh("cmp '%s/%s' '%s/x/%s'", dir, longname, tmp, longname);
	body = out_of("stat -c %%h '%s/x/a.txt'", tmp);
	assert_int_equal(atoi(body), 2);
	free(body);
	body = out_of("readlink '%s/x/link'", tmp);
	assert_string_equal(body, "a.txt\n");
	free(body);
	sh("rm -rf '%s/x' '%s/ctx.tar'", tmp, tmp);
}

/* Excluded, the Dockerfile and .dockerignore still go (the engine reads
 * them); a big body streams in pieces. */
static void
test_dockerfile_kept_and_big_body(void **state)
{
	char *list;
	unsigned long long total;

	sh("rm -rf '%s' && mkdir -p '%s/build'", dir, dir);
	put("build/app.Dockerfile", "FROM scratch\n", 0644);
	put(".dockerignore", "*\n", 0644);
	put("other", "x", 0644);
	sh("head -c 3000000 /dev/urandom > '%s/big.bin'", dir);
	put(".dockerignore", "*\n!big.bin\n", 0644);
	total = stream_to_file("build/app.Dockerfile", NULL);
	assert_true(total > 3000000);
	list = out_of("tar -tf '%s/ctx.tar' 2>&1", tmp);
	assert_non_null(strstr(list, "build/app.Dockerfile"));
	assert_non_null(strstr(list, ".dockerignore"));
	assert_non_null(strstr(list, "big.bin"));
	assert_null(strstr(list, "other"));
	free(list);
	sh("mkdir -p '%s/x' && tar -xf '%s/ctx.tar' -C '%s/x' && "
	   "cmp '%s/big.bin' '%s/x/big.bin'",
	    tmp, tmp, tmp, dir, tmp);
	sh("rm -rf '%s/x' '%s/ctx.tar'", tmp, tmp);
}

static void
test_errors_in_words(void **state)
{
	char *cause = NULL, *path;
	struct buildctx *bc;
	char buf[512];
	size_t n;

	assert_null(buildctx_open("/nonexistent/berth-ctx", NULL, &cause));
	assert_non_null(strstr(cause, "cannot read the folder"));
	free(cause);
	cause = NULL;
	path = xasprintf("%s/afile", tmp);
	sh("touch '%s'", path);
	assert_null(buildctx_open(path, NULL, &cause));
	assert_non_null(strstr(cause, "is not a folder"));
	free(cause);
	cause = NULL;
	free(path);
	/* A refused .dockerignore says its line. */
	sh("rm -rf '%s' && mkdir -p '%s'", dir, dir);
	put(".dockerignore", "ok\n[z-a]\n", 0644);
	assert_null(buildctx_open(dir, NULL, &cause));
	assert_non_null(strstr(cause, ".dockerignore line 2"));
	free(cause);
	cause = NULL;
	/* An unreadable file stops the stream with its name (not as root:
	 * root reads everything, so only a vanished file is checked). */
	put(".dockerignore", "", 0644);
	put("gone", "x", 0644);
	bc = buildctx_open(dir, NULL, &cause);
	assert_non_null(bc);
	path = xasprintf("%s/gone", dir);
	assert_int_equal(unlink(path), 0);
	free(path);
	while ((n = buildctx_read(bc, buf, sizeof buf)) != 0 && n != (size_t)-1)
		;
	assert_int_equal(n, 0);
	buildctx_free(bc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_libarchive_loaded_late),
	    cmocka_unit_test(test_names_links_modes),
	    cmocka_unit_test(test_dockerfile_kept_and_big_body),
	    cmocka_unit_test(test_errors_in_words),
	};

	return cmocka_run_group_tests_name("buildctx", tests, setup, teardown);
}
