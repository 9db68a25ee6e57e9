/* The run form, the volume and network create forms, and their parsers. */

#include "tui/actions/runform.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "api/buf.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/actions.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/core/pane.h"
#include "tui/core/store.h"
#include "widgets/box.h"
#include "widgets/form.h"
#include "widgets/key.h"
#include "widgets/text.h"

/* Attach after start, when the attach part of the console is built in. */
#if defined(__has_include)
#if __has_include("tui/actions/attach.h")
#include "tui/actions/attach.h"
#define RUNFORM_ATTACH 1
#endif
#endif

/* The engine refuses less memory than this (6MB). */
#define RUNFORM_MIN_MEMORY (6LL * 1024 * 1024)

/* Parsers. */

static bool
runform_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Owned copy of s without the spaces around it. */
static char *
runform_trim(const char *s)
{
	size_t n;

	if (s == NULL)
		return xstrdup("");
	while (runform_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && runform_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static void
runform_push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

/*
 * Splits a list at commas (and at spaces too with spaces_split); a
 * backslash takes the next character as it is, and unescaped spaces at
 * the ends of an item go. Empty items are dropped. Never NULL.
 */
static char **
runform_split_list(const char *s, bool spaces_split)
{
	char **v = xcalloc(1, sizeof *v);
	size_t n = 0, keep = 0;
	struct buf b;

	buf_init(&b);
	for (const char *p = s ? s : "";; p++) {
		bool end = *p == '\0';
		bool esc = false;
		char c = *p;

		if (!end && c == '\\' && p[1] != '\0') {
			c = *++p;
			esc = true;
		}
		if (end || (!esc && (c == ',' ||
					(spaces_split && runform_space(c))))) {
			if (keep > 0) {
				b.data[keep] = '\0';
				b.len = keep;
				runform_push(&v, &n, buf_steal(&b));
			}
			buf_reset(&b);
			keep = 0;
			if (end)
				break;
			continue;
		}
		if (!esc && runform_space(c) && b.len == 0)
			continue;
		buf_putc(&b, c);
		if (esc || !runform_space(c))
			keep = b.len;
	}
	buf_done(&b);
	return v;
}

/* A port number 1-65535 from len bytes of s. */
static bool
runform_port(const char *s, size_t len, char **out)
{
	long v = 0;

	if (len == 0 || len > 5)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return false;
	*out = xasprintf("%ld", v);
	return true;
}

bool
runform_check_ip(const char *s, char **cause)
{
	unsigned char addr[16];

	if (inet_pton(AF_INET, s, addr) == 1 ||
	    inet_pton(AF_INET6, s, addr) == 1)
		return true;
	*cause = xasprintf("%s is not an IP address", s);
	return false;
}

static bool
runform_one_port(const char *item, struct docker_port_spec *p, char **cause)
{
	char *s = xstrdup(item), *slash = strrchr(s, '/'), *ip = NULL;
	char *rest = s, *last, *mid = NULL;
	bool ok = false;

	memset(p, 0, sizeof *p);
	p->proto = xstrdup("tcp");
	if (slash != NULL) {
		*slash = '\0';
		if (strcmp(slash + 1, "tcp") != 0 &&
		    strcmp(slash + 1, "udp") != 0 &&
		    strcmp(slash + 1, "sctp") != 0) {
			*cause = xasprintf("%s: the protocol is tcp, udp or "
					   "sctp",
			    item);
			goto out;
		}
		free(p->proto);
		p->proto = xstrdup(slash + 1);
	}
	if (*rest == '[') {
		char *close = strchr(rest, ']');

		if (close == NULL || close[1] != ':') {
			*cause =
			    xasprintf("%s: write [ipv6]:host:container", item);
			goto out;
		}
		*close = '\0';
		ip = rest + 1;
		rest = close + 2;
	}
	last = strrchr(rest, ':');
	if (last != NULL) {
		*last = '\0';
		mid = rest;
		rest = last + 1;
		if (ip == NULL) {
			char *c = strrchr(mid, ':');

			if (c != NULL) {
				*c = '\0';
				ip = mid;
				mid = c + 1;
			}
		}
		if (ip == NULL && strchr(mid, ':') != NULL)
			goto syntax;
	}
	if (ip != NULL && strchr(ip, ':') != NULL && s[0] != '[') {
		*cause = xasprintf("%s: put an IPv6 address in brackets", item);
		goto out;
	}
	if (ip != NULL && *ip != '\0' && !runform_check_ip(ip, cause))
		goto out;
	if (!runform_port(rest, strlen(rest), &p->container_port)) {
		*cause = xasprintf("%s: a container port is 1-65535", item);
		goto out;
	}
	if (mid != NULL && *mid != '\0' &&
	    !runform_port(mid, strlen(mid), &p->host_port)) {
		*cause = xasprintf("%s: a host port is 1-65535", item);
		goto out;
	}
	if (ip != NULL && *ip != '\0')
		p->host_ip = xstrdup(ip);
	ok = true;
	goto out;
syntax:
	*cause = xasprintf("%s: write [ip:]host:container[/proto]", item);
out:
	free(s);
	if (!ok) {
		free(p->proto);
		free(p->container_port);
		free(p->host_port);
		free(p->host_ip);
		memset(p, 0, sizeof *p);
	}
	return ok;
}

bool
runform_parse_ports(
    const char *text, struct docker_port_spec **out, size_t *nout, char **cause)
{
	char **items = runform_split_list(text, true);
	size_t n = strv_len(items);
	struct docker_port_spec *v = n ? xcalloc(n, sizeof *v) : NULL;

	for (size_t i = 0; i < n; i++)
		if (!runform_one_port(items[i], &v[i], cause)) {
			for (size_t j = 0; j < i; j++) {
				free(v[j].host_ip);
				free(v[j].host_port);
				free(v[j].container_port);
				free(v[j].proto);
			}
			free(v);
			strv_free(items);
			return false;
		}
	strv_free(items);
	*out = v;
	*nout = n;
	return true;
}

/* A volume name as the engine accepts it. */
static bool
runform_volume_name(const char *s)
{
	if (!isalnum((unsigned char)s[0]))
		return false;
	for (const char *p = s + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' &&
		    *p != '-')
			return false;
	return s[1] != '\0';
}

static bool
runform_one_mount(const char *item, struct docker_mount_spec *m, char **cause)
{
	char *s = xstrdup(item), *parts[4] = {NULL};
	size_t n = 0;
	const char *src = NULL, *dst, *opt = NULL;
	bool ok = false;

	memset(m, 0, sizeof *m);
	for (char *p = s, *c; n < 4; p = c + 1) {
		parts[n++] = p;
		c = strchr(p, ':');
		if (c == NULL)
			break;
		*c = '\0';
	}
	if (n == 1) {
		dst = parts[0];
	} else if (n == 2 && parts[0][0] == '/' &&
		   (strcmp(parts[1], "ro") == 0 ||
		       strcmp(parts[1], "rw") == 0)) {
		dst = parts[0];
		opt = parts[1];
	} else if (n == 2) {
		src = parts[0];
		dst = parts[1];
	} else if (n == 3) {
		src = parts[0];
		dst = parts[1];
		opt = parts[2];
	} else {
		*cause = xasprintf("%s: write source:/dest[:ro]", item);
		goto out;
	}
	if (dst[0] != '/') {
		*cause =
		    xasprintf("%s: the destination is an absolute path", item);
		goto out;
	}
	if (opt != NULL && strcmp(opt, "ro") != 0 && strcmp(opt, "rw") != 0) {
		*cause = xasprintf("%s: the option is ro or rw", item);
		goto out;
	}
	if (src != NULL && *src == '\0') {
		*cause = xasprintf("%s: the source is empty", item);
		goto out;
	}
	if (src != NULL && src[0] != '/' && !runform_volume_name(src)) {
		*cause = xasprintf("%s: a volume name is letters, digits, "
				   "_ . - (a host path starts with /)",
		    item);
		goto out;
	}
	m->type = xstrdup(src != NULL && src[0] == '/' ? "bind" : "volume");
	m->source = xstrdup_or_null(src);
	m->target = xstrdup(dst);
	m->read_only = opt != NULL && strcmp(opt, "ro") == 0;
	ok = true;
out:
	free(s);
	return ok;
}

bool
runform_parse_mounts(const char *text, struct docker_mount_spec **out,
    size_t *nout, char **cause)
{
	char **items = runform_split_list(text, false);
	size_t n = strv_len(items);
	struct docker_mount_spec *v = n ? xcalloc(n, sizeof *v) : NULL;

	for (size_t i = 0; i < n; i++)
		if (!runform_one_mount(items[i], &v[i], cause)) {
			for (size_t j = 0; j < i; j++) {
				free(v[j].type);
				free(v[j].source);
				free(v[j].target);
			}
			free(v);
			strv_free(items);
			return false;
		}
	strv_free(items);
	*out = v;
	*nout = n;
	return true;
}

bool
runform_parse_env(const char *text, char ***out, char **cause)
{
	char **items = runform_split_list(text, false);

	for (size_t i = 0; items[i]; i++) {
		const char *eq = strchr(items[i], '=');

		if (eq == NULL || eq == items[i]) {
			*cause = xasprintf("%s: write KEY=VALUE", items[i]);
			strv_free(items);
			return false;
		}
		for (const char *p = items[i]; p < eq; p++)
			if (runform_space(*p)) {
				*cause = xasprintf(
				    "%s: a name has no spaces", items[i]);
				strv_free(items);
				return false;
			}
	}
	if (items[0] == NULL) {
		strv_free(items);
		items = NULL;
	}
	*out = items;
	return true;
}

bool
runform_parse_labels(const char *text, struct kvlist *out, char **cause)
{
	char **items = runform_split_list(text, false);

	for (size_t i = 0; items[i]; i++) {
		const char *eq = strchr(items[i], '=');

		if (eq == items[i]) {
			*cause = xasprintf("%s: the key is empty", items[i]);
			strv_free(items);
			return false;
		}
	}
	for (size_t i = 0; items[i]; i++) {
		char *eq = strchr(items[i], '=');

		if (eq != NULL)
			*eq = '\0';
		create_kv_add(out, items[i], eq ? eq + 1 : "");
	}
	strv_free(items);
	return true;
}

/*
 * A decimal number with a fraction, scaled by mult without floating
 * point: false on overflow or junk. *end gets what follows.
 */
static bool
runform_scaled(
    const char *s, int64_t mult, int max_frac, int64_t *out, const char **end)
{
	int64_t ip = 0, frac = 0, fdiv = 1;
	int nd = 0, nf = 0;

	for (; isdigit((unsigned char)*s); s++, nd++) {
		if (ip > (INT64_MAX - 9) / 10)
			return false;
		ip = ip * 10 + (*s - '0');
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++, nf++) {
			if (nf >= max_frac)
				return false;
			frac = frac * 10 + (*s - '0');
			fdiv *= 10;
		}
	}
	if (nd == 0 && nf == 0)
		return false;
	if (ip > INT64_MAX / mult)
		return false;
	/* frac * mult / fdiv, without overflowing: mult = q * fdiv + r. */
	*out = ip * mult + frac * (mult / fdiv) + frac * (mult % fdiv) / fdiv;
	*end = s;
	return true;
}

bool
runform_parse_memory(const char *text, int64_t *bytes, char **cause)
{
	char *t = runform_trim(text);
	const char *end;
	int64_t mult = 1, v;
	size_t n = 0;
	char u;

	*bytes = 0;
	if (*t == '\0') {
		free(t);
		return true;
	}
	/* Find the unit first: the scaling needs it. */
	while (t[n] && (isdigit((unsigned char)t[n]) || t[n] == '.'))
		n++;
	u = (char)tolower((unsigned char)t[n]);
	switch (u) {
	case 'k':
		mult = 1024;
		break;
	case 'm':
		mult = 1024 * 1024;
		break;
	case 'g':
		mult = 1024LL * 1024 * 1024;
		break;
	case 't':
		mult = 1024LL * 1024 * 1024 * 1024;
		break;
	default:
		break;
	}
	if (!runform_scaled(t, mult, 9, &v, &end))
		goto bad;
	if (mult > 1)
		end++;
	else if (tolower((unsigned char)*end) == 'b')
		end++;
	/* "64m", "64mb", "64MiB" all mean mebibytes, like the docker CLI. */
	if (mult > 1 && tolower((unsigned char)end[0]) == 'i' &&
	    tolower((unsigned char)end[1]) == 'b')
		end += 2;
	else if (mult > 1 && tolower((unsigned char)*end) == 'b')
		end++;
	if (*end != '\0')
		goto bad;
	if (v > 0 && v < RUNFORM_MIN_MEMORY) {
		*cause = xasprintf("%s: the engine needs at least 6m", t);
		free(t);
		return false;
	}
	*bytes = v;
	free(t);
	return true;
bad:
	*cause = xasprintf("%s: write a size like 64m, 512k or 1.5g", t);
	free(t);
	return false;
}

bool
runform_parse_cpus(const char *text, int64_t *nano, char **cause)
{
	char *t = runform_trim(text);
	const char *end;
	int64_t v;

	*nano = 0;
	if (*t == '\0') {
		free(t);
		return true;
	}
	if (!runform_scaled(t, 1000000000LL, 9, &v, &end) || *end != '\0' ||
	    v > 4096LL * 1000000000LL) {
		*cause =
		    xasprintf("%s: write a number of CPUs like 0.5 or 2", t);
		free(t);
		return false;
	}
	*nano = v;
	free(t);
	return true;
}

bool
runform_parse_restart(const char *text, char **name, int *max, char **cause)
{
	char *t = runform_trim(text), *colon = strchr(t, ':');
	long n = 0;

	*name = NULL;
	*max = 0;
	if (colon != NULL) {
		char *end;

		*colon = '\0';
		n = strtol(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || n < 0 || n > 1000000) {
			*cause = xasprintf(
			    "%s: the retry count is a number", colon + 1);
			free(t);
			return false;
		}
		if (strcmp(t, "on-failure") != 0) {
			*cause = xasprintf("a retry count goes with "
					   "on-failure only");
			free(t);
			return false;
		}
	}
	if (*t == '\0' || strcmp(t, "no") == 0)
		*name = xstrdup("no");
	else if (strcmp(t, "always") == 0 || strcmp(t, "unless-stopped") == 0 ||
		 strcmp(t, "on-failure") == 0)
		*name = xstrdup(t);
	else {
		*cause = xasprintf("%s: no, always, unless-stopped or "
				   "on-failure[:N]",
		    t);
		free(t);
		return false;
	}
	*max = (int)n;
	free(t);
	return true;
}

bool
runform_split_words(const char *s, char ***out, char **cause)
{
	char **v = NULL;
	size_t n = 0;
	struct buf b;
	bool in_word = false;
	char q = 0;

	buf_init(&b);
	for (const char *p = s ? s : ""; *p; p++) {
		char c = *p;

		if (q == '\'') {
			if (c == '\'')
				q = 0;
			else
				buf_putc(&b, c);
			continue;
		}
		if (q == '"') {
			if (c == '"')
				q = 0;
			else if (c == '\\' && (p[1] == '"' || p[1] == '\\' ||
						  p[1] == '$' || p[1] == '`'))
				buf_putc(&b, *++p);
			else
				buf_putc(&b, c);
			continue;
		}
		if (runform_space(c)) {
			if (in_word) {
				runform_push(&v, &n, xstrdup(buf_cstr(&b)));
				buf_reset(&b);
				in_word = false;
			}
			continue;
		}
		in_word = true;
		if (c == '\'' || c == '"')
			q = c;
		else if (c == '\\' && p[1] != '\0')
			buf_putc(&b, *++p);
		else
			buf_putc(&b, c);
	}
	if (q != 0) {
		*cause = xasprintf("a %s quote is not closed",
		    q == '\'' ? "single" : "double");
		buf_done(&b);
		strv_free(v);
		return false;
	}
	if (in_word)
		runform_push(&v, &n, xstrdup(buf_cstr(&b)));
	buf_done(&b);
	*out = v;
	return true;
}

bool
runform_check_name(const char *s, char **cause)
{
	if (s == NULL || *s == '\0')
		return true;
	if (!isalnum((unsigned char)s[0]) || s[1] == '\0')
		goto bad;
	for (const char *p = s + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' &&
		    *p != '-')
			goto bad;
	return true;
bad:
	*cause = xasprintf("%s: a name is 2 or more of letters, digits, _ . - "
			   "(starting with a letter or digit)",
	    s);
	return false;
}

bool
runform_check_cidr(const char *s, char **cause)
{
	const char *slash = strchr(s, '/');
	unsigned char addr[16];
	char *ip, *end;
	long bits;
	int af;

	if (slash == NULL || slash[1] == '\0')
		goto bad;
	ip = xstrndup(s, (size_t)(slash - s));
	af = strchr(ip, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, ip, addr) != 1) {
		free(ip);
		goto bad;
	}
	free(ip);
	bits = strtol(slash + 1, &end, 10);
	if (*end != '\0' || bits < 0 || bits > (af == AF_INET ? 32 : 128))
		goto bad;
	return true;
bad:
	*cause = xasprintf("%s: write a subnet like 172.30.0.0/16", s);
	return false;
}

