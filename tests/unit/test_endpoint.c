/* Unit tests for engine addresses, TLS settings and socket diagnosis. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <grp.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/endpoint.h"
#include "api/xalloc.h"

/* ---- helpers ---- */

/* A scratch directory per test, removed with everything in it. */
static int
tmpdir_setup(void **state)
{
	char *dir = xstrdup("/tmp/berth-ep-XXXXXX");

	if (mkdtemp(dir) == NULL) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int
tmpdir_teardown(void **state)
{
	char *dir = *state;
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	free(dir);
	return rc == 0 ? 0 : -1;
}

static char *
path_in(void **state, const char *name)
{
	return xasprintf("%s/%s", (const char *)*state, name);
}

static void
touch(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("-----BEGIN CERTIFICATE-----\n", f);
	fclose(f);
}

static void
assert_contains(const char *s, const char *sub)
{
	if (s == NULL || strstr(s, sub) == NULL)
		fail_msg(
		    "\"%s\" does not contain \"%s\"", s ? s : "(null)", sub);
}

/* Parses addr, which must succeed. */
static void
parse_ok(struct endpoint *e, const char *addr)
{
	char *cause = NULL;

	if (!endpoint_parse(e, addr, &cause))
		fail_msg("%s: %s", addr, cause ? cause : "(no cause)");
	assert_null(cause);
	assert_string_equal(e->host_arg, addr);
}

static void
assert_base_url(const struct endpoint *e, const char *want)
{
	char *url = endpoint_base_url(e);

	assert_string_equal(url, want);
	free(url);
}

/* ---- parsing ---- */

static void
test_parse_unix(void **state)
{
	struct endpoint e;

	parse_ok(&e, "unix:///run/user/1000/docker.sock");
	assert_int_equal(e.kind, ENDPOINT_UNIX);
	assert_string_equal(e.path, "/run/user/1000/docker.sock");
	assert_null(e.host);
	assert_false(e.tls);
	assert_base_url(&e, "http://localhost");
	endpoint_done(&e);

	/* A bare absolute path is a socket, as in DOCKER_HOST=/path. */
	parse_ok(&e, "/var/run/docker.sock");
	assert_int_equal(e.kind, ENDPOINT_UNIX);
	assert_string_equal(e.path, "/var/run/docker.sock");
	endpoint_done(&e);

	/* unix:// alone names the default socket. */
	parse_ok(&e, "unix://");
	assert_int_equal(e.kind, ENDPOINT_UNIX);
	assert_string_equal(e.path, ENDPOINT_DEFAULT_SOCKET);
	endpoint_done(&e);
}

static void
test_parse_tcp(void **state)
{
	struct endpoint e;

	parse_ok(&e, "tcp://docker.example.com:2376");
	assert_int_equal(e.kind, ENDPOINT_TCP);
	assert_string_equal(e.host, "docker.example.com");
	assert_int_equal(e.port, 2376);
	assert_false(e.tls);
	assert_null(e.path);
	assert_base_url(&e, "http://docker.example.com:2376");
	endpoint_done(&e);

	/* Without a port: 2375, as the docker CLI does for tcp://. */
	parse_ok(&e, "tcp://docker.example.com");
	assert_string_equal(e.host, "docker.example.com");
	assert_int_equal(e.port, 2375);
	endpoint_done(&e);

	parse_ok(&e, "tcp://1.2.3.4:2375/");
	assert_string_equal(e.host, "1.2.3.4");
	assert_int_equal(e.port, 2375);
	assert_base_url(&e, "http://1.2.3.4:2375");
	endpoint_done(&e);

	parse_ok(&e, "tcp://h:65535");
	assert_int_equal(e.port, 65535);
	endpoint_done(&e);

	parse_ok(&e, "tcp://h:1");
	assert_int_equal(e.port, 1);
	endpoint_done(&e);
}

static void
test_parse_tcp_ipv6(void **state)
{
	struct endpoint e;

	parse_ok(&e, "tcp://[::1]:2376");
	assert_int_equal(e.kind, ENDPOINT_TCP);
	assert_string_equal(e.host, "::1");
	assert_int_equal(e.port, 2376);
	/* The brackets come back in the URL. */
	assert_base_url(&e, "http://[::1]:2376");
	endpoint_done(&e);

	parse_ok(&e, "tcp://[fd00::5]");
	assert_string_equal(e.host, "fd00::5");
	assert_int_equal(e.port, 2375);
	endpoint_done(&e);
}

static void
test_parse_http_https(void **state)
{
	struct endpoint e;

	parse_ok(&e, "http://engine:2375");
	assert_int_equal(e.kind, ENDPOINT_TCP);
	assert_false(e.tls);
	assert_string_equal(e.host, "engine");
	assert_int_equal(e.port, 2375);
	endpoint_done(&e);

	parse_ok(&e, "http://engine");
	assert_int_equal(e.port, 2375);
	endpoint_done(&e);

	/* https:// means TLS, and then the TLS port is the natural default. */
	parse_ok(&e, "https://engine");
	assert_int_equal(e.kind, ENDPOINT_TCP);
	assert_true(e.tls);
	assert_int_equal(e.port, 2376);
	assert_base_url(&e, "https://engine:2376");
	endpoint_done(&e);

	parse_ok(&e, "https://engine:443/");
	assert_int_equal(e.port, 443);
	endpoint_done(&e);
}

static void
test_parse_ssh(void **state)
{
	struct endpoint e;

	parse_ok(&e, "ssh://admin@jump.example.com:2222");
	assert_int_equal(e.kind, ENDPOINT_SSH);
	assert_string_equal(e.user, "admin");
	assert_string_equal(e.host, "jump.example.com");
	assert_int_equal(e.port, 2222);
	endpoint_done(&e);

	parse_ok(&e, "ssh://jump.example.com");
	assert_int_equal(e.kind, ENDPOINT_SSH);
	assert_null(e.user);
	assert_string_equal(e.host, "jump.example.com");
	assert_int_equal(e.port, 22);
	endpoint_done(&e);

	parse_ok(&e, "ssh://root@[2001:db8::1]:22");
	assert_string_equal(e.user, "root");
	assert_string_equal(e.host, "2001:db8::1");
	endpoint_done(&e);
}

static void
test_parse_npipe(void **state)
{
	struct endpoint e;

	parse_ok(&e, "npipe:////./pipe/docker_engine");
	assert_int_equal(e.kind, ENDPOINT_NPIPE);
	assert_string_equal(e.path, "//./pipe/docker_engine");
	endpoint_done(&e);
}

static void
test_parse_malformed(void **state)
{
	static const struct {
		const char *addr;
		const char *why;
	} bad[] = {
	    {"", "the address is empty"},
	    {"foo", "missing scheme"},
	    {"docker.example.com:2375", "missing scheme"},
	    {"tcp://", "the host name is empty"},
	    {"tcp://:2375", "the host name is empty"},
	    {"tcp://host:0", "port must be a number from 1 to 65535"},
	    {"tcp://host:99999", "port must be a number from 1 to 65535"},
	    {"tcp://host:65536", "port must be a number from 1 to 65535"},
	    {"tcp://host:abc", "port must be a number from 1 to 65535"},
	    {"tcp://host:", "port must be a number from 1 to 65535"},
	    {"tcp://host:-1", "port must be a number from 1 to 65535"},
	    {"tcp://::1:2375", "IPv6 address must be written in ["},
	    {"tcp://[::1", "missing ']'"},
	    {"tcp://[::1]x", "unexpected text after ']'"},
	    {"tcp://[]:2375", "the host name is empty"},
	    {"tcp://ho st:2375", "invalid character"},
	    {"tcp://u@host:2375", "invalid character"},
	    {"tcp://host/path", "takes no path"},
	    {"https://host/v1.41", "takes no path"},
	    {"unix://relative", "must be absolute"},
	    {"unix://./docker.sock", "must be absolute"},
	    {"ftp://x", "unknown scheme"},
	    {"fd://", "unknown scheme"},
	    {"ssh://@host", "user name before '@' is empty"},
	    {"ssh://host/path", "takes no path"},
	    {"ssh://user@", "the host name is empty"},
	    {"ssh://host:0", "port must be a number"},
	    {"npipe://", "pipe name is empty"},
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct endpoint e;
		char *cause = NULL, *quoted;

		if (endpoint_parse(&e, bad[i].addr, &cause))
			fail_msg("\"%s\" was accepted", bad[i].addr);
		assert_contains(cause, bad[i].why);
		/* The cause names the address the user gave. */
		quoted = xasprintf("\"%s\"", bad[i].addr);
		assert_contains(cause, quoted);
		free(quoted);
		free(cause);
		endpoint_done(&e);
	}
}

static void
test_parse_socket_path_too_long(void **state)
{
	struct endpoint e;
	char addr[300], *cause = NULL;

	memcpy(addr, "unix://", 7);
	addr[7] = '/';
	memset(addr + 8, 'a', sizeof addr - 9);
	addr[sizeof addr - 1] = '\0';
	assert_false(endpoint_parse(&e, addr, &cause));
	assert_contains(cause, "too long");
	free(cause);
	endpoint_done(&e);

	/* A NULL cause is allowed. */
	assert_false(endpoint_parse(&e, "foo", NULL));
	endpoint_done(&e);
}

/* ---- TLS ---- */

static void
make_certs(const char *dir, bool ca, bool cert, bool key)
{
	char *p;

	if (ca) {
		p = xasprintf("%s/ca.pem", dir);
		touch(p);
		free(p);
	}
	if (cert) {
		p = xasprintf("%s/cert.pem", dir);
		touch(p);
		free(p);
	}
	if (key) {
		p = xasprintf("%s/key.pem", dir);
		touch(p);
		free(p);
	}
}

static void
assert_file(const char *got, const char *dir, const char *name)
{
	char *want = xasprintf("%s/%s", dir, name);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(want);
}

static void
test_tls_off_by_default(void **state)
{
	struct endpoint e;
	struct endpoint_tls_opts o = {0};
	char *cause = NULL;

	parse_ok(&e, "tcp://engine:2375");
	assert_true(endpoint_apply_tls(&e, &o, NULL, *state, &cause));
	assert_null(cause);
	assert_false(e.tls);
	assert_false(e.tls_verify);
	assert_null(e.ca_file);
	endpoint_done(&e);

	/* An empty DOCKER_TLS_VERIFY is unset, as for the docker CLI. */
	parse_ok(&e, "tcp://engine:2375");
	assert_true(endpoint_apply_tls(&e, &o, "", *state, &cause));
	assert_false(e.tls);
	endpoint_done(&e);
}

static void
test_tlsverify_flag(void **state)
{
	const char *dir = *state;
	struct endpoint e;
	struct endpoint_tls_opts o = {.tls_verify = true};
	char *cause = NULL;

	make_certs(dir, true, true, true);
	parse_ok(&e, "tcp://engine");
	assert_true(endpoint_apply_tls(&e, &o, NULL, dir, &cause));
	assert_null(cause);
	assert_true(e.tls);
	assert_true(e.tls_verify);
	assert_file(e.ca_file, dir, "ca.pem");
	assert_file(e.cert_file, dir, "cert.pem");
	assert_file(e.key_file, dir, "key.pem");
	/* Like the docker CLI, a tcp:// address without a port stays on 2375
	 * when TLS is turned on; only https:// defaults to 2376. */
	assert_int_equal(e.port, 2375);
	assert_base_url(&e, "https://engine:2375");
	endpoint_done(&e);
}

static void
test_tls_verify_env(void **state)
{
	const char *dir = *state;
	static const char *const values[] = {"1", "true", "0", "no"};

	make_certs(dir, true, true, true);
	/* Any non-empty value turns verification on, even "0". */
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct endpoint e;
		struct endpoint_tls_opts o = {0};
		char *cause = NULL;

		parse_ok(&e, "tcp://engine:2376");
		assert_true(endpoint_apply_tls(&e, &o, values[i], dir, &cause));
		assert_true(e.tls);
		assert_true(e.tls_verify);
		assert_file(e.ca_file, dir, "ca.pem");
		endpoint_done(&e);
	}
}

