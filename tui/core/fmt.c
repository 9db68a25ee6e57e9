/* Cell formatting that matches what the docker CLI prints. */

#include "tui/core/fmt.h"

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
fmt_human_duration(char *buf, size_t len, int64_t secs)
{
	int64_t min = secs / 60, hours = (secs + 1800) / 3600;

	if (secs < 1)
		snprintf(buf, len, "Less than a second");
	else if (secs == 1)
		snprintf(buf, len, "1 second");
	else if (secs < 60)
		snprintf(buf, len, "%lld seconds", (long long)secs);
	else if (min == 1)
		snprintf(buf, len, "About a minute");
	else if (min < 60)
		snprintf(buf, len, "%lld minutes", (long long)min);
	else if (hours == 1)
		snprintf(buf, len, "About an hour");
	else if (hours < 48)
		snprintf(buf, len, "%lld hours", (long long)hours);
	else if (hours < 24 * 7 * 2)
		snprintf(buf, len, "%lld days", (long long)(hours / 24));
	else if (hours < 24 * 30 * 2)
		snprintf(buf, len, "%lld weeks", (long long)(hours / 24 / 7));
	else if (hours < 24 * 365 * 2)
		snprintf(buf, len, "%lld months", (long long)(hours / 24 / 30));
	else
		snprintf(buf, len, "%lld years", (long long)(hours / 24 / 365));
}

/*
 * The seconds a worded duration at s stands for (its lower bound), and its
 * length in *n; -1 when s does not start with one.
 */
static int64_t
fmt_parse_duration(const char *s, size_t *n)
{
	static const struct {
		const char *word;
		int64_t secs;
	} fixed[] =
	    {
		{"Less than a second", 0},
		{"About a minute", 60},
		{"About an hour", 3600},
	    },
	  units[] = {
	      {"second", 1},
	      {"minute", 60},
	      {"hour", 3600},
	      {"day", 86400},
	      {"week", 86400 * 7},
	      {"month", 86400 * 30},
	      {"year", 86400 * 365},
	  };
	char *end;
	long long v;

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strncmp(s, fixed[i].word, strlen(fixed[i].word)) == 0) {
			*n = strlen(fixed[i].word);
			return fixed[i].secs;
		}
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != ' ')
		return -1;
	end++;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t w = strlen(units[i].word);

		if (strncmp(end, units[i].word, w) == 0) {
			end += w;
			if (*end == 's')
				end++;
			*n = (size_t)(end - s);
			return v * units[i].secs;
		}
	}
	return -1;
}

void
fmt_status_aged(
    char *buf, size_t len, const char *status, int64_t elapsed, int64_t *age)
{
	const char *d = NULL;
	size_t n = 0;
	int64_t secs = -1;
	char words[48];

	*age = -1;
	if (status == NULL)
		status = "";
	if (strncmp(status, "Up ", 3) == 0)
		d = status + 3;
	else if ((strncmp(status, "Exited (", 8) == 0 ||
		     strncmp(status, "Restarting (", 12) == 0) &&
		 (d = strstr(status, ") ")) != NULL)
		d += 2;
	if (d)
		secs = fmt_parse_duration(d, &n);
	/* Only seconds-exact words are worth ageing; coarser ones stay. */
	if (secs < 0 || elapsed < 0 || secs >= 3600) {
		snprintf(buf, len, "%s", status);
		return;
	}
	secs += elapsed;
	*age = secs;
	fmt_human_duration(words, sizeof words, secs);
	snprintf(buf, len, "%.*s%s%s", (int)(d - status), status, words, d + n);
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

/* Whether v6 is v4's port on the other family's any-address. */
static bool
fmt_port_pair(const struct docker_port *v4, const struct docker_port *v6)
{
	return v4->public_port > 0 && v4->public_port == v6->public_port &&
	       v4->private_port == v6->private_port && v4->ip && v6->ip &&
	       strcmp(v4->ip, "0.0.0.0") == 0 && strcmp(v6->ip, "::") == 0 &&
	       strcmp(v4->type ? v4->type : "tcp",
		   v6->type ? v6->type : "tcp") == 0;
}

int
fmt_port_twin(const struct docker_port *p, size_t n, size_t i)
{
	/* Usually next to each other; a port range lists them apart. */
	for (size_t d = 1; d < n; d++) {
		size_t up = i + d, down = i >= d ? i - d : n;

		if (up >= n && down >= n)
			break;
		if (up < n && fmt_port_pair(&p[i], &p[up]))
			return 1;
		if (down < n && fmt_port_pair(&p[i], &p[down]))
			return 1;
		if (up < n && fmt_port_pair(&p[up], &p[i]))
			return -1;
		if (down < n && fmt_port_pair(&p[down], &p[i]))
			return -1;
	}
	return 0;
}

char *
fmt_ports(const struct docker_port *p, size_t n)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		int twin = p[i].ip && p[i].public_port > 0 &&
				   (strcmp(p[i].ip, "0.0.0.0") == 0 ||
				       strcmp(p[i].ip, "::") == 0)
			       ? fmt_port_twin(p, n, i)
			       : 0;

		if (twin < 0)
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		if (p[i].public_port) {
			const char *ip = twin > 0  ? "*"
					 : p[i].ip ? p[i].ip
						   : "";
			bool v6 = strchr(ip, ':') != NULL;

			buf_printf(&b, "%s%s%s%s%d->", v6 ? "[" : "", ip,
			    v6 ? "]" : "", *ip ? ":" : "", p[i].public_port);
		}
		buf_printf(&b, "%d/%s", p[i].private_port,
		    p[i].type ? p[i].type : "tcp");
	}
	return buf_steal(&b);
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
