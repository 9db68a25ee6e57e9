/*
 * A build context: a folder sent to the engine as a tar stream, written
 * while it is read (no temporary file, no whole-folder buffer), with
 * libarchive, as the docker CLI sends one: .dockerignore applied (the
 * Dockerfile and .dockerignore always go), regular files, folders,
 * symbolic links and hard links (one body, the other names link to it),
 * modes and times kept, owner and group 0 (root), sockets and devices
 * left out.
 */
#ifndef API_BUILDCTX_H
#define API_BUILDCTX_H

#include <stdbool.h>
#include <stddef.h>

struct buildctx;

/*
 * Opens the folder dir; dockerfile is the Dockerfile's path inside it
 * ("Dockerfile" when NULL). NULL with *cause (owned) when dir is not a
 * readable folder or its .dockerignore is refused.
 */
struct buildctx *buildctx_open(
    const char *dir, const char *dockerfile, char **cause);
void buildctx_free(struct buildctx *);

/*
 * The next bytes of the tar stream, up to len, into buf: how many, 0 at
 * the end, (size_t)-1 on an error (buildctx_error says it in words).
 */
size_t buildctx_read(struct buildctx *, char *buf, size_t len);
const char *buildctx_error(const struct buildctx *);

/* Bytes given by buildctx_read so far, and the entries written. */
unsigned long long buildctx_sent(const struct buildctx *);
unsigned long buildctx_entries(const struct buildctx *);
/* Entries .dockerignore left out so far (a left-out folder counts one). */
unsigned long buildctx_ignored(const struct buildctx *);

#endif
