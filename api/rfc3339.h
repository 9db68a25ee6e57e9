/*
 * RFC 3339 times ("2026-11-22T08:25:27.235215829Z", "...+01:00") as the
 * engine writes them and as users type them, to unix seconds.
 */
#ifndef API_RFC3339_H
#define API_RFC3339_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rfc3339 {
	int year, month, day; /* month 1-12, day 1-31 */
	int hour, min, sec; /* as written: not checked */
	char sep; /* 'T' or ' ' before the time; 0 for a date alone */
	bool zoned; /* a zone was given ("Z" or an offset) */
	long offset; /* seconds east of UTC */
};

/*
 * Reads "YYYY-MM-DD", then optionally 'T' or ' ' and "hh:mm:ss", a
 * fraction of any length (dropped) and a zone. Returns how many bytes
 * were read, or 0 when s does not start with a date. A separator that no
 * time follows, or a zone that cannot be read, is left unread.
 */
size_t rfc3339_scan(const char *s, struct rfc3339 *);
/* The fields, taken as UTC less the offset, in seconds since 1970. */
int64_t rfc3339_seconds(const struct rfc3339 *);
/*
 * An engine's time ("YYYY-MM-DDThh:mm:ss", any fraction, "Z" or an
 * offset; no zone is UTC) to unix seconds; 0 for NULL, the zero time
 * ("0001-01-01T00:00:00Z"), anything before 1971 and what cannot be read.
 */
int64_t rfc3339_parse(const char *);

#endif