/* Whether a word can go into the command field without quotes. */
static bool
runform_plain_word(const char *w)
{
	if (*w == '\0')
		return false;
	for (const char *p = w; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_@%+=:,./-", *p))
			return false;
	return true;
}

char *
runform_join_words(char *const *v)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; v && v[i]; i++) {
		if (i > 0)
			buf_putc(&b, ' ');
		if (runform_plain_word(v[i])) {
			buf_puts(&b, v[i]);
			continue;
		}
		buf_putc(&b, '\'');
		for (const char *p = v[i]; *p; p++) {
			if (*p == '\'')
				buf_puts(&b, "'\\''");
			else
				buf_putc(&b, *p);
		}
		buf_putc(&b, '\'');
	}
	buf_puts(&b, "");
	return buf_steal(&b);
}

char *
runform_join_list(char *const *v)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; v && v[i]; i++) {
		size_t len = strlen(v[i]);

		if (i > 0)
			buf_puts(&b, ", ");
		for (size_t j = 0; j < len; j++) {
			char c = v[i][j];

			/* Spaces at the ends would be trimmed: escape them. */
			if (c == ',' || c == '\\' ||
			    (runform_space(c) && (j == 0 || j == len - 1)))
				buf_putc(&b, '\\');
			buf_putc(&b, c);
		}
	}
	buf_puts(&b, "");
	return buf_steal(&b);
}

