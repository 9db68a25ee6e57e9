/*
 * The conntrack line parser, the NAT tests and the docker-proxy pairing,
 * on lines captured from a real kernel (Linux 6.18, nf_conntrack; the
 * docker lines from dockerd 20.10 with the userland proxy on).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/conntrack.h"
#include "api/procnet.h"
#include "api/xalloc.h"

/* Captured in a network namespace with nf_conntrack_acct=0. */
static const char acct_off[] =
    "ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 "
    "sport=50404 dport=8080 src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=50404 "
    "[ASSURED] mark=0 zone=0 use=2\n"
    "ipv6     10 icmpv6   58 29 src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 type=128 code=0 id=20392 "
    "src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 type=129 code=0 id=20392 "
    "mark=0 zone=0 use=2\n"
    "ipv4     2 icmp     1 29 src=127.0.0.1 dst=127.0.0.1 type=8 code=0 "
    "id=20391 src=127.0.0.1 dst=127.0.0.1 type=0 code=0 id=20391 mark=0 zone=0 "
    "use=2\n"
    "ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 "
    "sport=39430 dport=8081 src=127.0.0.2 dst=127.0.0.3 sport=8080 dport=39430 "
    "[ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=38909 "
    "dport=5555 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=5555 dport=38909 "
    "mark=0 zone=7 use=2\n"
    "ipv6     10 tcp      6 431999 ESTABLISHED "
    "src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=51820 dport=8080 "
    "src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=8080 dport=51820 "
    "[ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=53080 "
    "dport=5353 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 sport=5353 dport=53080 "
    "mark=0 zone=0 use=2\n"
    "ipv4     2 tcp      6 119 TIME_WAIT src=127.0.0.1 dst=127.0.0.1 "
    "sport=50406 dport=8080 src=127.0.0.1 dst=127.0.0.1 sport=8080 dport=50406 "
    "[ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=58603 "
    "dport=5354 src=127.0.0.1 dst=127.0.0.1 sport=5354 dport=58603 mark=0 "
    "zone=0 use=2\n"
    "ipv6     10 udp      17 29 src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=60094 dport=5353 "
    "[UNREPLIED] src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=5353 dport=60094 mark=0 "
    "zone=0 use=2\n";

/* The same kinds of traffic with nf_conntrack_acct=1. */
static const char acct_on[] =
    "ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 "
    "sport=39434 dport=8081 packets=3 bytes=167 src=127.0.0.2 dst=127.0.0.3 "
    "sport=8080 dport=39434 packets=2 bytes=112 [ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 "
    "sport=50408 dport=8080 packets=4 bytes=221 src=127.0.0.1 dst=127.0.0.1 "
    "sport=8080 dport=50408 packets=3 bytes=170 [ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 tcp      6 119 TIME_WAIT src=127.0.0.1 dst=127.0.0.1 "
    "sport=50412 dport=8080 packets=4 bytes=216 src=127.0.0.1 dst=127.0.0.1 "
    "sport=8080 dport=50412 packets=2 bytes=112 [ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=38108 "
    "dport=5353 packets=1 bytes=29 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 "
    "sport=5353 dport=38108 packets=0 bytes=0 mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=39126 "
    "dport=5555 packets=1 bytes=29 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 "
    "sport=5555 dport=39126 packets=0 bytes=0 mark=0 zone=7 use=2\n"
    "ipv6     10 tcp      6 431999 ESTABLISHED "
    "src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=51826 dport=8080 "
    "packets=3 bytes=226 src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=8080 dport=51826 "
    "packets=2 bytes=152 [ASSURED] mark=0 zone=0 use=2\n"
    "ipv6     10 udp      17 29 src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=37312 dport=5353 "
    "packets=1 bytes=49 [UNREPLIED] "
    "src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=5353 dport=37312 "
    "packets=0 bytes=0 mark=0 zone=0 use=2\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=57465 "
    "dport=5354 packets=1 bytes=29 src=127.0.0.1 dst=127.0.0.1 sport=5354 "
    "dport=57465 packets=1 bytes=29 mark=0 zone=0 use=2\n"
    "ipv4     2 icmp     1 29 src=127.0.0.1 dst=127.0.0.1 type=8 code=0 "
    "id=20462 packets=1 bytes=84 src=127.0.0.1 dst=127.0.0.1 type=0 code=0 "
    "id=20462 packets=1 bytes=84 mark=0 zone=0 use=2\n"
    "ipv6     10 icmpv6   58 29 src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 type=128 code=0 id=20463 "
    "packets=1 bytes=104 src=0000:0000:0000:0000:0000:0000:0000:0001 "
    "dst=0000:0000:0000:0000:0000:0000:0000:0001 type=129 code=0 id=20463 "
    "packets=1 bytes=104 mark=0 zone=0 use=2\n";

/*
 * The host's table with a container (10.213.7.3:80) published on
 * 0.0.0.0:32768 and 127.0.0.1:32786: two connections from another network
 * namespace (DNAT in PREROUTING; the first with accounting on), one on
 * loopback through docker-proxy, and the proxy's own leg.
 */
