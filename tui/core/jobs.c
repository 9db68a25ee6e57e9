/* The list of running action jobs, freed at exit (see jobs.h). */

#include "tui/core/jobs.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"

struct jobs_entry {
	void *job;
	void (*free_fn)(void *);
};

static struct jobs_entry *jobs_live;
static size_t jobs_n;
static bool jobs_atexit_set;

void
jobs_add(void *job, void (*free_fn)(void *))
{
	if (!jobs_atexit_set) {
		atexit(jobs_free_all);
		jobs_atexit_set = true;
	}
	jobs_live = xreallocarray(jobs_live, jobs_n + 1, sizeof *jobs_live);
	jobs_live[jobs_n++] = (struct jobs_entry){job, free_fn};
}

void
jobs_remove(void *job)
{
	for (size_t i = jobs_n; job && i-- > 0;)
		if (jobs_live[i].job == job) {
			memmove(&jobs_live[i], &jobs_live[i + 1],
			    (jobs_n - i - 1) * sizeof *jobs_live);
			jobs_n--;
			return;
		}
}

size_t
jobs_count(void)
{
	return jobs_n;
}

void
jobs_free_all(void)
{
	/* Off the list first: the free function's jobs_remove() then
	 * finds nothing, and one that forgets to call it cannot loop. */
	while (jobs_n > 0) {
		struct jobs_entry e = jobs_live[--jobs_n];

		e.free_fn(e.job);
	}
	free(jobs_live);
	jobs_live = NULL;
}

const char *
jobs_engine(const struct engine *e)
{
	const char *h = docker_endpoint(e->d)->host_arg;

	return h ? h : "(unknown engine)";
}