static void
test_tls_missing_ca_when_verifying(void **state)
{
	const char *dir = *state;
	struct endpoint e;
	struct endpoint_tls_opts o = {.tls_verify = true};
	char *cause = NULL, *ca = path_in(state, "ca.pem");

	make_certs(dir, false, true, true);
	parse_ok(&e, "tcp://engine:2376");
	assert_false(endpoint_apply_tls(&e, &o, NULL, dir, &cause));
	assert_contains(cause, "CA certificate");
	assert_contains(cause, ca);
	assert_contains(cause, "missing");
	free(cause);
	endpoint_done(&e);

	/* The same through the environment. */
	o.tls_verify = false;
	parse_ok(&e, "tcp://engine:2376");
	assert_false(endpoint_apply_tls(&e, &o, "1", dir, &cause));
	assert_contains(cause, ca);
	free(cause);
	endpoint_done(&e);
	free(ca);
}

static void
test_tls_without_verify(void **state)
{
	const char *dir = *state;
	struct endpoint e;
	struct endpoint_tls_opts o = {.tls = true};
	char *cause = NULL;

	/* --tls alone: encrypted, not verified; files that are not there are
	 * simply not used. */
	parse_ok(&e, "tcp://engine:2376");
	assert_true(endpoint_apply_tls(&e, &o, NULL, dir, &cause));
	assert_null(cause);
	assert_true(e.tls);
	assert_false(e.tls_verify);
	assert_null(e.ca_file);
	assert_null(e.cert_file);
	assert_null(e.key_file);
	endpoint_done(&e);

	/* A certificate without its key is not used either. */
	make_certs(dir, false, true, false);
	parse_ok(&e, "tcp://engine:2376");
	assert_true(endpoint_apply_tls(&e, &o, NULL, dir, &cause));
	assert_null(e.cert_file);
	assert_null(e.key_file);
	endpoint_done(&e);

	/* https:// alone turns TLS on too. */
	o.tls = false;
	make_certs(dir, false, true, true);
	parse_ok(&e, "https://engine");
	assert_true(endpoint_apply_tls(&e, &o, NULL, dir, &cause));
	assert_true(e.tls);
	assert_false(e.tls_verify);
	assert_file(e.cert_file, dir, "cert.pem");
	assert_file(e.key_file, dir, "key.pem");
	endpoint_done(&e);
}

