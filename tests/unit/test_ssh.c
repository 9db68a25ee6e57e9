/*
 * ssh endpoints: ssh's stderr in words, the command line, and fake ssh
 * programs that fail as real ones do. The whole client over a real ssh
 * (requests, streams, exec, attach) is tests/integration/test_ssh.c, with
 * the test engine and an sshd of its own; this tier needs neither.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/calls.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/hijack.h"
#include "api/ssh.h"
#include "api/xalloc.h"

#define FAKE_ADDR "ssh://user@example.invalid:2222"
#define FAKE_ARGS                                                              \
	"-l user -p 2222 -o BatchMode=yes -- example.invalid docker system "   \
	"dial-stdio"

static char *tmp_dir; /* the fake ssh programs and what they were given */

static struct endpoint
parse(const char *addr)
{
	struct endpoint e;
	char *cause = NULL;

	if (!endpoint_parse(&e, addr, &cause))
		fail_msg("%s: %s", addr, cause);
	return e;
}

/* ---- ssh's stderr in words ---- */

struct explain_case {
	const char *text;
	const char *want; /* the whole message */
};

/* Each text and the whole message it gives. */
static const struct explain_case explain_cases[] = {
    {"Host key verification failed.\r\n",
	"ssh: the host key of prod.example is not known; berth never "
	"accepts one itself: check it, then connect once with ssh -p "
	"2222 ops@prod.example (ssh said: Host key verification "
	"failed.)"},
    {"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
     "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
     "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
     "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
     "Offending ECDSA key in /home/ops/.ssh/known_hosts:3\n"
     "Host key for [prod.example]:2222 has changed and you have "
     "requested strict checking.\n"
     "Host key verification failed.\n",
	"ssh: the host key of prod.example has CHANGED since it was "
	"recorded (a reinstall, or someone in between); berth never "
	"accepts one itself: if the change is expected, remove the "
	"old key with ssh-keygen -R '[prod.example]:2222', then "
	"connect once with ssh -p 2222 ops@prod.example (ssh said: "
	"Host key verification failed.)"},
    {"ops@prod.example: Permission denied (publickey,password).\n",
	"ssh: authentication to ops@prod.example failed (the server "
	"accepts publickey,password; berth cannot type a password or "
	"passphrase: use a key that the server knows, in ssh-agent or "
	"~/.ssh/config) (ssh said: ops@prod.example: Permission denied "
	"(publickey,password).)"},
    {"Received disconnect from 10.0.0.5 port 2222:2: Too many "
     "authentication failures\n"
     "Disconnected from 10.0.0.5 port 2222\n",
	"ssh: authentication to ops@prod.example failed (too many keys "
	"tried; berth cannot type a password or passphrase: use a key "
	"that the server knows, in ssh-agent or ~/.ssh/config) (ssh "
	"said: Disconnected from 10.0.0.5 port 2222)"},
    {"bash: line 1: docker: command not found\n",
	"ssh: docker is not installed on prod.example (docker system "
	"dial-stdio) (ssh said: bash: line 1: docker: command not "
	"found)"},
    {"sh: 1: docker: not found\n",
	"ssh: docker is not installed on prod.example (docker system "
	"dial-stdio) (ssh said: sh: 1: docker: not found)"},
    {"zsh:1: command not found: docker\n",
	"ssh: docker is not installed on prod.example (docker system "
	"dial-stdio) (ssh said: zsh:1: command not found: docker)"},
    {"permission denied while trying to connect to the Docker daemon "
     "socket at unix:///var/run/docker.sock: Get "
     "\"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/_ping\": dial unix "
     "/var/run/docker.sock: connect: permission denied\n",
	"ssh: permission denied on the engine's socket on "
	"prod.example (the ssh user must be root or in the docker "
	"group there) (ssh said: permission denied while trying to "
	"connect to the Docker daemon socket at "
	"unix:///var/run/docker.sock: Get "
	"\"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/_ping\": dial unix "
	"/var/run/docker.sock: connect: permission denied)"},
    {"Got permission denied while trying to connect to the Docker "
     "daemon socket at unix:///var/run/docker.sock\n",
	"ssh: permission denied on the engine's socket on "
	"prod.example (the ssh user must be root or in the docker "
	"group there) (ssh said: Got permission denied while trying "
	"to connect to the Docker daemon socket at "
	"unix:///var/run/docker.sock)"},
    {"Cannot connect to the Docker daemon at "
     "unix:///var/run/docker.sock. Is the docker daemon running?\n",
	"ssh: the engine on prod.example is not running (docker "
	"system dial-stdio cannot reach it) (ssh said: Cannot connect "
	"to the Docker daemon at unix:///var/run/docker.sock. Is the "
	"docker daemon running?)"},
    {"ssh: connect to host prod.example port 2222: Connection "
     "refused\r\n",
	"ssh: prod.example refused the connection (is sshd running "
	"there, on that port?) (ssh said: connect to host "
	"prod.example port 2222: Connection refused)"},
    {"ssh: Could not resolve hostname prod.example: Name or service "
     "not known\r\n",
	"ssh: cannot resolve the host name prod.example (ssh said: "
	"Could not resolve hostname prod.example: Name or service not "
	"known)"},
    {"ssh: connect to host prod.example port 2222: Connection timed "
     "out\r\n",
	"ssh: connecting to prod.example timed out (ssh said: connect "
	"to host prod.example port 2222: Connection timed out)"},
    {"Connection timed out during banner exchange\r\n"
     "Connection to UNKNOWN port 65535 timed out\r\n",
	"ssh: connecting to prod.example timed out (ssh said: "
	"Connection to UNKNOWN port 65535 timed out)"},
    {"Timeout, server prod.example not responding.\r\n",
	"ssh: prod.example stopped answering (the ssh keepalive timed "
	"out) (ssh said: Timeout, server prod.example not "
	"responding.)"},
    {"ssh: connect to host prod.example port 2222: No route to "
     "host\r\n",
	"ssh: prod.example cannot be reached (no route to it) (ssh "
	"said: connect to host prod.example port 2222: No route to "
	"host)"},
    /* Anything else: its last line that says something. */
    {"Warning: Permanently added '[prod.example]:2222' (ED25519) to "
     "the list of known hosts.\r\n"
     "kex_exchange_identification: read: Connection reset by peer\r\n"
     "\r\n",
	"ssh: kex_exchange_identification: read: Connection reset by "
	"peer"},
    {"ssh: Bad configuration option: frobnicate\n",
	"ssh: Bad configuration option: frobnicate"},
};

