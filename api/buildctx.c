/* A build context written as a tar stream while it is read. */

#include "api/buildctx.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/dockerignore.h"
#include "api/xalloc.h"

/*
 * libarchive is loaded when the first build starts, not with berth: with
 * the formats it can also write (xar, 7-Zip) it brings libxml2, ICU and
 * the C++ runtime, about 2 MiB of memory a console that never builds
 * would carry for nothing.
 */
#define BC_LIBARCHIVE_FUNCS                                                    \
	X(archive_entry_free)                                                  \
	X(archive_entry_linkify)                                               \
	X(archive_entry_linkresolver_free)                                     \
	X(archive_entry_linkresolver_new)                                      \
	X(archive_entry_linkresolver_set_strategy)                             \
	X(archive_entry_new)                                                   \
	X(archive_entry_pathname)                                              \
	X(archive_entry_set_dev)                                               \
	X(archive_entry_set_gid)                                               \
	X(archive_entry_set_gname)                                             \
	X(archive_entry_set_ino64)                                             \
	X(archive_entry_set_mode)                                              \
	X(archive_entry_set_mtime)                                             \
	X(archive_entry_set_nlink)                                             \
	X(archive_entry_set_pathname)                                          \
	X(archive_entry_set_size)                                              \
	X(archive_entry_set_symlink)                                           \
	X(archive_entry_set_uid)                                               \
	X(archive_entry_set_uname)                                             \
	X(archive_entry_size)                                                  \
	X(archive_error_string)                                                \
	X(archive_format)                                                      \
	X(archive_write_add_filter_none)                                       \
	X(archive_write_close)                                                 \
	X(archive_write_data)                                                  \
	X(archive_write_finish_entry)                                          \
	X(archive_write_free)                                                  \
	X(archive_write_header)                                                \
	X(archive_write_new)                                                   \
	X(archive_write_open2)                                                 \
	X(archive_write_set_bytes_in_last_block)                               \
	X(archive_write_set_format_pax_restricted)

static struct {
	bool tried, ok;
	char *error;
#define X(fn) __typeof__(&fn) fn;
	BC_LIBARCHIVE_FUNCS
#undef X
} bc_la;

#define LA(fn) (bc_la.fn)

