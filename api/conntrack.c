/* Parser for conntrack table lines, NAT tests on them, and a reader. */

#include "api/conntrack.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "api/xalloc.h"

/* What a line may hold; longer input is not a conntrack line. */
#define CT_MAX_TOKENS 64
/* A child printing more than this is not printing a conntrack table. */
#define CT_CMD_MAX_OUT ((size_t)256 << 20)

extern char **environ;

struct ct_tok {
	const char *s;
	size_t len;
};

static bool
ct_tok_is(const struct ct_tok *t, const char *word)
{
	size_t n = strlen(word);

	return t->len == n && memcmp(t->s, word, n) == 0;
}

/* A decimal number of digits only, at most max. */
static bool
ct_number(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static bool
ct_int(const char *s, size_t len, uint64_t max, int *out)
{
	uint64_t v;

	if (!ct_number(s, len, max, &v))
		return false;
	*out = (int)v;
	return true;
}

static bool
ct_i64(const char *s, size_t len, int64_t *out)
{
	uint64_t v;

	if (!ct_number(s, len, INT64_MAX, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

/* A word of letters, digits, '_' and '-' copied into out. */
static bool
ct_word(const struct ct_tok *t, char *out, size_t outsz, bool upper)
{
	if (t->len == 0 || t->len >= outsz)
		return false;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		bool ok = (c >= 'A' && c <= 'Z') || c == '_' ||
			  (!upper && ((c >= 'a' && c <= 'z') ||
					 (c >= '0' && c <= '9') || c == '-'));

		if (!ok)
			return false;
	}
	memcpy(out, t->s, t->len);
	out[t->len] = '\0';
	return true;
}

/* An address as the kernel or the conntrack tool prints it. */
static bool
ct_addr(const char *s, size_t len, char *out)
{
	if (len == 0 || len >= CONNTRACK_ADDR_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			(c >= 'A' && c <= 'F') || c == '.' || c == ':'))
			return false;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

static void
ct_tuple_init(struct conntrack_tuple *t)
{
	t->src[0] = t->dst[0] = '\0';
	t->sport = t->dport = -1;
	t->icmp_type = t->icmp_code = t->icmp_id = -1;
	t->packets = t->bytes = -1;
}

static void
ct_entry_init(struct conntrack_entry *e)
{
	memset(e, 0, sizeof *e);
	e->timeout = -1;
	ct_tuple_init(&e->orig);
	ct_tuple_init(&e->reply);
	e->zone_orig = e->zone_reply = -1;
	e->use = -1;
}

/* The tokens before the first key=value: l3, l4, timeout, state. */
static bool
ct_head(struct conntrack_entry *e, const struct ct_tok *h, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (ct_tok_is(&h[0], "ipv4") || ct_tok_is(&h[0], "ipv6"))) {
		if (!ct_word(&h[0], e->l3, sizeof e->l3, false) ||
		    !ct_int(h[1].s, h[1].len, 255, &e->l3num))
			return false;
		i = 2;
	}
	if (i + 2 > n || !ct_word(&h[i], e->l4, sizeof e->l4, false) ||
	    !ct_int(h[i + 1].s, h[i + 1].len, 255, &e->l4num))
		return false;
	i += 2;
	if (i < n && ct_i64(h[i].s, h[i].len, &e->timeout))
		i++;
	if (i < n && ct_word(&h[i], e->state, sizeof e->state, true))
		i++;
	return i == n;
}

static bool
ct_flag(struct conntrack_entry *e, const struct ct_tok *t)
{
	static const struct {
		const char *name;
		unsigned bit;
	} flags[] = {
	    {"[UNREPLIED]", CONNTRACK_UNREPLIED},
	    {"[ASSURED]", CONNTRACK_ASSURED},
	    {"[OFFLOAD]", CONNTRACK_OFFLOAD},
	    {"[HW_OFFLOAD]", CONNTRACK_HW_OFFLOAD},
	};

	if (t->len < 2 || t->s[t->len - 1] != ']')
		return false;
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (ct_tok_is(t, flags[i].name))
			e->flags |= flags[i].bit;
	/* Other flags ([SEEN_REPLY] in old tools, future ones) are kept out. */
	return true;
}

/* One key=value token; dir is the tuple being read (-1 before src=). */
static bool
ct_pair(struct conntrack_entry *e, const struct ct_tok *t, int *dir)
{
	const char *eq = memchr(t->s, '=', t->len);
	size_t klen = (size_t)(eq - t->s), vlen = t->len - klen - 1;
	const char *v = eq + 1;
	struct conntrack_tuple *tp;
	uint64_t u;
	struct ct_tok k = {t->s, klen};

	if (ct_tok_is(&k, "src")) {
		if (*dir >= 1)
			return false;
		(*dir)++;
	}
	tp = *dir == 0 ? &e->orig : *dir == 1 ? &e->reply : NULL;
	if (ct_tok_is(&k, "src"))
		return ct_addr(v, vlen, tp->src);
	if (ct_tok_is(&k, "mark")) {
		if (!ct_number(v, vlen, UINT32_MAX, &u))
			return false;
		e->mark = (uint32_t)u;
		e->has_mark = true;
		return true;
	}
	if (ct_tok_is(&k, "zone"))
		return ct_int(v, vlen, 65535, &e->zone);
	if (ct_tok_is(&k, "zone-orig"))
		return ct_int(v, vlen, 65535, &e->zone_orig);
	if (ct_tok_is(&k, "zone-reply"))
		return ct_int(v, vlen, 65535, &e->zone_reply);
	if (ct_tok_is(&k, "use"))
		return ct_int(v, vlen, 0x7fffffff, &e->use);
	if (ct_tok_is(&k, "dst") || ct_tok_is(&k, "sport") ||
	    ct_tok_is(&k, "dport") || ct_tok_is(&k, "type") ||
	    ct_tok_is(&k, "code") || ct_tok_is(&k, "id") ||
	    ct_tok_is(&k, "packets") || ct_tok_is(&k, "bytes")) {
		/* Tuple fields before any src= mean the line is not ours. */
		if (tp == NULL)
			return false;
		if (ct_tok_is(&k, "dst"))
			return ct_addr(v, vlen, tp->dst);
		if (ct_tok_is(&k, "sport"))
			return ct_int(v, vlen, 65535, &tp->sport);
		if (ct_tok_is(&k, "dport"))
			return ct_int(v, vlen, 65535, &tp->dport);
		if (ct_tok_is(&k, "type"))
			return ct_int(v, vlen, 255, &tp->icmp_type);
		if (ct_tok_is(&k, "code"))
			return ct_int(v, vlen, 255, &tp->icmp_code);
		if (ct_tok_is(&k, "id"))
			return ct_int(v, vlen, 65535, &tp->icmp_id);
		e->acct = true;
		if (ct_tok_is(&k, "packets"))
			return ct_i64(v, vlen, &tp->packets);
		return ct_i64(v, vlen, &tp->bytes);
	}
	/* secctx=, helper=, labels=, delta-time=, ...: not needed. */
	return klen > 0;
}

bool
conntrack_parse_line(const char *line, size_t len, struct conntrack_entry *e)
{
	struct ct_tok toks[CT_MAX_TOKENS];
	size_t n = 0, nhead = 0, i = 0;
	int dir = -1;

	ct_entry_init(e);
	while (i < len && line[i] != '\n') {
		size_t start;

		while (i < len &&
		       (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i >= len || line[i] == '\n')
			break;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t' &&
		       line[i] != '\r' && line[i] != '\n')
			i++;
		if (n == CT_MAX_TOKENS)
			return false;
		toks[n].s = line + start;
		toks[n].len = i - start;
		n++;
	}
	while (nhead < n && toks[nhead].s[0] != '[' &&
	       memchr(toks[nhead].s, '=', toks[nhead].len) == NULL)
		nhead++;
	if (!ct_head(e, toks, nhead))
		return false;
	for (i = nhead; i < n; i++) {
		if (toks[i].s[0] == '[') {
			if (!ct_flag(e, &toks[i]))
				return false;
		} else if (memchr(toks[i].s, '=', toks[i].len) == NULL ||
			   !ct_pair(e, &toks[i], &dir))
			return false;
	}
	if (dir != 1 || !e->orig.src[0] || !e->orig.dst[0] ||
	    !e->reply.src[0] || !e->reply.dst[0])
		return false;
	if (e->l3[0] == '\0') {
		/* Plain `conntrack -L` leaves the family out. */
		bool v6 = strchr(e->orig.src, ':') != NULL;

		snprintf(e->l3, sizeof e->l3, "%s", v6 ? "ipv6" : "ipv4");
		e->l3num = v6 ? 10 : 2;
	}
	return true;
}

struct conntrack_counts
conntrack_parse_text(
    const char *text, size_t len, conntrack_entry_fn *fn, void *arg)
{
	struct conntrack_counts c = {0, 0};
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct conntrack_entry e;
		bool blank = true;

		for (size_t k = i; k < end && blank; k++)
			if (text[k] != ' ' && text[k] != '\t' &&
			    text[k] != '\r')
				blank = false;
		if (!blank) {
			if (conntrack_parse_line(text + i, end - i, &e)) {
				c.entries++;
				if (fn && !fn(&e, arg))
					break;
			} else
				c.skipped++;
		}
		i = end + 1;
	}
	return c;
}

bool
conntrack_addr_eq(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
		return memcmp(x, y, 16) == 0;
	if (inet_pton(AF_INET, a, x) == 1 && inet_pton(AF_INET, b, y) == 1)
		return memcmp(x, y, 4) == 0;
	return strcmp(a, b) == 0;
}

void
conntrack_addr_short(const char *addr, char *out, size_t outsz)
{
	unsigned char x[16];
	char tmp[INET6_ADDRSTRLEN];

	if (strchr(addr, ':') && inet_pton(AF_INET6, addr, x) == 1 &&
	    inet_ntop(AF_INET6, x, tmp, sizeof tmp) != NULL)
		addr = tmp;
	snprintf(out, outsz, "%s", addr);
}

bool
conntrack_is_dnat(const struct conntrack_entry *e)
{
	if (!conntrack_addr_eq(e->reply.src, e->orig.dst))
		return true;
	return e->orig.dport >= 0 && e->reply.sport >= 0 &&
	       e->orig.dport != e->reply.sport;
}

bool
conntrack_is_snat(const struct conntrack_entry *e)
{
	if (!conntrack_addr_eq(e->reply.dst, e->orig.src))
		return true;
	return e->orig.sport >= 0 && e->reply.dport >= 0 &&
	       e->orig.sport != e->reply.dport;
}

bool
conntrack_is_closed(const struct conntrack_entry *e)
{
	return strcmp(e->l4, "tcp") == 0 &&
	       (strcmp(e->state, "TIME_WAIT") == 0 ||
		   strcmp(e->state, "CLOSE") == 0);
}

bool
conntrack_read_file(const char *path, struct buf *out, char **cause)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf_reset(out);
	if (fd < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return false;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_append(out, chunk, (size_t)n);
	}
	if (n < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	return true;
}

int
conntrack_acct_enabled(const char *path)
{
	char c = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, &c, 1);
	close(fd);
	if (n != 1 || c < '0' || c > '9')
		return -1;
	return c != '0';
}