static void
test_explain(void **state)
{
	struct endpoint e = parse("ssh://ops@prod.example:2222");

	for (size_t i = 0; i < sizeof explain_cases / sizeof explain_cases[0];
	     i++) {
		char *got = ssh_explain(explain_cases[i].text, &e);

		if (got == NULL || strcmp(got, explain_cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\"\nwant \"%s\"", i,
			    got ? got : "(null)", explain_cases[i].want);
		free(got);
	}
	/* Nothing said, nothing to explain. */
	assert_null(ssh_explain("", &e));
	assert_null(ssh_explain("\r\n  \n", &e));
	assert_null(ssh_explain(NULL, &e));
	endpoint_done(&e);
}

/* Without a user or port: neither in the words nor in the command. */
static void
test_explain_plain_host(void **state)
{
	struct endpoint e = parse("ssh://prod.example");
	char *got;

	got = ssh_explain("Host key verification failed.\n", &e);
	assert_string_equal(got,
	    "ssh: the host key of prod.example is not known; berth never "
	    "accepts one itself: check it, then connect once with ssh "
	    "prod.example (ssh said: Host key verification failed.)");
	free(got);
	got = ssh_explain("Host key for prod.example has changed and you "
			  "have requested strict checking.\n"
			  "Host key verification failed.\n",
	    &e);
	assert_non_null(strstr(got, "ssh-keygen -R prod.example, then"));
	free(got);
	got = ssh_explain("Permission denied (publickey).\n", &e);
	assert_non_null(strstr(got, "authentication to prod.example failed"));
	free(got);
	endpoint_done(&e);
}

/* ---- the command line ---- */

static void
assert_argv(const char *addr, const char *want)
{
	struct endpoint e = parse(addr);
	char **v = ssh_argv(&e, "ssh");
	char *s = strv_join(v, " ");

	assert_string_equal(s, want);
	free(s);
	strv_free(v);
	endpoint_done(&e);
}

static void
test_argv(void **state)
{
	assert_argv(FAKE_ADDR, "ssh " FAKE_ARGS);
	/* No port named: the user's ssh config chooses. */
	assert_argv("ssh://prod.example",
	    "ssh -o BatchMode=yes -- prod.example docker system dial-stdio");
	assert_argv("ssh://ops@prod.example:22", "ssh -l ops -p 22 -o "
						 "BatchMode=yes -- "
						 "prod.example docker system "
						 "dial-stdio");
	assert_argv("ssh://root@[2001:db8::1]", "ssh -l root -o BatchMode=yes "
						"-- 2001:db8::1 docker system "
						"dial-stdio");
	assert_argv("ssh://root@[2001:db8::1]:2200",
	    "ssh -l root -p 2200 -o BatchMode=yes -- 2001:db8::1 docker system "
	    "dial-stdio");
	/* BatchMode left to the user's ssh config when asked. */
	setenv("BERTH_SSH_BATCH", "no", 1);
	assert_argv("ssh://prod.example",
	    "ssh -- prod.example docker system dial-stdio");
	setenv("BERTH_SSH_BATCH", "yes", 1);
	assert_argv("ssh://prod.example",
	    "ssh -o BatchMode=yes -- prod.example docker system dial-stdio");
	unsetenv("BERTH_SSH_BATCH");
}

static void
test_endpoint_ssh(void **state)
{
	struct endpoint e = parse("ssh://localhost");
	char *url = endpoint_base_url(&e);

	assert_string_equal(url, "http://docker");
	assert_false(endpoint_is_local(&e));
	assert_false(endpoint_names_port(&e));
	assert_null(endpoint_diagnose(&e));
	free(url);
	endpoint_done(&e);
	e = parse("tcp://example.com:2375");
	assert_true(endpoint_names_port(&e));
	endpoint_done(&e);
	e = parse("tcp://example.com");
	assert_false(endpoint_names_port(&e));
	endpoint_done(&e);
}

static void
test_program(void **state)
{
	unsetenv("BERTH_SSH");
	assert_string_equal(ssh_program(), "ssh");
	setenv("BERTH_SSH", "", 1);
	assert_string_equal(ssh_program(), "ssh");
	setenv("BERTH_SSH", "/opt/ssh/bin/ssh-wrapper", 1);
	assert_string_equal(ssh_program(), "/opt/ssh/bin/ssh-wrapper");
	unsetenv("BERTH_SSH");
}

/* ---- fake ssh programs ---- */

static char *
tmp_file(const char *name)
{
	return xasprintf("%s/%s", tmp_dir, name);
}

static void
write_script(const char *name, const char *body)
{
	char *path = tmp_file(name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s", body);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
	free(path);
}

static int
group_setup(void **state)
{
	char dir[] = "/tmp/berth-ut-ssh-XXXXXX";

	if (mkdtemp(dir) == NULL)
		return -1;
	tmp_dir = xstrdup(dir);
	write_script("ssh-host-key",
	    "echo 'Host key verification failed.' >&2\nexit 255\n");
	write_script("ssh-no-docker",
	    "echo 'bash: line 1: docker: command not found' >&2\nexit 127\n");
	write_script("ssh-silent", "exit 255\n");
	return 0;
}

static int
group_teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmp_dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp_dir);
	free(cmd);
	free(tmp_dir);
	unsetenv("BERTH_SSH");
	return 0;
}

