/*
 * Attach and exec: the shell picker overlay, and the session that copies
 * bytes between the terminal (handed over by console_with_terminal) and a
 * hijacked connection, with resizes and client-side detach keys.
 */

#include "tui/actions/attach.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/context.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/hijack.h"
#include "api/model.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tui/actions/actions.h"
#include "tui/core/audit.h"
#include "tui/core/config.h"
#include "tui/core/console.h"
#include "tui/core/store.h"
#include "tui/core/term.h"
#include "widgets/form.h"
#include "widgets/key.h"
#include "widgets/text.h"

/* The shells the picker offers, tried in this order by "auto". */
static const char *const attach_shells[] = {"bash", "sh", "ash", NULL};
#define ATTACH_N_SHELLS (sizeof attach_shells / sizeof attach_shells[0] - 1)

/* How long the blocking calls of a session wait, in milliseconds. */
#define ATTACH_PROBE_MS 10000 /* a shell probe */
#define ATTACH_SEND_MS 10000 /* typed bytes to the engine */
#define ATTACH_EXIT_CODE_MS 3000 /* an exec's exit code */
#define ATTACH_WAIT_MS 5000 /* a container's end */
#define ATTACH_POLL_OUT_MS 1000 /* room on the terminal */
#define ATTACH_RESIZE_POLL_MS 100 /* a quiet moment for the first resize */
/* Tries of an exec's first resize, which the engine refuses early. */
#define ATTACH_RESIZE_TRIES 10
/* Seconds that make a resize or a failed session slow, not quick. */
#define ATTACH_SLOW_RESIZE_S 1
#define ATTACH_QUICK_FAIL_S 3

/* The keys the line editor of attach_cook knows. */
#define ATTACH_KEY_EOF 0x04 /* ctrl-d */
#define ATTACH_KEY_KILL 0x15 /* ctrl-u: erase the line */
#define ATTACH_KEY_DEL 0x7f

/* The SIGWINCH self-pipe of the running session. */
static int attach_winch_pipe[2] = {-1, -1};

enum attach_end {
	ATTACH_END_EOF, /* the process ended */
	ATTACH_END_DETACH, /* the user typed the detach keys */
	ATTACH_END_SIGNAL, /* berth was told to stop */
	ATTACH_END_ERROR,
};

struct attach_session {
	struct console *app;
	struct engine *engine; /* the container's */
	bool exec;
	char *container_id;
	char *name; /* for messages */
	char **cmd; /* exec: NULL picks a shell */
	char *user;

	struct docker *d; /* a client of its own: see session_run */
	struct hijack *h;
	char *exec_id;
	char *what; /* "exec sh in web1" or "web1" */
	bool tty;
	bool send_stdin;
	struct hijack_detach dk;
	char *dk_spec;
	struct demux dm;
	bool out_failed;
	int resize_tries; /* exec resizes left to retry */
	int signals[8]; /* to raise again once the console is back */
	size_t n_signals;
	bool winched;
	bool pause_at_end; /* keep the last output until a key */
	bool cook; /* we edit lines (a container without a TTY) */
	struct buf line; /* the line being edited */
	bool eof_sent;

	char *message; /* the outcome, for the status bar */
	int level; /* 0 ok, 1 info, 2 error */
};

/*
 * Tells the sessions pane that berth opened this exec session (or attached
 * to this container): its data is the id.
 */
static void
attach_remember(struct attach_session *s, const char *id)
{
	if (id != NULL)
		pane_receive(console_pane_of_kind(s->app, KIND_EXEC), "ours",
		    id, strlen(id));
}

/*
 * A copy safe to print on the raw terminal, through the sanitizing writer
 * (THE RULE in widgets/text.h): no C0, DEL, C1 or invalid UTF-8 passes.
 */
static char *
attach_clean(const char *s)
{
	return text_clean(s, TEXT_NUL, text_tty_flags(STDOUT_FILENO));
}

static bool
attach_write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = {fd, POLLOUT, 0};

			poll(&pfd, 1, ATTACH_POLL_OUT_MS);
		} else if (n < 0 && errno == EINTR)
			continue;
		else
			return false;
	}
	return true;
}

static void
attach_on_winch(int sig)
{
	int saved = errno;
	char b = 1;

	(void)sig;
	if (attach_winch_pipe[1] >= 0 &&
	    write(attach_winch_pipe[1], &b, 1) < 0) {
		/* A full pipe already says that the size changed. */
	}
	errno = saved;
}

static void
attach_set_message(struct attach_session *s, int level, char *msg)
{
	free(s->message);
	s->message = msg;
	s->level = level;
}

