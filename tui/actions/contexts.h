/* :ctx: the docker CLI's contexts, listed and switched to in the console. */
#ifndef TUI_ACTIONS_CONTEXTS_H
#define TUI_ACTIONS_CONTEXTS_H

struct console;

/*
 * ":ctx" lists the contexts to pick one; ":ctx NAME" switches to NAME.
 * The console then shows that context's engine instead of the current one.
 */
void contexts_command(struct console *, const char *name);

#endif