static void
test_tls_explicit_files(void **state)
{
	const char *dir = *state;
	char *ca = path_in(state, "my-ca.pem");
	char *cert = path_in(state, "my-cert.pem");
	char *key = path_in(state, "my-key.pem");
	struct endpoint e;
	struct endpoint_tls_opts o = {.tls_verify = true,
	    .ca_file = ca,
	    .cert_file = cert,
	    .key_file = key};
	char *cause = NULL;

	touch(ca);
	touch(cert);
	touch(key);
	parse_ok(&e, "tcp://engine:2376");
	/* Flags win over DOCKER_CERT_PATH. */
	assert_true(endpoint_apply_tls(&e, &o, NULL, "/nonexistent", &cause));
	assert_string_equal(e.ca_file, ca);
	assert_string_equal(e.cert_file, cert);
	assert_string_equal(e.key_file, key);
	endpoint_done(&e);

	/* A client certificate the user named must exist. */
	unlink(key);
	parse_ok(&e, "tcp://engine:2376");
	assert_false(endpoint_apply_tls(&e, &o, NULL, dir, &cause));
	assert_contains(cause, "client certificate");
	assert_contains(cause, key);
	free(cause);
	endpoint_done(&e);
	free(ca);
	free(cert);
	free(key);
}

static void
test_tls_default_cert_dir(void **state)
{
	const char *dir = *state;
	char *docker_dir = path_in(state, ".docker");
	char *old_home = xstrdup_or_null(getenv("HOME"));
	struct endpoint e;
	struct endpoint_tls_opts o = {.tls_verify = true};
	char *cause = NULL;

	/* Without DOCKER_CERT_PATH the files come from ~/.docker. */
	assert_int_equal(mkdir(docker_dir, 0700), 0);
	make_certs(docker_dir, true, true, true);
	setenv("HOME", dir, 1);
	parse_ok(&e, "tcp://engine:2376");
	assert_true(endpoint_apply_tls(&e, &o, NULL, NULL, &cause));
	assert_file(e.ca_file, docker_dir, "ca.pem");
	assert_file(e.cert_file, docker_dir, "cert.pem");
	endpoint_done(&e);

	parse_ok(&e, "tcp://engine:2376");
	assert_true(endpoint_apply_tls(&e, &o, NULL, "", &cause));
	assert_file(e.ca_file, docker_dir, "ca.pem");
	endpoint_done(&e);

	if (old_home)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	free(old_home);
	free(docker_dir);
}

