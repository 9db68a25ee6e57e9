/*
 * A fleet of small fake engines on loopback TCP ports, served by one
 * process with poll: each answers /_ping, /version, /info, the lists,
 * /system/df and a quiet /events stream. Some may be slow (every answer
 * after a delay), dead, flapping (up and down by turns) or have a
 * failing /events while /_ping answers. Every engine counts the
 * connections and requests it received, so that a test can check how
 * often a client tried (backoff).
 */
#ifndef TESTS_SUPPORT_FAKE_FLEET_H
#define TESTS_SUPPORT_FAKE_FLEET_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

enum fake_fleet_kind {
	FAKE_FLEET_OK,
	FAKE_FLEET_DEAD, /* never answers: see fake_fleet_opts.refuse */
	FAKE_FLEET_FLAP, /* up flap_up_s, then down flap_down_s, by turns */
	FAKE_FLEET_SLOW, /* every answer after slow_ms */
	FAKE_FLEET_EVENTS_FAIL, /* /_ping answers, /events gives a 500 */
};

/*
 * The engines are numbered from 0: first n_dead dead ones, then n_flap
 * flapping, n_slow slow and n_events_fail with a failing /events; the
 * rest answer at once.
 */
struct fake_fleet_opts {
	size_t n;
	size_t n_dead, n_flap, n_slow, n_events_fail;
	int slow_ms; /* 0: 2000 */
	double flap_up_s, flap_down_s; /* 0: 3 and 3 */
	int containers; /* per engine; 0: 3 */
	/*
	 * Dead engines and flapping ones while down: false (the default)
	 * accepts each connection and resets it at once, so that tries can
	 * be counted; true closes the port (connection refused, uncounted).
	 */
	bool refuse;
};

/* What one engine received. */
struct fake_fleet_counts {
	unsigned long conns; /* connections accepted (reset ones too) */
	unsigned long reqs; /* requests read */
	unsigned long pings; /* of which /_ping */
	unsigned long events; /* of which /events */
};

struct fake_fleet;

/*
 * Binds every engine's port in this process (NULL with a message on
 * stderr when it cannot). Serve with fake_fleet_serve() or fork with
 * fake_fleet_start().
 */
struct fake_fleet *fake_fleet_new(const struct fake_fleet_opts *);
/*
 * Serves in this process until *stop is set by a signal handler; each
 * time *report is set, writes the counts to the file at path (replaced;
 * NULL: stdout) and clears it.
 */
void fake_fleet_serve(struct fake_fleet *, volatile sig_atomic_t *stop,
    volatile sig_atomic_t *report, const char *path);
/* fake_fleet_new(), then serves in a child process. */
struct fake_fleet *fake_fleet_start(const struct fake_fleet_opts *);
/* The serving child's pid (fake_fleet_start), for SIGSTOP; else 0. */
pid_t fake_fleet_pid(const struct fake_fleet *);

size_t fake_fleet_size(const struct fake_fleet *);
/* "tcp://127.0.0.1:PORT" of engine i (borrowed). */
const char *fake_fleet_addr(const struct fake_fleet *, size_t i);
enum fake_fleet_kind fake_fleet_kind(const struct fake_fleet *, size_t i);
const char *fake_fleet_kind_name(enum fake_fleet_kind);
/* What engine i received so far (live, also from the parent). */
struct fake_fleet_counts fake_fleet_counts(const struct fake_fleet *, size_t i);
/* One line per engine: name, kind, address and counts. */
void fake_fleet_report(const struct fake_fleet *, FILE *);
/* The same into the file at path, replaced (NULL: stdout). */
void fake_fleet_report_to(const struct fake_fleet *, const char *path);
/* Stops the child (if any), closes everything. Accepts NULL. */
void fake_fleet_free(struct fake_fleet *);

#endif