void
runform_format_memory(char *buf, size_t len, int64_t bytes)
{
	static const char units[] = "tgmk";
	int64_t m = 1024LL * 1024 * 1024 * 1024;

	if (bytes <= 0) {
		snprintf(buf, len, "%s", "");
		return;
	}
	for (int i = 0; units[i]; i++, m /= 1024)
		if (bytes % m == 0) {
			snprintf(buf, len, "%lld%c", (long long)(bytes / m),
			    units[i]);
			return;
		}
	snprintf(buf, len, "%lld", (long long)bytes);
}

void
runform_format_cpus(char *buf, size_t len, int64_t nano)
{
	char frac[16];
	int n;

	if (nano <= 0) {
		snprintf(buf, len, "%s", "");
		return;
	}
	snprintf(frac, sizeof frac, "%09lld", (long long)(nano % 1000000000));
	for (n = 9; n > 0 && frac[n - 1] == '0'; n--)
		frac[n - 1] = '\0';
	snprintf(buf, len, "%lld%s%s", (long long)(nano / 1000000000),
	    n > 0 ? "." : "", frac);
}

/* A single word (an image, a network): no spaces inside. */
static bool
runform_one_word(const char *t, const char *what, char **cause)
{
	for (const char *p = t; *p; p++)
		if (runform_space(*p)) {
			*cause = xasprintf("%s: %s has no spaces", t, what);
			return false;
		}
	return true;
}

bool
runform_build_spec(const struct runform_values *fv,
    struct docker_create_spec *s, char *err[RF__COUNT])
{
	char *t, *cause = NULL;
	bool ok = true;

	create_spec_init(s);
	for (int i = 0; i < RF__COUNT; i++)
		err[i] = NULL;
#define RF_FAIL(f)                                                             \
	do {                                                                   \
		err[f] = cause;                                                \
		cause = NULL;                                                  \
		ok = false;                                                    \
	} while (0)

	t = runform_trim(fv->text[RF_IMAGE]);
	if (*t == '\0') {
		cause = xstrdup("which image? (Tab completes)");
		RF_FAIL(RF_IMAGE);
	} else if (!runform_one_word(t, "an image", &cause))
		RF_FAIL(RF_IMAGE);
	s->image = t;

	t = runform_trim(fv->text[RF_NAME]);
	if (!runform_check_name(t, &cause))
		RF_FAIL(RF_NAME);
	free(t);

	if (!runform_split_words(fv->text[RF_COMMAND], &s->cmd, &cause))
		RF_FAIL(RF_COMMAND);
	if (!runform_split_words(
		fv->text[RF_ENTRYPOINT], &s->entrypoint, &cause))
		RF_FAIL(RF_ENTRYPOINT);
	if (!runform_parse_env(fv->text[RF_ENV], &s->env, &cause))
		RF_FAIL(RF_ENV);
	if (!runform_parse_ports(
		fv->text[RF_PORTS], &s->ports, &s->n_ports, &cause))
		RF_FAIL(RF_PORTS);
	if (!runform_parse_mounts(
		fv->text[RF_MOUNTS], &s->mounts, &s->n_mounts, &cause))
		RF_FAIL(RF_MOUNTS);