static const char docker_host[] =
    "ipv4     2 tcp      6 119 TIME_WAIT src=10.213.50.2 dst=10.213.50.1 "
    "sport=48098 dport=32768 packets=6 bytes=338 src=10.213.7.3 "
    "dst=10.213.50.2 sport=80 dport=48098 packets=6 bytes=553 [ASSURED] mark=0 "
    "zone=0 use=2\n"
    "ipv4     2 tcp      6 431999 ESTABLISHED src=10.213.50.2 dst=10.213.50.1 "
    "sport=48112 dport=32768 src=10.213.7.3 dst=10.213.50.2 sport=80 "
    "dport=48112 [ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 "
    "sport=52658 dport=32786 src=127.0.0.1 dst=127.0.0.1 sport=32786 "
    "dport=52658 [ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 tcp      6 431999 ESTABLISHED src=10.213.7.1 dst=10.213.7.3 "
    "sport=51664 dport=80 src=10.213.7.3 dst=10.213.7.1 sport=80 dport=51664 "
    "[ASSURED] mark=0 zone=0 use=2\n"
    "ipv4     2 unknown  2 91 src=192.168.16.1 dst=224.0.0.22 [UNREPLIED] "
    "src=224.0.0.22 dst=192.168.16.1 mark=0 zone=0 use=2\n";

/* `conntrack -L -o extended` and plain `conntrack -L` (conntrack 1.4.7). */
static const char tool_extended[] =
    "ipv6     10 udp      17 29 src=::1 dst=::1 sport=42354 dport=5353 "
    "packets=1 bytes=49 [UNREPLIED] src=::1 dst=::1 sport=5353 dport=42354 "
    "packets=0 bytes=0 mark=0 use=1\n"
    "ipv4     2 udp      17 29 src=127.0.0.1 dst=127.0.0.1 sport=47573 "
    "dport=5555 packets=1 bytes=29 [UNREPLIED] src=127.0.0.1 dst=127.0.0.1 "
    "sport=5555 dport=47573 packets=0 bytes=0 mark=0 zone=7 use=1\n"
    "ipv4     2 tcp      6 431999 ESTABLISHED src=127.0.0.1 dst=127.0.0.1 "
    "sport=44180 dport=8081 packets=3 bytes=167 src=127.0.0.2 dst=127.0.0.3 "
    "sport=8080 dport=44180 packets=2 bytes=112 [ASSURED] mark=0 use=1\n"
    "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.\n";

static const char tool_plain[] =
    "tcp      6 431999 ESTABLISHED src=::1 dst=::1 sport=34928 dport=8080 "
    "packets=3 bytes=226 src=::1 dst=::1 sport=8080 dport=34928 packets=2 "
    "bytes=152 [ASSURED] mark=0 use=1\n"
    "icmp     1 29 src=127.0.0.1 dst=127.0.0.1 type=8 code=0 id=20930 "
    "packets=1 bytes=84 src=127.0.0.1 dst=127.0.0.1 type=0 code=0 id=20930 "
    "packets=1 bytes=84 mark=0 use=1\n";