static void
test_tls_ignored_for_sockets(void **state)
{
	struct endpoint e;
	struct endpoint_tls_opts o = {.tls_verify = true};
	char *cause = NULL;

	/* The docker CLI ignores TLS settings for a unix socket. */
	parse_ok(&e, "unix:///var/run/docker.sock");
	assert_true(endpoint_apply_tls(&e, &o, "1", "/nonexistent", &cause));
	assert_null(cause);
	assert_false(e.tls);
	assert_null(e.ca_file);
	endpoint_done(&e);
}

/* ---- choice and locality ---- */

static void
test_choose_precedence(void **state)
{
	bool named = false;

	assert_string_equal(
	    endpoint_choose("tcp://flag:2375", "tcp://env:2375", &named),
	    "tcp://flag:2375");
	assert_true(named);
	named = false;
	assert_string_equal(
	    endpoint_choose(NULL, "tcp://env:2375", &named), "tcp://env:2375");
	assert_true(named);
	named = false;
	assert_string_equal(
	    endpoint_choose("", "tcp://env:2375", &named), "tcp://env:2375");
	assert_true(named);
	named = true;
	assert_string_equal(endpoint_choose(NULL, NULL, &named),
	    "unix://" ENDPOINT_DEFAULT_SOCKET);
	assert_false(named);
	named = true;
	assert_string_equal(
	    endpoint_choose("", "", &named), "unix://" ENDPOINT_DEFAULT_SOCKET);
	assert_false(named);
}

