/*
 * ssh connections to engines: the processes behind them (started, read,
 * reaped and, at the end, stopped), and their stderr in plain words.
 */

#include "api/ssh.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/xalloc.h"

/* Finished connections remembered for their stderr, newest first. */
#define SSH_FINISHED_KEEP 16
/* How long an ssh killed with SIGTERM may take before SIGKILL. */
#define SSH_TERM_GRACE_MS 500

/*
 * One ssh process and its connection. Every one we started is in the
 * registry below until it was reaped and its socket closed, and then a
 * little longer for its stderr.
 */
struct ssh_conn {
	unsigned long id;
	const void *owner;
	pid_t pid; /* 0 once reaped */
	bool reaped; /* by us: status is valid */
	int status; /* wait status */
	int fd; /* our end of the socket; -1 once closed */
	int errfd; /* the read end of ssh's stderr; -1 at its end */
	unsigned long closed_seq; /* ssh_closes when closed; 0 while open */
	char err[SSH_STDERR_KEEP + 1]; /* the last bytes of stderr */
	size_t errlen;
	struct ssh_conn *next;
};

static struct ssh_conn *ssh_conns; /* newest first */
static unsigned long ssh_last_id;
static unsigned long ssh_closes;
static pid_t ssh_exit_pid; /* who registered the exit handler */
static char *ssh_dir_path; /* see ssh_dir() */
static bool ssh_dir_tried;

static long long
ssh_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *
ssh_program(void)
{
	const char *p = getenv("BERTH_SSH");

	return p && *p ? p : "ssh";
}

/* BERTH_SSH_BATCH=no: BatchMode is the user's ssh config's to set. */
static bool
ssh_batch_off(void)
{
	const char *v = getenv("BERTH_SSH_BATCH");

	return v != NULL && strcmp(v, "no") == 0;
}

char **
ssh_argv(const struct endpoint *ep, const char *program)
{
	char **v = xcalloc(1, sizeof *v);
	size_t n = 0;

	strv_push(&v, &n, xstrdup(program));
	if (ep->user) {
		strv_push(&v, &n, xstrdup("-l"));
		strv_push(&v, &n, xstrdup(ep->user));
	}
	if (endpoint_names_port(ep)) {
		strv_push(&v, &n, xstrdup("-p"));
		strv_push(&v, &n, xasprintf("%d", ep->port));
	}
	/*
	 * Never a prompt: there is no terminal to answer it (ssh runs in a
	 * session of its own, so it could not open berth's anyway), unless
	 * BERTH_SSH_BATCH=no leaves that to the user's ssh config (an
	 * SSH_ASKPASS program may then ask). Everything else (ControlMaster,
	 * ProxyJump, keys) is the user's config.
	 */
	if (!ssh_batch_off()) {
		strv_push(&v, &n, xstrdup("-o"));
		strv_push(&v, &n, xstrdup("BatchMode=yes"));
	}
	strv_push(&v, &n, xstrdup("--"));
	strv_push(&v, &n, xstrdup(ep->host));
	strv_push(&v, &n, xstrdup("docker"));
	strv_push(&v, &n, xstrdup("system"));
	strv_push(&v, &n, xstrdup("dial-stdio"));
	return v;
}

/* Appends to c's stderr, keeping only its last SSH_STDERR_KEEP bytes. */
static void
ssh_keep(struct ssh_conn *c, const char *p, size_t n)
{
	if (n >= SSH_STDERR_KEEP) {
		p += n - SSH_STDERR_KEEP;
		n = SSH_STDERR_KEEP;
		c->errlen = 0;
	}
	if (c->errlen + n > SSH_STDERR_KEEP) {
		size_t drop = c->errlen + n - SSH_STDERR_KEEP;

		memmove(c->err, c->err + drop, c->errlen - drop);
		c->errlen -= drop;
	}
	memcpy(c->err + c->errlen, p, n);
	c->errlen += n;
	c->err[c->errlen] = '\0';
}

