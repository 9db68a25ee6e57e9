/*
 * fake_fleet: serves N fake engines on loopback ports until SIGTERM or
 * SIGINT (see tests/support/fake_fleet.h). Prints one line per engine
 * (name, kind, address) when ready, then "ready"; on SIGUSR1 and on
 * exit, the connections and requests each engine received.
 *
 *   fake_fleet -n 100 [-d DEAD] [-f FLAPPING] [-s SLOW] [-e EVENTS_FAIL]
 *       [-S SLOW_MS] [-u UP_S] [-D DOWN_S] [-c CONTAINERS] [-r]
 *       [-o COUNTS_FILE]
 *
 * -r: dead and down engines refuse connections (closed ports) instead
 * of accepting and resetting them, which is what lets them be counted.
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support/fake_fleet.h"

static volatile sig_atomic_t fleet_stop, fleet_report;

static void
on_stop(int sig)
{
	(void)sig;
	fleet_stop = 1;
}

static void
on_report(int sig)
{
	(void)sig;
	fleet_report = 1;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: fake_fleet -n N [-d DEAD] [-f FLAPPING] [-s SLOW] "
	    "[-e EVENTS_FAIL] [-S SLOW_MS] [-u UP_S] [-D DOWN_S] "
	    "[-c CONTAINERS] [-r] [-o COUNTS_FILE]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct fake_fleet_opts o = {.n = 1};
	struct fake_fleet *f;
	const char *counts = NULL;
	struct sigaction sa;
	int c;

	while ((c = getopt(argc, argv, "n:d:f:s:e:S:u:D:c:ro:")) != -1) {
		switch (c) {
		case 'n':
			o.n = strtoul(optarg, NULL, 10);
			break;
		case 'd':
			o.n_dead = strtoul(optarg, NULL, 10);
			break;
		case 'f':
			o.n_flap = strtoul(optarg, NULL, 10);
			break;
		case 's':
			o.n_slow = strtoul(optarg, NULL, 10);
			break;
		case 'e':
			o.n_events_fail = strtoul(optarg, NULL, 10);
			break;
		case 'S':
			o.slow_ms = atoi(optarg);
			break;
		case 'u':
			o.flap_up_s = atof(optarg);
			break;
		case 'D':
			o.flap_down_s = atof(optarg);
			break;
		case 'c':
			o.containers = atoi(optarg);
			break;
		case 'r':
			o.refuse = true;
			break;
		case 'o':
			counts = optarg;
			break;
		default:
			usage();
		}
	}
	if (o.n == 0 || o.n_dead + o.n_flap + o.n_slow + o.n_events_fail > o.n)
		usage();
	f = fake_fleet_new(&o);
	if (f == NULL)
		return 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_report;
	sigaction(SIGUSR1, &sa, NULL);
	for (size_t i = 0; i < o.n; i++)
		printf("fake-%03zu %s %s\n", i,
		    fake_fleet_kind_name(fake_fleet_kind(f, i)),
		    fake_fleet_addr(f, i));
	printf("ready\n");
	fflush(stdout);
	fake_fleet_serve(f, &fleet_stop, &fleet_report, counts);
	fake_fleet_report_to(f, counts);
	fake_fleet_free(f);
	return 0;
}