/* Loads libarchive once; false with *cause (owned) when it cannot be. */
static bool
bc_load(char **cause)
{
	static const char *const names[] = {
	    "libarchive.so.13", "libarchive.so"};
	void *h = NULL;

	if (!bc_la.tried) {
		bc_la.tried = true;
		for (size_t i = 0; h == NULL && i < 2; i++)
			h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		if (h == NULL)
			bc_la.error = xasprintf("libarchive is not installed "
						"(%s)",
			    dlerror());
#define X(fn)                                                                  \
	if (h != NULL && bc_la.error == NULL &&                                \
	    (*(void **)&bc_la.fn = dlsym(h, #fn)) == NULL)                     \
		bc_la.error = xasprintf("libarchive has no " #fn);
		BC_LIBARCHIVE_FUNCS
#undef X
		bc_la.ok = bc_la.error == NULL;
	}
	if (!bc_la.ok)
		*cause = xstrdup(bc_la.error);
	return bc_la.ok;
}

/* A file's body is read this much at a time. */
#define BC_CHUNK (64 * 1024)
/* The .dockerignore read is refused beyond this. */
#define BC_IGNORE_MAX (1024 * 1024)

/* A folder being walked: its names, sorted, and where we are. */
struct bc_dir {
	char *rel; /* "" for the root, else "a/b" */
	char **names;
	size_t n, i;
};

struct buildctx {
	char *root;
	struct dockerignore *ignore;
	struct archive *a;
	struct archive_entry_linkresolver *links;
	struct buf out; /* written by libarchive, not yet read */
	size_t out_off;
	struct bc_dir *stack;
	size_t depth;
	int fd; /* the file whose body is being written, or -1 */
	int64_t left; /* of that body */
	char *body_path; /* its name, for errors */
	bool closed; /* the end of the archive is written */
	char *error;
	unsigned long long sent;
	unsigned long entries, ignored;
};

static la_ssize_t
bc_write(struct archive *a, void *arg, const void *data, size_t len)
{
	struct buildctx *bc = arg;

	(void)a;
	buf_append(&bc->out, data, len);
	return (la_ssize_t)len;
}

static void
bc_fail(struct buildctx *bc, char *msg)
{
	if (bc->error == NULL)
		bc->error = msg;
	else
		free(msg);
}

static int
bc_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes the folder rel (relative to the root) with its names sorted. */
static bool
bc_push(struct buildctx *bc, const char *rel)
{
	char *path =
	    *rel ? xasprintf("%s/%s", bc->root, rel) : xstrdup(bc->root);
	DIR *dir = opendir(path);
	struct bc_dir *d;
	struct dirent *de;

	if (dir == NULL) {
		bc_fail(bc, xasprintf("cannot read the folder %s: %s", path,
				strerror(errno)));
		free(path);
		return false;
	}
	free(path);
	bc->stack = xreallocarray(bc->stack, bc->depth + 1, sizeof *bc->stack);
	d = &bc->stack[bc->depth++];
	memset(d, 0, sizeof *d);
	d->rel = xstrdup(rel);
	while ((de = readdir(dir)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strv_push(&d->names, &d->n, xstrdup(de->d_name));
	}
	closedir(dir);
	if (d->n > 1)
		qsort(d->names, d->n, sizeof *d->names, bc_name_cmp);
	return true;
}

static void
bc_pop(struct buildctx *bc)
{
	struct bc_dir *d = &bc->stack[--bc->depth];

	for (size_t i = 0; i < d->n; i++)
		free(d->names[i]);
	free(d->names);
	free(d->rel);
}

/* Reads path's .dockerignore (none: no patterns). */
static struct dockerignore *
bc_read_ignore(const char *root, char **cause)
{
	char *path = xasprintf("%s/.dockerignore", root);
	FILE *f = fopen(path, "rb");
	struct buf text;
	struct dockerignore *d;
	char chunk[4096];
	size_t n;

	free(path);
	if (f == NULL)
		return dockerignore_parse("", 0, cause);
	buf_init(&text);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	       text.len <= BC_IGNORE_MAX)
		buf_append(&text, chunk, n);
	fclose(f);
	if (text.len > BC_IGNORE_MAX) {
		buf_done(&text);
		*cause = xstrdup(".dockerignore is over 1 MiB");
		return NULL;
	}
	d = dockerignore_parse(text.data ? text.data : "", text.len, cause);
	buf_done(&text);
	return d;
}

struct buildctx *
buildctx_open(const char *dir, const char *dockerfile, char **cause)
{
	struct buildctx *bc;
	struct stat st;
	char *df;

	if (stat(dir, &st) != 0) {
		*cause = xasprintf(
		    "cannot read the folder %s: %s", dir, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s is not a folder", dir);
		return NULL;
	}
	if (!bc_load(cause))
		return NULL;
	bc = xcalloc(1, sizeof *bc);
	bc->root = xstrdup(dir);
	bc->fd = -1;
	buf_init(&bc->out);
	if ((bc->ignore = bc_read_ignore(dir, cause)) == NULL) {
		buildctx_free(bc);
		return NULL;
	}
	/* What the engine needs goes whatever the patterns say. */
	df = xmalloc(strlen(dockerfile ? dockerfile : "Dockerfile") + 2);
	dockerignore_clean(dockerfile ? dockerfile : "Dockerfile", df);
	dockerignore_keep(bc->ignore, df);
	dockerignore_keep(bc->ignore, ".dockerignore");
	free(df);
	bc->a = LA(archive_write_new)();
	LA(archive_write_set_format_pax_restricted)(bc->a);
	LA(archive_write_add_filter_none)(bc->a);
	LA(archive_write_set_bytes_in_last_block)(bc->a, 1);
	if (LA(archive_write_open2)(bc->a, bc, NULL, bc_write, NULL, NULL) !=
	    ARCHIVE_OK) {
		*cause = xasprintf(
		    "tar writer: %s", LA(archive_error_string)(bc->a));
		buildctx_free(bc);
		return NULL;
	}
	bc->links = LA(archive_entry_linkresolver_new)();
	LA(archive_entry_linkresolver_set_strategy)
	(bc->links, LA(archive_format)(bc->a));
	if (!bc_push(bc, "")) {
		*cause = bc->error;
		bc->error = NULL;
		buildctx_free(bc);
		return NULL;
	}
	return bc;
}

void
buildctx_free(struct buildctx *bc)
{
	if (bc == NULL)
		return;
	while (bc->depth > 0)
		bc_pop(bc);
	free(bc->stack);
	if (bc->fd >= 0)
		close(bc->fd);
	if (bc->a)
		LA(archive_write_free)(bc->a);
	if (bc->links)
		LA(archive_entry_linkresolver_free)(bc->links);
	dockerignore_free(bc->ignore);
	buf_done(&bc->out);
	free(bc->body_path);
	free(bc->root);
	free(bc->error);
	free(bc);
}

/* Writes e's header; false on an error (said). */
static bool
bc_header(struct buildctx *bc, struct archive_entry *e)
{
	if (LA(archive_write_header)(bc->a, e) < ARCHIVE_WARN) {
		bc_fail(
		    bc, xasprintf("tar: %s: %s", LA(archive_entry_pathname)(e),
			    LA(archive_error_string)(bc->a)));
		return false;
	}
	bc->entries++;
	return true;
}

/*
 * The header of one entry, and for a regular file the start of its body
 * (bc->fd). Returns false on an error.
 */
static bool
bc_entry(struct buildctx *bc, const char *rel, const char *path,
    const struct stat *st)
{
	struct archive_entry *e = LA(archive_entry_new)(), *spare = NULL;
	char target[4096];
	bool ok = true;
	int fd = -1;

	LA(archive_entry_set_pathname)(e, rel);
	LA(archive_entry_set_mode)(e, st->st_mode);
	LA(archive_entry_set_mtime)(e, st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	LA(archive_entry_set_uid)(e, 0);
	LA(archive_entry_set_gid)(e, 0);
	LA(archive_entry_set_uname)(e, "root");
	LA(archive_entry_set_gname)(e, "root");
	LA(archive_entry_set_dev)(e, st->st_dev);
	LA(archive_entry_set_ino64)(e, (la_int64_t)st->st_ino);
	LA(archive_entry_set_nlink)(e, (unsigned)st->st_nlink);
	if (S_ISLNK(st->st_mode)) {
		ssize_t n = readlink(path, target, sizeof target - 1);

		if (n < 0) {
			bc_fail(bc, xasprintf("cannot read the link %s: %s",
					path, strerror(errno)));
			LA(archive_entry_free)(e);
			return false;
		}
		target[n] = '\0';
		LA(archive_entry_set_symlink)(e, target);
	} else if (S_ISREG(st->st_mode)) {
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
			bc_fail(bc, xasprintf("cannot read %s: %s", path,
					strerror(errno)));
			LA(archive_entry_free)(e);
			return false;
		}
		LA(archive_entry_set_size)(e, st->st_size);
	}
	/* A second name of a file already sent links to the first. */
	LA(archive_entry_linkify)(bc->links, &e, &spare);
	if (e != NULL) {
		ok = bc_header(bc, e);
		if (ok && fd >= 0 && LA(archive_entry_size)(e) > 0) {
			bc->fd = fd;
			bc->left = LA(archive_entry_size)(e);
			free(bc->body_path);
			bc->body_path = xstrdup(path);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	LA(archive_entry_free)(e);
	LA(archive_entry_free)(spare);
	return ok;
}

/* Writes the next piece of the current body; false on an error. */
static bool
bc_body(struct buildctx *bc)
{
	char chunk[BC_CHUNK];
	size_t want = bc->left < BC_CHUNK ? (size_t)bc->left : BC_CHUNK;
	ssize_t n = read(bc->fd, chunk, want);

	if (n < 0) {
		bc_fail(bc, xasprintf("cannot read %s: %s", bc->body_path,
				strerror(errno)));
		return false;
	}
	if (n > 0 && LA(archive_write_data)(bc->a, chunk, (size_t)n) < 0) {
		bc_fail(
		    bc, xasprintf("tar: %s", LA(archive_error_string)(bc->a)));
		return false;
	}
	bc->left -= n;
	/* Shrunk while read: libarchive pads the rest with zeros. */
	if (n == 0 || bc->left <= 0) {
		close(bc->fd);
		bc->fd = -1;
		bc->left = 0;
		if (LA(archive_write_finish_entry)(bc->a) < ARCHIVE_WARN) {
			bc_fail(bc, xasprintf("tar: %s",
					LA(archive_error_string)(bc->a)));
			return false;
		}
	}
	return true;
}

/* The next name of the walk: its header (or nothing); false on error. */
static bool
bc_next(struct buildctx *bc)
{
	struct bc_dir *d = &bc->stack[bc->depth - 1];
	char *rel, *path;
	struct stat st;
	bool ok = true, excluded;

	if (d->i == d->n) {
		bc_pop(bc);
		return true;
	}
	rel = *d->rel ? xasprintf("%s/%s", d->rel, d->names[d->i])
		      : xstrdup(d->names[d->i]);
	d->i++;
	path = xasprintf("%s/%s", bc->root, rel);
	excluded = dockerignore_excludes(bc->ignore, rel);
	if (lstat(path, &st) != 0) {
		/* Gone since the folder was read: as if never there. */
		if (errno != ENOENT)
			ok = false, bc_fail(bc, xasprintf("cannot stat %s: %s",
						    path, strerror(errno)));
	} else if (S_ISDIR(st.st_mode)) {
		/* Left out, but an exception may bring back what is in it. */
		if (!excluded)
			ok = bc_entry(bc, rel, path, &st);
		else
			bc->ignored++;
		if (ok &&
		    (!excluded || dockerignore_has_exceptions(bc->ignore)))
			ok = bc_push(bc, rel);
	} else if (excluded)
		bc->ignored++;
	else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		ok = bc_entry(bc, rel, path, &st);
	free(rel);
	free(path);
	return ok;
}

/* Makes more of the stream; false on an error. */
static bool
bc_step(struct buildctx *bc)
{
	if (bc->fd >= 0)
		return bc_body(bc);
	if (bc->depth > 0)
		return bc_next(bc);
	if (LA(archive_write_close)(bc->a) != ARCHIVE_OK) {
		bc_fail(
		    bc, xasprintf("tar: %s", LA(archive_error_string)(bc->a)));
		return false;
	}
	bc->closed = true;
	return true;
}

size_t
buildctx_read(struct buildctx *bc, char *buf, size_t len)
{
	size_t n;

	if (bc->error)
		return (size_t)-1;
	while (bc->out.len == bc->out_off && !bc->closed)
		if (!bc_step(bc))
			return (size_t)-1;
	n = bc->out.len - bc->out_off;
	if (n > len)
		n = len;
	memcpy(buf, bc->out.data + bc->out_off, n);
	bc->out_off += n;
	if (bc->out_off == bc->out.len) {
		buf_reset(&bc->out);
		bc->out_off = 0;
	}
	bc->sent += n;
	return n;
}

const char *
buildctx_error(const struct buildctx *bc)
{
	return bc->error;
}

unsigned long long
buildctx_sent(const struct buildctx *bc)
{
	return bc->sent;
}

unsigned long
buildctx_entries(const struct buildctx *bc)
{
	return bc->entries;
}

unsigned long
buildctx_ignored(const struct buildctx *bc)
{
	return bc->ignored;
}
