/*
 * The terminal: curses start and stop, and restoring the terminal on every
 * way out (quit, signals, fatal errors, crashes).
 */
#ifndef TUI_CORE_TERM_H
#define TUI_CORE_TERM_H

#include <stdbool.h>

/*
 * Whether curses can drive this terminal: TERM names a terminal the
 * terminfo database knows and it can address the cursor (cup). False
 * with *cause (owned) saying why otherwise (TERM=dumb, unset, unknown).
 * Call before term_start(), while stderr still reaches the user.
 */
bool term_usable(char **cause);

/* Saves the terminal state and installs the crash handlers. */
void term_init(void);
/*
 * Enters curses mode (alternate screen, raw keys, mouse when asked). The
 * terminal's suspend key (Ctrl-Z) still stops berth like top or less:
 * curses leaves the screen, the shell comes back, and `fg` redraws.
 */
bool term_start(bool mouse, bool *colors);
/* Leaves curses mode; safe to call twice. */
void term_stop(void);
/* Suspends curses for a program that needs the raw terminal (attach). */
void term_suspend(void);
void term_resume(void);
bool term_active(void);
void term_mouse(bool on);

/* Restores the terminal, prints the message and exits with status 70. */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * The read end of a pipe that receives one byte per SIGINT, SIGTERM,
 * SIGHUP, SIGWINCH or SIGTSTP/SIGCONT, for the loop to poll.
 */
int term_signal_fd(void);
/* Returns the next pending signal number, or 0. */
int term_next_signal(void);

#endif
