/*
 * Runs a fuzz target over saved inputs without libFuzzer, so the corpora
 * are regression tests under any compiler: fuzz_x FILE|DIR...
 */

#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Present only in sanitizer builds: tells which input died. */
void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

static const char *driver_current;

static void
driver_say_input(void)
{
	static const char pre[] = "fuzz: failed on ";

	if (driver_current == NULL)
		return;
	/* Only async-signal-safe calls: this also runs from a handler. */
	if (write(STDERR_FILENO, pre, sizeof pre - 1) < 0 ||
	    write(STDERR_FILENO, driver_current, strlen(driver_current)) < 0 ||
	    write(STDERR_FILENO, "\n", 1) < 0)
		return;
}

static void
driver_on_signal(int sig)
{
	driver_say_input();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
driver_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
driver_read(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0, r;
	uint8_t *p;

	if (f == NULL)
		return false;
	p = xmalloc(cap);
	while ((r = fread(p + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			p = xrealloc(p, cap);
		}
	}
	if (ferror(f)) {
		fclose(f);
		free(p);
		return false;
	}
	fclose(f);
	*data = p;
	*len = n;
	return true;
}

static bool
driver_run_file(const char *path)
{
	uint8_t *data, *copy;
	size_t len;

	if (!driver_read(path, &data, &len)) {
		fprintf(stderr, "fuzz: cannot read %s\n", path);
		return false;
	}
	/* An exact-size copy, so reading past the end is caught. */
	copy = xmalloc(len ? len : 1);
	memcpy(copy, data, len);
	free(data);
	driver_current = path;
	LLVMFuzzerTestOneInput(copy, len);
	driver_current = NULL;
	free(copy);
	return true;
}

/*
 * Runs every file of a directory, in name order. Subdirectories are
 * entered when depth allows; hidden entries are skipped.
 */
static bool
driver_run_path(const char *path, int depth, size_t *count)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	bool ok = true;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "fuzz: no such input: %s\n", path);
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!driver_run_file(path))
			return false;
		(*count)++;
		return true;
	}
	if (depth == 0)
		return true;
	if ((dir = opendir(path)) == NULL) {
		fprintf(stderr, "fuzz: cannot open %s\n", path);
		return false;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xasprintf("%s/%s", path, de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, driver_cmp);
	for (size_t i = 0; i < n; i++) {
		if (ok && !driver_run_path(names[i], depth - 1, count))
			ok = false;
		free(names[i]);
	}
	free(names);
	return ok;
}

int
main(int argc, char **argv)
{
	size_t count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(driver_say_input);
	signal(SIGABRT, driver_on_signal);
	signal(SIGSEGV, driver_on_signal);
	signal(SIGBUS, driver_on_signal);
	signal(SIGFPE, driver_on_signal);
	for (int i = 1; i < argc; i++) {
		/* A directory and the directories in it: one level down. */
		if (!driver_run_path(argv[i], 2, &count))
			return 1;
	}
	printf("fuzz: %zu inputs ok\n", count);
	return 0;
}