/* Reads what c's stderr holds now; closes it at its end. */
static void
ssh_read_err(struct ssh_conn *c)
{
	char tmp[1024];
	ssize_t n;

	while (c->errfd >= 0) {
		n = read(c->errfd, tmp, sizeof tmp);
		if (n > 0) {
			ssh_keep(c, tmp, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		close(c->errfd);
		c->errfd = -1;
	}
}

/* Reaps c's process if it ended; never waits. */
static void
ssh_reap_one(struct ssh_conn *c)
{
	pid_t p;
	int st;

	if (c->pid <= 0)
		return;
	do
		p = waitpid(c->pid, &st, WNOHANG);
	while (p < 0 && errno == EINTR);
	if (p == c->pid) {
		c->status = st;
		c->reaped = true;
		c->pid = 0;
	} else if (p < 0 && errno == ECHILD) {
		/* Someone else's waitpid(-1) took it. */
		c->pid = 0;
	}
}

static bool
ssh_finished(const struct ssh_conn *c)
{
	return c->fd < 0 && c->pid == 0;
}

/*
 * Drops what no one needs any more: finished connections beyond the
 * newest SSH_FINISHED_KEEP (their stderr is read and closed first).
 */
static void
ssh_prune(void)
{
	struct ssh_conn **pp = &ssh_conns, *c;
	size_t kept = 0;

	while ((c = *pp) != NULL) {
		if (!ssh_finished(c)) {
			pp = &c->next;
			continue;
		}
		/* It exited: what it wrote is all there (unless a child of
		 * its own still holds the pipe, which we do not wait for). */
		ssh_read_err(c);
		if (c->errfd >= 0) {
			close(c->errfd);
			c->errfd = -1;
		}
		if (++kept <= SSH_FINISHED_KEEP) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		free(c);
	}
}

void
ssh_poll(void)
{
	for (struct ssh_conn *c = ssh_conns; c; c = c->next) {
		if (c->errfd >= 0 && (c->fd >= 0 || c->pid > 0))
			ssh_read_err(c);
		ssh_reap_one(c);
	}
	ssh_prune();
}

static struct ssh_conn *
ssh_find(unsigned long id)
{
	struct ssh_conn *c;

	for (c = ssh_conns; c && c->id != id; c = c->next)
		;
	return c;
}

/* Signals c's process group (ssh leads its own session), or c alone. */
static void
ssh_signal(const struct ssh_conn *c, int sig)
{
	if (c->pid > 0 && kill(-c->pid, sig) != 0)
		kill(c->pid, sig);
}

/* Whether c is one that ssh_end() must end. */
static bool
ssh_ending(const struct ssh_conn *c, const void *owner, bool all)
{
	return c->pid > 0 && (all || (c->owner == owner && c->fd < 0));
}

/* Reaps the ones to end until none is left or ms pass; true when none. */
static bool
ssh_wait_ended(const void *owner, bool all, int ms)
{
	long long deadline = ssh_now_ms() + ms;

	for (;;) {
		bool left = false;

		for (struct ssh_conn *c = ssh_conns; c; c = c->next) {
			if (!ssh_ending(c, owner, all))
				continue;
			ssh_reap_one(c);
			left = left || c->pid > 0;
		}
		if (!left)
			return true;
		if (ssh_now_ms() >= deadline)
			return false;
		poll(NULL, 0, 5);
	}
}

/* Ends the processes of owner's closed connections (all: every one). */
static void
ssh_end(const void *owner, bool all, int grace_ms)
{
	if (ssh_wait_ended(owner, all, grace_ms))
		return;
	for (struct ssh_conn *c = ssh_conns; c; c = c->next)
		if (ssh_ending(c, owner, all))
			ssh_signal(c, SIGTERM);
	if (ssh_wait_ended(owner, all, SSH_TERM_GRACE_MS))
		return;
	for (struct ssh_conn *c = ssh_conns; c; c = c->next) {
		if (!ssh_ending(c, owner, all))
			continue;
		ssh_signal(c, SIGKILL);
		while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
			;
		c->reaped = true;
		c->pid = 0;
	}
}

void
ssh_finish(const void *owner, int grace_ms)
{
	ssh_end(owner, false, grace_ms);
	ssh_prune();
}

/*
 * At exit, no ssh of ours may stay, nor our directory: not in a forked
 * child, though.
 */
static void
ssh_at_exit(void)
{
	if (getpid() != ssh_exit_pid)
		return;
	for (struct ssh_conn *c = ssh_conns; c; c = c->next)
		if (c->fd >= 0) {
			close(c->fd);
			c->fd = -1;
		}
	ssh_end(NULL, true, 100);
	if (ssh_dir_path)
		rmdir(ssh_dir_path);
}

static void
ssh_on_exit(void)
{
	if (ssh_exit_pid != getpid()) {
		ssh_exit_pid = getpid();
		atexit(ssh_at_exit);
	}
}

const char *
ssh_dir(void)
{
	const char *bases[] = {
	    getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp"};

	if (ssh_dir_tried)
		return ssh_dir_path;
	ssh_dir_tried = true;
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		char *d;

		if (bases[i] == NULL || bases[i][0] != '/')
			continue;
		d = xasprintf("%s/berth-ssh-XXXXXX", bases[i]);
		/* Room for the names in it, in a sun_path. */
		if (strlen(d) + 24 <=
			sizeof(((struct sockaddr_un *)0)->sun_path) &&
		    mkdtemp(d) != NULL) {
			ssh_dir_path = d;
			ssh_on_exit();
			break;
		}
		free(d);
	}
	return ssh_dir_path;
}

/*
 * Names ssh's end of the socket (the name goes from the file system at
 * once, not from the socket): libcurl reuses a connection only when
 * getpeername() gives it a non-empty address.
 */
static void
ssh_name(int fd, unsigned long id)
{
	const char *dir = ssh_dir();
	struct sockaddr_un sa;
	int n;

	if (dir == NULL)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	n = snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%lu", dir, id);
	if (n < 0 || (size_t)n >= sizeof sa.sun_path)
		return;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		unlink(sa.sun_path);
}

/*
 * Marks every fd from 3 up close-on-exec: close_range() where the kernel
 * has it, else one by one up to a sane limit. Runs in the child.
 */
static void
ssh_cloexec_from(int lowfd)
{
	long max;

#if defined(SYS_close_range)
	/* CLOSE_RANGE_CLOEXEC, which older headers lack. */
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 1U << 2) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = lowfd; fd < max; fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* The child: becomes ssh, or reports errno on execw and exits. */
static void
ssh_child(char **argv, int sock, int errw, int execw)
{
	struct sigaction sa;
	sigset_t none;
	int s, e, x, err;

	/* Move everything above 2 first, so that the dup2()s below cannot
	 * clobber each other whatever fds we were given. */
	x = fcntl(execw, F_DUPFD_CLOEXEC, 3);
	s = fcntl(sock, F_DUPFD_CLOEXEC, 3);
	e = fcntl(errw, F_DUPFD_CLOEXEC, 3);
	if (x < 0)
		_exit(127);
	if (s < 0 || e < 0 || dup2(s, 0) < 0 || dup2(s, 1) < 0 ||
	    dup2(e, 2) < 0)
		goto fail;
	/* Its own session: no terminal to prompt on, and a Ctrl-C on the
	 * console is not for it. */
	setsid();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	ssh_cloexec_from(3);
	execvp(argv[0], argv);
fail:
	err = errno;
	while (write(x, &err, sizeof err) < 0 && errno == EINTR)
		;
	_exit(127);
}

static void
ssh_close_pair(int *p)
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0) {
			close(p[i]);
			p[i] = -1;
		}
}