/* The container's output, demultiplexed, to our stdout and stderr. */
static void
attach_on_output(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct attach_session *s = arg;
	int fd = st == DEMUX_STDOUT ? STDOUT_FILENO : STDERR_FILENO;

	if (!s->out_failed && !attach_write_all(fd, data, len))
		s->out_failed = true;
}

/* Sends the terminal's size; false when the engine refused it. */
static bool
attach_resize(struct attach_session *s)
{
	struct winsize ws;
	char *cause = NULL;
	bool ok;

	if (!s->tty)
		return true;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return true;
	if (s->exec)
		ok = hijack_exec_resize(
		    s->d, s->exec_id, ws.ws_row, ws.ws_col, &cause);
	else
		ok = hijack_container_resize(
		    s->d, s->container_id, ws.ws_row, ws.ws_col, &cause);
	free(cause);
	return ok;
}

/* Reads everything the connection has. 0: go on, 1: end of stream, -1. */
static int
attach_drain(struct attach_session *s)
{
	char tmp[16384];
	ssize_t n;

	for (;;) {
		n = hijack_recv(s->h, tmp, sizeof tmp);
		if (n > 0) {
			if (!demux_feed(&s->dm, tmp, (size_t)n)) {
				attach_set_message(s, 2,
				    xasprintf(
					"%s: the "
					"engine's stream could not be read",
					s->what));
				return -1;
			}
			if (s->out_failed) {
				attach_set_message(s, 2,
				    xasprintf("%s: the "
					      "terminal cannot be written",
					s->what));
				return -1;
			}
			continue;
		}
		if (n == 0)
			return 1;
		if (errno == EAGAIN)
			return 0;
		attach_set_message(s, 2,
		    xasprintf("%s: %s", s->what,
			hijack_error(s->h) ? hijack_error(s->h)
					   : "the connection failed"));
		return -1;
	}
}

static void
attach_note_signal(struct attach_session *s, int sig)
{
	for (size_t i = 0; i < s->n_signals; i++)
		if (s->signals[i] == sig)
			return;
	if (s->n_signals < sizeof s->signals / sizeof s->signals[0])
		s->signals[s->n_signals++] = sig;
}

/*
 * Line editing for a container without a TTY: nothing there echoes or
 * edits, and the terminal cannot do it for us while keys must come one at
 * a time (for the detach keys). Whole lines go to out.
 */
static void
attach_cook(
    struct attach_session *s, const char *in, size_t len, struct buf *out)
{
	struct buf echo;

	buf_init(&echo);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '\r' || c == '\n') {
			buf_putc(&s->line, '\n');
			buf_append(out, s->line.data, s->line.len);
			buf_reset(&s->line);
			buf_puts(&echo, "\r\n");
		} else if (c == ATTACH_KEY_DEL || c == '\b') {
			/* One character: a UTF-8 lead byte and what follows. */
			while (s->line.len > 0 &&
			       ((unsigned char)s->line.data[--s->line.len] &
				   0xc0) == 0x80)
				continue;
			buf_puts(&echo, "\b \b");
		} else if (c == ATTACH_KEY_KILL) {
			for (size_t k = 0; k < s->line.len; k++)
				if (((unsigned char)s->line.data[k] & 0xc0) !=
				    0x80)
					buf_puts(&echo, "\b \b");
			buf_reset(&s->line);
		} else if (c == ATTACH_KEY_EOF) {
			/* ctrl-d: the line so far, or the end of input. */
			if (s->line.len == 0)
				s->eof_sent = true;
			buf_append(out, s->line.data, s->line.len);
			buf_reset(&s->line);
		} else if (c >= 0x20 || c == '\t') {
			buf_putc(&s->line, (char)c);
			buf_putc(&echo, (char)c);
		}
	}
	attach_write_all(STDOUT_FILENO, echo.data, echo.len);
	buf_done(&echo);
}

/* Typed bytes: detach keys, then the rest to the container. */
static int
attach_stdin(struct attach_session *s, bool *stdin_open, struct buf *fwd)
{
	char tmp[4096];
	ssize_t n = read(STDIN_FILENO, tmp, sizeof tmp);
	bool detach;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		/* No more input: tell the container, keep its output. */
		*stdin_open = false;
		if (s->send_stdin)
			hijack_close_write(s->h);
		return 0;
	}
	buf_reset(fwd);
	detach = hijack_detach_feed(&s->dk, tmp, (size_t)n, fwd);
	if (s->cook && !detach) {
		struct buf typed = *fwd;

		buf_init(fwd);
		attach_cook(s, typed.data, typed.len, fwd);
		buf_done(&typed);
	}
	if (fwd->len > 0 && s->send_stdin &&
	    !hijack_send_all(s->h, fwd->data, fwd->len, ATTACH_SEND_MS)) {
		attach_set_message(s, 2,
		    xasprintf("%s: %s", s->what,
			hijack_error(s->h) ? hijack_error(s->h)
					   : "the engine stopped reading"));
		return -1;
	}
	if (s->eof_sent && s->send_stdin) {
		s->eof_sent = false;
		hijack_close_write(s->h);
	}
	return detach ? 1 : 0;
}

