/* The parsers of the run and create forms' fields. */

#include "tui/actions/runform_parse.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/buf.h"
#include "api/create.h"
#include "api/xalloc.h"

/* The engine refuses less memory than this (6MB). */
#define RUNFORM_MIN_MEMORY (6LL * 1024 * 1024)

/* Parsers. */

static bool
runform_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char *
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
				strv_push(&v, &n, buf_steal(&b));
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

bool
runform_is_object_name(const char *s)
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
	if (src != NULL && src[0] != '/' && !runform_is_object_name(src)) {
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
				strv_push(&v, &n, xstrdup(buf_cstr(&b)));
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
		strv_push(&v, &n, xstrdup(buf_cstr(&b)));
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

bool
runform_mentions(const char *hay, const char *needle)
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
		if (runform_mentions(m, map[i].text))
			return map[i].field;
	return RF__COUNT;
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

/* Filling the form from a container. */

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

/* Ports published on the host, as the ports field writes them. */
static char *
runform_fill_ports(const struct docker_container_detail *c)
{
	char **v = NULL, *s;
	size_t n = 0;

	for (size_t i = 0; i < c->n_bindings; i++) {
		const struct docker_port_binding *b = &c->bindings[i];
		char *port, *slash;
		const char *ip = b->host_ip;
		bool any = ip == NULL || *ip == '\0' ||
			   strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0;

		if (b->host_port == NULL && b->host_ip == NULL)
			continue;
		port = xstrdup(b->container_port);
		slash = strchr(port, '/');
		if (slash && strcmp(slash, "/tcp") == 0)
			*slash = '\0';
		if (!any)
			strv_push(&v, &n,
			    xasprintf(
				strchr(ip, ':') ? "[%s]:%s:%s" : "%s:%s:%s", ip,
				b->host_port ? b->host_port : "", port));
		else if (b->host_port && *b->host_port)
			strv_push(
			    &v, &n, xasprintf("%s:%s", b->host_port, port));
		else
			strv_push(&v, &n, xstrdup(port));
		free(port);
	}
	s = strv_join(v, ", ");
	strv_free(v);
	return s;
}

static char *
runform_fill_mounts(const struct docker_container_detail *c)
{
	char **v = NULL, *s;
	size_t n = 0;

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct docker_mount *m = &c->mounts[i];
		const char *ro = m->rw ? "" : ":ro";

		if (m->type && strcmp(m->type, "bind") == 0 && m->source)
			strv_push(&v, &n,
			    xasprintf(
				"%s:%s%s", m->source, m->destination, ro));
		else if (m->type && strcmp(m->type, "volume") == 0 &&
			 (m->name == NULL || runform_anonymous(m->name)))
			/* Another container's anonymous volume: a new one. */
			strv_push(
			    &v, &n, xasprintf("%s%s", m->destination, ro));
		else if (m->type && strcmp(m->type, "volume") == 0)
			strv_push(&v, &n,
			    xasprintf("%s:%s%s", m->name, m->destination, ro));
	}
	s = runform_join_list(v);
	strv_free(v);
	return s;
}

static char *
runform_fill_env(const struct docker_container_detail *c,
    const struct docker_image_detail *im)
{
	char **v = NULL, *s;
	size_t n = 0;

	for (size_t i = 0; c->env && c->env[i]; i++)
		if (im == NULL || !runform_in(im->env, c->env[i]))
			strv_push(&v, &n, xstrdup(c->env[i]));
	s = runform_join_list(v);
	strv_free(v);
	return s;
}

static char *
runform_fill_labels(const struct docker_container_detail *c,
    const struct docker_image_detail *im)
{
	char **v = NULL, *s;
	size_t n = 0;

	/* Compose's own labels would make compose think it owns the copy. */
	for (size_t i = 0; i < c->labels.n; i++) {
		const struct kv *l = &c->labels.v[i];
		const char *iv = im ? kvlist_get(&im->labels, l->key) : NULL;

		if ((iv && strcmp(iv, l->value ? l->value : "") == 0) ||
		    strncmp(l->key, "com.docker.compose.", 19) == 0)
			continue;
		strv_push(&v, &n,
		    xasprintf("%s=%s", l->key, l->value ? l->value : ""));
	}
	s = runform_join_list(v);
	strv_free(v);
	return s;
}

/* The restart policy as the restart field writes it, or NULL for no. */
static char *
runform_fill_restart(const struct docker_container_detail *c)
{
	if (c->restart_policy && strcmp(c->restart_policy, "on-failure") == 0 &&
	    c->restart_max_retry > 0)
		return xasprintf("on-failure:%d", c->restart_max_retry);
	if (c->restart_policy && strcmp(c->restart_policy, "no") != 0)
		return xstrdup(c->restart_policy);
	return NULL;
}

void
runform_fill_from(struct runform_fill *f,
    const struct docker_container_detail *c,
    const struct docker_image_detail *im)
{
	char buf[64];
	bool same_ep = im && runform_strv_eq(c->entrypoint, im->entrypoint);

	memset(f, 0, sizeof *f);
	f->text[RF_IMAGE] =
	    xstrdup_or_null(c->image && *c->image ? c->image : c->image_id);
	/* With a new entrypoint the engine does not take the image's Cmd. */
	if (!same_ep || !runform_strv_eq(c->cmd, im->cmd))
		f->text[RF_COMMAND] = runform_join_words(c->cmd);
	if (!same_ep)
		f->text[RF_ENTRYPOINT] = runform_join_words(c->entrypoint);
	f->text[RF_ENV] = runform_fill_env(c, im);
	f->text[RF_PORTS] = runform_fill_ports(c);
	f->text[RF_MOUNTS] = runform_fill_mounts(c);
	if (c->network_mode && strcmp(c->network_mode, "default") != 0)
		f->text[RF_NETWORK] = xstrdup(c->network_mode);
	f->text[RF_RESTART] = runform_fill_restart(c);
	if (im == NULL || !im->working_dir ||
	    strcmp(im->working_dir, c->working_dir ? c->working_dir : "") != 0)
		f->text[RF_WORKDIR] = xstrdup_or_null(c->working_dir);
	if (im == NULL || !im->user ||
	    strcmp(im->user, c->user ? c->user : "") != 0)
		f->text[RF_USER] = xstrdup_or_null(c->user);
	f->on[RF_TTY] = c->tty;
	f->on[RF_INTERACTIVE] = c->open_stdin;
	f->on[RF_AUTO_REMOVE] = c->auto_remove;
	f->text[RF_LABELS] = runform_fill_labels(c, im);
	runform_format_memory(buf, sizeof buf, c->memory);
	f->text[RF_MEMORY] = xstrdup(buf);
	runform_format_cpus(buf, sizeof buf, c->nano_cpus);
	f->text[RF_CPUS] = xstrdup(buf);
}

void
runform_fill_done(struct runform_fill *f)
{
	for (int i = 0; i < RF__COUNT; i++)
		free(f->text[i]);
	memset(f, 0, sizeof *f);
}
