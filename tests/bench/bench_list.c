/*
 * Benchmark of the engine client: list and decode containers and images,
 * as the console does on each refresh. Prints milliseconds per round.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	const char *what = argc > 2 ? argv[2] : "containers";
	const char *path = strcmp(what, "images") == 0
			       ? "/images/json"
			       : "/containers/json?all=1";
	struct endpoint ep;
	struct docker *d;
	struct docker_result r;
	char *cause = NULL;
	double t0, total = 0, best = 1e9;
	size_t n = 0;

	if (!endpoint_parse(&ep,
		getenv("DOCKER_HOST") ? getenv("DOCKER_HOST")
				      : "unix:///var/run/docker.sock",
		&cause)) {
		fprintf(stderr, "bench_list: %s\n", cause);
		return 2;
	}
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	if (d == NULL) {
		fprintf(stderr, "bench_list: %s\n", cause);
		return 2;
	}
	/* Like the console: the process starts, pings once, then lists. */
	docker_sync_ping(d, &r);
	docker_result_done(&r);
	for (int i = 0; i < rounds; i++) {
		double t;

		t0 = now_ms();
		docker_sync(d, "GET", path, NULL, &r);
		if (r.status != DOCKER_OK) {
			fprintf(stderr, "bench_list: %s\n", r.message);
			return 1;
		}
		if (strcmp(what, "images") == 0) {
			struct docker_image_list *l =
			    decode_image_list(r.body, r.len, &cause);

			n = l ? l->n : 0;
			docker_image_list_free(l);
		} else {
			struct docker_container_list *l =
			    decode_container_list(r.body, r.len, &cause);

			n = l ? l->n : 0;
			docker_container_list_free(l);
		}
		docker_result_done(&r);
		t = now_ms() - t0;
		total += t;
		if (t < best)
			best = t;
	}
	printf("%s: %zu objects, mean %.2f ms, best %.2f ms per list+decode "
	       "(%d rounds)\n",
	    what, n, total / rounds, best, rounds);
	docker_free(d);
	return 0;
}
