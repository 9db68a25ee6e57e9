/*
 * Benchmark of a build's context: the folder given is streamed as a tar
 * to the engine's /build (a Dockerfile that only says FROM, so the time
 * is the context's), as the console sends it. Prints the bytes sent, the
 * time, the rate and berth's peak resident memory, which must stay flat
 * whatever the folder's size (no temporary file, no whole-context
 * buffer).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "api/build.h"
#include "api/buildctx.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"

struct bench {
	struct buildctx *ctx;
	bool done;
	enum docker_status status;
	char *error;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
bench_read(char *buf, size_t len, void *arg)
{
	struct bench *b = arg;
	size_t n = buildctx_read(b->ctx, buf, len);

	return n == (size_t)-1 ? HTTP_READ_ABORT : n;
}

static bool
bench_data(const char *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	(void)arg;
	return true;
}

static void
bench_done(const struct docker_reply *r, void *arg)
{
	struct bench *b = arg;

	b->done = true;
	b->status = r->status;
	if (r->message)
		b->error = strdup(r->message);
}

int
main(int argc, char **argv)
{
	struct docker_build_opts o = {0};
	struct bench b = {0};
	struct endpoint ep;
	struct docker *d;
	struct rusage ru;
	char *cause = NULL;
	double t0, t;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_build FOLDER DOCKERFILE\n");
		return 2;
	}
	if (!endpoint_parse(&ep,
		getenv("DOCKER_HOST") ? getenv("DOCKER_HOST")
				      : "unix:///var/run/docker.sock",
		&cause) ||
	    (d = docker_new(&ep, &cause)) == NULL) {
		fprintf(stderr, "bench_build: %s\n", cause);
		return 1;
	}
	if ((b.ctx = buildctx_open(argv[1], argv[2], &cause)) == NULL) {
		fprintf(stderr, "bench_build: %s\n", cause);
		return 1;
	}
	o.dockerfile = argv[2];
	t0 = now_s();
	docker_image_build(d, &o, bench_read, &b, bench_data, bench_done, &b);
	while (!b.done)
		http_step(docker_http(d), 100);
	t = now_s() - t0;
	if (b.status != DOCKER_OK || buildctx_error(b.ctx)) {
		fprintf(stderr, "bench_build: %s\n",
		    buildctx_error(b.ctx) ? buildctx_error(b.ctx)
					  : (b.error ? b.error : "failed"));
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("berth build context: %.0f MB in %.2f s (%.0f MB/s), "
	       "peak RSS %.1f MiB\n",
	    (double)buildctx_sent(b.ctx) / 1e6, t,
	    (double)buildctx_sent(b.ctx) / 1e6 / t,
	    (double)ru.ru_maxrss / 1024);
	buildctx_free(b.ctx);
	free(b.error);
	docker_free(d);
	endpoint_done(&ep);
	return 0;
}
