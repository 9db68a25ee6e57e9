/*
 * The doctor: findings about an engine and its objects (restart loops, OOM
 * kills, failures, unhealthy checks, ports nobody answers on, disk that can
 * be reclaimed, engine warnings, version and clock skew), ranked by
 * severity. The rules are pure functions of decoded models; the gatherer
 * collects those models asynchronously and probes published ports.
 */
#ifndef TUI_CORE_DOCTOR_H
#define TUI_CORE_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/docker.h"
#include "api/model.h"
#include "tui/core/action.h"
#include "tui/core/kind.h"

enum doctor_severity {
	DOCTOR_INFO,
	DOCTOR_WARN,
	DOCTOR_CRIT,
};

/* The rules, in the order findings of equal severity are listed. */
enum doctor_rule {
	DOCTOR_RESTART_LOOP,
	DOCTOR_OOM,
	DOCTOR_UNHEALTHY,
	DOCTOR_DEAD,
	DOCTOR_EXITED,
	DOCTOR_PORT,
	DOCTOR_API,
	DOCTOR_CLOCK,
	DOCTOR_ENGINE_WARNING,
	DOCTOR_RESTARTS,
	DOCTOR_NO_RESTART_POLICY,
	DOCTOR_DISK,
	DOCTOR_DANGLING,
	DOCTOR_UNUSED_VOLUMES,
	/* Swarm (tui/core/doctor_swarm.c): on a manager only. */
	DOCTOR_SWARM_QUORUM,
	DOCTOR_SWARM_NODE_DOWN,
	DOCTOR_SWARM_REPLICAS,
	DOCTOR_SWARM_TASKS_FAILING,
	DOCTOR_SWARM_CERT,
	DOCTOR_SWARM_NODE_DRAINED,
	DOCTOR_RULE__COUNT
};

/*
 * Exited non-zero this recently is worth a look; the gatherer asks the
 * engine for the deaths and OOM kills of the same window.
 */
#define DOCTOR_EXIT_WINDOW 3600

struct doctor_finding {
	enum doctor_severity severity;
	enum doctor_rule rule;
	/*
	 * What object_id names: KIND_ENGINE, _CONTAINER, _IMAGE, _VOLUME,
	 * _NODE, _SERVICE.
	 */
	enum kind kind;
	char *title; /* "restart loop: restarted 12 times" */
	char *objects; /* names, ", "-separated ("engine" for it) */
	char *object_id; /* the first object's id or name, or NULL */
	char *hint; /* "l logs, i inspect" */
	char *detail; /* a health probe's output..., or NULL */
};

/* A published TCP port and whether something answered on it. */
enum doctor_probe_state {
	DOCTOR_PROBE_PENDING,
	DOCTOR_PROBE_OPEN,
	DOCTOR_PROBE_REFUSED,
	DOCTOR_PROBE_TIMEOUT,
	DOCTOR_PROBE_ERROR,
};

struct doctor_probe {
	char *container_id;
	char *addr; /* numeric address to connect to */
	int port;
	char *published; /* "127.0.0.1:8080->80/tcp" */
	enum doctor_probe_state state;
	int err; /* errno of a refusal or an error */
	int fd; /* -1 when not connecting */
	double deadline;
};

struct doctor_input {
	/* Inspected containers (GET /containers/{id}/json). */
	struct docker_container_detail *const *containers;
	size_t n_containers;
	const struct docker_info *info; /* NULL: not known */
	int64_t info_time; /* client clock when /info answered (0: now) */
	const struct docker_version *version; /* NULL: not known */
	const char *client_api; /* the version in use (docker_api_version) */
	const struct docker_df *df; /* NULL: not known */
	/* Events, in any order; only container events are used. */
	const struct docker_event *const *events;
	size_t n_events;
	const struct doctor_probe *probes;
	size_t n_probes;
	/*
	 * The swarm, when the engine is a manager (NULL: not one, or not
	 * asked): the cluster, its nodes, services (with their task counts)
	 * and tasks. node_cert_not_after is the engine's own node
	 * certificate's expiry when it could be read (a local engine), or 0.
	 */
	const struct docker_swarm *swarm;
	const struct docker_node_list *nodes;
	const struct docker_service_list *services;
	const struct docker_task_list *tasks;
	int64_t node_cert_not_after;
	/* The engine-level rules (warnings, versions, clock, image disk). */
	bool engine_wide;
	int64_t now; /* unix seconds */
};