/* The first line of text that parses (tests pick lines by number). */
static void
line_of(const char *text, size_t nth, struct conntrack_entry *e)
{
	const char *p = text;

	for (size_t i = 0; i < nth; i++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	assert_true(conntrack_parse_line(p, strcspn(p, "\n"), e));
}

static void
test_tcp_established_acct_off(void **state)
{
	struct conntrack_entry e;

	line_of(acct_off, 0, &e);
	assert_string_equal(e.l3, "ipv4");
	assert_int_equal(e.l3num, 2);
	assert_string_equal(e.l4, "tcp");
	assert_int_equal(e.l4num, 6);
	assert_int_equal(e.timeout, 431999);
	assert_string_equal(e.state, "ESTABLISHED");
	assert_string_equal(e.orig.src, "127.0.0.1");
	assert_string_equal(e.orig.dst, "127.0.0.1");
	assert_int_equal(e.orig.sport, 50404);
	assert_int_equal(e.orig.dport, 8080);
	assert_int_equal(e.reply.sport, 8080);
	assert_int_equal(e.reply.dport, 50404);
	assert_false(e.acct);
	assert_int_equal(e.orig.packets, -1);
	assert_int_equal(e.reply.bytes, -1);
	assert_int_equal(e.flags, CONNTRACK_ASSURED);
	assert_true(e.has_mark);
	assert_int_equal(e.mark, 0);
	assert_int_equal(e.zone, 0);
	assert_int_equal(e.use, 2);
	assert_int_equal(e.orig.icmp_type, -1);
	assert_false(conntrack_is_dnat(&e));
	assert_false(conntrack_is_snat(&e));
	assert_false(conntrack_is_closed(&e));
}

static void
test_icmp_has_type_code_id(void **state)
{
	struct conntrack_entry e;

	line_of(acct_off, 2, &e);
	assert_string_equal(e.l4, "icmp");
	assert_int_equal(e.l4num, 1);
	assert_int_equal(e.timeout, 29);
	assert_string_equal(e.state, "");
	assert_int_equal(e.orig.sport, -1);
	assert_int_equal(e.orig.dport, -1);
	assert_int_equal(e.orig.icmp_type, 8);
	assert_int_equal(e.orig.icmp_code, 0);
	assert_int_equal(e.orig.icmp_id, 20391);
	assert_int_equal(e.reply.icmp_type, 0);
	assert_int_equal(e.reply.icmp_id, 20391);
	assert_false(conntrack_is_dnat(&e));
	assert_false(conntrack_is_snat(&e));

	line_of(acct_on, 9, &e);
	assert_string_equal(e.l3, "ipv6");
	assert_string_equal(e.l4, "icmpv6");
	assert_int_equal(e.l4num, 58);
	assert_int_equal(e.orig.icmp_type, 128);
	assert_int_equal(e.reply.icmp_type, 129);
	assert_true(e.acct);
	assert_int_equal(e.orig.bytes, 104);
}

static void
test_ipv6_as_printed(void **state)
{
	struct conntrack_entry e;
	char s[CONNTRACK_ADDR_MAX];

	line_of(acct_off, 5, &e);
	assert_string_equal(e.l3, "ipv6");
	assert_int_equal(e.l3num, 10);
	assert_string_equal(
	    e.orig.src, "0000:0000:0000:0000:0000:0000:0000:0001");
	assert_int_equal(e.orig.dport, 8080);
	assert_true(conntrack_addr_eq(e.orig.src, "::1"));
	assert_false(conntrack_addr_eq(e.orig.src, "::2"));
	assert_false(conntrack_addr_eq(e.orig.src, "127.0.0.1"));
	conntrack_addr_short(e.orig.src, s, sizeof s);
	assert_string_equal(s, "::1");
	conntrack_addr_short("10.1.2.3", s, sizeof s);
	assert_string_equal(s, "10.1.2.3");
	assert_false(conntrack_is_dnat(&e));
}

static void
test_unreplied_and_zone(void **state)
{
	struct conntrack_entry e;

	line_of(acct_off, 4, &e);
	assert_string_equal(e.l4, "udp");
	assert_int_equal(e.flags, CONNTRACK_UNREPLIED);
	assert_int_equal(e.zone, 7);
	assert_int_equal(e.orig.dport, 5555);

	line_of(acct_off, 8, &e);
	assert_int_equal(e.flags, 0); /* replied, not yet assured */
	assert_int_equal(e.zone, 0);
}

static void
test_hand_written_kernel_variants(void **state)
{
	static const char zones[] =
	    "ipv4     2 udp      17 29 src=10.0.0.1 "
	    "dst=10.0.0.2 sport=1000 dport=53 zone-orig=3 [UNREPLIED] "
	    "src=10.0.0.2 dst=10.0.0.1 sport=53 dport=1000 zone-reply=4 "
	    "mark=4294967295 secctx=system_u:object_r:unlabeled_t:s0 use=1";
	static const char offload[] =
	    "ipv4     2 tcp      6 src=10.0.0.1 "
	    "dst=10.0.0.2 sport=40000 dport=443 src=10.0.0.2 dst=10.0.0.1 "
	    "sport=443 dport=40000 [OFFLOAD] mark=0 zone=0 use=3";
	static const char delta[] =
	    "ipv4     2 tcp      6 300 ESTABLISHED "
	    "src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2 "
	    "dst=10.0.0.1 sport=2 dport=1 [ASSURED] [HW_OFFLOAD] mark=1 "
	    "delta-time=12 use=2";
	struct conntrack_entry e;

	assert_true(conntrack_parse_line(zones, strlen(zones), &e));
	assert_int_equal(e.zone_orig, 3);
	assert_int_equal(e.zone_reply, 4);
	assert_int_equal(e.zone, 0);
	assert_int_equal(e.mark, 4294967295u);
	assert_int_equal(e.flags, CONNTRACK_UNREPLIED);

	/* Offloaded flows print no timeout. */
	assert_true(conntrack_parse_line(offload, strlen(offload), &e));
	assert_int_equal(e.timeout, -1);
	assert_int_equal(e.flags, CONNTRACK_OFFLOAD);
	assert_int_equal(e.use, 3);

	assert_true(conntrack_parse_line(delta, strlen(delta), &e));
	assert_int_equal(e.flags, CONNTRACK_ASSURED | CONNTRACK_HW_OFFLOAD);
	assert_int_equal(e.mark, 1);
}

static void
test_accounting(void **state)
{
	struct conntrack_entry e;

	line_of(acct_on, 0, &e);
	assert_true(e.acct);
	assert_int_equal(e.orig.packets, 3);
	assert_int_equal(e.orig.bytes, 167);
	assert_int_equal(e.reply.packets, 2);
	assert_int_equal(e.reply.bytes, 112);
	/* Accounting tokens sit between the tuples: still the same tuples. */
	assert_string_equal(e.reply.src, "127.0.0.2");
	assert_int_equal(e.reply.sport, 8080);

	line_of(acct_on, 3, &e);
	assert_int_equal(e.flags, CONNTRACK_UNREPLIED);
	assert_int_equal(e.reply.packets, 0);
	assert_int_equal(e.reply.bytes, 0);
}

static void
test_nat_in_namespace(void **state)
{
	struct conntrack_entry e;

	/* DNAT 127.0.0.1:8081 -> 127.0.0.2:8080 and SNAT to 127.0.0.3. */
	line_of(acct_off, 3, &e);
	assert_true(conntrack_is_dnat(&e));
	assert_true(conntrack_is_snat(&e));
	assert_string_equal(e.reply.src, "127.0.0.2");
	assert_string_equal(e.reply.dst, "127.0.0.3");
}

static void
test_docker_dnat(void **state)
{
	struct conntrack_entry e;

	line_of(docker_host, 0, &e);
	assert_true(conntrack_is_dnat(&e));
	assert_false(conntrack_is_snat(&e));
	assert_true(conntrack_is_closed(&e));
	assert_string_equal(e.state, "TIME_WAIT");
	assert_int_equal(e.reply.packets, 6);
	assert_int_equal(e.reply.bytes, 553);

	line_of(docker_host, 1, &e);
	assert_true(conntrack_is_dnat(&e));
	assert_false(conntrack_is_snat(&e));
	assert_false(conntrack_is_closed(&e));
	assert_false(e.acct);
	assert_string_equal(e.orig.src, "10.213.50.2");
	assert_string_equal(e.orig.dst, "10.213.50.1");
	assert_int_equal(e.orig.dport, 32768);
	assert_string_equal(e.reply.src, "10.213.7.3");
	assert_int_equal(e.reply.sport, 80);

	/* Through docker-proxy on loopback: no NAT at all. */
	line_of(docker_host, 2, &e);
	assert_false(conntrack_is_dnat(&e));
	assert_false(conntrack_is_snat(&e));
	line_of(docker_host, 3, &e);
	assert_false(conntrack_is_dnat(&e));

	line_of(docker_host, 4, &e);
	assert_string_equal(e.l4, "unknown");
	assert_int_equal(e.l4num, 2);
	assert_int_equal(e.timeout, 91);
	assert_int_equal(e.orig.sport, -1);
	assert_int_equal(e.flags, CONNTRACK_UNREPLIED);
}

static void
test_conntrack_tool_output(void **state)
{
	struct conntrack_entry e;
	struct conntrack_counts c;

	line_of(tool_extended, 0, &e);
	assert_string_equal(e.l3, "ipv6");
	assert_string_equal(e.orig.src, "::1");
	assert_int_equal(e.use, 1);
	line_of(tool_extended, 1, &e);
	assert_int_equal(e.zone, 7);
	c = conntrack_parse_text(
	    tool_extended, strlen(tool_extended), NULL, NULL);
	assert_int_equal(c.entries, 3);
	assert_int_equal(c.skipped, 1); /* the summary line */

	/* Plain output leaves the family out: taken from the address. */
	line_of(tool_plain, 0, &e);
	assert_string_equal(e.l3, "ipv6");
	assert_int_equal(e.l3num, 10);
	assert_string_equal(e.l4, "tcp");
	assert_string_equal(e.state, "ESTABLISHED");
	assert_int_equal(e.orig.packets, 3);
	line_of(tool_plain, 1, &e);
	assert_string_equal(e.l3, "ipv4");
	assert_string_equal(e.l4, "icmp");
	assert_int_equal(e.orig.icmp_id, 20930);
}

static bool
count_tcp(const struct conntrack_entry *e, void *arg)
{
	size_t *n = arg;

	if (strcmp(e->l4, "tcp") == 0)
		(*n)++;
	return true;
}

static bool
stop_at_two(const struct conntrack_entry *e, void *arg)
{
	size_t *n = arg;

	return ++*n < 2;
}

static void
test_parse_text_counts(void **state)
{
	struct conntrack_counts c;
	size_t tcp = 0, seen = 0;
	struct buf b;

	c = conntrack_parse_text(acct_off, strlen(acct_off), count_tcp, &tcp);
	assert_int_equal(c.entries, 10);
	assert_int_equal(c.skipped, 0);
	assert_int_equal(tcp, 4);
	c = conntrack_parse_text(acct_on, strlen(acct_on), NULL, NULL);
	assert_int_equal(c.entries, 10);
	assert_int_equal(c.skipped, 0);

	/* Junk between entries, CRLF, blank lines, no final newline. */
	buf_init(&b);
	buf_puts(&b, "garbage\n\n  \r\n");
	buf_append(&b, docker_host, strlen(docker_host) - 1);
	buf_puts(&b, "\r\n\x01\x02\xff\nipv4 2 tcp 6 1 X src=1.2.3.4\n");
	buf_append(&b, acct_off, strcspn(acct_off, "\n"));
	c = conntrack_parse_text(b.data, b.len, NULL, NULL);
	assert_int_equal(c.entries, 6);
	assert_int_equal(c.skipped, 3);

	c = conntrack_parse_text(
	    acct_off, strlen(acct_off), stop_at_two, &seen);
	assert_int_equal(seen, 2);
	assert_int_equal(c.entries, 2);
	buf_done(&b);

	c = conntrack_parse_text("", 0, NULL, NULL);
	assert_int_equal(c.entries + c.skipped, 0);
}

static bool
rejects(const char *line)
{
	struct conntrack_entry e;

	return !conntrack_parse_line(line, strlen(line), &e);
}

static void
test_junk_lines(void **state)
{
	char big[512];

	assert_true(rejects(""));
	assert_true(rejects("   "));
	assert_true(rejects("hello world"));
	/* Only the original tuple. */
	assert_true(rejects("ipv4 2 tcp 6 10 ESTABLISHED src=1.1.1.1 "
			    "dst=2.2.2.2 sport=1 dport=2"));
	/* A third tuple. */
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "src=2.2.2.2 dst=1.1.1.1 src=3.3.3.3 dst=4.4.4.4"));
	/* Tuple fields before any src=. */
	assert_true(rejects("ipv4 2 udp 17 1 dport=5 src=1.1.1.1 dst=2.2.2.2 "
			    "src=2.2.2.2 dst=1.1.1.1"));
	/* No dst in the reply. */
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "src=2.2.2.2 sport=3"));
	/* Numbers out of range or not numbers. */
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "sport=65536 src=2.2.2.2 dst=1.1.1.1"));
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "sport=-1 src=2.2.2.2 dst=1.1.1.1"));
	assert_true(
	    rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
		    "packets=99999999999999999999 src=2.2.2.2 dst=1.1.1.1"));
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "src=2.2.2.2 dst=1.1.1.1 mark=4294967296"));
	assert_true(rejects("ipv4 x udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "src=2.2.2.2 dst=1.1.1.1"));
	/* Addresses that are not addresses. */
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1;rm dst=2.2.2.2 "
			    "src=2.2.2.2 dst=1.1.1.1"));
	assert_true(rejects("ipv4 2 udp 17 1 src= dst=2.2.2.2 "
			    "src=2.2.2.2 dst=1.1.1.1"));
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "ipv4 2 udp 17 1 src=", 20);
	assert_true(rejects(big));
	/* Stray words and broken flags. */
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "oops src=2.2.2.2 dst=1.1.1.1"));
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "[UNREPLIED src=2.2.2.2 dst=1.1.1.1"));
	assert_true(rejects("ipv4 2 udp 17 1 EXTRA WORDS src=1.1.1.1 "
			    "dst=2.2.2.2 src=2.2.2.2 dst=1.1.1.1"));
	assert_true(rejects("ipv4 2 udp 17 1 src=1.1.1.1 dst=2.2.2.2 "
			    "=5 src=2.2.2.2 dst=1.1.1.1"));
	/* The minimum that is an entry. */
	assert_false(rejects("udp 17 src=1.1.1.1 dst=2.2.2.2 "
			     "src=2.2.2.2 dst=1.1.1.1"));
}

