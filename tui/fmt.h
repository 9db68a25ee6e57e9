/* Formatting helpers for cells: sizes, ages, ports, short ids. */
#ifndef TUI_FMT_H
#define TUI_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

/* "1.2GB" like the docker CLI (powers of 1000); "-" for negative. */
void fmt_size(char *buf, size_t len, int64_t bytes);
/* "3 minutes", "2 hours", "5 days" since t (unix seconds), from now. */
void fmt_ago(char *buf, size_t len, int64_t t, int64_t now);
/* The first 12 hex digits of an id, without "sha256:". */
void fmt_short_id(char *buf, size_t len, const char *id);
/* "127.0.0.1:8080->80/tcp, 443/tcp", owned. */
char *fmt_ports(const struct docker_port *, size_t n);
/* The wall clock in seconds; tests fix it with fmt_set_now(). */
int64_t fmt_now(void);
void fmt_set_now(int64_t);
/* Parses an RFC 3339 time to unix seconds; 0 when it cannot. */
int64_t fmt_parse_time(const char *);

#endif
