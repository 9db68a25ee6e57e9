/* Cell formatting that matches what the docker CLI prints. */

#include "tui/fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/buf.h"
#include "api/xalloc.h"

void
fmt_size(char *buf, size_t len, int64_t bytes)
{
	static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
	double v = (double)bytes;
	int u = 0;

	if (bytes < 0) {
		snprintf(buf, len, "-");
		return;
	}
	while (v >= 1000 && u < 5) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%lldB", (long long)bytes);
	else
		snprintf(buf, len,
		    v < 10    ? "%.2f%s"
		    : v < 100 ? "%.1f%s"
			      : "%.0f%s",
		    v, units[u]);
}

void
fmt_ago(char *buf, size_t len, int64_t t, int64_t now)
{
	int64_t d = now - t;

	if (t <= 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (d < 0)
		d = 0;
	if (d < 60)
		snprintf(buf, len, "%llds", (long long)d);
	else if (d < 3600)
		snprintf(buf, len, "%lldm", (long long)(d / 60));
	else if (d < 86400 * 2)
		snprintf(buf, len, "%lldh", (long long)(d / 3600));
	else if (d < 86400 * 60)
		snprintf(buf, len, "%lldd", (long long)(d / 86400));
	else if (d < 86400 * 365 * 2)
		snprintf(buf, len, "%lldmo", (long long)(d / (86400 * 30)));
	else
		snprintf(buf, len, "%lldy", (long long)(d / (86400 * 365)));
}

void
fmt_short_id(char *buf, size_t len, const char *id)
{
	if (id == NULL)
		id = "";
	if (strncmp(id, "sha256:", 7) == 0)
		id += 7;
	snprintf(buf, len, "%.12s", id);
}

char *
fmt_ports(const struct docker_port *p, size_t n)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (b.len)
			buf_puts(&b, ", ");
		if (p[i].public_port) {
			const char *ip = p[i].ip ? p[i].ip : "";
			bool v6 = strchr(ip, ':') != NULL;

			buf_printf(&b, "%s%s%s%s%d->", v6 ? "[" : "", ip,
			    v6 ? "]" : "", *ip ? ":" : "", p[i].public_port);
		}
		buf_printf(&b, "%d/%s", p[i].private_port,
		    p[i].type ? p[i].type : "tcp");
	}
	return buf_steal(&b);
}

int64_t
fmt_parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, sec;

	if (s == NULL ||
	    sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6 ||
	    y < 1971)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	/* The engine writes UTC ("Z"); timegm is in glibc's default set. */
	return (int64_t)timegm(&tm);
}

static int64_t fmt_fixed_now;

int64_t
fmt_now(void)
{
	return fmt_fixed_now ? fmt_fixed_now : (int64_t)time(NULL);
}

void
fmt_set_now(int64_t t)
{
	fmt_fixed_now = t;
}