/*
 * Runs every rule; *out is an owned array of *n findings, most severe
 * first (free with doctor_findings_free).
 */
void doctor_run(
    const struct doctor_input *, struct doctor_finding **out, size_t *n);
void doctor_findings_free(struct doctor_finding *, size_t n);

const char *doctor_severity_name(enum doctor_severity);
const char *doctor_rule_name(enum doctor_rule);

/*
 * The detail view an action (Enter, l, s, t, i) opens on a finding: the
 * kind and id of its object (the engine's JSON for the engine's findings
 * on i) and the tab. KIND_NONE when the action shows the object's pane
 * instead (Enter, an engine finding's other keys, a finding about no one
 * object).
 */
enum kind doctor_finding_detail(
    const struct doctor_finding *, enum action, const char **id, enum tab *tab);
/* Counts of findings per severity. */
void doctor_count(const struct doctor_finding *, size_t n, size_t counts[3]);
/*
 * The events of a and those of b that a does not have (same time, action
 * and object): an owned array of borrowed pointers.
 */
const struct docker_event **doctor_events_merge(
    const struct docker_event *const *a, size_t na,
    const struct docker_event *const *b, size_t nb, size_t *n);
/* One finding per line, for doctor.txt and the command line. Owned. */
char *doctor_report(const struct doctor_finding *, size_t n);

/*
 * Which published TCP ports of running containers to probe: the
 * container's own address and port when the engine is local (the engine's
 * containers only), else nothing. A port published on loopback of a
 * container without an address is probed on the host's loopback. Owned
 * array of *n probes (PENDING, fd -1).
 */
struct doctor_probe *doctor_probe_plan(struct docker_container_detail *const *,
    size_t n, bool local, size_t *n_out);
/* Starts non-blocking connects; each gives up after timeout seconds. */
void doctor_probe_start(
    struct doctor_probe *, size_t n, double now, double timeout);
/* Looks at the connects without waiting; true when every one is done. */
bool doctor_probe_poll(struct doctor_probe *, size_t n, double now);
void doctor_probes_free(struct doctor_probe *, size_t n);

/*
 * The expiry (unix seconds) of the engine's own swarm node certificate,
 * read under its DockerRootDir (for a local engine only), or 0.
 */
int64_t doctor_node_cert(const struct docker_info *);

/*
 * The gatherer: lists the containers (all, or those with a label), inspects
 * each, asks for the engine's info, version and disk usage and for the
 * deaths and OOM kills of the last hour from its events, then probes the
 * published ports. done runs once, from a callback or from
 * doctor_gather_tick; the gatherer must not be freed inside done.
 */
struct doctor_gather;
typedef void doctor_gather_fn(struct doctor_gather *, void *arg);

struct doctor_gather_opts {
	const char *label; /* "key=value" or "key": only these objects */
	bool local; /* the engine runs here: probe ports */
	double probe_timeout; /* seconds (default 1) */
};

struct doctor_gather *doctor_gather_new(struct docker *,
    const struct doctor_gather_opts *, doctor_gather_fn *, void *);
/* Cancels what is in flight. */
void doctor_gather_free(struct doctor_gather *);
/* Drives the probes; returns the next due time or 0. */
double doctor_gather_tick(struct doctor_gather *, double now);
bool doctor_gather_done(const struct doctor_gather *);
/* The first failure (borrowed), or NULL. */
const char *doctor_gather_error(const struct doctor_gather *);
/*
 * The inputs gathered, borrowed from g (events: the engine's die and oom
 * events of the last hour; merge in your own with doctor_events_merge);
 * now is when the gathering finished.
 */
const struct doctor_input *doctor_gather_input(const struct doctor_gather *);
/* The container list the gatherer fetched (borrowed), or NULL. */
const struct docker_container_list *doctor_gather_list(
    const struct doctor_gather *);

/*
 * The whole thing, blocking, for the tests (never from the console's
 * loop): gathers (running the transfers until done), merges in the events
 * given, runs the rules. Returns false with *cause when the engine could
 * not be asked.
 */
bool doctor_collect(struct docker *, const struct doctor_gather_opts *,
    const struct docker_event *const *events, size_t n_events,
    struct doctor_finding **out, size_t *n, char **cause);

#endif