static void
test_is_local(void **state)
{
	static const struct {
		const char *addr;
		bool local;
	} cases[] = {
	    {"unix:///var/run/docker.sock", true},
	    {"/run/docker.sock", true},
	    {"tcp://localhost:2375", true},
	    {"tcp://127.0.0.1:2375", true},
	    {"tcp://127.0.1.1", true},
	    {"tcp://[::1]:2376", true},
	    {"https://localhost", true},
	    {"tcp://192.0.2.1:2375", false}, /* TEST-NET-1: nobody's */
	    {"tcp://docker.example.com:2376", false},
	    {"tcp://[fd00::1]:2376", false},
	    {"ssh://localhost", false},
	    {"npipe:////./pipe/docker_engine", false},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct endpoint e;

		parse_ok(&e, cases[i].addr);
		if (endpoint_is_local(&e) != cases[i].local)
			fail_msg("%s: expected %s", cases[i].addr,
			    cases[i].local ? "local" : "remote");
		endpoint_done(&e);
	}
}

/* An address of one of this machine's own interfaces is local too. */
static void
test_own_address_is_local(void **state)
{
	struct ifaddrs *ifs, *i;
	size_t seen = 0;

	(void)state;
	assert_int_equal(getifaddrs(&ifs), 0);
	for (i = ifs; i; i = i->ifa_next) {
		char host[INET6_ADDRSTRLEN], *addr;
		struct endpoint e;
		int fam;

		if (i->ifa_addr == NULL)
			continue;
		fam = i->ifa_addr->sa_family;
		if (fam == AF_INET)
			inet_ntop(fam,
			    &((struct sockaddr_in *)(void *)i->ifa_addr)
				 ->sin_addr,
			    host, sizeof host);
		else if (fam == AF_INET6 &&
			 !IN6_IS_ADDR_LINKLOCAL(
			     &((struct sockaddr_in6 *)(void *)i->ifa_addr)
				  ->sin6_addr))
			inet_ntop(fam,
			    &((struct sockaddr_in6 *)(void *)i->ifa_addr)
				 ->sin6_addr,
			    host, sizeof host);
		else
			continue;
		addr = fam == AF_INET6 ? xasprintf("tcp://[%s]:2375", host)
				       : xasprintf("tcp://%s:2375", host);
		parse_ok(&e, addr);
		if (!endpoint_is_local(&e))
			fail_msg("%s: expected local", addr);
		endpoint_done(&e);
		free(addr);
		seen++;
	}
	freeifaddrs(ifs);
	assert_true(seen > 0);
}

/* ---- diagnosis ---- */

/* A unix socket bound at path; listening or not. Returns the fd. */
static int
bind_socket(const char *path, bool listening)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	if (listening)
		assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static char *
diagnose(const char *path)
{
	struct endpoint e;
	char *addr = xasprintf("unix://%s", path), *msg;

	parse_ok(&e, addr);
	msg = endpoint_diagnose(&e);
	endpoint_done(&e);
	free(addr);
	return msg;
}

