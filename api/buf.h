/* Growable byte buffer, always NUL-terminated for convenience. */
#ifndef API_BUF_H
#define API_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap;
};

void buf_init(struct buf *);
void buf_done(struct buf *);
void buf_reset(struct buf *);
void buf_append(struct buf *, const void *, size_t);
void buf_puts(struct buf *, const char *);
void buf_putc(struct buf *, char);
void buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* Removes the first n bytes. */
void buf_consume(struct buf *, size_t n);
/* Never NULL: "" for an empty buffer. Borrowed. */
const char *buf_cstr(const struct buf *);
/* Hands the data to the caller (owned, NUL-terminated) and empties b. */
char *buf_steal(struct buf *);

#endif
