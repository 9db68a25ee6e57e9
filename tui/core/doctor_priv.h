/*
 * What the doctor's rule files share (tui/core/doctor.c and
 * doctor_swarm.c): the list of findings being built and how one is added
 * (tui/core/doctor_list.c, below both).
 */
#ifndef TUI_CORE_DOCTOR_PRIV_H
#define TUI_CORE_DOCTOR_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "tui/core/doctor.h"

/* The findings being built. */
struct doctor_list {
	struct doctor_finding *v;
	size_t n;
};

/* Appends a finding (strings copied) and returns it, to add a detail. */
struct doctor_finding *doctor_add(struct doctor_list *, enum doctor_severity,
    enum doctor_rule, enum kind, const char *id, const char *objects,
    const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* "12 seconds", "5 minutes", "3 hours", "2 days". */
void doctor_ago(char *buf, size_t len, int64_t secs);

/* The swarm rules (a manager's nodes, services, tasks and certificates). */
void doctor_swarm(const struct doctor_input *, struct doctor_list *);

#endif