void
conntrack_cmd_init(struct conntrack_cmd *c)
{
	c->pid = 0;
	c->fd = -1;
	buf_init(&c->out);
	c->status = -1;
	c->done = false;
}

bool
conntrack_cmd_start(
    struct conntrack_cmd *c, const char *const *argv, char **cause)
{
	posix_spawn_file_actions_t fa;
	int p[2], rc;
	pid_t pid;
	size_t n = 0;
	char **args;

	conntrack_cmd_done(c);
	if (pipe(p) != 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return false;
	}
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	/* posix_spawnp takes writable strings: hand it copies. */
	while (argv[n])
		n++;
	args = xcalloc(n + 1, sizeof *args);
	for (size_t i = 0; i < n; i++)
		args[i] = xstrdup(argv[i]);
	rc = posix_spawnp(&pid, args[0], &fa, NULL, args, environ);
	strv_free(args);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		*cause = xasprintf("%s: %s", argv[0], strerror(rc));
		return false;
	}
	c->pid = pid;
	c->fd = p[0];
	return true;
}

bool
conntrack_cmd_poll(struct conntrack_cmd *c)
{
	char chunk[65536];
	int st;

	if (c->done)
		return true;
	while (c->fd >= 0) {
		ssize_t n = read(c->fd, chunk, sizeof chunk);

		if (n > 0) {
			buf_append(&c->out, chunk, (size_t)n);
			if (c->out.len > CT_CMD_MAX_OUT)
				kill(c->pid, SIGKILL);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return false;
		close(c->fd);
		c->fd = -1;
	}
	if (c->pid > 0) {
		pid_t r = waitpid(c->pid, &st, WNOHANG);

		if (r == 0)
			return false;
		if (r == c->pid)
			c->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		c->pid = 0;
	}
	c->done = true;
	return true;
}

void
conntrack_cmd_done(struct conntrack_cmd *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	buf_done(&c->out);
	conntrack_cmd_init(c);
}

char *
conntrack_helper_body(const char *image)
{
	json_t *o = json_pack("{s:s, s:[s, s], s:[], s:s, s:{s:s}, "
			      "s:{s:s, s:[s], s:s, s:b}}",
	    "Image", image, "Cmd", "cat", "/proc/net/nf_conntrack",
	    "Entrypoint", "User", "0", "Labels", "org.berth.helper", "nat",
	    "HostConfig", "NetworkMode", "host", "CapAdd", "NET_ADMIN",
	    "UsernsMode", "host", "AutoRemove", 0);
	char *s;

	if (o == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}