/* Every prefix of a real line parses or not, without reading past it. */
static void
test_truncated_lines(void **state)
{
	size_t len = strcspn(acct_on, "\n"), ok = 0;
	const char *reply = strstr(acct_on, "src=127.0.0.2");

	for (size_t n = 0; n <= len; n++) {
		char *copy = xmalloc(n ? n : 1);
		struct conntrack_entry e;

		memcpy(copy, acct_on, n);
		if (conntrack_parse_line(copy, n, &e)) {
			ok++;
			/* Nothing that ends before the reply's dst= is kept. */
			assert_true(n > (size_t)(reply - acct_on) + 14);
		}
		free(copy);
	}
	assert_true(ok > 0);
}

#define ACCT "/proc/sys/net/netfilter/nf_conntrack_acct"

static void
test_real_table(void **state)
{
	struct buf b;
	char *cause = NULL;
	struct conntrack_counts c;

	buf_init(&b);
	assert_false(
	    conntrack_read_file("/nonexistent/nf_conntrack", &b, &cause));
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
	cause = NULL;
	/* This machine's own table, when the kernel has one to read. */
	if (conntrack_read_file("/proc/net/nf_conntrack", &b, &cause)) {
		c = conntrack_parse_text(
		    b.data ? b.data : "", b.len, NULL, NULL);
		assert_int_equal(c.skipped, 0);
	} else {
		print_message(
		    "no readable /proc/net/nf_conntrack: %s\n", cause);
		free(cause);
	}
	buf_done(&b);
	assert_int_equal(conntrack_acct_enabled("/nonexistent"), -1);
	if (access(ACCT, R_OK) == 0) {
		int on = conntrack_acct_enabled(ACCT);

		assert_true(on == 0 || on == 1);
	}
	/* Anything but a digit is unknown. */
	assert_int_equal(conntrack_acct_enabled("/proc/self/cmdline"), -1);
}

