/*
 * The terminal: curses start and stop, and restoring the terminal on every
 * way out (quit, signals, fatal errors, crashes).
 */
#ifndef TUI_CORE_TERM_H
#define TUI_CORE_TERM_H

#include <stdbool.h>

/* Saves the terminal state and installs the crash handlers. */
void term_init(void);
/* Enters curses mode (alternate screen, raw keys, mouse when asked). */
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
