/* Terminal set-up and the guarantees that it is restored on every exit. */

#include "tui/core/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "api/xalloc.h"
#include "widgets/text.h"

static struct termios term_saved;
static bool term_saved_ok;
static volatile sig_atomic_t term_curses_on;
static bool term_mouse_on;
static int term_pipe[2] = {-1, -1};

/* What endwin() would undo, as bytes, for the crash path where curses is
 * not safe to call: leave the alternate screen, show the cursor, reset
 * attributes and stop mouse reporting. */
static const char term_reset_seq[] =
    "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1049l\r\n";

/* TERM for a message: printable ASCII only, cut short. */
static const char *
term_name_safe(const char *name)
{
	static char out[40];
	size_t i;

	for (i = 0; name[i] && i < sizeof out - 1; i++)
		out[i] = name[i] > 0x20 && name[i] < 0x7f ? name[i] : '?';
	out[i] = '\0';
	return out;
}

static void
term_emergency_restore(void)
{
	if (!term_curses_on)
		return;
	term_curses_on = 0;
	if (term_saved_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &term_saved);
	if (write(STDOUT_FILENO, term_reset_seq, sizeof term_reset_seq - 1) < 0)
		return;
}

static void
term_crash(int sig)
{
	term_emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
term_on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	if (term_pipe[1] >= 0 && write(term_pipe[1], &b, 1) < 0) {
		/* A full pipe already has signals for the loop to see. */
	}
	errno = saved;
}

static void
term_atexit(void)
{
	term_stop();
}

void
term_init(void)
{
	struct sigaction sa;
	static const int crash[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	static const int soft[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCONT};

	if (tcgetattr(STDIN_FILENO, &term_saved) == 0)
		term_saved_ok = true;
	if (pipe(term_pipe) == 0) {
		for (int i = 0; i < 2; i++) {
			fcntl(term_pipe[i], F_SETFL,
			    fcntl(term_pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(term_pipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_on_signal;
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof soft / sizeof *soft; i++)
		sigaction(soft[i], &sa, NULL);
	sa.sa_handler = term_crash;
	sa.sa_flags = 0;
	for (size_t i = 0; i < sizeof crash / sizeof *crash; i++)
		sigaction(crash[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(term_atexit);
}

int
term_signal_fd(void)
{
	return term_pipe[0];
}

int
term_next_signal(void)
{
	unsigned char b;

	if (term_pipe[0] >= 0 && read(term_pipe[0], &b, 1) == 1)
		return b;
	return 0;
}

void
term_mouse(bool on)
{
	term_mouse_on = on;
	if (!term_curses_on)
		return;
	if (on) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
			      BUTTON5_PRESSED,
		    NULL);
		mouseinterval(0);
	} else
		mousemask(0, NULL);
}

bool
term_usable(char **cause)
{
	const char *name = getenv("TERM");
	const char *cup;
	int err = 0;

	*cause = NULL;
	if (name == NULL || *name == '\0') {
		*cause = xstrdup("TERM is not set: the console needs a "
				 "terminal that can move the cursor (try "
				 "TERM=xterm-256color)");
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*cause = xasprintf("the terminal type \"%s\" is not known "
				   "to this machine's terminfo (try "
				   "TERM=xterm-256color, or install "
				   "ncurses-term)",
		    term_name_safe(name));
		return false;
	}
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (cup == NULL || cup == (char *)-1) {
		*cause = xasprintf("the terminal \"%s\" cannot move the "
				   "cursor, which the console needs (try "
				   "TERM=xterm-256color); berth --bundle DIR "
				   "needs no terminal",
		    term_name_safe(name));
		return false;
	}
	return true;
}

/*
 * raw() also turns off the keys that send signals. Ctrl-Z gets its
 * signal back, so that berth stops like top and less do; ncurses's own
 * SIGTSTP handler (it installs one when the signal has no handler of
 * ours) leaves the screen, stops, and redraws after `fg`. Ctrl-C and
 * Ctrl-\ stay keys. The mode is saved as curses's program mode, so that
 * a resume after attach or a stop keeps it.
 */
static void
term_keep_suspend_key(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &t) != 0 ||
	    t.c_cc[VSUSP] == _POSIX_VDISABLE)
		return;
	t.c_lflag |= ISIG;
	t.c_cc[VINTR] = _POSIX_VDISABLE;
	t.c_cc[VQUIT] = _POSIX_VDISABLE;
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) == 0)
		def_prog_mode();
}

bool
term_start(bool mouse, bool *colors)
{
	if (initscr() == NULL)
		return false;
	term_curses_on = 1;
	raw();
	term_keep_suspend_key();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	*colors = has_colors();
	if (*colors) {
		start_color();
		use_default_colors();
	}
	term_mouse(mouse);
	/* Our own SIGWINCH handler feeds the loop; curses sees KEY_RESIZE
	 * after we call resizeterm. */
	return true;
}

void
term_stop(void)
{
	if (!term_curses_on)
		return;
	if (term_mouse_on)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	term_curses_on = 0;
}

void
term_suspend(void)
{
	if (!term_curses_on)
		return;
	if (term_mouse_on)
		mousemask(0, NULL);
	def_prog_mode();
	endwin();
}

void
term_resume(void)
{
	if (!term_curses_on)
		return;
	reset_prog_mode();
	term_mouse(term_mouse_on);
	clearok(curscr, TRUE);
	refresh();
}

bool
term_active(void)
{
	return term_curses_on;
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	term_stop();
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Through the sanitizing writer: THE RULE in widgets/text.h. */
	text_fprintf(stderr, TEXT_LINES, "berth: %s\n", msg);
	free(msg);
	exit(70);
}