static bool
ssh_pipe(int *p)
{
	if (pipe(p) != 0) {
		p[0] = p[1] = -1;
		return false;
	}
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return true;
}

/* Why the program could not run, in words (owned). */
static char *
ssh_exec_cause(const char *prog, int err)
{
	const char *env = getenv("BERTH_SSH");

	if (err == ENOENT && env && *env)
		return xasprintf("ssh is not installed: BERTH_SSH names %s, "
				 "which does not exist",
		    prog);
	if (err == ENOENT)
		return xstrdup("ssh is not installed: no ssh program on the "
			       "PATH (or BERTH_SSH)");
	return xasprintf("ssh: cannot run %s: %s", prog, strerror(err));
}

int
ssh_dial(const struct endpoint *ep, const void *owner, unsigned long *id,
    char **cause)
{
	int sv[2] = {-1, -1}, ev[2] = {-1, -1}, xv[2] = {-1, -1};
	const char *prog = ssh_program();
	struct ssh_conn *c;
	char **argv;
	ssize_t n;
	pid_t pid;
	int err = 0;

	*cause = NULL;
	*id = 0;
	ssh_poll();
	ssh_on_exit();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 ||
	    !ssh_pipe(ev) || !ssh_pipe(xv)) {
		*cause = xasprintf("ssh: cannot start: %s", strerror(errno));
		goto fail;
	}
	ssh_name(sv[1], ssh_last_id + 1);
	argv = ssh_argv(ep, prog);
	pid = fork();
	if (pid == 0)
		ssh_child(argv, sv[1], ev[1], xv[1]);
	err = errno;
	strv_free(argv);
	close(sv[1]);
	close(ev[1]);
	close(xv[1]);
	sv[1] = ev[1] = xv[1] = -1;
	if (pid < 0) {
		*cause = xasprintf("ssh: cannot start: %s", strerror(err));
		goto fail;
	}
	/* The pipe closes on a successful exec; else it carries errno. */
	do
		n = read(xv[0], &err, sizeof err);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof err) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		*cause = ssh_exec_cause(prog, err);
		goto fail;
	}
	ssh_close_pair(xv);
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	fcntl(ev[0], F_SETFL, fcntl(ev[0], F_GETFL) | O_NONBLOCK);

	c = xcalloc(1, sizeof *c);
	c->id = ++ssh_last_id;
	c->owner = owner;
	c->pid = pid;
	c->fd = sv[0];
	c->errfd = ev[0];
	c->next = ssh_conns;
	ssh_conns = c;
	*id = c->id;
	return c->fd;
