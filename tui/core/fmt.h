/* Formatting helpers for cells: sizes, ages, ports, short ids. */
#ifndef TUI_CORE_FMT_H
#define TUI_CORE_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

/* "1.2GB" like the docker CLI (powers of 1000); "-" for negative. */
void fmt_size(char *buf, size_t len, int64_t bytes);
/* "3 minutes", "2 hours", "5 days" since t (unix seconds), from now. */
void fmt_ago(char *buf, size_t len, int64_t t, int64_t now);
/* A duration as the docker CLI words it: "Less than a second", "5 seconds",
 * "About a minute", "3 minutes", "About an hour", "2 hours", "3 days". */
void fmt_human_duration(char *buf, size_t len, int64_t secs);
/*
 * The engine's status text, aged by elapsed seconds since it was read:
 * "Up 5 seconds (healthy)" read 10 s ago is "Up 15 seconds (healthy)",
 * "Exited (0) 1 minute ago" likewise. Text without an age is copied. The
 * age in seconds is stored in *age (-1 when there is none).
 */
void fmt_status_aged(
    char *buf, size_t len, const char *status, int64_t elapsed, int64_t *age);
/* The first 12 hex digits of an id, without "sha256:". */
void fmt_short_id(char *buf, size_t len, const char *id);
/*
 * "127.0.0.1:8080->80/tcp, 443/tcp", owned. A port published on every
 * address of both families (the engine lists it on 0.0.0.0 and on ::) is
 * one entry, "*:8080->80/tcp"; on one family only, its address says which.
 */
char *fmt_ports(const struct docker_port *, size_t n);
/*
 * Whether ports[i] is one of such a pair: 1 for the IPv4 one (shown as
 * "*"), -1 for its IPv6 twin (left out), 0 for any other.
 */
int fmt_port_twin(const struct docker_port *, size_t n, size_t i);
/* The wall clock in seconds; tests fix it with fmt_set_now(). */
int64_t fmt_now(void);
void fmt_set_now(int64_t);

#endif
