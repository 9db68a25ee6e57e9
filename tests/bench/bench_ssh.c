/*
 * The cost of the ssh transport against the unix socket, with berth's own
 * client: a container list (a new client's first one, with its
 * connection, and then warm ones) and attach round trips (a byte sent to
 * a TTY container running cat, until its echo comes back).
 *
 *   bench_ssh ROUNDS CONTAINER ADDRESS...
 *
 * Each ADDRESS is measured in turn (unix://... and ssh://...; BERTH_SSH
 * names the ssh program). Prints one line per address and measure.
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/hijack.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct docker *
open_client(const char *addr)
{
	struct endpoint ep;
	struct docker *d;
	char *cause = NULL;

	if (!endpoint_parse(&ep, addr, &cause)) {
		fprintf(stderr, "bench_ssh: %s: %s\n", addr, cause);
		free(cause);
		return NULL;
	}
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	if (d == NULL) {
		fprintf(stderr, "bench_ssh: %s: %s\n", addr, cause);
		free(cause);
	}
	return d;
}

/* A list; false when it failed. */
static bool
list_once(struct docker *d)
{
	struct docker_result r;
	bool ok;

	docker_sync(d, "GET", "/containers/json?all=1", NULL, &r);
	ok = r.status == DOCKER_OK;
	if (!ok)
		fprintf(stderr, "bench_ssh: list: %s\n",
		    r.message ? r.message : docker_status_str(r.status));
	docker_result_done(&r);
	return ok;
}

/* Reads until c comes back or 5 s pass; false then. */
static bool
wait_byte(struct hijack *h, char c)
{
	double end = now_ms() + 5000;
	char buf[256];

	while (now_ms() < end) {
		struct pollfd pf = {hijack_fd(h), POLLIN, 0};
		ssize_t n;

		while ((n = hijack_recv(h, buf, sizeof buf)) > 0)
			if (memchr(buf, c, (size_t)n))
				return true;
		if (n == 0 || (n < 0 && errno != EAGAIN))
			return false;
		poll(&pf, 1, 100);
	}
	return false;
}

static void
bench_list(const char *addr, int rounds)
{
	double t0 = now_ms(), cold, sum = 0, best = 1e9;
	struct docker *d = open_client(addr);
	struct docker_result r;

	if (d == NULL)
		return;
	docker_sync_ping(d, &r);
	docker_result_done(&r);
	if (!list_once(d)) {
		docker_free(d);
		return;
	}
	cold = now_ms() - t0;
	for (int i = 0; i < rounds; i++) {
		double t = now_ms();

		if (!list_once(d))
			break;
		t = now_ms() - t;
		sum += t;
		best = t < best ? t : best;
	}
	printf("%-6s list: first (new client, connect, ping, list) %.1f ms; "
	       "then mean %.2f ms, best %.2f ms over %d\n",
	    strncmp(addr, "ssh", 3) ? "unix" : "ssh", cold, sum / rounds, best,
	    rounds);
	docker_free(d);
}

static void
bench_attach(const char *addr, const char *container, int rounds)
{
	struct docker *d = open_client(addr);
	struct docker_result r;
	struct hijack *h;
	char *cause = NULL;
	double t0, setup, sum = 0, worst = 0;
	int done = 0;

	if (d == NULL)
		return;
	docker_sync_ping(d, &r);
	docker_result_done(&r);
	t0 = now_ms();
	h = hijack_attach(d, container, "ctrl-p,ctrl-q", &cause);
	if (h == NULL) {
		fprintf(stderr, "bench_ssh: attach: %s\n", cause);
		free(cause);
		docker_free(d);
		return;
	}
	setup = now_ms() - t0;
	for (int i = 0; i < rounds; i++) {
		char c = (char)('a' + i % 26);
		double t = now_ms();

		if (!hijack_send_all(h, &c, 1, 5000) || !wait_byte(h, c))
			break;
		t = now_ms() - t;
		sum += t;
		worst = t > worst ? t : worst;
		done++;
	}
	hijack_send_all(h, "\020\021", 2, 1000);
	hijack_free(h);
	if (done)
		printf("%-6s attach: set up in %.1f ms; a byte's round trip "
		       "mean %.2f ms, worst %.2f ms over %d\n",
		    strncmp(addr, "ssh", 3) ? "unix" : "ssh", setup, sum / done,
		    worst, done);
	else
		printf("%-6s attach: no round trip worked\n",
		    strncmp(addr, "ssh", 3) ? "unix" : "ssh");
	docker_free(d);
}

int
main(int argc, char **argv)
{
	int rounds;

	if (argc < 4) {
		fprintf(
		    stderr, "usage: bench_ssh ROUNDS CONTAINER ADDRESS...\n");
		return 2;
	}
	rounds = atoi(argv[1]);
	if (rounds < 1)
		rounds = 1;
	for (int i = 3; i < argc; i++)
		bench_list(argv[i], rounds);
	for (int i = 3; i < argc; i++)
		bench_attach(argv[i], argv[2], rounds);
	return 0;
}
