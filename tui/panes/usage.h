/*
 * Live CPU and memory of the containers on screen, at no cost to the
 * engine when it is local (read from each container's cgroup files) and
 * with one-shot stats of the visible rows every few seconds when remote,
 * or when a local container's cgroup files cannot be found or read.
 */
#ifndef TUI_PANES_USAGE_H
#define TUI_PANES_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console;
struct engine;
struct usage;

struct usage_sample {
	bool valid;
	double cpu; /* percent of one CPU, as docker stats */
	uint64_t mem; /* usage minus inactive file pages */
	uint64_t mem_limit;
};

/*
 * Samples the containers of engine (borrowed; it outlives the usage).
 * local: read the cgroup files here rather than ask the engine.
 */
struct usage *usage_new(
    struct console *, struct engine *, bool local, double interval_s);
void usage_free(struct usage *);
/* The running containers on screen now; others stop being sampled. */
void usage_watch(struct usage *, char *const *ids, size_t n);
/* Samples what is due; returns the next due time (0: nothing watched). */
double usage_tick(struct usage *, double now);
/* Forgets what is known of a container (it restarted, it is gone). */
void usage_forget(struct usage *, const char *id);
bool usage_get(const struct usage *, const char *id, struct usage_sample *);
/* Bumped whenever a sample changed. */
unsigned usage_gen(const struct usage *);

/*
 * The cgroup reader, exposed for tests: reads CPU nanoseconds and memory
 * of the cgroup at dir (v1: the cpuacct and memory controllers' dirs; v2:
 * one dir). Returns false when the files are not there.
 */
bool usage_read_cgroup_v2(
    const char *dir, uint64_t *cpu_ns, uint64_t *mem, uint64_t *limit);
bool usage_read_cgroup_v1(const char *cpu_dir, const char *mem_dir,
    uint64_t *cpu_ns, uint64_t *mem, uint64_t *limit);
/*
 * Finds the cgroup directories of a process from /proc/PID/cgroup under
 * root (normally "/sys/fs/cgroup"). *v2 says which layout was found.
 * Owned strings in cpu_dir and mem_dir (the same for v2).
 */
bool usage_cgroup_dirs(const char *proc_cgroup_text, const char *root,
    char **cpu_dir, char **mem_dir, bool *v2);
/*
 * As usage_cgroup_dirs(), but false unless the directories are the
 * container id's own (docker-ID.scope, /docker/ID, libpod-ID.scope): with
 * an engine on another machine or in a VM, its pid is some unrelated
 * process here. id is the full container id.
 */
bool usage_cgroup_dirs_of(const char *proc_cgroup_text, const char *root,
    const char *id, char **cpu_dir, char **mem_dir, bool *v2);

#endif
