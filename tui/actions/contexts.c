/* :ctx: list the docker CLI's contexts and switch the console to one. */

#include "tui/actions/contexts.h"

#include <stdlib.h>
#include <string.h>

#include "api/context.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tui/core/console.h"

/* The contexts on offer while the choice is open. */
struct contexts_pick {
	struct context_info *v;
	size_t n;
};

static void
contexts_switch(struct console *c, const char *name)
{
	char *dir = context_config_dir(), *cause = NULL;
	struct endpoint ep;
	struct docker *d = NULL;

	if (context_endpoint(dir, name, getenv("DOCKER_HOST"),
		getenv("DOCKER_TLS_VERIFY"), getenv("DOCKER_CERT_PATH"), &ep,
		&cause)) {
		d = docker_new(&ep, &cause);
		endpoint_done(&ep);
	}
	free(dir);
	if (d == NULL) {
		console_error(c, "ctx %s: %s", name, cause ? cause : "?");
		free(cause);
		return;
	}
	/* "default" is no name of its own: the address says it. */
	console_switch_engine(c, d, strcmp(name, "default") ? name : NULL);
	console_ok(c, "switched to %s", console_engine(c)->label);
}

static void
contexts_picked(struct console *c, bool yes, void *arg)
{
	struct contexts_pick *pk = arg;
	size_t i = console_chosen(c);

	if (yes && i < pk->n) {
		char *name = xstrdup(pk->v[i].name);

		context_list_free(pk->v, pk->n);
		free(pk);
		contexts_switch(c, name);
		free(name);
		return;
	}
	context_list_free(pk->v, pk->n);
	free(pk);
}

/* Whether the console shows context ci now (by name, or by address). */
static bool
contexts_is_shown(struct console *c, const struct context_info *ci)
{
	const struct engine *e = console_engine(c);

	if (strcmp(e->name, ci->name) == 0)
		return true;
	return strcmp(ci->name, "default") == 0 &&
	       strcmp(e->name, docker_endpoint(e->d)->host_arg) == 0 &&
	       strcmp(ci->host, e->name) == 0;
}

static void
contexts_list(struct console *c)
{
	char *dir = context_config_dir();
	const char *env = getenv("DOCKER_HOST");
	struct contexts_pick *pk = xcalloc(1, sizeof *pk);
	char hint[] = "Enter switches the console to it";
	char **opts, *lines[] = {hint, NULL};
	size_t sel = 0;

	pk->v = context_list(
	    dir, env && *env ? env : "unix://" ENDPOINT_DEFAULT_SOCKET, &pk->n);
	free(dir);
	opts = xcalloc(pk->n + 1, sizeof *opts);
	for (size_t i = 0; i < pk->n; i++) {
		bool cur = contexts_is_shown(c, &pk->v[i]);

		if (cur)
			sel = i;
		opts[i] = xasprintf("%s %-16s %s%s%s", cur ? "*" : " ",
		    pk->v[i].name, pk->v[i].host,
		    *pk->v[i].description ? "  " : "", pk->v[i].description);
	}
	console_choose(c, "Contexts", lines, opts, sel, contexts_picked, pk);
	strv_free(opts);
}

void
contexts_command(struct console *c, const char *name)
{
	if (name && *name)
		contexts_switch(c, name);
	else
		contexts_list(c);
}
