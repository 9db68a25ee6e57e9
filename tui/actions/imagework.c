/* Image work: the keys and the commands that open its overlays. */

#include "tui/actions/imagework.h"

#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "api/xalloc.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"

/* Every tag of each image, or its id when it has none (owned). */
static char **
imagework_image_names(struct engine *e, char *const *ids)
{
	char **v = NULL;
	size_t n = 0;

	for (size_t i = 0; ids && ids[i]; i++) {
		const struct docker_image *im = store_image(&e->store, ids[i]);
		size_t before = n;

		for (size_t t = 0; im && im->repo_tags && im->repo_tags[t]; t++)
			if (strcmp(im->repo_tags[t], "<none>:<none>") != 0)
				strv_push(&v, &n, xstrdup(im->repo_tags[t]));
		if (n == before)
			strv_push(&v, &n, xstrdup(ids[i]));
	}
	return v;
}

static void
imagework_save(struct console *a, struct pane *p, const char *file)
{
	struct engine *e = pane_target_engine(p);
	char **ids = pane_targets(p), **names;

	if (e == NULL) {
		console_error(a, "save: the marked images are on several "
				 "engines; mark them on one");
		strv_free(ids);
		return;
	}
	names = imagework_image_names(e, ids);
	imagefile_save(a, e, names, file);
	strv_free(names);
	strv_free(ids);
}

/*
 * The container an action or command is for: the selection of p (a pane
 * of containers). False when there is none.
 */
static bool
imagework_container(struct console *a, struct pane *p, const char *verb,
    struct engine **e, const char **id, const char **name)
{
	if (p == NULL || p->ops->kind != KIND_CONTAINER ||
	    (*id = pane_selected_id(p)) == NULL) {
		console_info(a, "%s: select a container first", verb);
		return false;
	}
	*e = pane_selected_engine(p);
	*name = store_name_of(&(*e)->store, KIND_CONTAINER, *id);
	return true;
}

/* Commit and load change the engine: refused read-only, and audited. */
static bool
imagework_refused(struct console *a, struct engine *e, const char *verb)
{
	if (!console_read_only(a, e))
		return false;
	console_error(a, "read-only mode: %s refused", verb);
	audit_log(a, e, verb, NULL, "refused: read-only");
	return true;
}

static void
imagework_commit(struct console *a, struct pane *p, const char *repo)
{
	struct engine *e;
	const char *id, *name;

	if (!imagework_container(a, p, "commit", &e, &id, &name) ||
	    imagework_refused(a, e, "commit"))
		return;
	commit_open(a, e, id, name, repo);
}

static void
imagework_export(struct console *a, struct pane *p, const char *file)
{
	struct engine *e;
	const char *id, *name;

	if (imagework_container(a, p, "export", &e, &id, &name))
		imagefile_export(a, e, id, name, file);
}

bool
imagework_run(struct console *a, struct pane *p, enum action act)
{
	if (!kind_allows(p->ops->kind, act))
		return false;
	switch (act) {
	case ACTION_COMMIT:
		imagework_commit(a, p, NULL);
		return true;
	case ACTION_EXPORT:
		imagework_export(a, p, NULL);
		return true;
	case ACTION_SAVE_IMAGES:
		imagework_save(a, p, NULL);
		return true;
	case ACTION_LOAD:
		imagefile_load(a, p->engine, NULL);
		return true;
	case ACTION_SEARCH:
		search_open(a, p->engine, NULL);
		return true;
	case ACTION_LOGIN:
		login_open(a, p->engine, NULL);
		return true;
	default:
		return false;
	}
}

bool
imagework_command(struct console *a, const char *word, const char *rest)
{
	struct engine *e = console_engine(a);
	struct pane *p;

	if (strcmp(word, "commit") == 0 || strcmp(word, "export") == 0) {
		p = console_active_pane(a);
		if (p == NULL || p->ops->kind != KIND_CONTAINER)
			p = console_pane_of_kind(a, KIND_CONTAINER);
		if (word[0] == 'c')
			imagework_commit(a, p, rest);
		else
			imagework_export(a, p, rest);
		return true;
	}
	if (strcmp(word, "save") == 0) {
		p = console_active_pane(a);
		if (p == NULL || p->ops->kind != KIND_IMAGE)
			p = console_pane_of_kind(a, KIND_IMAGE);
		if (p == NULL)
			console_error(a, "save: there is no images pane");
		else
			imagework_save(a, p, rest);
		return true;
	}
	if (strcmp(word, "load") == 0) {
		if (!imagework_refused(a, e, "load"))
			imagefile_load(a, e, rest);
		return true;
	}
	if (strcmp(word, "search") == 0) {
		search_open(a, e, rest);
		return true;
	}
	if (strcmp(word, "login") == 0) {
		login_open(a, e, rest);
		return true;
	}
	return false;
}
