/*
 * Fuzz target for the conntrack table parser and the /proc/net and
 * docker-proxy command line parsers. Besides not crashing, every entry
 * handed out must be within the ranges the parser promises, and parsing
 * line by line must agree with parsing the whole text.
 *
 * Input: one parameter byte (bit 0: also read the text as /proc/net/tcp6
 * rather than tcp), then the text.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/conntrack.h"
#include "api/procnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fz_check_tuple(const struct conntrack_tuple *t, bool acct)
{
	char s[CONNTRACK_ADDR_MAX];

	if (strlen(t->src) == 0 || strlen(t->dst) == 0 ||
	    strlen(t->src) >= CONNTRACK_ADDR_MAX)
		abort();
	if (t->sport < -1 || t->sport > 65535 || t->dport < -1 ||
	    t->dport > 65535 || t->icmp_type < -1 || t->icmp_type > 255 ||
	    t->icmp_code < -1 || t->icmp_code > 255 || t->icmp_id < -1 ||
	    t->icmp_id > 65535 || t->packets < -1 || t->bytes < -1)
		abort();
	if (!acct && (t->packets != -1 || t->bytes != -1))
		abort();
	conntrack_addr_short(t->src, s, sizeof s);
	if (strlen(s) >= sizeof s)
		abort();
}

static bool
fz_entry(const struct conntrack_entry *e, void *arg)
{
	size_t *n = arg;

	fz_check_tuple(&e->orig, e->acct);
	fz_check_tuple(&e->reply, e->acct);
	if (strcmp(e->l3, "ipv4") != 0 && strcmp(e->l3, "ipv6") != 0)
		abort();
	if (strlen(e->l4) == 0 || e->l4num < 0 || e->l4num > 255 ||
	    e->timeout < -1 || e->zone < 0 || e->zone > 65535)
		abort();
	(void)conntrack_is_dnat(e);
	(void)conntrack_is_snat(e);
	(void)conntrack_is_closed(e);
	(*n)++;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	size_t len, whole = 0, lines = 0, i = 0;
	struct conntrack_counts c;
	struct procnet_socks socks = {NULL, 0};
	struct procnet_proxy px;
	struct procnet_sessions ss = {NULL, 0};

	if (size < 1)
		return 0;
	len = size - 1;
	c = conntrack_parse_text(text, len, fz_entry, &whole);
	if (c.entries != whole)
		abort();
	/* The same text one line at a time gives the same entries. */
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct conntrack_entry e;

		if (conntrack_parse_line(text + i, end - i, &e))
			lines++;
		i = end + 1;
	}
	if (lines != whole)
		abort();

	procnet_parse(text, len, (data[0] & 1) ? 6 : 4, &socks);
	for (size_t k = 0; k < socks.n; k++)
		if (socks.v[k].lport > 65535 || socks.v[k].rport > 65535 ||
		    strlen(socks.v[k].local) >= PROCNET_ADDR_MAX)
			abort();
	if (procnet_parse_proxy_cmdline(text, len, &px)) {
		uint64_t inodes[4];

		for (size_t k = 0; k < 4; k++)
			inodes[k] = k < socks.n ? socks.v[k].inode : 0;
		/* procnet_pair needs them sorted. */
		for (size_t a = 0; a < 4; a++)
			for (size_t b = a + 1; b < 4; b++)
				if (inodes[b] < inodes[a]) {
					uint64_t t = inodes[a];

					inodes[a] = inodes[b];
					inodes[b] = t;
				}
		px.inodes = inodes;
		px.n_inodes = 4;
		procnet_pair(&px, &socks, &ss);
		if (ss.n > socks.n)
			abort();
		procnet_sessions_free(&ss);
	}
	procnet_socks_free(&socks);
	return 0;
}
