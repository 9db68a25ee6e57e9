/* The detail view's inspect tab: an object's JSON, pretty and foldable. */

#include "tui/views/detail_priv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"

static size_t
detail_indent(const char *s)
{
	size_t n = 0;

	while (s[n] == ' ')
		n++;
	return n;
}

static bool
detail_opens(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && (s[n - 1] == '{' || s[n - 1] == '[');
}

/* The line that closes the object or array opened at line i. */
static size_t
detail_closer(const struct detail *dt, size_t i)
{
	size_t ind = detail_indent(dt->json_lines[i]);

	for (size_t j = i + 1; j < dt->n_json; j++) {
		const char *l = dt->json_lines[j];

		if (detail_indent(l) == ind && (l[ind] == '}' || l[ind] == ']'))
			return j;
	}
	return dt->n_json - 1;
}

static int
detail_json_role(const char *l)
{
	const char *p = l + detail_indent(l);

	if (*p == '"' && strstr(p, "\": "))
		return THEME_ROLE_JSON_KEY;
	if (*p == '"')
		return THEME_ROLE_JSON_STRING;
	if ((*p >= '0' && *p <= '9') || *p == '-')
		return THEME_ROLE_JSON_NUMBER;
	return THEME_ROLE_JSON_PUNCT;
}

/* Rebuilds the inspect pager from the JSON lines and the folds. */
static void
detail_inspect_render(struct detail *dt)
{
	size_t top = dt->inspect.top;

	pager_clear(&dt->inspect);
	for (size_t i = 0; i < dt->n_json; i++) {
		const char *l = dt->json_lines[i];

		if (dt->folded[i] && detail_opens(l)) {
			size_t end = detail_closer(dt, i);
			const char *close = dt->json_lines[end] +
					    detail_indent(dt->json_lines[end]);
			char *t = xasprintf(
			    "%s…%s  (%zu lines)", l, close, end - i + 1);

			pager_append(
			    &dt->inspect, t, (size_t)-1, THEME_ROLE_JSON_KEY);
			free(t);
			i = end;
			continue;
		}
		pager_append(&dt->inspect, l, (size_t)-1, detail_json_role(l));
	}
	dt->inspect.follow = false;
	dt->inspect.top = top < pager_count(&dt->inspect) ? top : 0;
	dt->dirty = true;
}

/* Maps a pager line back to its JSON line (folds hide lines). */
static size_t
detail_json_index(const struct detail *dt, size_t pager_line)
{
	size_t shown = 0;

	for (size_t i = 0; i < dt->n_json; i++) {
		if (shown == pager_line)
			return i;
		if (dt->folded[i] && detail_opens(dt->json_lines[i]))
			i = detail_closer(dt, i);
		shown++;
	}
	return dt->n_json;
}

void
detail_fold(struct detail *dt)
{
	size_t start = dt->inspect.match >= 0 ? (size_t)dt->inspect.match
					      : dt->inspect.top;

	/* The first object or array at or below the top of the screen. */
	for (size_t pl = start; pl < pager_count(&dt->inspect); pl++) {
		size_t i = detail_json_index(dt, pl);

		if (i < dt->n_json && i > 0 &&
		    detail_opens(dt->json_lines[i])) {
			dt->folded[i] = !dt->folded[i];
			detail_inspect_render(dt);
			dt->inspect.top = pl;
			return;
		}
	}
}

void
detail_inspect_show(struct detail *dt, const char *body, size_t len)
{
	char *cause = NULL, *p, *nl;
	size_t n = 1;

	dt->dirty = true;
	dt->inspect_text = decode_pretty(body, len, &cause);
	if (dt->inspect_text == NULL) {
		pager_clear(&dt->inspect);
		pager_append(&dt->inspect, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
		return;
	}
	for (p = dt->inspect_text; *p; p++)
		n += *p == '\n';
	dt->json_lines = xcalloc(n + 1, sizeof *dt->json_lines);
	dt->folded = xcalloc(n + 1, sizeof *dt->folded);
	for (p = dt->inspect_text; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		dt->json_lines[dt->n_json++] =
		    nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
	}
	detail_inspect_render(dt);
	dt->inspect.top = 0;
}

static void
detail_on_inspect(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;

	dt->inspect_call = NULL;
	dt->dirty = true;
	if (r->status != DOCKER_OK) {
		dt->inspect_err = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
		pager_clear(&dt->inspect);
		pager_append(&dt->inspect, dt->inspect_err, (size_t)-1,
		    THEME_ROLE_ERROR);
		dt->tty_known = true;
		dt->inspected(dt);
		return;
	}
	if (dt->kind == KIND_CONTAINER) {
		struct docker_container_detail *c =
		    decode_container_detail(r->body, r->len, &cause);

		if (c) {
			dt->tty = c->tty;
			docker_container_detail_free(c);
		}
		free(cause);
		dt->tty_known = true;
	}
	detail_inspect_show(dt, r->body, r->len);
	dt->inspected(dt);
}

/* The engine's /version after its /info: one document of the two. */
static void
detail_on_host_version(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *both;

	dt->inspect_call = NULL;
	if (r->status == DOCKER_OK)
		both = xasprintf("{\"Info\": %s, \"Version\": %.*s}",
		    dt->host_info, (int)r->len, r->body);
	else
		both = xasprintf("{\"Info\": %s}", dt->host_info);
	detail_inspect_show(dt, both, strlen(both));
	free(both);
	free(dt->host_info);
	dt->host_info = NULL;
}

static void
detail_on_host_info(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;

	if (r->status != DOCKER_OK) {
		detail_on_inspect(r, dt);
		return;
	}
	dt->host_info = xstrndup(r->body, r->len);
	dt->inspect_call =
	    docker_system_version(dt->engine->d, detail_on_host_version, dt);
}

void
detail_inspect_fetch(struct detail *dt)
{
	kind_inspect_fn *inspect = kind_get(dt->kind)->inspect;

	/* An event's view is made from the event itself. */
	if (dt->kind == KIND_EVENT)
		return;
	/* Until the answer comes (an engine that hangs may never answer). */
	pager_clear(&dt->inspect);
	pager_append(
	    &dt->inspect, "asking the engine…", (size_t)-1, THEME_ROLE_DIM);
	if (dt->kind == KIND_ENGINE) {
		dt->inspect_call =
		    docker_system_info(dt->engine->d, detail_on_host_info, dt);
		return;
	}
	/* Only kinds with JSON of their own have an inspect tab. */
	assert(inspect != NULL);
	dt->inspect_call =
	    inspect(dt->engine->d, dt->id, detail_on_inspect, dt);
}