	t = runform_trim(fv->text[RF_NETWORK]);
	if (!runform_one_word(t, "a network", &cause))
		RF_FAIL(RF_NETWORK);
	if (*t)
		s->network = t;
	else
		free(t);

	if (!runform_parse_restart(
		fv->text[RF_RESTART], &s->restart, &s->restart_max, &cause))
		RF_FAIL(RF_RESTART);

	t = runform_trim(fv->text[RF_WORKDIR]);
	if (*t && t[0] != '/') {
		cause = xstrdup("the working dir must be an absolute path");
		RF_FAIL(RF_WORKDIR);
	}
	if (*t)
		s->working_dir = t;
	else
		free(t);
	t = runform_trim(fv->text[RF_USER]);
	if (*t)
		s->user = t;
	else
		free(t);

	s->tty = fv->on[RF_TTY];
	s->open_stdin = fv->on[RF_INTERACTIVE];
	s->auto_remove = fv->on[RF_AUTO_REMOVE];
	if (s->auto_remove && s->restart && strcmp(s->restart, "no") != 0) {
		cause = xstrdup("a container that removes itself cannot have "
				"a restart policy");
		RF_FAIL(RF_AUTO_REMOVE);
	}
	if (!runform_parse_labels(fv->text[RF_LABELS], &s->labels, &cause))
		RF_FAIL(RF_LABELS);
	if (!runform_parse_memory(fv->text[RF_MEMORY], &s->memory, &cause))
		RF_FAIL(RF_MEMORY);
	if (!runform_parse_cpus(fv->text[RF_CPUS], &s->nano_cpus, &cause))
		RF_FAIL(RF_CPUS);
#undef RF_FAIL
	if (!ok)
		create_spec_done(s);
	return ok;
}

static bool
runform_has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

enum runform_field
runform_error_field(const char *m)
{
	static const struct {
		const char *text;
		enum runform_field field;
	} map[] = {
	    /* The most specific first. */
	    {"no such image", RF_IMAGE},
	    {"pull access denied", RF_IMAGE},
	    {"invalid reference format", RF_IMAGE},
	    {"container name", RF_NAME},
	    {"executable file not found", RF_COMMAND},
	    {"exec:", RF_COMMAND},
	    {"entrypoint", RF_ENTRYPOINT},
	    {"port is already allocated", RF_PORTS},
	    {"address already in use", RF_PORTS},
	    {"invalid port", RF_PORTS},
	    {"port specification", RF_PORTS},
	    {"bind source path", RF_MOUNTS},
	    {"working directory", RF_WORKDIR},
	    {"unable to find user", RF_USER},
	    {"no users found", RF_USER},
	    {"restart", RF_RESTART},
	    {"autoremove", RF_AUTO_REMOVE},
	    {"memory", RF_MEMORY},
	    {"cpu", RF_CPUS},
	    {"mount", RF_MOUNTS},
	    {"volume", RF_MOUNTS},
	    {"network", RF_NETWORK},
	    {"environment", RF_ENV},
	    {"label", RF_LABELS},
	};

	if (m == NULL)
		return RF__COUNT;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (runform_has(m, map[i].text))
			return map[i].field;
	return RF__COUNT;
}

/* The overlay. */

enum runform_kind { RFK_RUN, RFK_VOLUME, RFK_NETWORK };

enum runform_state {
	RFS_LOADING, /* reading the container to copy */
	RFS_EDIT,
	RFS_BUSY, /* the engine is at work */
	RFS_ATTACH /* started: attach at the next tick */
};

/* The create forms' fields. */
enum { VF_NAME, VF_DRIVER, VF_OPTIONS, VF_LABELS };
enum {
	NF_NAME,
	NF_DRIVER,
	NF_SUBNET,
	NF_GATEWAY,
	NF_OPTIONS,
	NF_LABELS,
	NF_INTERNAL
};

struct runform {
	struct app *app;
	enum runform_kind kind;
	enum runform_state state;
	struct form form;
	bool has_form;
	char *source; /* the container being copied, for the screen */
	struct docker_call *call;
	struct docker_container_detail *detail;
	char *id; /* the container created */
	char *what; /* names the object for messages and audit */
	char *start_error; /* the start failure, while removing */
	bool attach;
	double attach_by; /* attach even if the list lags after this */
};

static bool runform_key(void *, int);
static void runform_draw(void *, WINDOW *, int, int);
static double runform_tick(void *, double);
static void runform_free(void *);

static const struct app_overlay_ops runform_ops = {
    .key = runform_key,
    .draw = runform_draw,
    .tick = runform_tick,
    .free = runform_free,
};

static struct runform *
runform_new(struct app *a, enum runform_kind kind)
{
	struct runform *rf = xcalloc(1, sizeof *rf);

	rf->app = a;
	rf->kind = kind;
	return rf;
}