static void
test_diagnose_missing_socket(void **state)
{
	char *path = path_in(state, "docker.sock");
	char *msg = diagnose(path);

	assert_contains(msg, "no engine socket at");
	assert_contains(msg, path);
	free(msg);
	free(path);
}

static void
test_diagnose_refused(void **state)
{
	char *path = path_in(state, "docker.sock");
	char *msg;

	/* The file of an engine that died: bound, nobody listening. */
	close(bind_socket(path, false));
	msg = diagnose(path);
	assert_contains(msg, "nothing is listening on");
	assert_contains(msg, path);
	free(msg);
	free(path);
}

static void
test_diagnose_not_a_socket(void **state)
{
	char *path = path_in(state, "docker.sock");
	char *msg;

	touch(path);
	msg = diagnose(path);
	assert_contains(msg, "is not a socket");
	assert_contains(msg, path);
	free(msg);
	free(path);

	/* A directory is not a socket either. */
	msg = diagnose(*state);
	assert_contains(msg, "is not a socket");
	free(msg);
}

static void
test_diagnose_listening(void **state)
{
	char *path = path_in(state, "docker.sock");
	int fd = bind_socket(path, true);
	char *msg = diagnose(path);

	assert_contains(msg, "accepts connections but did not answer");
	free(msg);
	close(fd);
	free(path);
}

static void
test_diagnose_permission(void **state)
{
	char *path = path_in(state, "docker.sock");
	int fd, status;
	pid_t pid;

	/* A socket only its owner may use, in a directory anyone may
	 * enter, like /var/run/docker.sock for a user outside the group. */
	assert_int_equal(chmod(*state, 0755), 0);
	fd = bind_socket(path, true);
	assert_int_equal(chmod(path, 0), 0);
	if (geteuid() != 0) {
		char *msg = diagnose(path);

		assert_contains(msg, "permission denied on");
		assert_contains(msg, path);
		free(msg);
		close(fd);
		free(path);
		return;
	}
	/* Root passes every permission check, so ask as nobody. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct endpoint e;
		char *addr = xasprintf("unix://%s", path), *msg;

		if (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
		    setuid(65534) != 0)
			_exit(3);
		if (!endpoint_parse(&e, addr, NULL))
			_exit(2);
		msg = endpoint_diagnose(&e);
		if (msg == NULL ||
		    strstr(msg, "permission denied on") == NULL ||
		    strstr(msg, path) == NULL) {
			fprintf(
			    stderr, "diagnosis: %s\n", msg ? msg : "(null)");
			_exit(1);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(fd);
	free(path);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 3)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_diagnose_other_kinds(void **state)
{
	struct endpoint e;

	parse_ok(&e, "tcp://127.0.0.1:1");
	assert_null(endpoint_diagnose(&e));
	endpoint_done(&e);
	parse_ok(&e, "ssh://host");
	assert_null(endpoint_diagnose(&e));
	endpoint_done(&e);
}

#define TMP_TEST(f)                                                            \
	cmocka_unit_test_setup_teardown(f, tmpdir_setup, tmpdir_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_unix),
	    cmocka_unit_test(test_parse_tcp),
	    cmocka_unit_test(test_parse_tcp_ipv6),
	    cmocka_unit_test(test_parse_http_https),
	    cmocka_unit_test(test_parse_ssh),
	    cmocka_unit_test(test_parse_npipe),
	    cmocka_unit_test(test_parse_malformed),
	    cmocka_unit_test(test_parse_socket_path_too_long),
	    TMP_TEST(test_tls_off_by_default),
	    TMP_TEST(test_tlsverify_flag),
	    TMP_TEST(test_tls_verify_env),
	    TMP_TEST(test_tls_missing_ca_when_verifying),
	    TMP_TEST(test_tls_without_verify),
	    TMP_TEST(test_tls_explicit_files),
	    TMP_TEST(test_tls_default_cert_dir),
	    cmocka_unit_test(test_tls_ignored_for_sockets),
	    cmocka_unit_test(test_choose_precedence),
	    cmocka_unit_test(test_is_local),
	    cmocka_unit_test(test_own_address_is_local),
	    TMP_TEST(test_diagnose_missing_socket),
	    TMP_TEST(test_diagnose_refused),
	    TMP_TEST(test_diagnose_not_a_socket),
	    TMP_TEST(test_diagnose_listening),
	    TMP_TEST(test_diagnose_permission),
	    cmocka_unit_test(test_diagnose_other_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
