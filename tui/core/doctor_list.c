/*
 * The findings list the doctor's rule files build (tui/core/doctor.c and
 * doctor_swarm.c both add to it): adding, freeing, and the "5 minutes"
 * they say. Below both rule files, so neither depends on the other.
 */

#include "tui/core/doctor.h"
#include "tui/core/doctor_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"

struct doctor_finding *
doctor_add(struct doctor_list *l, enum doctor_severity sev,
    enum doctor_rule rule, enum kind kind, const char *id, const char *objects,
    const char *hint, const char *fmt, ...)
{
	struct doctor_finding *f;
	va_list ap;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->severity = sev;
	f->rule = rule;
	f->kind = kind;
	f->object_id = xstrdup_or_null(id);
	f->objects = xstrdup(objects ? objects : "");
	f->hint = xstrdup(hint ? hint : "");
	va_start(ap, fmt);
	f->title = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

void
doctor_findings_free(struct doctor_finding *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].title);
		free(v[i].objects);
		free(v[i].object_id);
		free(v[i].hint);
		free(v[i].detail);
	}
	free(v);
}

void
doctor_ago(char *buf, size_t len, int64_t secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		snprintf(buf, len, "%lld second%s", (long long)secs,
		    secs == 1 ? "" : "s");
	else if (secs < 7200)
		snprintf(buf, len, "%lld minutes", (long long)(secs / 60));
	else if (secs < 2 * 86400)
		snprintf(buf, len, "%lld hours", (long long)(secs / 3600));
	else
		snprintf(buf, len, "%lld days", (long long)(secs / 86400));
}