static void runform_set_title(struct runform *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
runform_set_title(struct runform *rf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(rf->form.title);
	rf->form.title = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
runform_build_run(struct runform *rf, const char *title)
{
	static const char *const labels[RF__COUNT] = {
	    [RF_IMAGE] = "Image",
	    [RF_NAME] = "Name",
	    [RF_COMMAND] = "Command",
	    [RF_ENTRYPOINT] = "Entrypoint",
	    [RF_ENV] = "Env (K=V, ...)",
	    [RF_PORTS] = "Ports (8080:80, ...)",
	    [RF_MOUNTS] = "Mounts (vol:/dir:ro)",
	    [RF_NETWORK] = "Network",
	    [RF_RESTART] = "Restart policy",
	    [RF_WORKDIR] = "Working dir",
	    [RF_USER] = "User",
	    [RF_TTY] = "TTY",
	    [RF_INTERACTIVE] = "Interactive",
	    [RF_AUTO_REMOVE] = "Remove on exit",
	    [RF_LABELS] = "Labels (k=v, ...)",
	    [RF_MEMORY] = "Memory (64m, 1g)",
	    [RF_CPUS] = "CPUs (0.5, 2)",
	    [RF_ATTACH] = "Attach after start",
	};

	form_init(&rf->form, title);
	rf->has_form = true;
	for (int i = 0; i < RF__COUNT; i++) {
		if (i == RF_TTY || i == RF_INTERACTIVE || i == RF_AUTO_REMOVE ||
		    i == RF_ATTACH)
			form_add_check(&rf->form, labels[i], false);
		else
			form_add_text(&rf->form, labels[i], "");
	}
}

static void
runform_set(struct runform *rf, enum runform_field f, const char *text)
{
	prompt_set(&rf->form.fields[f].prompt, text ? text : "");
}

static void
runform_check(struct runform *rf, size_t f, bool on)
{
	rf->form.fields[f].on = on;
}

static bool
runform_strv_eq(char *const *a, char *const *b)
{
	size_t i;

	for (i = 0; a && b && a[i] && b[i]; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return (a == NULL || a[i] == NULL) && (b == NULL || b[i] == NULL);
}

static bool
runform_in(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* A volume name the engine made up: 64 hex digits. */
static bool
runform_anonymous(const char *name)
{
	size_t n = 0;

	for (; name && isxdigit((unsigned char)name[n]); n++)
		;
	return n == 64 && name[n] == '\0';
}

/* Fills the form from a container and the image it came from (or NULL). */
static void
runform_fill(struct runform *rf, const struct docker_container_detail *c,
    const struct docker_image_detail *im)
{
	char **v = NULL, *s, buf[64];
	size_t n = 0;
	bool same_ep = im && runform_strv_eq(c->entrypoint, im->entrypoint);

	runform_set(
	    rf, RF_IMAGE, c->image && *c->image ? c->image : c->image_id);
	/* With a new entrypoint the engine does not take the image's Cmd. */
	if (!same_ep || !runform_strv_eq(c->cmd, im->cmd)) {
		s = runform_join_words(c->cmd);
		runform_set(rf, RF_COMMAND, s);
		free(s);
	}
	if (!same_ep) {
		s = runform_join_words(c->entrypoint);
		runform_set(rf, RF_ENTRYPOINT, s);
		free(s);
	}
	for (size_t i = 0; c->env && c->env[i]; i++)
		if (im == NULL || !runform_in(im->env, c->env[i]))
			runform_push(&v, &n, xstrdup(c->env[i]));
	s = runform_join_list(v);
	runform_set(rf, RF_ENV, s);
	free(s);
	strv_free(v);
	v = NULL;
	n = 0;

	for (size_t i = 0; i < c->n_bindings; i++) {
		const struct docker_port_binding *b = &c->bindings[i];
		char *port = xstrdup(b->container_port), *slash;
		const char *ip = b->host_ip;
		bool any = ip == NULL || *ip == '\0' ||
			   strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0;

		if (b->host_port == NULL && b->host_ip == NULL) {
			free(port);
			continue;
		}
		slash = strchr(port, '/');
		if (slash && strcmp(slash, "/tcp") == 0)
			*slash = '\0';
		if (!any)
			runform_push(&v, &n,
			    xasprintf(
				strchr(ip, ':') ? "[%s]:%s:%s" : "%s:%s:%s", ip,
				b->host_port ? b->host_port : "", port));
		else if (b->host_port && *b->host_port)
			runform_push(
			    &v, &n, xasprintf("%s:%s", b->host_port, port));
		else
			runform_push(&v, &n, xstrdup(port));
		free(port);
	}
	s = strv_join(v, ", ");
	runform_set(rf, RF_PORTS, s);
	free(s);
	strv_free(v);
	v = NULL;
	n = 0;

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct docker_mount *m = &c->mounts[i];
		const char *ro = m->rw ? "" : ":ro";

		if (m->type && strcmp(m->type, "bind") == 0 && m->source)
			runform_push(&v, &n,
			    xasprintf(
				"%s:%s%s", m->source, m->destination, ro));
		else if (m->type && strcmp(m->type, "volume") == 0 &&
			 (m->name == NULL || runform_anonymous(m->name)))
			/* Another container's anonymous volume: a new one. */
			runform_push(
			    &v, &n, xasprintf("%s%s", m->destination, ro));
		else if (m->type && strcmp(m->type, "volume") == 0)
			runform_push(&v, &n,
			    xasprintf("%s:%s%s", m->name, m->destination, ro));
	}
	s = runform_join_list(v);
	runform_set(rf, RF_MOUNTS, s);
	free(s);
	strv_free(v);
	v = NULL;
	n = 0;

	if (c->network_mode && strcmp(c->network_mode, "default") != 0)
		runform_set(rf, RF_NETWORK, c->network_mode);
	if (c->restart_policy && strcmp(c->restart_policy, "on-failure") == 0 &&
	    c->restart_max_retry > 0) {
		s = xasprintf("on-failure:%d", c->restart_max_retry);
		runform_set(rf, RF_RESTART, s);
		free(s);
	} else if (c->restart_policy && strcmp(c->restart_policy, "no") != 0)
		runform_set(rf, RF_RESTART, c->restart_policy);
	if (im == NULL || !im->working_dir ||
	    strcmp(im->working_dir, c->working_dir ? c->working_dir : "") != 0)
		runform_set(rf, RF_WORKDIR, c->working_dir);
	if (im == NULL || !im->user ||
	    strcmp(im->user, c->user ? c->user : "") != 0)
		runform_set(rf, RF_USER, c->user);
	runform_check(rf, RF_TTY, c->tty);
	runform_check(rf, RF_INTERACTIVE, c->open_stdin);
	runform_check(rf, RF_AUTO_REMOVE, c->auto_remove);

	/* Compose's own labels would make compose think it owns the copy. */
	for (size_t i = 0; i < c->labels.n; i++) {
		const struct kv *l = &c->labels.v[i];
		const char *iv = im ? kvlist_get(&im->labels, l->key) : NULL;

		if ((iv && strcmp(iv, l->value ? l->value : "") == 0) ||
		    strncmp(l->key, "com.docker.compose.", 19) == 0)
			continue;
		runform_push(&v, &n,
		    xasprintf("%s=%s", l->key, l->value ? l->value : ""));
	}
	s = runform_join_list(v);
	runform_set(rf, RF_LABELS, s);
	free(s);
	strv_free(v);

	runform_format_memory(buf, sizeof buf, c->memory);
	runform_set(rf, RF_MEMORY, buf);
	runform_format_cpus(buf, sizeof buf, c->nano_cpus);
	runform_set(rf, RF_CPUS, buf);
	form_focus(&rf->form, RF_NAME);
}

static void
runform_on_image(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	struct docker_image_detail *im = NULL;
	char *cause = NULL;

	rf->call = NULL;
	if (r->status == DOCKER_OK)
		im = decode_image_detail(r->body, r->len, &cause);
	free(cause);
	runform_fill(rf, rf->detail, im);
	docker_image_detail_free(im);
	docker_container_detail_free(rf->detail);
	rf->detail = NULL;
	rf->state = RFS_EDIT;
	app_dirty(rf->app);
}

static void
runform_on_inspect(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *cause = NULL, *path, *esc;
	const char *img;

	rf->call = NULL;
	if (r->status == DOCKER_OK)
		rf->detail = decode_container_detail(r->body, r->len, &cause);
	if (rf->detail == NULL) {
		app_error(rf->app, "run: %s: %s", rf->source,
		    r->message ? r->message
		    : cause    ? cause
			       : "unreadable");
		free(cause);
		app_close_overlay(rf->app);
		return;
	}
	img = rf->detail->image_id && *rf->detail->image_id
		  ? rf->detail->image_id
		  : rf->detail->image;
	esc = http_escape(img ? img : "");
	path = xasprintf("/images/%s/json", esc);
	rf->call = docker_get(app_docker(rf->app), path, runform_on_image, rf);
	free(path);
	free(esc);
	app_dirty(rf->app);
}

/* The tag to offer for an image: one matching the pane's filter, or latest. */
static char *
runform_image_ref(const struct pane *p, const struct docker_image *im)
{
	char *const *t = im->repo_tags;

	if (t == NULL || t[0] == NULL)
		return xstrdup(im->id);
	/* Latest among those that match the filter, then latest, then any. */
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; t[i]; i++) {
			size_t n = strlen(t[i]);
			bool latest =
			    n > 7 && strcmp(t[i] + n - 7, ":latest") == 0;
			bool match = p->filter && !p->filter_inverse &&
				     strstr(t[i], p->filter) != NULL;

			if ((pass == 0 && match && latest) ||
			    (pass == 1 && match) || (pass == 2 && latest) ||
			    pass == 3)
				return xstrdup(t[i]);
		}
	return xstrdup(im->id);
}

bool
runform_open(struct app *a, struct pane *p)
{
	const char *id = pane_selected_id(p);
	struct runform *rf;
	bool ctr = strcmp(p->ops->name, "containers") == 0;

	if (!ctr && strcmp(p->ops->name, "images") != 0)
		return false;
	if (app_read_only(a)) {
		app_error(a, "read-only mode: run refused");
		audit_log(a, "run", NULL, "refused: read-only");
		return true;
	}
	/* The lists Tab completes from. */
	if (!app_store(a)->loaded[STORE_IMAGES])
		store_refresh(app_store(a), STORE_IMAGES);
	if (!app_store(a)->loaded[STORE_NETWORKS])
		store_refresh(app_store(a), STORE_NETWORKS);
	rf = runform_new(a, RFK_RUN);
	if (ctr && id != NULL) {
		const struct docker_container *c =
		    store_container(app_store(a), id);
		char *path, *esc;

		rf->source = xstrdup(c && c->name ? c->name : id);
		runform_build_run(rf, "");
		runform_set_title(rf, "Run another like %s", rf->source);
		rf->state = RFS_LOADING;
		esc = http_escape(id);
		path = xasprintf("/containers/%s/json", esc);
		rf->call =
		    docker_get(app_docker(a), path, runform_on_inspect, rf);
		free(path);
		free(esc);
	} else {
		const struct docker_image *im =
		    id ? store_image(app_store(a), id) : NULL;
		char *ref = im ? runform_image_ref(p, im) : NULL;

		runform_build_run(rf, "Run a container");
		rf->state = RFS_EDIT;
		if (ref) {
			runform_set(rf, RF_IMAGE, ref);
			runform_set_title(rf, "Run %s", ref);
			form_focus(&rf->form, RF_NAME);
		}
		free(ref);
	}
	app_push_overlay(a, &runform_ops, rf);
	return true;
}

/* Tab in the image or network field: complete from the local lists. */
static bool
runform_complete(struct runform *rf)
{
	const struct store *s = app_store(rf->app);
	size_t f = rf->form.focus, nhits = 0, lcp = 0;
	char *text, *first = NULL, **hits = NULL;
	bool changed = false;

	if (rf->kind != RFK_RUN || (f != RF_IMAGE && f != RF_NETWORK))
		return false;
	text = xstrdup(form_text(&rf->form, f));
	if (*text == '\0') {
		free(text);
		return false;
	}
	if (f == RF_IMAGE && s->images) {
		for (size_t i = 0; i < s->images->n; i++)
			for (char **t = s->images->v[i].repo_tags; t && *t; t++)
				if (strncmp(*t, text, strlen(text)) == 0)
					runform_push(
					    &hits, &nhits, xstrdup(*t));
	} else if (f == RF_NETWORK && s->networks) {
		for (size_t i = 0; i < s->networks->n; i++) {
			const char *nm = s->networks->v[i].name;

			if (nm && strncmp(nm, text, strlen(text)) == 0)
				runform_push(&hits, &nhits, xstrdup(nm));
		}
	}
	if (nhits > 0) {
		first = hits[0];
		lcp = strlen(first);
		for (size_t i = 1; i < nhits; i++) {
			size_t j = 0;

			while (j < lcp && hits[i][j] == first[j])
				j++;
			lcp = j;
		}
		if (lcp > strlen(text)) {
			char *c = xstrndup(first, lcp);

			runform_set(rf, (enum runform_field)f, c);
			free(c);
			changed = true;
		} else if (nhits > 1) {
			char *all = strv_join(hits, "  ");

			app_info(rf->app, "%zu matches: %s", nhits, all);
			free(all);
			changed = true;
		}
	}
	strv_free(hits);
	free(text);
	return changed;
}

static void
runform_values(struct runform *rf, struct runform_values *v)
{
	for (int i = 0; i < RF__COUNT; i++) {
		v->text[i] = rf->form.fields[i].kind == FORM_TEXT
				 ? form_text(&rf->form, (size_t)i)
				 : "";
		v->on[i] = form_checked(&rf->form, (size_t)i);
	}
}

char *
runform_short_error(const char *msg, size_t max)
{
	size_t n = strlen(msg);
	const char *best = NULL;

	if (n <= max)
		return xstrdup(msg);
	/* The engine nests causes with ": "; the last ones say the most. */
	for (const char *p = msg + n; p > msg; p--)
		if (p[-1] == ' ' && p - 1 > msg && p[-2] == ':') {
			if ((size_t)(msg + n - p) > max)
				break;
			best = p;
		}
	if (best == NULL)
		return xasprintf("%.*s", (int)max, msg + n - max);
	return xstrdup(best);
}

/* Shows an engine error at the field it is about, or in the status bar. */
static void
runform_engine_error(struct runform *rf, const char *what, const char *msg)
{
	enum runform_field f =
	    rf->kind == RFK_RUN ? runform_error_field(msg) : RF__COUNT;
	char *full = xasprintf("%s: %s", what, msg);
	char *shrt = runform_short_error(msg, 46);

	if (f != RF__COUNT) {
		form_set_error(&rf->form, f, shrt);
		form_focus(&rf->form, f);
	} else if (rf->kind == RFK_NETWORK &&
		   (runform_has(msg, "subnet") || runform_has(msg, "pool"))) {
		form_set_error(&rf->form, NF_SUBNET, shrt);
		form_focus(&rf->form, NF_SUBNET);
	} else if (rf->kind != RFK_RUN && (runform_has(msg, "already exists") ||
					      runform_has(msg, "name"))) {
		form_set_error(&rf->form, 0, shrt);
		form_focus(&rf->form, 0);
	}
	/* The whole story goes to the status bar. */
	app_error(rf->app, "%s", full);
	free(full);
	free(shrt);
}

static void
runform_done_edit(struct runform *rf, const char *title)
{
	rf->state = RFS_EDIT;
	free(rf->form.title);
	rf->form.title = xstrdup(title);
	app_dirty(rf->app);
}

static void
runform_on_removed(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *res;

	rf->call = NULL;
	res = r->status == DOCKER_OK
		  ? xstrdup("ok")
		  : xasprintf("error: %s", r->message ? r->message : "failed");
	audit_log(rf->app, "remove", rf->id, res);
	free(res);
	free(rf->id);
	rf->id = NULL;
	runform_engine_error(rf, "start", rf->start_error);
	free(rf->start_error);
	rf->start_error = NULL;
	runform_done_edit(rf, "Run: fix and submit again");
}

static void
runform_on_started(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *res, *esc, *path;

	rf->call = NULL;
	store_refresh(app_store(rf->app), STORE_CONTAINERS);
	if (r->status != DOCKER_OK) {
		const char *m =
		    r->message ? r->message : docker_status_str(r->status);

		res = xasprintf("error: start: %s", m);
		audit_log(rf->app, "run", rf->what, res);
		free(res);
		/* Remove what was made, so that the form can be sent again. */
		rf->start_error = xstrdup(m);
		esc = http_escape(rf->id);
		path = xasprintf("/containers/%s?force=1&v=1", esc);
		rf->call = docker_request(app_docker(rf->app), "DELETE", path,
		    NULL, 0, runform_on_removed, rf);
		free(path);
		free(esc);
		return;
	}
	audit_log(rf->app, "run", rf->what, "ok");
	if (rf->attach) {
		rf->state = RFS_ATTACH;
		rf->attach_by = store_now() + 5;
		app_dirty(rf->app);
		return;
	}
	app_ok(rf->app, "started %s", rf->what);
	app_close_overlay(rf->app);
}

static void
runform_on_created(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *cause = NULL, *res, *esc, *path;

	rf->call = NULL;
	if (r->status == DOCKER_OK)
		rf->id = decode_id(r->body, r->len, &cause);
	if (rf->id == NULL) {
		const char *m = r->message ? r->message
				: cause    ? cause
					   : "no id in the answer";

		res = xasprintf("error: %s", m);
		audit_log(rf->app, "run", rf->what, res);
		free(res);
		runform_engine_error(rf, "create", m);
		free(cause);
		runform_done_edit(rf, "Run: fix and submit again");
		return;
	}
	free(rf->what);
	rf->what = xasprintf("%s (%s)",
	    form_text(&rf->form, RF_NAME)[0] ? form_text(&rf->form, RF_NAME)
					     : rf->id,
	    form_text(&rf->form, RF_IMAGE));
	esc = http_escape(rf->id);
	path = xasprintf("/containers/%s/start", esc);
	rf->call = docker_request(
	    app_docker(rf->app), "POST", path, NULL, 0, runform_on_started, rf);
	free(path);
	free(esc);
	runform_set_title(
	    rf, "Run %s: starting…", form_text(&rf->form, RF_IMAGE));
}

static void
runform_submit_run(struct runform *rf)
{
	struct runform_values fv;
	struct docker_create_spec spec;
	char *err[RF__COUNT], *json, *cause = NULL, *path;
	const struct docker_info *info = app_store(rf->app)->info;
	const char *name;
	bool first = true;

	form_clear_errors(&rf->form);
	runform_values(rf, &fv);
	if (!runform_build_spec(&fv, &spec, err)) {
		for (int i = 0; i < RF__COUNT; i++) {
			if (err[i] == NULL)
				continue;
			form_set_error(&rf->form, (size_t)i, err[i]);
			if (first)
				form_focus(&rf->form, (size_t)i);
			first = false;
			free(err[i]);
		}
		return;
	}
	if (info && info->ncpu > 0 &&
	    spec.nano_cpus > info->ncpu * 1000000000LL) {
		char *m = xasprintf(
		    "this engine has %lld CPUs", (long long)info->ncpu);

		form_set_error(&rf->form, RF_CPUS, m);
		form_focus(&rf->form, RF_CPUS);
		free(m);
		create_spec_done(&spec);
		return;
	}
	name = form_text(&rf->form, RF_NAME);
	free(rf->what);
	rf->what = xasprintf("%s (%s)", *name ? name : "unnamed", spec.image);
	if (app_read_only(rf->app)) {
		audit_log(rf->app, "run", rf->what, "refused: read-only");
		app_error(rf->app, "read-only mode: run refused");
		create_spec_done(&spec);
		return;
	}
	json = create_spec_json(&spec, &cause);
	create_spec_done(&spec);
	if (json == NULL) {
		app_error(rf->app, "run: %s", cause);
		free(cause);
		return;
	}
	rf->attach = form_checked(&rf->form, RF_ATTACH);
	if (*name) {
		char *esc = http_escape(name);

		path = xasprintf("/containers/create?name=%s", esc);
		free(esc);
	} else
		path = xstrdup("/containers/create");
	rf->state = RFS_BUSY;
	runform_set_title(
	    rf, "Run %s: creating…", form_text(&rf->form, RF_IMAGE));
	rf->call = docker_request(app_docker(rf->app), "POST", path, json,
	    strlen(json), runform_on_created, rf);
	free(path);
	free(json);
}

/* Volume and network forms. */

static void
runform_on_made(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	const char *kind = rf->kind == RFK_VOLUME ? "volume" : "network";
	char *act = xasprintf("create %s", kind), *res;

	rf->call = NULL;
	if (r->status != DOCKER_OK) {
		const char *m =
		    r->message ? r->message : docker_status_str(r->status);

		res = xasprintf("error: %s", m);
		audit_log(rf->app, act, rf->what, res);
		free(res);
		free(act);
		runform_engine_error(rf, "create", m);
		runform_done_edit(rf, rf->kind == RFK_VOLUME
					  ? "Create volume"
					  : "Create network");
		return;
	}
	audit_log(rf->app, act, rf->what, "ok");
	free(act);
	store_refresh(app_store(rf->app),
	    rf->kind == RFK_VOLUME ? STORE_VOLUMES : STORE_NETWORKS);
	app_ok(rf->app, "created %s %s", kind, rf->what);
	app_close_overlay(rf->app);
}

static void
runform_submit_make(struct runform *rf)
{
	struct form *f = &rf->form;
	char *json = NULL, *cause = NULL, *t;
	const char *path;
	bool ok = true;

	form_clear_errors(f);
	if (rf->kind == RFK_VOLUME) {
		struct docker_volume_spec vs;

		memset(&vs, 0, sizeof vs);
		t = runform_trim(form_text(f, VF_NAME));
		if (*t && !runform_volume_name(t)) {
			form_set_error(f, VF_NAME,
			    "letters, digits, _ . - "
			    "(empty: the engine makes a name up)");
			ok = false;
		}
		vs.name = *t ? t : NULL;
		vs.driver = runform_trim(form_text(f, VF_DRIVER));
		if (*vs.driver == '\0') {
			free(vs.driver);
			vs.driver = NULL;
		}
		if (!runform_parse_labels(
			form_text(f, VF_OPTIONS), &vs.options, &cause)) {
			form_set_error(f, VF_OPTIONS, cause);
			free(cause);
			cause = NULL;
			ok = false;
		}
		if (!runform_parse_labels(
			form_text(f, VF_LABELS), &vs.labels, &cause)) {
			form_set_error(f, VF_LABELS, cause);
			free(cause);
			cause = NULL;
			ok = false;
		}
		free(rf->what);
		rf->what = xstrdup(*t ? t : "(unnamed)");
		if (ok)
			json = create_volume_json(&vs, &cause);
		free(t);
		free(vs.driver);
		kvlist_free(&vs.options);
		kvlist_free(&vs.labels);
		path = "/volumes/create";
	} else {
		struct docker_network_spec ns;

		memset(&ns, 0, sizeof ns);
		ns.name = runform_trim(form_text(f, NF_NAME));
		if (!runform_volume_name(ns.name)) {
			form_set_error(f, NF_NAME,
			    "a name is letters, digits, "
			    "_ . -");
			ok = false;
		}
		ns.driver = runform_trim(form_text(f, NF_DRIVER));
		ns.subnet = runform_trim(form_text(f, NF_SUBNET));
		ns.gateway = runform_trim(form_text(f, NF_GATEWAY));
		if (*ns.subnet && !runform_check_cidr(ns.subnet, &cause)) {
			form_set_error(f, NF_SUBNET, cause);
			free(cause);
			cause = NULL;
			ok = false;
		}
		if (*ns.gateway && !*ns.subnet) {
			form_set_error(f, NF_GATEWAY,
			    "a gateway needs a "
			    "subnet");
			ok = false;
		} else if (*ns.gateway &&
			   !runform_check_ip(ns.gateway, &cause)) {
			form_set_error(f, NF_GATEWAY, cause);
			free(cause);
			cause = NULL;
			ok = false;
		}
		if (!runform_parse_labels(
			form_text(f, NF_OPTIONS), &ns.options, &cause)) {
			form_set_error(f, NF_OPTIONS, cause);
			free(cause);
			cause = NULL;
			ok = false;
		}
		if (!runform_parse_labels(
			form_text(f, NF_LABELS), &ns.labels, &cause)) {
			form_set_error(f, NF_LABELS, cause);
			free(cause);
			cause = NULL;
			ok = false;
		}
		ns.internal = form_checked(f, NF_INTERNAL);
		free(rf->what);
		rf->what = xstrdup(ns.name);
		/* Empty optional fields mean the engine's defaults. */
		if (*ns.driver == '\0') {
			free(ns.driver);
			ns.driver = NULL;
		}
		if (*ns.subnet == '\0') {
			free(ns.subnet);
			ns.subnet = NULL;
		}
		if (*ns.gateway == '\0') {
			free(ns.gateway);
			ns.gateway = NULL;
		}
		if (ok)
			json = create_network_json(&ns, &cause);
		free(ns.name);
		free(ns.driver);
		free(ns.subnet);
		free(ns.gateway);
		kvlist_free(&ns.options);
		kvlist_free(&ns.labels);
		path = "/networks/create";
	}
	if (!ok) {
		for (size_t i = 0; i < f->n; i++)
			if (f->fields[i].error) {
				form_focus(f, i);
				break;
			}
		return;
	}
	if (json == NULL) {
		app_error(rf->app, "create: %s", cause);
		free(cause);
		return;
	}
	if (app_read_only(rf->app)) {
		char *act = xasprintf(
		    "create %s", rf->kind == RFK_VOLUME ? "volume" : "network");

		audit_log(rf->app, act, rf->what, "refused: read-only");
		free(act);
		app_error(rf->app, "read-only mode: create refused");
		free(json);
		return;
	}
	rf->state = RFS_BUSY;
	rf->call = docker_request(app_docker(rf->app), "POST", path, json,
	    strlen(json), runform_on_made, rf);
	free(json);
}

bool
runform_create(struct app *a, struct pane *p)
{
	struct runform *rf;

	if (strcmp(p->ops->name, "volumes") == 0) {
		rf = runform_new(a, RFK_VOLUME);
		form_init(&rf->form, "Create volume");
		form_add_text(&rf->form, "Name", "");
		form_add_text(&rf->form, "Driver", "local");
		form_add_text(&rf->form, "Options (k=v, ...)", "");
		form_add_text(&rf->form, "Labels (k=v, ...)", "");
	} else if (strcmp(p->ops->name, "networks") == 0) {
		rf = runform_new(a, RFK_NETWORK);
		form_init(&rf->form, "Create network");
		form_add_text(&rf->form, "Name", "");
		form_add_text(&rf->form, "Driver", "bridge");
		form_add_text(&rf->form, "Subnet", "");
		form_add_text(&rf->form, "Gateway", "");
		form_add_text(&rf->form, "Options (k=v, ...)", "");
		form_add_text(&rf->form, "Labels (k=v, ...)", "");
		form_add_check(&rf->form, "Internal", false);
	} else
		return false;
	if (app_read_only(a)) {
		form_done(&rf->form);
		free(rf);
		app_error(a, "read-only mode: create refused");
		audit_log(a, "create", NULL, "refused: read-only");
		return true;
	}
	rf->has_form = true;
	rf->state = RFS_EDIT;
	app_push_overlay(a, &runform_ops, rf);
	return true;
}

static bool
runform_key(void *arg, int key)
{
	struct runform *rf = arg;
	enum form_result r;

	if (rf->state == RFS_LOADING)
		return key != WKEY_ESC;
	if (rf->state == RFS_BUSY || rf->state == RFS_ATTACH) {
		if (key == WKEY_ESC)
			app_info(rf->app, "waiting for the engine");
		return true;
	}
	if (key == '\t' && runform_complete(rf))
		return true;
	r = form_key(&rf->form, key);
	if (r == FORM_CANCELLED)
		return false;
	if (r == FORM_SUBMIT) {
		if (rf->kind == RFK_RUN)
			runform_submit_run(rf);
		else
			runform_submit_make(rf);
	}
	return true;
}

static double
runform_tick(void *arg, double now)
{
	struct runform *rf = arg;
	struct app *a = rf->app;
	const struct docker_container *c;
	char *id, *what;

	if (rf->state != RFS_ATTACH)
		return 0;
	/*
	 * Attach looks at the container list, which learns of the start a
	 * moment later: wait for it (a little).
	 */
	c = store_container(app_store(a), rf->id);
	if (c && c->state && strcmp(c->state, "created") == 0 &&
	    now < rf->attach_by)
		return now + 0.1;
	/*
	 * Attach here rather than in the start callback: the session takes
	 * the terminal and blocks, which a transfer's callback must not.
	 */
	id = rf->id;
	what = rf->what;
	rf->id = NULL;
	rf->what = NULL;
	app_close_overlay(a);
#ifdef RUNFORM_ATTACH
	app_ok(a, "started %s", what);
	attach_container(a, id);
#else
	app_info(a, "started %s; attach is not available in this build", what);
#endif
	free(id);
	free(what);
	return 0;
}

static void
runform_draw(void *arg, WINDOW *win, int h, int w)
{
	struct runform *rf = arg;
	int y, x;

	if (rf->state == RFS_LOADING) {
		int bw = w - 4 < 60 ? w - 4 : 60, by = h / 2 - 2,
		    bx = (w - bw) / 2;
		char *line = xasprintf("reading %s…", rf->source);

		if (bw < 10)
			return;
		box_draw(win, by, bx, 4, bw,
		    theme_attr(THEME_ROLE_DIALOG_BORDER),
		    theme_attr(THEME_ROLE_DIALOG), rf->form.title,
		    theme_attr(THEME_ROLE_DIALOG_BORDER));
		text_put(win, by + 1, bx + 2, line, bw - 4,
		    theme_attr(THEME_ROLE_DIALOG));
		text_put(win, by + 2, bx + 2, "Esc: cancel", bw - 4,
		    theme_attr(THEME_ROLE_DIALOG));
		free(line);
		return;
	}
	{
		/* The title names the engine the submit will change. */
		char title[512], *own = rf->form.title;
		bool drawn;

		snprintf(title, sizeof title, "%s on %s", own ? own : "",
		    docker_endpoint(app_docker(rf->app))->host_arg);
		rf->form.title = title;
		drawn = form_draw(&rf->form, win);
		rf->form.title = own;
		if (drawn && rf->state == RFS_EDIT) {
			/* The cursor is hidden under overlays: draw one. */
			getyx(win, y, x);
			mvwchgat(win, y, x, 1, A_REVERSE, 0, NULL);
		}
	}
}

static void
runform_free(void *arg)
{
	struct runform *rf = arg;

	if (rf == NULL)
		return;
	if (rf->call)
		docker_cancel(app_docker(rf->app), rf->call);
	if (rf->has_form)
		form_done(&rf->form);
	docker_container_detail_free(rf->detail);
	free(rf->source);
	free(rf->id);
	free(rf->what);
	free(rf->start_error);
	free(rf);
}