/* Copies both ways until the stream ends, the user detaches or a signal. */
static enum attach_end
attach_loop(struct attach_session *s)
{
	bool stdin_open = true;
	struct buf fwd;
	enum attach_end end;
	int sigfd = term_signal_fd(), rc;

	buf_init(&fwd);
	for (;;) {
		struct pollfd fds[4];
		nfds_t nf = 0;
		int i_in = -1, i_winch, i_sig = -1;

		/* TLS keeps bytes poll() cannot see: read to EAGAIN first. */
		rc = attach_drain(s);
		if (rc != 0) {
			end = rc > 0 ? ATTACH_END_EOF : ATTACH_END_ERROR;
			break;
		}
		fds[nf++] = (struct pollfd){hijack_fd(s->h), POLLIN, 0};
		i_winch = (int)nf;
		fds[nf++] = (struct pollfd){attach_winch_pipe[0], POLLIN, 0};
		if (stdin_open) {
			i_in = (int)nf;
			fds[nf++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
		}
		if (sigfd >= 0) {
			i_sig = (int)nf;
			fds[nf++] = (struct pollfd){sigfd, POLLIN, 0};
		}
		rc = poll(
		    fds, nf, s->resize_tries > 0 ? ATTACH_RESIZE_POLL_MS : -1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			attach_set_message(s, 2,
			    xasprintf(
				"%s: poll: %s", s->what, strerror(errno)));
			end = ATTACH_END_ERROR;
			break;
		}
		/*
		 * An exec's first resize waits for a quiet moment: the engine
		 * refuses it before the process exists (so try again), and
		 * hangs on it when the process failed to start (whose error
		 * and end of stream must be read first).
		 */
		if (s->resize_tries > 0 && fds[0].revents == 0) {
			struct timespec t0, t1;

			clock_gettime(CLOCK_MONOTONIC, &t0);
			if (attach_resize(s))
				s->resize_tries = 0;
			else {
				clock_gettime(CLOCK_MONOTONIC, &t1);
				s->resize_tries =
				    t1.tv_sec - t0.tv_sec > ATTACH_SLOW_RESIZE_S
					? 0
					: s->resize_tries - 1;
			}
		}
		if (fds[i_winch].revents) {
			char b[64];

			while (read(attach_winch_pipe[0], b, sizeof b) > 0)
				continue;
			s->winched = true;
			attach_resize(s);
		}
		if (i_sig >= 0 && fds[i_sig].revents) {
			int sig;
			bool stop = false;

			while ((sig = term_next_signal()) != 0) {
				attach_note_signal(s, sig);
				if (sig == SIGTERM || sig == SIGHUP ||
				    sig == SIGINT)
					stop = true;
			}
			if (stop) {
				end = ATTACH_END_SIGNAL;
				break;
			}
		}
		if (i_in >= 0 && fds[i_in].revents) {
			rc = attach_stdin(s, &stdin_open, &fwd);
			if (rc != 0) {
				end = rc > 0 ? ATTACH_END_DETACH
					     : ATTACH_END_ERROR;
				break;
			}
		}
	}
	buf_done(&fwd);
	return end;
}

/* The command as a shell would read it back, for messages (owned). */
static char *
attach_join(char *const *argv)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; argv[i]; i++) {
		const char *a = argv[i];

		if (i)
			buf_putc(&b, ' ');
		if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
				    "OPQRSTUVWXYZ0123456789_./=:,@%+-") ==
			      strlen(a)) {
			buf_puts(&b, a);
			continue;
		}
		buf_putc(&b, '\'');
		for (; *a; a++)
			if (*a == '\'')
				buf_puts(&b, "'\\''");
			else
				buf_putc(&b, *a);
		buf_putc(&b, '\'');
	}
	return buf_steal(&b);
}

