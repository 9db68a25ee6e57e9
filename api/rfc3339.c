/* RFC 3339 times to unix seconds, without the C library's time zones. */

#include "api/rfc3339.h"

#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
rfc3339_days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

size_t
rfc3339_scan(const char *s, struct rfc3339 *t)
{
	const char *p;
	int n = 0, oh, om;

	memset(t, 0, sizeof *t);
	if (sscanf(s, "%4d-%2d-%2d%n", &t->year, &t->month, &t->day, &n) != 3 ||
	    t->month < 1 || t->month > 12 || t->day < 1 || t->day > 31)
		return 0;
	p = s + n;
	if ((*p != 'T' && *p != ' ') ||
	    sscanf(p + 1, "%2d:%2d:%2d%n", &t->hour, &t->min, &t->sec, &n) != 3)
		return (size_t)(p - s);
	t->sep = *p;
	p += 1 + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p == 'Z') {
		t->zoned = true;
		p++;
	} else if ((*p == '+' || *p == '-') &&
		   sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) == 2) {
		t->zoned = true;
		t->offset = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		p += 1 + n;
	}
	return (size_t)(p - s);
}

int64_t
rfc3339_seconds(const struct rfc3339 *t)
{
	return rfc3339_days_from_civil(t->year, t->month, t->day) * 86400 +
	       t->hour * 3600 + t->min * 60 + t->sec - t->offset;
}

int64_t
rfc3339_parse(const char *s)
{
	struct rfc3339 t;

	if (s == NULL || rfc3339_scan(s, &t) == 0 || t.sep != 'T' ||
	    t.year < 1971)
		return 0;
	return rfc3339_seconds(&t);
}
