/*
 * Image work from the console: commit a container (commit.c), save images
 * and export a container to tar files and load a tar file (imagefile.c),
 * search a registry (search.c) and log in to one (login.c). Each opens an
 * overlay; the ones that change the engine (commit, load) are refused in
 * read-only mode and audited, and so is a login. Registry credentials come
 * from api/auth.h.
 */
#ifndef TUI_ACTIONS_IMAGEWORK_H
#define TUI_ACTIONS_IMAGEWORK_H

#include <stdbool.h>

#include "tui/core/action.h"

struct console;
struct engine;
struct pane;

/* The action keys: commit, export, save-images, load, search, login. */
bool imagework_run(struct console *, struct pane *, enum action);
/* ":commit", ":save", ":load", ":export", ":search", ":login". */
bool imagework_command(struct console *, const char *word, const char *rest);

/*
 * The commit form for container id (named name) of e; repo is offered as
 * the repository:tag (may be NULL).
 */
void commit_open(struct console *, struct engine *e, const char *id,
    const char *name, const char *repo);

/*
 * Save: the file prompt for images (NULL-terminated names given to the
 * engine: every tag of the images, or the id of an untagged one), file
 * offered (may be NULL). The tar is written to FILE.part and renamed to
 * FILE at the end; a cancel or an error removes FILE.part.
 */
void imagefile_save(
    struct console *, struct engine *e, char *const *names, const char *file);
/* Export: the same for the filesystem of container id (named name). */
void imagefile_export(struct console *, struct engine *e, const char *id,
    const char *name, const char *file);
/* Load: the file prompt, then the upload and the images it brought. */
void imagefile_load(struct console *, struct engine *e, const char *file);

/* The search results for term (NULL or "": the prompt first). */
void search_open(struct console *, struct engine *e, const char *term);

/* The login form for registry (NULL or "": the Docker Hub). */
void login_open(struct console *, struct engine *e, const char *registry);

/*
 * The X-Registry-Auth value for the registry of ref (an image reference
 * or a search term) from the docker config (owned, never NULL: "e30="
 * when there are no credentials). A helper that fails leaves *warning
 * (owned) set; the call goes out anonymous then.
 */
char *imagework_auth_for(const char *ref, char **warning);

#endif
