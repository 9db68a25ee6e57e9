/* Reading test inputs: the fixtures in tests/fixtures/ and any other file. */
#ifndef TESTS_SUPPORT_FIXTURE_H
#define TESTS_SUPPORT_FIXTURE_H

#include <stddef.h>

/*
 * The whole of tests/fixtures/<name> (tests run from the repository root),
 * NUL-terminated, with its length in *len when len is not NULL. Owned.
 * Fails the running cmocka test when the file cannot be opened.
 */
char *fixture_read(const char *name, size_t *len);
/*
 * The whole file at path (owned; "" when empty), NUL-terminated, with its
 * length in *len when len is not NULL; NULL when it cannot be opened.
 */
char *fixture_read_path(const char *path, size_t *len);

#endif