static void
run_until_done(struct conntrack_cmd *c)
{
	for (int i = 0; i < 5000 && !conntrack_cmd_poll(c); i++) {
		struct pollfd pfd = {c->fd, POLLIN, 0};

		/* Waits for output, or for the exit once the pipe closed. */
		if (c->fd >= 0)
			poll(&pfd, 1, 1000);
		else
			usleep(1000);
	}
}

static void
test_command_runner(void **state)
{
	const char *argv[] = {
	    "sh", "-c", "printf 'a\\nb\\n'; echo err >&2; exit 3", NULL};
	const char *bad[] = {"berth-no-such-command-here", NULL};
	struct conntrack_cmd c;
	char *cause = NULL;

	conntrack_cmd_init(&c);
	assert_true(conntrack_cmd_start(&c, argv, &cause));
	run_until_done(&c);
	assert_true(c.done);
	assert_int_equal(c.status, 3);
	assert_string_equal(buf_cstr(&c.out), "a\nb\nerr\n");
	conntrack_cmd_done(&c);
	assert_false(c.done);

	/* A child still running is killed and reaped. */
	argv[2] = "sleep 30";
	assert_true(conntrack_cmd_start(&c, argv, &cause));
	assert_false(conntrack_cmd_poll(&c));
	conntrack_cmd_done(&c);
	assert_int_equal(c.pid, 0);

	/* posix_spawnp reports a missing program as a failed start (or as
	 * an exit status 127 from the child, depending on the libc). */
	if (conntrack_cmd_start(&c, bad, &cause)) {
		run_until_done(&c);
		assert_int_equal(c.status, 127);
	} else {
		assert_non_null(cause);
		free(cause);
	}
	conntrack_cmd_done(&c);
}