/* Picks the first of bash, sh, ash that runs; false with a message. */
static bool
attach_pick_shell(struct attach_session *s)
{
	/* One exec usually tells: sh looks for the others itself. */
	static const char script[] =
	    "for s in bash sh ash; do "
	    "command -v $s >/dev/null && { echo $s; exit 0; }; done; exit 1";
	const char *ask[] = {"sh", "-c", script, NULL};
	char *last = NULL, *cause = NULL, *xid = NULL;
	struct buf out, err;
	int code;

	buf_init(&out);
	buf_init(&err);
	code = hijack_exec_run_id(s->d, s->container_id, ask, s->user, &out,
	    &err, ATTACH_PROBE_MS, &xid, &cause);
	/* The probe is berth's own session too. */
	attach_remember(s, xid);
	free(xid);
	if (code == 0)
		out.len = strcspn(buf_cstr(&out), "\r\n");
	for (size_t i = 0; code == 0 && attach_shells[i]; i++)
		if (out.len == strlen(attach_shells[i]) &&
		    memcmp(out.data, attach_shells[i], out.len) == 0) {
			s->cmd = xcalloc(2, sizeof *s->cmd);
			s->cmd[0] = xstrdup(attach_shells[i]);
			goto done;
		}
	/* No sh: try the others directly. */
	for (size_t i = 0; cause == NULL && attach_shells[i]; i++) {
		const char *probe[] = {attach_shells[i], "-c", "exit 0", NULL};

		if (strcmp(attach_shells[i], "sh") == 0)
			continue;
		buf_reset(&err);
		code = hijack_exec_run_id(s->d, s->container_id, probe, s->user,
		    NULL, &err, ATTACH_PROBE_MS, &xid, &cause);
		attach_remember(s, xid);
		free(xid);
		if (code == 0) {
			s->cmd = xcalloc(2, sizeof *s->cmd);
			s->cmd[0] = xstrdup(attach_shells[i]);
			goto done;
		}
		free(last);
		last = err.len ? xstrndup(err.data, strcspn(err.data, "\r\n"))
			       : NULL;
	}
	if (cause)
		/* The engine refused (a stopped container, a bad user). */
		attach_set_message(
		    s, 2, xasprintf("exec in %s: %s", s->name, cause));
	else
		attach_set_message(s, 2,
		    xasprintf("exec in %s: no shell "
			      "found (bash, sh, ash)%s%s",
			s->name, last ? ": " : "", last ? last : ""));
done:
	free(cause);
	free(last);
	buf_done(&out);
	buf_done(&err);
	return s->cmd != NULL;
}

/* Creates the exec, or inspects the container; then opens the stream. */
static bool
attach_open(struct attach_session *s)
{
	char *cause = NULL;

	if (s->exec) {
		struct hijack_exec_opts o = {0};
		char *joined;

		if (s->cmd == NULL && !attach_pick_shell(s))
			return false;
		s->tty = isatty(STDIN_FILENO);
		o.cmd = (const char *const *)s->cmd;
		o.user = s->user;
		o.tty = s->tty;
		o.attach_stdin = true;
		o.detach_keys = s->dk_spec;
		joined = attach_join(s->cmd);
		free(s->what);
		s->what = xasprintf("exec %s in %s", joined, s->name);
		free(joined);
		s->exec_id =
		    hijack_exec_create(s->d, s->container_id, &o, &cause);
		if (s->exec_id == NULL) {
			attach_set_message(
			    s, 2, xasprintf("%s: %s", s->what, cause));
			free(cause);
			return false;
		}
		attach_remember(s, s->exec_id);
		s->send_stdin = true;
		s->h = hijack_exec_start(s->d, s->exec_id, s->tty, &cause);
	} else {
		struct docker_container_detail *c;
		struct docker_result r;

		docker_sync_call(s->d,
		    docker_container_inspect(
			s->d, s->container_id, docker_sync_fill, &r),
		    &r);
		if (r.status != DOCKER_OK) {
			attach_set_message(s, 2,
			    xasprintf("attach to %s: %s", s->name,
				r.message ? r.message
					  : docker_status_str(r.status)));
			docker_result_done(&r);
			return false;
		}
		c = decode_container_detail(r.body, r.len, &cause);
		docker_result_done(&r);
		if (c == NULL) {
			attach_set_message(s, 2,
			    xasprintf("attach to %s: %s", s->name, cause));
			free(cause);
			return false;
		}
		if (!c->running || c->paused) {
			attach_set_message(s, 2,
			    xasprintf("%s is %s: nothing "
				      "to attach to",
				s->name, c->paused ? "paused" : "not running"));
			docker_container_detail_free(c);
			return false;
		}
		s->tty = c->tty;
		s->send_stdin = c->open_stdin;
		docker_container_detail_free(c);
		attach_remember(s, s->container_id);
		s->h = hijack_attach(s->d, s->container_id, s->dk_spec, &cause);
	}
	if (s->h == NULL) {
		attach_set_message(s, 2, xasprintf("%s: %s", s->what, cause));
		free(cause);
		return false;
	}
	demux_init(&s->dm, s->tty, attach_on_output, s);
	return true;
}

