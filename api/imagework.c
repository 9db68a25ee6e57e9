/* Decoders of search results and load lines; commit change checks. */

#include "api/imagework.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/decode_json.h"
#include "api/xalloc.h"

static bool
imagework_search_item(void *item, const json_t *o)
{
	struct docker_search_result *r = item;
	const char *name = jstr(o, "name");

	if (name == NULL || *name == '\0')
		return false;
	r->name = xstrdup(name);
	r->description = jdupdef(o, "description", "");
	r->stars = ji64(o, "star_count", 0);
	r->official = jbool(o, "is_official", false);
	r->automated = jbool(o, "is_automated", false);
	return true;
}

struct docker_search_list *
decode_search_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "search results", JSON_ARRAY, cause);
	struct docker_search_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, imagework_search_item, &l->n);
	json_decref(root);
	return l;
}

void
docker_search_list_free(struct docker_search_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].description);
	}
	free(l->v);
	free(l);
}

/* The text without its trailing newlines and blanks. */
static char *
imagework_trim(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

struct docker_load_line *
decode_load_line(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "load line", JSON_OBJECT, cause);
	const char *text, *err;
	struct docker_load_line *l;
	json_t *pd;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->current = l->total = -1;
	text = jstr(root, "stream");
	if (text == NULL)
		text = jstr(root, "status");
	if (text) {
		static const char *const pre[] = {
		    "Loaded image: ", "Loaded image ID: "};

		l->text = imagework_trim(text);
		for (size_t i = 0; i < 2; i++)
			if (strncmp(l->text, pre[i], strlen(pre[i])) == 0 &&
			    l->text[strlen(pre[i])] != '\0')
				l->loaded = xstrdup(l->text + strlen(pre[i]));
	}
	err = jstr(jobj(root, "errorDetail"), "message");
	if (err == NULL)
		err = jstr(root, "error");
	if (err)
		l->error = imagework_trim(err);
	pd = jobj(root, "progressDetail");
	if (pd && jhas_number(pd, "current")) {
		l->current = ji64(pd, "current", -1);
		l->total = ji64(pd, "total", -1);
	}
	json_decref(root);
	return l;
}

void
docker_load_line_free(struct docker_load_line *l)
{
	if (l == NULL)
		return;
	free(l->loaded);
	free(l->text);
	free(l->error);
	free(l);
}

bool
imagework_change_ok(const char *change, char **cause)
{
	static const char *const ok[] = {"CMD", "ENTRYPOINT", "ENV", "EXPOSE",
	    "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME",
	    "WORKDIR"};
	size_t n = strcspn(change, " \t");
	const char *rest = change + n;

	while (*rest == ' ' || *rest == '\t')
		rest++;
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strlen(ok[i]) == n && strncasecmp(change, ok[i], n) == 0) {
			if (*rest != '\0')
				return true;
			*cause = xasprintf("%s needs arguments", ok[i]);
			return false;
		}
	*cause = xasprintf("\"%.*s\" cannot be changed by a commit (CMD, "
			   "ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, "
			   "ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)",
	    (int)(n > 40 ? 40 : n), change);
	return false;
}