static void
test_helper_body(void **state)
{
	char *s = conntrack_helper_body("busybox:1.36");

	assert_non_null(s);
	assert_non_null(strstr(s, "\"Image\":\"busybox:1.36\""));
	assert_non_null(
	    strstr(s, "\"Cmd\":[\"cat\",\"/proc/net/nf_conntrack\"]"));
	assert_non_null(strstr(s, "\"NetworkMode\":\"host\""));
	assert_non_null(strstr(s, "\"CapAdd\":[\"NET_ADMIN\"]"));
	free(s);
	/* Quotes in the name stay inside the string. */
	s = conntrack_helper_body("a\"b");
	assert_non_null(strstr(s, "\"Image\":\"a\\\"b\""));
	free(s);
	assert_null(conntrack_helper_body("\xff\xfe"));
}

/* /proc/net/tcp on the host with the connection through docker-proxy. */
static const char proc_tcp[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode                                             "
    "        \n"
    "   0: 0100007F:8012 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 253570 1 00000000a049f003 100 0 0 10 0            "
    "        \n"
    "   1: 0100007F:46A0 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 7586 1 000000002513f22f 100 0 0 10 0              "
    "        \n"
    "   2: 00000000:8000 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 251811 1 000000009946d053 100 0 0 10 0            "
    "        \n"
    "   3: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 1129 1 000000004d8cc371 100 0 0 10 0              "
    "        \n"
    "   4: 0107D50A:C9D0 0307D50A:0050 01 00000000:00000000 00:00000000 "
    "00000000     0        0 255080 2 000000005cd86a63 20 0 0 10 -1            "
    "        \n"
    "   5: 0100007F:8012 0100007F:CDB2 01 00000000:00000000 02:000005A7 "
    "00000000     0        0 255078 2 0000000043406ba7 20 0 0 10 -1            "
    "        \n"
    "   6: 0100007F:CDB2 0100007F:8012 01 00000000:00000000 00:00000000 "
    "00000000     0        0 254046 2 00000000b7d39b71 20 0 0 10 -1            "
    "        \n";

/* /proc/net/tcp6 in a namespace: a dual-stack listener on [::]:8080. */
static const char proc_tcp6[] =
    "  sl  local_address                         remote_address                "
    "        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000000000000:1F90 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 257224 1 000000006935a310 100 0 0 10 0\n"
    "   1: 0000000000000000FFFF00000100007F:1F90 "
    "0000000000000000FFFF00000100007F:84A6 01 00000000:00000000 00:00000000 "
    "00000000     0        0 257226 1 00000000503b4cef 20 0 0 10 -1\n"
    "   2: 00000000000000000000000001000000:1F90 "
    "00000000000000000000000001000000:B150 01 00000000:00000000 00:00000000 "
    "00000000     0        0 257228 1 00000000bc045772 20 0 0 10 -1\n";

/* docker-proxy's /proc/PID/cmdline, NULs included. */
static const char proxy_cmdline[] =
    "/usr/sbin/docker-proxy\0-proto\0tcp\0-host-ip\0"
    "127.0.0.1\0"
    "-host-port\0"
    "32786\0-container-ip\0"
    "10.213.7.3\0"
    "-container-port\0"
    "80\0";

static void
test_procnet_parse(void **state)
{
	static const char junk[] =
	    "0: 0100007F:8012 00000000:0000 0A\n"
	    "x: zz\n\n   0: 0100007G:8012 00000000:0000 0A 0:0 0:0 0 0 0 1\n"
	    "   0: 0100007F:8012 00000000:0000 0A 0:0 0:0 0 0 0 -1\n";
	struct procnet_socks s = {NULL, 0};

	procnet_parse(proc_tcp, strlen(proc_tcp), 4, &s);
	assert_int_equal(s.n, 7);
	assert_string_equal(s.v[0].local, "127.0.0.1");
	assert_int_equal(s.v[0].lport, 32786);
	assert_int_equal(s.v[0].state, PROCNET_LISTEN);
	assert_int_equal(s.v[0].inode, 253570);
	assert_string_equal(s.v[4].local, "10.213.7.1");
	assert_int_equal(s.v[4].lport, 51664);
	assert_string_equal(s.v[4].remote, "10.213.7.3");
	assert_int_equal(s.v[4].rport, 80);
	assert_int_equal(s.v[4].state, PROCNET_ESTABLISHED);
	assert_string_equal(procnet_state_name(s.v[4].state), "ESTABLISHED");
	assert_string_equal(procnet_state_name(PROCNET_TIME_WAIT), "TIME_WAIT");
	assert_string_equal(procnet_state_name(99), "?");
	assert_true(procnet_listens(&s, 2024, false));
	assert_false(procnet_listens(&s, 80, false));
	procnet_socks_free(&s);

	procnet_parse(proc_tcp6, strlen(proc_tcp6), 6, &s);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0].local, "::");
	assert_int_equal(s.v[0].lport, 8080);
	assert_string_equal(s.v[1].local, "127.0.0.1"); /* v4-mapped */
	assert_int_equal(s.v[1].rport, 0x84a6);
	assert_string_equal(s.v[2].local, "::1");
	assert_int_equal(s.v[2].inode, 257228);
	procnet_socks_free(&s);

	/* The wrong width, junk and a missing inode are skipped. */
	procnet_parse(proc_tcp6, strlen(proc_tcp6), 4, &s);
	assert_int_equal(s.n, 0);
	procnet_parse(junk, strlen(junk), 4, &s);
	assert_int_equal(s.n, 0);
	procnet_socks_free(&s);
}