/* Detach keys from the docker config, or the default. */
static void
attach_detach_keys(struct attach_session *s, char **warning)
{
	char *dir = context_config_dir(), *spec, *cause = NULL;

	spec = hijack_config_detach_keys(dir);
	free(dir);
	if (spec && !hijack_detach_parse(&s->dk, spec, &cause)) {
		*warning = xasprintf("detachKeys in the docker config: %s; "
				     "using %s",
		    cause, HIJACK_DETACH_DEFAULT);
		free(cause);
		free(spec);
		spec = NULL;
	}
	if (spec == NULL) {
		spec = xstrdup(HIJACK_DETACH_DEFAULT);
		if (!hijack_detach_parse(&s->dk, spec, &cause))
			free(cause);
	}
	s->dk_spec = spec;
}

/* Whether the engine still answers a ping, once the stream has ended. */
static bool
attach_engine_answers(struct attach_session *s)
{
	struct docker_result r;
	bool ok;

	docker_sync_ping(s->d, &r);
	ok = r.status == DOCKER_OK;
	docker_result_done(&r);
	return ok;
}

/* What to tell once the session is over. */
static void
attach_outcome(struct attach_session *s, enum attach_end end)
{
	char *cause = NULL;
	int code = -1;

	switch (end) {
	case ATTACH_END_DETACH:
		attach_set_message(s, 0,
		    s->exec ? xasprintf("detached from "
					"%s",
				  s->what)
			    : xasprintf("detached from %s; it keeps "
					"running",
				  s->name));
		break;
	case ATTACH_END_SIGNAL:
		attach_set_message(s, 1, xasprintf("%s: interrupted", s->what));
		break;
	case ATTACH_END_EOF:
		if (s->exec)
			code = hijack_exec_exit_code(
			    s->d, s->exec_id, ATTACH_EXIT_CODE_MS, &cause);
		else if (!hijack_container_wait(s->d, s->container_id,
			     ATTACH_WAIT_MS, &code, &cause))
			code = -1;
		if (code >= 0)
			attach_set_message(s, code == 0 ? 0 : 1,
			    xasprintf("%s exited with code %d", s->what, code));
		else if (!attach_engine_answers(s))
			/* The stream ended because the engine did: a failure,
			 * not an end (the audit log says error). */
			attach_set_message(s, 2,
			    xasprintf("%s: cut off, the engine is gone (%s)",
				s->what, cause ? cause : "no exit code"));
		else
			attach_set_message(s, 1,
			    xasprintf("%s ended (%s)", s->what,
				cause ? cause : "no exit code"));
		free(cause);
		break;
	case ATTACH_END_ERROR:
		break;
	}
}

/*
 * A command's last output would vanish under the console at once: show
 * the outcome and wait for a key (or a signal) first.
 */