fail:
	ssh_close_pair(sv);
	ssh_close_pair(ev);
	ssh_close_pair(xv);
	return -1;
}

bool
ssh_close(int fd)
{
	struct ssh_conn *c;

	for (c = ssh_conns; c && c->fd != fd; c = c->next)
		;
	if (c == NULL || fd < 0)
		return false;
	ssh_read_err(c);
	close(fd);
	c->fd = -1;
	c->closed_seq = ++ssh_closes;
	/* ssh sees the end of its input and goes; it usually has already
	 * when libcurl closes after a failure. Later polls reap the rest. */
	ssh_poll();
	return true;
}

unsigned long
ssh_close_count(void)
{
	return ssh_closes;
}

unsigned long
ssh_closed_since(const void *owner, unsigned long count)
{
	unsigned long best = 0, id = 0;

	for (struct ssh_conn *c = ssh_conns; c; c = c->next)
		if (c->owner == owner && c->closed_seq > count &&
		    c->closed_seq > best) {
			best = c->closed_seq;
			id = c->id;
		}
	return id;
}

char *
ssh_error(unsigned long id, const struct endpoint *ep, int wait_ms)
{
	struct ssh_conn *c = ssh_find(id);
	long long deadline = ssh_now_ms() + wait_ms;
	char *msg;

	if (c == NULL)
		return NULL;
	/* Give ssh a moment to finish its sentence. */
	for (;;) {
		struct pollfd pfd;
		long long left;

		ssh_read_err(c);
		if (c->errfd < 0)
			break;
		left = deadline - ssh_now_ms();
		if (left <= 0)
			break;
		pfd.fd = c->errfd;
		pfd.events = POLLIN;
		poll(&pfd, 1, (int)left);
	}
	if ((msg = ssh_explain(c->err, ep)) != NULL)
		return msg;
	/* It said nothing: then how it ended. Its stderr closed, so it is
	 * on its way out, which may take a moment more. */
	for (;;) {
		ssh_reap_one(c);
		if (c->pid == 0 || c->errfd >= 0 || ssh_now_ms() >= deadline)
			break;
		poll(NULL, 0, 2);
	}
	if (c->reaped && WIFEXITED(c->status) && WEXITSTATUS(c->status) != 0)
		return xasprintf("ssh to %s exited with status %d without "
				 "saying why",
		    ep->host, WEXITSTATUS(c->status));
	if (c->reaped && WIFSIGNALED(c->status))
		return xasprintf("ssh to %s was killed by signal %d", ep->host,
		    WTERMSIG(c->status));
	return NULL;
}