static void
test_proxy_cmdline(void **state)
{
	struct procnet_proxy p;
	static const char dashes[] =
	    "docker-proxy\0--proto=udp\0--host-ip=::\0"
	    "--host-port\0"
	    "5353\0-container-ip=fd00::5\0-container-port=53\0"
	    "-use-listen-fd\0";
	static const char other[] = "/bin/sleep\0-proto\0tcp\0";
	static const char missing[] = "docker-proxy\0-proto\0tcp\0-host-ip\0"
				      "1.2.3.4\0-host-port\0"
				      "";

	assert_true(procnet_parse_proxy_cmdline(
	    proxy_cmdline, sizeof proxy_cmdline - 1, &p));
	assert_string_equal(p.proto, "tcp");
	assert_string_equal(p.host_ip, "127.0.0.1");
	assert_int_equal(p.host_port, 32786);
	assert_string_equal(p.container_ip, "10.213.7.3");
	assert_int_equal(p.container_port, 80);

	assert_true(procnet_parse_proxy_cmdline(dashes, sizeof dashes - 1, &p));
	assert_string_equal(p.proto, "udp");
	assert_string_equal(p.host_ip, "::");
	assert_int_equal(p.host_port, 5353);
	assert_string_equal(p.container_ip, "fd00::5");

	assert_false(procnet_parse_proxy_cmdline(other, sizeof other - 1, &p));
	assert_false(
	    procnet_parse_proxy_cmdline(missing, sizeof missing - 1, &p));
	assert_false(procnet_parse_proxy_cmdline("", 0, &p));
	/* No terminating NUL at the end. */
	assert_false(procnet_parse_proxy_cmdline("docker-proxy", 12, &p));
}

static void
test_proxy_pairing_real(void **state)
{
	uint64_t inodes[] = {253570, 255078, 255080};
	struct procnet_proxy p;
	struct procnet_socks s = {NULL, 0};
	struct procnet_sessions out = {NULL, 0};

	assert_true(procnet_parse_proxy_cmdline(
	    proxy_cmdline, sizeof proxy_cmdline - 1, &p));
	p.pid = 3432;
	p.inodes = inodes;
	p.n_inodes = 3;
	procnet_parse(proc_tcp, strlen(proc_tcp), 4, &s);
	procnet_pair(&p, &s, &out);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].client, "127.0.0.1");
	assert_int_equal(out.v[0].client_port, 52658);
	assert_string_equal(out.v[0].host_ip, "127.0.0.1");
	assert_int_equal(out.v[0].host_port, 32786);
	assert_string_equal(out.v[0].container_ip, "10.213.7.3");
	assert_int_equal(out.v[0].container_port, 80);
	assert_int_equal(out.v[0].in_inode, 255078);
	assert_int_equal(out.v[0].out_inode, 255080);
	assert_int_equal(out.v[0].pid, 3432);
	procnet_sessions_free(&out);

	/* Without the proxy's own sockets nothing is paired. */
	p.n_inodes = 1;
	procnet_pair(&p, &s, &out);
	assert_int_equal(out.n, 0);
	procnet_socks_free(&s);
}

static void
add_sock(struct procnet_socks *s, const char *l, int lp, const char *r, int rp,
    int state, uint64_t inode)
{
	struct procnet_sock *k;

	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	k = &s->v[s->n++];
	memset(k, 0, sizeof *k);
	k->family = 4;
	snprintf(k->local, sizeof k->local, "%s", l);
	snprintf(k->remote, sizeof k->remote, "%s", r);
	k->lport = lp;
	k->rport = rp;
	k->state = state;
	k->inode = inode;
}