static void
attach_pause(struct attach_session *s)
{
	char *msg, *clean = attach_clean(s->message), b[64];
	struct pollfd fds[2];
	nfds_t nf = 0;

	msg = xasprintf("\r\n[%s; press a key to return to berth]\r\n", clean);
	free(clean);
	attach_write_all(STDOUT_FILENO, msg, strlen(msg));
	free(msg);
	fds[nf++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
	if (term_signal_fd() >= 0)
		fds[nf++] = (struct pollfd){term_signal_fd(), POLLIN, 0};
	while (poll(fds, nf, -1) < 0 && errno == EINTR)
		continue;
	if (fds[0].revents && read(STDIN_FILENO, b, sizeof b) < 0) {
		/* Whatever it was, the user is back. */
	}
}

/*
 * The session, with the terminal ours. It uses a client of its own so that
 * its blocking calls do not run the console's callbacks meanwhile.
 */
static int
attach_session_run(void *arg)
{
	struct attach_session *s = arg;
	struct sigaction sa, old_winch;
	struct termios saved, mode;
	struct timespec t0, t1;
	bool have_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	struct docker_result r;
	enum attach_end end;
	char *cause = NULL, *warning = NULL, *keys, *banner, *name;

	s->d = docker_new(docker_endpoint(s->engine->d), &cause);
	if (s->d == NULL) {
		attach_set_message(s, 2, xasprintf("%s: %s", s->what, cause));
		free(cause);
		return -1;
	}
	docker_sync_ping(s->d, &r);
	if (r.status != DOCKER_OK) {
		attach_set_message(s, 2,
		    xasprintf("%s: %s", s->what,
			r.message ? r.message : docker_status_str(r.status)));
		docker_result_done(&r);
		return -1;
	}
	docker_result_done(&r);
	attach_detach_keys(s, &warning);
	if (pipe(attach_winch_pipe) != 0) {
		attach_set_message(
		    s, 2, xasprintf("%s: pipe: %s", s->what, strerror(errno)));
		free(warning);
		return -1;
	}
	for (int i = 0; i < 2; i++)
		fcntl(attach_winch_pipe[i], F_SETFL,
		    fcntl(attach_winch_pipe[i], F_GETFL) | O_NONBLOCK);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = attach_on_winch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, &old_winch);

	if (!attach_open(s)) {
		end = ATTACH_END_ERROR;
		goto restore;
	}
	if (have_tty) {
		mode = saved;
		if (s->tty)
			cfmakeraw(&mode);
		else {
			/* The container has no terminal: keys come one at a
			 * time (for the detach keys) and attach_cook edits
			 * lines; output keeps its newline translation. */
			mode.c_lflag &=
			    ~(tcflag_t)(ICANON | ISIG | IEXTEN | ECHO);
			mode.c_iflag &= ~(tcflag_t)(IXON);
			mode.c_cc[VMIN] = 1;
			mode.c_cc[VTIME] = 0;
			s->cook = true;
		}
		tcsetattr(STDIN_FILENO, TCSADRAIN, &mode);
	}
	keys = hijack_detach_describe(&s->dk);
	name = attach_clean(s->what);
	banner = xasprintf("%s%s %s detach with %s%s\r\n",
	    s->exec ? "" : "attached to ", name,
	    MB_CUR_MAX > 1 ? "\xe2\x80\x94" : "-", keys,
	    s->send_stdin ? "" : " (input is not sent: its stdin is closed)");
	attach_write_all(STDOUT_FILENO, banner, strlen(banner));
	free(banner);
	free(name);
	free(keys);
	if (s->exec && s->tty)
		s->resize_tries = ATTACH_RESIZE_TRIES;
	else
		attach_resize(s);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	end = attach_loop(s);
	if (end == ATTACH_END_EOF) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		attach_outcome(s, end);
		/* A quick failure (a user that does not exist) printed why. */
		if (s->pause_at_end ||
		    (s->level != 0 &&
			t1.tv_sec - t0.tv_sec < ATTACH_QUICK_FAIL_S))
			attach_pause(s);
	}

restore:
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
	if (s->h && s->tty) {
		/* Modes the container's programs may have left on. */
		static const char reset[] =
		    "\033[?2004l\033[?1000l\033[?1002l"
		    "\033[?1003l\033[?1006l\033[0m\033[?25h";

		attach_write_all(STDOUT_FILENO, reset, sizeof reset - 1);
	}
	sigaction(SIGWINCH, &old_winch, NULL);
	close(attach_winch_pipe[0]);
	close(attach_winch_pipe[1]);
	attach_winch_pipe[0] = attach_winch_pipe[1] = -1;
	if (s->h) {
		hijack_free(s->h);
		s->h = NULL;
		if (end != ATTACH_END_EOF)
			attach_outcome(s, end);
	}
	if (warning && s->level == 0)
		attach_set_message(s, 1, warning);
	else
		free(warning);
	return 0;
}

/* One line in the audit log per session: what ran, and how it ended. */
static void
attach_audit(struct console *a, const struct attach_session *s)
{
	char *obj = audit_object(s->engine, KIND_CONTAINER, s->container_id);
	char *act, *res, *joined = s->cmd ? attach_join(s->cmd) : NULL;

	if (s->exec)
		act = s->user ? xasprintf("exec %s (user %s)",
				    joined ? joined : "", s->user)
			      : xasprintf("exec %s", joined ? joined : "");
	else
		act = xstrdup("attach");
	if (s->level == 2)
		res = xasprintf("error: %s", s->message ? s->message : "");
	else
		res = s->message ? xasprintf("ok (%s)", s->message)
				 : xstrdup("ok");
	audit_log(a, s->engine, act, obj, res);
	free(res);
	free(act);
	free(obj);
	free(joined);
}

