/* Reading test inputs: the fixtures in tests/fixtures/ and any other file. */

#include "tests/support/fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/xalloc.h"

#define FIXTURE_DIR "tests/fixtures/"

char *
fixture_read(const char *name, size_t *len)
{
	char *path = xasprintf(FIXTURE_DIR "%s", name);
	char *text = fixture_read_path(path, len);

	if (text == NULL)
		fail_msg("cannot open %s", path);
	free(path);
	return text;
}

char *
fixture_read_path(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_steal(&b);
}