static void
test_proxy_pairing_order(void **state)
{
	uint64_t inodes[] = {10, 20, 21, 22, 30, 31, 40};
	struct procnet_proxy p;
	struct procnet_socks s = {NULL, 0};
	struct procnet_sessions out = {NULL, 0};

	memset(&p, 0, sizeof p);
	snprintf(p.proto, sizeof p.proto, "tcp");
	snprintf(p.host_ip, sizeof p.host_ip, "0.0.0.0");
	p.host_port = 8080;
	snprintf(p.container_ip, sizeof p.container_ip, "172.17.0.2");
	p.container_port = 80;
	p.inodes = inodes;
	p.n_inodes = sizeof inodes / sizeof inodes[0];
	/* Listed out of order, as the hash table lists them. */
	add_sock(&s, "0.0.0.0", 8080, "0.0.0.0", 0, PROCNET_LISTEN, 10);
	add_sock(&s, "172.17.0.1", 40002, "172.17.0.2", 80, 1, 31);
	add_sock(&s, "192.168.1.5", 8080, "192.168.1.9", 5000, 1, 22);
	add_sock(&s, "127.0.0.1", 8080, "127.0.0.1", 6000, 1, 20);
	add_sock(&s, "172.17.0.1", 40001, "172.17.0.2", 80, 1, 30);
	/* Another process's socket on the same port is not the proxy's. */
	add_sock(&s, "127.0.0.1", 8080, "127.0.0.1", 7000, 1, 99);
	procnet_pair(&p, &s, &out);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[0].in_inode, 20);
	assert_int_equal(out.v[0].out_inode, 30);
	assert_int_equal(out.v[0].client_port, 6000);
	assert_int_equal(out.v[1].in_inode, 22);
	assert_int_equal(out.v[1].out_inode, 31);
	assert_string_equal(out.v[1].client, "192.168.1.9");
	assert_string_equal(out.v[1].host_ip, "192.168.1.5");
	procnet_sessions_free(&out);

	/* A third client whose dial has not happened yet stays unpaired. */
	add_sock(&s, "127.0.0.1", 8080, "127.0.0.1", 6001, 1, 40);
	procnet_pair(&p, &s, &out);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.v[2].in_inode, 40);
	assert_int_equal(out.v[2].out_inode, 0);
	procnet_sessions_free(&out);

	/* A proxy bound to one address ignores the others; udp is skipped. */
	snprintf(p.host_ip, sizeof p.host_ip, "127.0.0.1");
	procnet_pair(&p, &s, &out);
	assert_int_equal(out.n, 2);
	procnet_sessions_free(&out);
	snprintf(p.proto, sizeof p.proto, "udp");
	procnet_pair(&p, &s, &out);
	assert_int_equal(out.n, 0);
	procnet_socks_free(&s);
}

/* Our own process: a loopback connection's sockets and fd inodes. */
static void
test_procnet_own_sockets(void **state)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), c, a;
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	struct procnet_socks s = {NULL, 0};
	struct procnet_proxy p;
	char *cause = NULL;
	bool found = false;

	assert_true(l >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&sa, &sl), 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(c, (struct sockaddr *)&sa, sizeof sa), 0);
	a = accept(l, NULL, NULL);
	assert_true(a >= 0);

	if (!procnet_read("/proc/net/tcp", 4, &s, &cause)) {
		print_message("skipped: %s\n", cause);
		free(cause);
	} else {
		memset(&p, 0, sizeof p);
		p.pid = getpid();
		assert_true(procnet_proxy_inodes("/proc", &p));
		assert_true(procnet_listens(&s, ntohs(sa.sin_port), false));
		for (size_t i = 0; i < s.n; i++)
			for (size_t k = 0; k < p.n_inodes; k++)
				if (s.v[i].inode == p.inodes[k] &&
				    s.v[i].rport == ntohs(sa.sin_port))
					found = true;
		assert_true(found);
		free(p.inodes);
	}
	procnet_socks_free(&s);
	close(a);
	close(c);
	close(l);
	memset(&p, 0, sizeof p);
	p.pid = 0x7ffffff0;
	assert_false(procnet_proxy_inodes("/proc", &p));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tcp_established_acct_off),
	    cmocka_unit_test(test_icmp_has_type_code_id),
	    cmocka_unit_test(test_ipv6_as_printed),
	    cmocka_unit_test(test_unreplied_and_zone),
	    cmocka_unit_test(test_hand_written_kernel_variants),
	    cmocka_unit_test(test_accounting),
	    cmocka_unit_test(test_nat_in_namespace),
	    cmocka_unit_test(test_docker_dnat),
	    cmocka_unit_test(test_conntrack_tool_output),
	    cmocka_unit_test(test_parse_text_counts),
	    cmocka_unit_test(test_junk_lines),
	    cmocka_unit_test(test_truncated_lines),
	    cmocka_unit_test(test_real_table),
	    cmocka_unit_test(test_command_runner),
	    cmocka_unit_test(test_helper_body),
	    cmocka_unit_test(test_procnet_parse),
	    cmocka_unit_test(test_proxy_cmdline),
	    cmocka_unit_test(test_proxy_pairing_real),
	    cmocka_unit_test(test_proxy_pairing_order),
	    cmocka_unit_test(test_procnet_own_sockets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
