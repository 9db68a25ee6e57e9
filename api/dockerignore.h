/*
 * A build context's .dockerignore, read and applied as the docker CLI does
 * (moby's patternmatcher): one pattern a line, trimmed; '#' starts a
 * comment line; '!' makes an exception; each pattern is cleaned like a
 * path ("./a//b/" is "a/b") and a leading '/' dropped. A pattern is Go's
 * filepath.Match glob ('*' and '?' stop at '/', [a-z] and [^a-z] classes,
 * '\' escapes) plus '**': "**" followed by '/' (or inside a segment)
 * matches any number of directories, none included, and a trailing "**"
 * matches anything. A path is excluded when the last pattern that matches
 * it, or one of its parent directories, is not an exception.
 */
#ifndef API_DOCKERIGNORE_H
#define API_DOCKERIGNORE_H

#include <stdbool.h>
#include <stddef.h>

struct dockerignore;

/*
 * Parses the text of a .dockerignore file (len bytes, not NUL-ended).
 * NULL with *cause (owned) for a pattern the docker CLI refuses: a bare
 * '!', an unterminated '[' class, a backwards range, a trailing '\'.
 */
struct dockerignore *dockerignore_parse(
    const char *text, size_t len, char **cause);
void dockerignore_free(struct dockerignore *);

/*
 * Whether path, relative to the context's root and '/'-separated ("a/b",
 * no leading "./"), is left out of the context.
 */
bool dockerignore_excludes(const struct dockerignore *, const char *path);
/* Whether some pattern is an exception (then excluded folders are read). */
bool dockerignore_has_exceptions(const struct dockerignore *);
/*
 * Keeps path in the context whatever the patterns say, as the docker CLI
 * does for the Dockerfile and the .dockerignore itself (the engine needs
 * them): an exception added last.
 */
void dockerignore_keep(struct dockerignore *, const char *path);
/* How many patterns there are (comments and blank lines aside). */
size_t dockerignore_count(const struct dockerignore *);

/*
 * Cleans a path as Go's filepath.Clean does, into out (at least
 * strlen(path) + 2 bytes): "." for an empty result.
 */
void dockerignore_clean(const char *path, char *out);

#endif