/* A client on FAKE_ADDR that runs the fake ssh named (or a path). */
static struct docker *
fake_client(const char *program, struct endpoint *e)
{
	char *path = program[0] == '/' ? xstrdup(program) : tmp_file(program);
	char *cause = NULL;
	struct docker *d;

	setenv("BERTH_SSH", path, 1);
	free(path);
	*e = parse(FAKE_ADDR);
	d = docker_new(e, &cause);
	if (d == NULL)
		fail_msg("docker_new: %s", cause);
	return d;
}

/* docker_free, then: no child of ours is left, not even a zombie. */
static void
free_and_check_children(struct docker *d, struct endpoint *e)
{
	pid_t p;

	docker_free(d);
	endpoint_done(e);
	unsetenv("BERTH_SSH");
	p = waitpid(-1, NULL, WNOHANG);
	if (p != -1 || errno != ECHILD)
		fail_msg("a child is left after docker_free (waitpid: %ld)",
		    (long)p);
}

static void
assert_message_has(const struct docker_result *r, const char *want)
{
	if (r->status == DOCKER_OK)
		fail_msg("the request worked; wanted \"%s\"", want);
	if (r->message == NULL || strstr(r->message, want) == NULL)
		fail_msg("\"%s\" is not in \"%s\"", want,
		    r->message ? r->message : "(null)");
}