/* Runs one session and reports its outcome. Takes cmd and user. */
static void
attach_session(struct console *a, struct engine *e, bool exec,
    const char *container_id, const char *name, char **cmd, const char *user,
    bool pause_at_end)
{
	struct attach_session s;

	memset(&s, 0, sizeof s);
	buf_init(&s.line);
	s.app = a;
	s.engine = e;
	s.exec = exec;
	s.container_id = xstrdup(container_id);
	s.name = xstrdup(name);
	s.cmd = cmd;
	s.user = user && *user ? xstrdup(user) : NULL;
	s.pause_at_end = pause_at_end;
	/* Exec names its command once it is known. */
	s.what = exec ? xasprintf("exec in %s", name) : xstrdup(name);
	console_with_terminal(a, attach_session_run, &s);
	/* Signals that came during the session are the console's now. */
	if (s.winched)
		raise(SIGWINCH);
	for (size_t i = 0; i < s.n_signals; i++)
		raise(s.signals[i]);
	attach_audit(a, &s);
	if (s.message && s.level == 0)
		console_ok(a, "%s", s.message);
	else if (s.message && s.level == 1)
		console_info(a, "%s", s.message);
	else if (s.message)
		console_error(a, "%s", s.message);
	docker_free(s.d);
	free(s.container_id);
	free(s.name);
	strv_free(s.cmd);
	free(s.user);
	free(s.exec_id);
	free(s.what);
	free(s.dk_spec);
	free(s.message);
	buf_done(&s.line);
}

/* The name to show for a container (owned), and whether it may run. */
static char *
attach_precheck(struct console *a, struct engine *e, const char *id, bool *ok)
{
	const struct docker_container *c = store_container(&e->store, id);
	char *name = c && c->name ? xstrdup(c->name) : xstrndup(id, 12);

	*ok = true;
	if (c && c->state && strcmp(c->state, "running") != 0) {
		console_error(a, "%s is %s: %s it first", name, c->state,
		    strcmp(c->state, "paused") == 0 ? "unpause" : "start");
		*ok = false;
	}
	return name;
}

void
attach_container(struct console *a, struct engine *e, const char *container_id)
{
	char *name;
	bool ok;

	/* The console refuses changing actions already; callers that come
	 * here directly (run, then attach) are checked again. */
	if (console_read_only(a, e)) {
		char *obj = audit_object(e, KIND_CONTAINER, container_id);

		console_error(a, "read-only mode: attach refused");
		audit_log(a, e, "attach", obj, "refused: read-only");
		free(obj);
		return;
	}
	name = attach_precheck(a, e, container_id, &ok);
	if (ok)
		attach_session(
		    a, e, false, container_id, name, NULL, NULL, true);
	free(name);
}

struct attach_picker {
	struct console *app;
	struct engine *engine;
	char *container_id;
	char *name;
	struct form form;
	size_t f_shell, f_cmd, f_user;
};

/* Starts the session the picker describes; false keeps it open. */
static bool
attach_picker_submit(struct attach_picker *pk)
{
	const char *text = form_text(&pk->form, pk->f_cmd);
	size_t sel = form_choice(&pk->form, pk->f_shell);
	char **cmd = NULL, *cause = NULL, *user;
	bool typed = false;

	form_clear_errors(&pk->form);
	if (text && text[strspn(text, " \t")] != '\0') {
		if ((cmd = hijack_split_command(text, &cause)) == NULL) {
			form_set_error(&pk->form, pk->f_cmd, cause);
			form_focus(&pk->form, pk->f_cmd);
			free(cause);
			return false;
		}
		typed = true;
	} else if (sel > 0) {
		cmd = xcalloc(2, sizeof *cmd);
		cmd[0] = xstrdup(attach_shells[sel - 1]);
	}
	user = xstrdup(form_text(&pk->form, pk->f_user));
	attach_session(pk->app, pk->engine, true, pk->container_id, pk->name,
	    cmd, user, typed);
	free(user);
	return true;
}

static bool
attach_picker_key(void *arg, int key)
{
	struct attach_picker *pk = arg;

	/* Enter runs from any field: the defaults are what most want. */
	if (wkey_is_enter(key) || key == WKEY_CTRL('s'))
		return !attach_picker_submit(pk);
	switch (form_key(&pk->form, key)) {
	case FORM_CANCELLED:
		return false;
	case FORM_SUBMIT:
		return !attach_picker_submit(pk);
	case FORM_EDITING:
		break;
	}
	return true;
}

static void
attach_picker_draw(void *arg, WINDOW *win, int h, int w)
{
	struct attach_picker *pk = arg;

	(void)h;
	(void)w;
	form_draw(&pk->form, win);
}

