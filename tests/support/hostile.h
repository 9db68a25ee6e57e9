/*
 * A hostile engine for the fake engine's routed mode: every field and
 * header it can fill carries ESC, OSC 0 (title), OSC 52 (clipboard), OSC 8
 * (link), CSI, C1 controls (as code points and raw bytes), a bidirectional
 * override and invalid UTF-8. Tests check that none of it reaches a
 * terminal or a file as it is (THE RULE in widgets/text.h).
 */
#ifndef TESTS_SUPPORT_HOSTILE_H
#define TESTS_SUPPORT_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>

#include "tests/support/fake_engine.h"

/* What the payload sets when it gets through: a title, a clipboard. */
#define HOSTILE_TITLE "PWNED-TITLE"
#define HOSTILE_CLIP_B64 "UFdORUQtQ0xJUA==" /* "PWNED-CLIP" */

/* The two ids the hostile engine lists (64 hex digits each). */
#define HOSTILE_ID_RUNNING                                                     \
	"0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de0badc0de"
#define HOSTILE_ID_SICK                                                        \
	"5eedbad05eedbad05eedbad05eedbad05eedbad05eedbad05eedbad05eedbad0"

/*
 * The routes of a hostile engine (owned by this module, valid until
 * hostile_routes_free()). mode: "console" (a whole engine: lists,
 * inspect, logs, events, top, history; every change fails with a hostile
 * error), "ping500" (the first contact fails with a hostile text body),
 * "oldapi" (the API version header itself is hostile).
 */
const struct fake_route *hostile_routes(const char *mode, size_t *n);
void hostile_routes_free(void);

/*
 * Where s (n bytes) would act on a terminal: the offset of the first ESC,
 * other C0 control (not a newline, tab or a CR before a newline), DEL, C1
 * code point, raw 8-bit byte outside UTF-8 or invalid UTF-8; -1 when there
 * is none.
 */
long hostile_unsafe_at(const char *s, size_t n);

#endif
