/*
 * A question that is one line of input, in an overlay: the console
 * service behind console_ask_line(), shared by the rename and tag prompts
 * and a swarm service's scale, image and node label prompts.
 */

#include <stdbool.h>
#include <stdlib.h>

#include "api/xalloc.h"
#include "tui/core/console.h"
#include "widgets/inputbox.h"
#include "widgets/prompt.h"

/* The overlay: the question's texts, copied. */
struct askline {
	char *title, *label, *hint;
	char *lines[CONSOLE_LINE_ASK_LINES + 1]; /* NULL-terminated */
	struct prompt prompt;
	enum console_line (*done)(void *arg, const char *text);
	void (*cancel)(void *arg);
	void (*drop)(void *arg);
	void *arg; /* the caller's until taken */
};

static bool
askline_key(void *arg, int key)
{
	struct askline *in = arg;

	switch (prompt_key(&in->prompt, key)) {
	case PROMPT_DONE:
		switch (in->done(in->arg, prompt_text(&in->prompt))) {
		case CONSOLE_LINE_KEEP:
			return true;
		case CONSOLE_LINE_TAKEN:
			in->arg = NULL;
			return false;
		case CONSOLE_LINE_CLOSE:
		default:
			return false;
		}
	case PROMPT_CANCELLED:
		if (in->cancel)
			in->cancel(in->arg);
		return false;
	case PROMPT_EDITING:
	default:
		return true;
	}
}

static void
askline_draw(void *arg, WINDOW *win, int h, int w)
{
	struct askline *in = arg;

	inputbox_draw(
	    win, h, w, in->title, in->lines, &in->prompt, in->label, in->hint);
}

static void
askline_free(void *arg)
{
	struct askline *in = arg;

	if (in->arg && in->drop)
		in->drop(in->arg);
	prompt_done(&in->prompt);
	free(in->title);
	free(in->label);
	free(in->hint);
	for (size_t i = 0; i < CONSOLE_LINE_ASK_LINES; i++)
		free(in->lines[i]);
	free(in);
}

static const struct console_overlay_ops askline_ops = {
    .key = askline_key,
    .draw = askline_draw,
    .free = askline_free,
};

void
console_ask_line(struct console *a, const struct console_line_ask *q, void *arg)
{
	struct askline *in = xcalloc(1, sizeof *in);
	size_t n = 0;

	in->title = xstrdup(q->title ? q->title : "");
	in->label = xstrdup(q->label ? q->label : "");
	in->hint = xstrdup(q->hint ? q->hint : "");
	for (size_t i = 0; i < CONSOLE_LINE_ASK_LINES; i++)
		if (q->lines[i])
			in->lines[n++] = xstrdup(q->lines[i]);
	in->done = q->done;
	in->cancel = q->cancel;
	in->drop = q->drop;
	in->arg = arg;
	prompt_init(&in->prompt);
	prompt_set(&in->prompt, q->value ? q->value : "");
	console_push_overlay(a, &askline_ops, in);
}
