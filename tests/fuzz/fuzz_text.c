/*
 * Fuzz target for the sanitizing writer's byte judge (text_escape(), used
 * for stderr, bundle files, the audit log and saved logs): whatever comes
 * in, in every form, what goes out holds nothing a terminal acts on and is
 * valid UTF-8. Input: any bytes.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "widgets/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The length of a valid UTF-8 sequence at p, or 0. */
static size_t
fuzz_utf8_len(const unsigned char *p, size_t n)
{
	size_t len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static void
fuzz_check(const char *s, size_t n, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0, l; i < n; i += l) {
		l = fuzz_utf8_len(p + i, n - i);
		if (l == 0)
			abort(); /* invalid UTF-8 went out */
		if (p[i] == 0x7f)
			abort();
		if (p[i] < 0x20) {
			bool line = (flags & TEXT_LINES) &&
				    (p[i] == '\n' || p[i] == '\t' ||
					(p[i] == '\r' && i + 1 < n &&
					    p[i + 1] == '\n'));

			if (!line)
				abort();
		}
		/* A C1 code point. */
		if (l == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f)
			abort();
		/* Only ASCII in the ASCII and byte forms. */
		if (p[i] >= 0x80 && (flags & TEXT_ASCII) &&
		    !(flags & TEXT_JSON))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned forms[] = {0, TEXT_LINES, TEXT_JSON,
	    TEXT_LINES | TEXT_JSON, TEXT_BYTES, TEXT_ASCII,
	    TEXT_LINES | TEXT_ASCII};
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		buf_reset(&b);
		text_escape(&b, (const char *)data, size, forms[i]);
		fuzz_check(b.data ? b.data : "", b.len, forms[i]);
		/* Escaping what is already escaped changes nothing more. */
		if (!(forms[i] & (TEXT_JSON | TEXT_BYTES))) {
			char *again =
			    text_clean(b.data ? b.data : "", b.len, forms[i]);

			if (strlen(again) != b.len ||
			    memcmp(again, b.data ? b.data : "", b.len) != 0)
				abort();
			free(again);
		}
	}
	buf_done(&b);
	return 0;
}