static void
attach_picker_free(void *arg)
{
	struct attach_picker *pk = arg;

	form_done(&pk->form);
	free(pk->container_id);
	free(pk->name);
	free(pk);
}

static const struct console_overlay_ops attach_picker_ops = {
    .key = attach_picker_key,
    .draw = attach_picker_draw,
    .free = attach_picker_free,
};

void
attach_exec_container(
    struct console *a, struct engine *e, const char *container_id)
{
	struct attach_picker *pk;
	char *opts[ATTACH_N_SHELLS + 2], *title;
	bool ok;

	if (console_read_only(a, e) && !console_config(a)->read_only_exec) {
		char *obj = audit_object(e, KIND_CONTAINER, container_id);

		console_error(a, "read-only mode: exec refused (set "
				 "read-only-exec on to allow it)");
		audit_log(a, e, "exec", obj, "refused: read-only");
		free(obj);
		return;
	}
	pk = xcalloc(1, sizeof *pk);
	pk->app = a;
	pk->engine = e;
	pk->container_id = xstrdup(container_id);
	pk->name = attach_precheck(a, e, container_id, &ok);
	if (!ok) {
		attach_picker_free(pk);
		return;
	}
	title = xasprintf("exec in %s", pk->name);
	form_init(&pk->form, title);
	free(title);
	opts[0] = xstrdup("first of bash, sh, ash");
	for (size_t i = 0; i < ATTACH_N_SHELLS; i++)
		opts[i + 1] = xstrdup(attach_shells[i]);
	opts[ATTACH_N_SHELLS + 1] = NULL;
	pk->f_shell = form_add_choice(&pk->form, "shell", opts, 0);
	for (size_t i = 0; opts[i]; i++)
		free(opts[i]);
	pk->f_cmd = form_add_text(&pk->form, "or command", "");
	pk->f_user = form_add_text(&pk->form, "user (empty: default)", "");
	console_push_overlay(a, &attach_picker_ops, pk);
}

/* Attach to the container, or open the exec picker for it. */
static void
attach_start(struct console *a, struct engine *e, enum action act,
    const char *container_id)
{
	if (act == ACTION_ATTACH)
		attach_container(a, e, container_id);
	else
		attach_exec_container(a, e, container_id);
}

/* A sessions row whose id is an exec: act on that exec's container. */
struct attach_resolve {
	struct console *app;
	struct engine *engine;
	enum action act;
};

static void
attach_on_exec_inspect(const struct docker_reply *r, void *arg)
{
	struct attach_resolve *rs = arg;
	struct docker_exec *x = NULL;
	char *cause = NULL;

	if (r->status != DOCKER_OK)
		console_error(rs->app, "exec: %s",
		    r->message ? r->message : docker_status_str(r->status));
	else if ((x = decode_exec(r->body, r->len, &cause)) == NULL ||
		 x->container_id == NULL)
		console_error(rs->app, "exec: %s",
		    cause ? cause : "no container in the answer");
	else
		attach_start(rs->app, rs->engine, rs->act, x->container_id);
	docker_exec_free(x);
	free(cause);
	free(rs);
}

/*
 * The container a row of p is about (owned), or NULL when only the engine
 * knows: a row of exec sessions may be a container's own, name one through
 * the pane (its object), or be an exec to inspect.
 */
static char *
attach_container_of(struct pane *p, const char *row)
{
	const char *cid = NULL;

	if (p->ops->kind == KIND_CONTAINER ||
	    store_container(&pane_selected_engine(p)->store, row) != NULL)
		return xstrdup(row);
	if (p->ops->object && p->ops->object(p, &cid) == KIND_CONTAINER &&
	    cid != NULL)
		return xstrdup(cid);
	return NULL;
}

bool
attach_run(struct console *a, struct pane *p, enum action act)
{
	enum kind k = p->ops->kind;
	const char *id;
	char *cid;

	if (act != ACTION_ATTACH && act != ACTION_EXEC)
		return false;
	if (k != KIND_CONTAINER && k != KIND_EXEC)
		return false;
	if ((id = pane_selected_id(p)) == NULL) {
		console_info(a, "nothing selected");
		return true;
	}
	if ((cid = attach_container_of(p, id)) == NULL) {
		struct attach_resolve *rs = xcalloc(1, sizeof *rs);

		rs->app = a;
		rs->engine = pane_selected_engine(p);
		rs->act = act;
		docker_exec_inspect(
		    rs->engine->d, id, attach_on_exec_inspect, rs);
		return true;
	}
	attach_start(a, pane_selected_engine(p), act, cid);
	free(cid);
	return true;
}