/* ---- stderr in words ---- */

/* Whether text holds needle, in any case. */
static bool
ssh_has(const char *text, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = text; *p; p++) {
		size_t i;

		for (i = 0; i < n && p[i]; i++) {
			char a = p[i], b = needle[i];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

/* Lines that say nothing about a failure. */
static bool
ssh_noise(const char *line, size_t len)
{
	static const char *const noise[] = {
	    "Warning: Permanently added",
	    "**", /* OpenSSH's post-quantum key exchange warning */
	    "Pseudo-terminal will not be allocated",
	};

	for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++) {
		size_t n = strlen(noise[i]);

		if (len >= n && strncmp(line, noise[i], n) == 0)
			return true;
	}
	return false;
}

/* The last line that says something, without blanks around it (owned). */
static char *
ssh_last_line(const char *text)
{
	const char *end = text + strlen(text), *bol, *eol;

	while (end > text) {
		eol = end;
		bol = eol;
		while (bol > text && bol[-1] != '\n')
			bol--;
		end = bol > text ? bol - 1 : text;
		while (bol < eol && (*bol == ' ' || *bol == '\t'))
			bol++;
		while (eol > bol && (eol[-1] == '\r' || eol[-1] == ' ' ||
					eol[-1] == '\t' || eol[-1] == '\n'))
			eol--;
		if (eol > bol && !ssh_noise(bol, (size_t)(eol - bol)))
			return xstrndup(bol, (size_t)(eol - bol));
	}
	return NULL;
}

/* "ssh [-p PORT] [USER@]HOST": the command that asks about a host key. */
static char *
ssh_command_for(const struct endpoint *ep)
{
	char *port = endpoint_names_port(ep) ? xasprintf("-p %d ", ep->port)
					     : xstrdup("");
	char *s = xasprintf("ssh %s%s%s%s", port, ep->user ? ep->user : "",
	    ep->user ? "@" : "", ep->host);

	free(port);
	return s;
}

/* The methods in "Permission denied (publickey,password).", or NULL. */
static char *
ssh_auth_methods(const char *text)
{
	const char *p, *open = NULL, *close;

	for (p = text; (p = strstr(p, "Permission denied (")) != NULL; p++)
		open = p + strlen("Permission denied (");
	if (open == NULL || (close = strchr(open, ')')) == NULL ||
	    close == open || memchr(open, '\n', (size_t)(close - open)))
		return NULL;
	return xstrndup(open, (size_t)(close - open));
}

/* What text says in berth's words, or NULL when it is nothing known. */
static char *
ssh_words(const char *text, const struct endpoint *ep)
{
	const char *host = ep->host ? ep->host : "the host";
	char *msg, *extra;

	/* What the far side said comes first: ssh itself worked then. */
	if (ssh_has(text, "docker: command not found") ||
	    ssh_has(text, "docker: not found") ||
	    ssh_has(text, "command not found: docker") ||
	    ssh_has(text, "\"docker\": executable file not found") ||
	    ssh_has(text, "'docker' is not recognized"))
		return xasprintf("ssh: docker is not installed on %s (docker "
				 "system dial-stdio)",
		    host);
	if (ssh_has(text, "permission denied while trying to connect to "
			  "the docker daemon socket"))
		return xasprintf("ssh: permission denied on the engine's "
				 "socket on %s (the ssh user must be root or "
				 "in the docker group there)",
		    host);
	if (ssh_has(text, "cannot connect to the docker daemon"))
		return xasprintf("ssh: the engine on %s is not running "
				 "(docker system dial-stdio cannot reach it)",
		    host);
	if (ssh_has(text, "dial-stdio") &&
	    (ssh_has(text, "unknown command") ||
		ssh_has(text, "is not a docker command")))
		return xasprintf("ssh: the docker CLI on %s is too old for "
				 "docker system dial-stdio (18.09 or newer "
				 "is needed)",
		    host);

	if (ssh_has(text, "remote host identification has changed") ||
	    ssh_has(text, "has changed and you have requested strict")) {
		char *cmd = ssh_command_for(ep);
		char *known = endpoint_names_port(ep)
				  ? xasprintf("'[%s]:%d'", host, ep->port)
				  : xstrdup(host);

		msg = xasprintf("ssh: the host key of %s has CHANGED since "
				"it was recorded (a reinstall, or someone in "
				"between); berth never accepts one itself: "
				"if the change is expected, remove the old key "
				"with ssh-keygen -R %s, then connect once with "
				"%s",
		    host, known, cmd);
		free(known);
		free(cmd);
		return msg;
	}
	if (ssh_has(text, "host key verification failed")) {
		char *cmd = ssh_command_for(ep);

		msg = xasprintf("ssh: the host key of %s is not known; berth "
				"never accepts one itself: check it, then "
				"connect once with %s",
		    host, cmd);
		free(cmd);
		return msg;
	}
	if (ssh_has(text, "permission denied (") ||
	    ssh_has(text, "too many authentication failures")) {
		extra = ssh_auth_methods(text);
		msg = xasprintf("ssh: authentication to %s%s%s failed (%s%s; "
				"berth cannot type a password or passphrase: "
				"use a key that the server knows, in "
				"ssh-agent or ~/.ssh/config)",
		    ep->user ? ep->user : "", ep->user ? "@" : "", host,
		    extra ? "the server accepts " : "too many keys tried",
		    extra ? extra : "");
		free(extra);
		return msg;
	}
	if (ssh_has(text, "could not resolve hostname"))
		return xasprintf("ssh: cannot resolve the host name %s", host);
	if (ssh_has(text, "connection refused"))
		return xasprintf("ssh: %s refused the connection (is sshd "
				 "running there, on that port?)",
		    host);
	if (ssh_has(text, "timeout, server"))
		return xasprintf("ssh: %s stopped answering (%s)", host,
		    "the ssh keepalive timed out");
	if (ssh_has(text, "timed out"))
		return xasprintf("ssh: connecting to %s timed out", host);
	if (ssh_has(text, "no route to host") ||
	    ssh_has(text, "network is unreachable"))
		return xasprintf(
		    "ssh: %s cannot be reached (no route to it)", host);

	return NULL;
}

char *
ssh_explain(const char *text, const struct endpoint *ep)
{
	char *line, *words, *msg;
	const char *said;

	if (text == NULL || (line = ssh_last_line(text)) == NULL)
		return NULL;
	said = strncmp(line, "ssh: ", 5) == 0 ? line + 5 : line;
	/* Berth's words for what it knows, and ssh's own last line. */
	if ((words = ssh_words(text, ep)) != NULL) {
		msg = xasprintf("%s (ssh said: %s)", words, said);
		free(words);
	} else
		msg = xasprintf("ssh: %s", said);
	free(line);
	return msg;
}