static void
test_fake_host_key(void **state)
{
	struct docker_result r;
	struct endpoint e;
	struct docker *d = fake_client("ssh-host-key", &e);

	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_ERR_CONNECT);
	assert_message_has(&r,
	    "ssh: the host key of example.invalid is not known; berth never "
	    "accepts one itself: check it, then connect once with ssh -p "
	    "2222 user@example.invalid");
	docker_result_done(&r);
	/* A typed call says the same. */
	docker_sync_call(d, docker_container_list(d, docker_sync_fill, &r), &r);
	assert_message_has(&r, "host key of example.invalid");
	docker_result_done(&r);
	free_and_check_children(d, &e);
}

static void
test_fake_no_docker(void **state)
{
	struct docker_result r;
	struct endpoint e;
	struct docker *d = fake_client("ssh-no-docker", &e);

	docker_sync_ping(d, &r);
	assert_message_has(&r, "ssh: docker is not installed on "
			       "example.invalid (docker system dial-stdio)");
	docker_result_done(&r);
	free_and_check_children(d, &e);
}

static void
test_fake_silent(void **state)
{
	struct docker_result r;
	struct endpoint e;
	struct docker *d = fake_client("ssh-silent", &e);

	docker_sync_ping(d, &r);
	assert_message_has(&r,
	    "ssh to example.invalid exited with status 255 without "
	    "saying why");
	docker_result_done(&r);
	free_and_check_children(d, &e);
}

static void
test_not_installed(void **state)
{
	struct docker_result r;
	struct endpoint e;
	struct docker *d = fake_client("/nonexistent/berth/ssh", &e);
	char *cause = NULL;

	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_ERR_CONNECT);
	assert_message_has(&r, "ssh is not installed");
	docker_result_done(&r);
	/* attach and exec say the same. */
	assert_null(hijack_attach(d, "x", NULL, &cause));
	assert_non_null(strstr(cause, "ssh is not installed"));
	free(cause);
	free_and_check_children(d, &e);

	/* No BERTH_SSH and no ssh on the PATH. */
	{
		char *old = xstrdup(getenv("PATH") ? getenv("PATH") : "");
		unsigned long id;
		int fd;

		e = parse(FAKE_ADDR);
		setenv("PATH", tmp_dir, 1);
		fd = ssh_dial(&e, NULL, &id, &cause);
		setenv("PATH", old, 1);
		free(old);
		assert_int_equal(fd, -1);
		assert_string_equal(cause,
		    "ssh is not installed: no ssh "
		    "program on the PATH (or BERTH_SSH)");
		free(cause);
		endpoint_done(&e);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_explain),
	    cmocka_unit_test(test_explain_plain_host),
	    cmocka_unit_test(test_argv),
	    cmocka_unit_test(test_endpoint_ssh),
	    cmocka_unit_test(test_program),
	    cmocka_unit_test(test_fake_host_key),
	    cmocka_unit_test(test_fake_no_docker),
	    cmocka_unit_test(test_fake_silent),
	    cmocka_unit_test(test_not_installed),
	};

	return cmocka_run_group_tests_name(
	    "ssh", tests, group_setup, group_teardown);
}
