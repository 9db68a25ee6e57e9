/* The run form's parsers and the JSON bodies they lead to. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "api/create.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "tui/actions/runform_parse.h"

/* An anonymous volume's name: the engine makes up 64 hex digits. */
#define ANON "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* An owned vector of copies of the arguments, up to NULL. */
static char **
vec(const char *first, ...)
{
	va_list ap;
	char **v = xcalloc(1, sizeof *v);
	size_t n = 0;

	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = xstrdup(s);
		v[n] = NULL;
	}
	va_end(ap);
	return v;
}

static void
free_ports(struct docker_port_spec *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].host_ip);
		free(v[i].host_port);
		free(v[i].container_port);
		free(v[i].proto);
	}
	free(v);
}

static void
free_mounts(struct docker_mount_spec *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].type);
		free(v[i].source);
		free(v[i].target);
	}
	free(v);
}

/* Fails the test unless text is rejected with a cause mentioning what. */
static void
assert_port_error(const char *text, const char *what)
{
	struct docker_port_spec *v = NULL;
	size_t n = 0;
	char *cause = NULL;

	assert_false(runform_parse_ports(text, &v, &n, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, what));
	assert_null(v);
	free(cause);
}

static void
test_ports(void **state)
{
	struct docker_port_spec *v = NULL;
	size_t n = 0;
	char *cause = NULL;

	(void)state;
	assert_true(runform_parse_ports(" 8080:80, 127.0.0.1:5353:53/udp "
					"[::1]:9000:90/sctp 443  127.0.0.1::22",
	    &v, &n, &cause));
	assert_int_equal(n, 5);
	assert_null(v[0].host_ip);
	assert_string_equal(v[0].host_port, "8080");
	assert_string_equal(v[0].container_port, "80");
	assert_string_equal(v[0].proto, "tcp");
	assert_string_equal(v[1].host_ip, "127.0.0.1");
	assert_string_equal(v[1].host_port, "5353");
	assert_string_equal(v[1].container_port, "53");
	assert_string_equal(v[1].proto, "udp");
	assert_string_equal(v[2].host_ip, "::1");
	assert_string_equal(v[2].host_port, "9000");
	assert_string_equal(v[2].proto, "sctp");
	assert_null(v[3].host_ip);
	assert_null(v[3].host_port);
	assert_string_equal(v[3].container_port, "443");
	assert_string_equal(v[4].host_ip, "127.0.0.1");
	assert_null(v[4].host_port);
	assert_string_equal(v[4].container_port, "22");
	free_ports(v, n);

	assert_true(runform_parse_ports("", &v, &n, &cause));
	assert_int_equal(n, 0);
	assert_null(v);

	assert_port_error("8080:0", "container port");
	assert_port_error("70000:80", "host port");
	assert_port_error("80/xyz", "protocol");
	assert_port_error("x:80", "host port");
	assert_port_error("999.1.1.1:80:80", "not an IP");
	assert_port_error("::1:80:80", "brackets");
	assert_port_error("[::1]80", "[ipv6]");
	assert_port_error("8080:", "container port");
}

static void
test_mounts(void **state)
{
	struct docker_mount_spec *v = NULL;
	size_t n = 0;
	char *cause = NULL;

	(void)state;
	assert_true(runform_parse_mounts(
	    "data:/var/lib/data, "
	    "/srv/conf:/etc/app:ro, /cache, /scratch:rw, logs:/logs:rw",
	    &v, &n, &cause));
	assert_int_equal(n, 5);
	assert_string_equal(v[0].type, "volume");
	assert_string_equal(v[0].source, "data");
	assert_string_equal(v[0].target, "/var/lib/data");
	assert_false(v[0].read_only);
	assert_string_equal(v[1].type, "bind");
	assert_string_equal(v[1].source, "/srv/conf");
	assert_string_equal(v[1].target, "/etc/app");
	assert_true(v[1].read_only);
	assert_string_equal(v[2].type, "volume");
	assert_null(v[2].source);
	assert_string_equal(v[2].target, "/cache");
	assert_null(v[3].source);
	assert_false(v[3].read_only);
	assert_string_equal(v[4].source, "logs");
	free_mounts(v, n);

	v = NULL;
	assert_false(runform_parse_mounts("data:relative", &v, &n, &cause));
	assert_non_null(strstr(cause, "absolute"));
	free(cause);
	assert_false(runform_parse_mounts("data:/d:rx", &v, &n, &cause));
	assert_non_null(strstr(cause, "ro or rw"));
	free(cause);
	assert_false(runform_parse_mounts("bad name!:/d", &v, &n, &cause));
	assert_non_null(strstr(cause, "volume name"));
	free(cause);
	assert_false(runform_parse_mounts("a:/b:ro:x", &v, &n, &cause));
	free(cause);
	assert_null(v);
}

static void
test_env(void **state)
{
	char **v = NULL, *cause = NULL;

	(void)state;
	assert_true(runform_parse_env(
	    "A=1, B=x\\,y ,C=, D=a=b, E=\\ pad\\ ", &v, &cause));
	assert_int_equal(strv_len(v), 5);
	assert_string_equal(v[0], "A=1");
	assert_string_equal(v[1], "B=x,y");
	assert_string_equal(v[2], "C=");
	assert_string_equal(v[3], "D=a=b");
	assert_string_equal(v[4], "E= pad ");
	strv_free(v);

	assert_true(runform_parse_env("  ", &v, &cause));
	assert_null(v);
	assert_false(runform_parse_env("A=1, NOVALUE", &v, &cause));
	assert_non_null(strstr(cause, "KEY=VALUE"));
	free(cause);
	assert_false(runform_parse_env("=x", &v, &cause));
	free(cause);
	assert_false(runform_parse_env("A B=x", &v, &cause));
	free(cause);
}

static void
test_labels(void **state)
{
	struct kvlist l = {NULL, 0};
	char *cause = NULL;

	(void)state;
	assert_true(
	    runform_parse_labels("a=1, b, c=x=y, d=with\\, comma", &l, &cause));
	assert_int_equal(l.n, 4);
	assert_string_equal(kvlist_get(&l, "a"), "1");
	assert_string_equal(kvlist_get(&l, "b"), "");
	assert_string_equal(kvlist_get(&l, "c"), "x=y");
	assert_string_equal(kvlist_get(&l, "d"), "with, comma");
	kvlist_free(&l);
	assert_false(runform_parse_labels("=v", &l, &cause));
	free(cause);
	assert_int_equal(l.n, 0);
}

static void
test_memory(void **state)
{
	int64_t b = -1;
	char *cause = NULL;
	static const char *const bad[] = {
	    "64x", "m", "1.2.3m", "-5m", "1mm", "64 m b", NULL};

	(void)state;
	assert_true(runform_parse_memory("", &b, &cause));
	assert_int_equal(b, 0);
	assert_true(runform_parse_memory("64m", &b, &cause));
	assert_int_equal(b, 64LL << 20);
	assert_true(runform_parse_memory(" 1G ", &b, &cause));
	assert_int_equal(b, 1LL << 30);
	assert_true(runform_parse_memory("1.5g", &b, &cause));
	assert_int_equal(b, 3LL << 29);
	assert_true(runform_parse_memory("512MiB", &b, &cause));
	assert_int_equal(b, 512LL << 20);
	assert_true(runform_parse_memory("100mb", &b, &cause));
	assert_int_equal(b, 100LL << 20);
	assert_true(runform_parse_memory("8192k", &b, &cause));
	assert_int_equal(b, 8LL << 20);
	assert_true(runform_parse_memory("7340032", &b, &cause));
	assert_int_equal(b, 7340032);
	assert_true(runform_parse_memory("7340032b", &b, &cause));
	assert_int_equal(b, 7340032);
	assert_true(runform_parse_memory("2t", &b, &cause));
	assert_int_equal(b, 2LL << 40);

	assert_false(runform_parse_memory("4m", &b, &cause));
	assert_non_null(strstr(cause, "6m"));
	free(cause);
	assert_false(runform_parse_memory("99999999999999999999", &b, &cause));
	free(cause);
	for (size_t i = 0; bad[i]; i++) {
		cause = NULL;
		assert_false(runform_parse_memory(bad[i], &b, &cause));
		assert_non_null(cause);
		free(cause);
	}
}

static void
test_cpus(void **state)
{
	int64_t n = -1;
	char *cause = NULL;

	(void)state;
	assert_true(runform_parse_cpus("", &n, &cause));
	assert_int_equal(n, 0);
	assert_true(runform_parse_cpus("0.5", &n, &cause));
	assert_int_equal(n, 500000000);
	assert_true(runform_parse_cpus("2", &n, &cause));
	assert_int_equal(n, 2000000000LL);
	assert_true(runform_parse_cpus("1.25", &n, &cause));
	assert_int_equal(n, 1250000000LL);
	assert_true(runform_parse_cpus(".001", &n, &cause));
	assert_int_equal(n, 1000000);
	assert_false(runform_parse_cpus("1.0000000001", &n, &cause));
	free(cause);
	assert_false(runform_parse_cpus("half", &n, &cause));
	free(cause);
	assert_false(runform_parse_cpus("-1", &n, &cause));
	free(cause);
	assert_false(runform_parse_cpus("5000", &n, &cause));
	free(cause);
}

static void
test_restart(void **state)
{
	char *name = NULL, *cause = NULL;
	int max = -1;

	(void)state;
	assert_true(runform_parse_restart("", &name, &max, &cause));
	assert_string_equal(name, "no");
	free(name);
	assert_true(runform_parse_restart("always", &name, &max, &cause));
	assert_string_equal(name, "always");
	assert_int_equal(max, 0);
	free(name);
	assert_true(
	    runform_parse_restart(" unless-stopped", &name, &max, &cause));
	assert_string_equal(name, "unless-stopped");
	free(name);
	assert_true(runform_parse_restart("on-failure:5", &name, &max, &cause));
	assert_string_equal(name, "on-failure");
	assert_int_equal(max, 5);
	free(name);
	assert_true(runform_parse_restart("on-failure", &name, &max, &cause));
	assert_int_equal(max, 0);
	free(name);

	assert_false(runform_parse_restart("always:3", &name, &max, &cause));
	assert_non_null(strstr(cause, "on-failure only"));
	free(cause);
	assert_false(
	    runform_parse_restart("on-failure:x", &name, &max, &cause));
	free(cause);
	assert_false(runform_parse_restart("on-failure:", &name, &max, &cause));
	free(cause);
	assert_false(runform_parse_restart("sometimes", &name, &max, &cause));
	free(cause);
	assert_null(name);
}

static void
test_words(void **state)
{
	char **v = NULL, *cause = NULL, *j;
	char **words = vec("sh", "-c", "echo 'hi there' \"$X\"", "", "a\\b",
	    (const char *)NULL);

	(void)state;
	assert_true(runform_split_words("sh -c 'echo hi'  \"a \\\"b\\\"\" "
					"c\\ d ''",
	    &v, &cause));
	assert_int_equal(strv_len(v), 6);
	assert_string_equal(v[0], "sh");
	assert_string_equal(v[1], "-c");
	assert_string_equal(v[2], "echo hi");
	assert_string_equal(v[3], "a \"b\"");
	assert_string_equal(v[4], "c d");
	assert_string_equal(v[5], "");
	strv_free(v);

	assert_true(runform_split_words("   ", &v, &cause));
	assert_null(v);
	assert_false(runform_split_words("echo 'open", &v, &cause));
	assert_non_null(strstr(cause, "single"));
	free(cause);
	assert_false(runform_split_words("echo \"open", &v, &cause));
	free(cause);

	/* Joining and splitting again gives the same words. */
	j = runform_join_words(words);
	assert_true(runform_split_words(j, &v, &cause));
	assert_int_equal(strv_len(v), 5);
	for (size_t i = 0; words[i]; i++)
		assert_string_equal(v[i], words[i]);
	strv_free(v);
	strv_free(words);
	free(j);
	words = vec("httpd", "-f", "-p", "80", (const char *)NULL);
	j = runform_join_words(words);
	assert_string_equal(j, "httpd -f -p 80");
	free(j);
	strv_free(words);
}

static void
test_join_list(void **state)
{
	char **env = vec("A=1", "B=x,y", "C=back\\slash", "E= lead", "F=trail ",
	    (const char *)NULL);
	struct kvlist l = {NULL, 0};
	char **v = NULL, **kv, *cause = NULL, *j;

	(void)state;
	j = runform_join_list(env);
	assert_string_equal(
	    j, "A=1, B=x\\,y, C=back\\\\slash, E= lead, F=trail\\ ");
	/* What the form shows parses back to the same list. */
	assert_true(runform_parse_env(j, &v, &cause));
	assert_int_equal(strv_len(v), 5);
	for (size_t i = 0; env[i]; i++)
		assert_string_equal(v[i], env[i]);
	strv_free(v);
	strv_free(env);
	free(j);

	kv = vec("k=v,w", "t=x ", (const char *)NULL);
	j = runform_join_list(kv);
	strv_free(kv);
	assert_true(runform_parse_labels(j, &l, &cause));
	assert_int_equal(l.n, 2);
	assert_string_equal(kvlist_get(&l, "k"), "v,w");
	assert_string_equal(kvlist_get(&l, "t"), "x ");
	kvlist_free(&l);
	free(j);
}

static void
test_checks(void **state)
{
	char *cause = NULL;
	char buf[32];

	(void)state;
	assert_true(runform_check_name("", &cause));
	assert_true(runform_check_name("web-1.a_b", &cause));
	assert_false(runform_check_name("a", &cause));
	free(cause);
	assert_false(runform_check_name("-web", &cause));
	free(cause);
	assert_false(runform_check_name("we b", &cause));
	free(cause);
	assert_true(runform_check_cidr("172.30.0.0/16", &cause));
	assert_true(runform_check_cidr("fd00::/64", &cause));
	assert_false(runform_check_cidr("172.30.0.0", &cause));
	free(cause);
	assert_false(runform_check_cidr("172.30.0.0/33", &cause));
	free(cause);
	assert_false(runform_check_cidr("300.1.1.1/8", &cause));
	free(cause);

	runform_format_memory(buf, sizeof buf, 64LL << 20);
	assert_string_equal(buf, "64m");
	runform_format_memory(buf, sizeof buf, 3LL << 29);
	assert_string_equal(buf, "1536m");
	runform_format_memory(buf, sizeof buf, 2LL << 30);
	assert_string_equal(buf, "2g");
	runform_format_memory(buf, sizeof buf, 7340033);
	assert_string_equal(buf, "7340033");
	runform_format_memory(buf, sizeof buf, 0);
	assert_string_equal(buf, "");
	runform_format_cpus(buf, sizeof buf, 500000000);
	assert_string_equal(buf, "0.5");
	runform_format_cpus(buf, sizeof buf, 2000000000LL);
	assert_string_equal(buf, "2");
	runform_format_cpus(buf, sizeof buf, 1250000000LL);
	assert_string_equal(buf, "1.25");
	runform_format_cpus(buf, sizeof buf, 0);
	assert_string_equal(buf, "");
}

static void
values_init(struct runform_values *v)
{
	memset(v, 0, sizeof *v);
	for (int i = 0; i < RF__COUNT; i++)
		v->text[i] = "";
}

static void
test_spec_json(void **state)
{
	struct runform_values fv;
	struct docker_create_spec s;
	char *err[RF__COUNT], *json, *cause = NULL;

	(void)state;
	values_init(&fv);
	fv.text[RF_IMAGE] = " berth-test/app:latest ";
	fv.text[RF_NAME] = "app-2";
	fv.text[RF_COMMAND] = "sh -c 'sleep 5'";
	fv.text[RF_ENV] = "A=1, B=x\\,y";
	fv.text[RF_PORTS] = "127.0.0.1:8080:80, 9090:80, 53/udp";
	fv.text[RF_MOUNTS] = "data:/data:ro, /tmp:/host-tmp";
	fv.text[RF_NETWORK] = "backend";
	fv.text[RF_RESTART] = "on-failure:3";
	fv.text[RF_WORKDIR] = "/app";
	fv.text[RF_USER] = "1000:1000";
	fv.text[RF_LABELS] = "team=core";
	fv.text[RF_MEMORY] = "64m";
	fv.text[RF_CPUS] = "0.5";
	fv.on[RF_TTY] = true;
	fv.on[RF_INTERACTIVE] = true;
	assert_true(runform_build_spec(&fv, &s, err));
	json = create_spec_json(&s, &cause);
	assert_non_null(json);
	assert_string_equal(json,
	    "{\"Image\":\"berth-test/app:latest\","
	    "\"Cmd\":[\"sh\",\"-c\",\"sleep 5\"],"
	    "\"Env\":[\"A=1\",\"B=x,y\"],"
	    "\"WorkingDir\":\"/app\",\"User\":\"1000:1000\","
	    "\"Tty\":true,\"OpenStdin\":true,\"StdinOnce\":false,"
	    "\"AttachStdin\":true,\"AttachStdout\":true,"
	    "\"AttachStderr\":true,\"Labels\":{\"team\":\"core\"},"
	    "\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{}},"
	    "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":["
	    "{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"},"
	    "{\"HostIp\":\"\",\"HostPort\":\"9090\"}],"
	    "\"53/udp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]},"
	    "\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"data\","
	    "\"Target\":\"/data\",\"ReadOnly\":true},"
	    "{\"Type\":\"bind\",\"Source\":\"/tmp\",\"Target\":\"/host-tmp\","
	    "\"ReadOnly\":false}],"
	    "\"NetworkMode\":\"backend\","
	    "\"RestartPolicy\":{\"Name\":\"on-failure\","
	    "\"MaximumRetryCount\":3},"
	    "\"AutoRemove\":false,\"Memory\":67108864,"
	    "\"NanoCpus\":500000000}}");
	free(json);
	create_spec_done(&s);

	/* The bare minimum: the image's own command, no limits. */
	values_init(&fv);
	fv.text[RF_IMAGE] = "busybox";
	fv.on[RF_AUTO_REMOVE] = true;
	assert_true(runform_build_spec(&fv, &s, err));
	json = create_spec_json(&s, &cause);
	assert_string_equal(json,
	    "{\"Image\":\"busybox\",\"Env\":[],\"Tty\":false,"
	    "\"OpenStdin\":false,\"StdinOnce\":false,\"AttachStdin\":false,"
	    "\"AttachStdout\":true,\"AttachStderr\":true,\"Labels\":{},"
	    "\"ExposedPorts\":{},\"HostConfig\":{\"PortBindings\":{},"
	    "\"Mounts\":[],\"RestartPolicy\":{\"Name\":\"no\","
	    "\"MaximumRetryCount\":0},\"AutoRemove\":true,\"Memory\":0,"
	    "\"NanoCpus\":0}}");
	free(json);
	create_spec_done(&s);
}

static void
test_spec_errors(void **state)
{
	struct runform_values fv;
	struct docker_create_spec s;
	char *err[RF__COUNT];

	(void)state;
	values_init(&fv);
	fv.text[RF_NAME] = "x";
	fv.text[RF_COMMAND] = "'unclosed";
	fv.text[RF_PORTS] = "80:0";
	fv.text[RF_MOUNTS] = "v:rel";
	fv.text[RF_RESTART] = "always";
	fv.text[RF_WORKDIR] = "relative";
	fv.text[RF_MEMORY] = "lots";
	fv.text[RF_CPUS] = "many";
	fv.text[RF_ENV] = "NOEQ";
	fv.text[RF_NETWORK] = "two words";
	fv.on[RF_AUTO_REMOVE] = true;
	assert_false(runform_build_spec(&fv, &s, err));
	assert_null(s.image);
	for (int i = 0; i < RF__COUNT; i++) {
		bool expect = i == RF_IMAGE || i == RF_NAME ||
			      i == RF_COMMAND || i == RF_PORTS ||
			      i == RF_MOUNTS || i == RF_WORKDIR ||
			      i == RF_MEMORY || i == RF_CPUS || i == RF_ENV ||
			      i == RF_NETWORK || i == RF_AUTO_REMOVE;

		if (expect)
			assert_non_null(err[i]);
		else
			assert_null(err[i]);
		free(err[i]);
	}
}

static void
test_create_json(void **state)
{
	struct docker_volume_spec v;
	struct docker_network_spec n;
	struct kvlist f = {NULL, 0};
	char *json, *cause = NULL;

	(void)state;
	memset(&v, 0, sizeof v);
	v.name = xstrdup("data");
	create_kv_add(&v.options, "type", "tmpfs");
	create_kv_add(&v.labels, "team", "core");
	json = create_volume_json(&v, &cause);
	assert_string_equal(json,
	    "{\"Name\":\"data\",\"Driver\":\"local\","
	    "\"DriverOpts\":{\"type\":\"tmpfs\"},\"Labels\":{\"team\":"
	    "\"core\"}}");
	free(json);
	free(v.name);
	kvlist_free(&v.options);
	kvlist_free(&v.labels);

	memset(&n, 0, sizeof n);
	n.name = xstrdup("backend");
	n.subnet = xstrdup("172.30.0.0/16");
	n.gateway = xstrdup("172.30.0.1");
	n.internal = true;
	json = create_network_json(&n, &cause);
	free(n.name);
	free(n.subnet);
	free(n.gateway);
	assert_string_equal(json,
	    "{\"Name\":\"backend\",\"CheckDuplicate\":"
	    "true,\"Driver\":\"bridge\",\"Internal\":true,\"IPAM\":{\"Driver\":"
	    "\"default\",\"Config\":[{\"Subnet\":\"172.30.0.0/16\","
	    "\"Gateway\":\"172.30.0.1\"}]},\"Options\":{},\"Labels\":{}}");
	free(json);

	create_kv_add(&f, "label", "a=b");
	create_kv_add(&f, "until", "1700000000");
	create_kv_add(&f, "label", "c");
	json = create_filters_json(&f, &cause);
	assert_string_equal(json, "{\"label\":{\"a=b\":true,\"c\":true},"
				  "\"until\":{\"1700000000\":true}}");
	free(json);
	kvlist_free(&f);

	/* Text JSON cannot carry is refused, not sent mangled. */
	memset(&v, 0, sizeof v);
	v.name = xstrdup("bad\xff");
	assert_null(create_volume_json(&v, &cause));
	free(v.name);
	assert_non_null(strstr(cause, "UTF-8"));
	free(cause);
	cause = NULL;
	memset(&v, 0, sizeof v);
	create_kv_add(&v.labels, "k\xfe", "v");
	assert_null(create_volume_json(&v, &cause));
	assert_non_null(strstr(cause, "labels"));
	free(cause);
	kvlist_free(&v.labels);
}

static void
test_engine_errors(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(
	    runform_error_field("No such image: nope:latest"), RF_IMAGE);
	assert_int_equal(
	    runform_error_field(
		"Conflict. The container name "
		"\"/web\" is already in use by container \"abc\"."),
	    RF_NAME);
	assert_int_equal(
	    runform_error_field(
		"driver failed programming "
		"external connectivity on endpoint web (abc): Bind for "
		"0.0.0.0:8080 failed: port is already allocated"),
	    RF_PORTS);
	assert_int_equal(
	    runform_error_field(
		"invalid mount config for type "
		"\"bind\": bind source path does not exist: /nope"),
	    RF_MOUNTS);
	assert_int_equal(
	    runform_error_field("network nope not found"), RF_NETWORK);
	assert_int_equal(runform_error_field("Minimum memory limit allowed "
					     "is 6MB"),
	    RF_MEMORY);
	assert_int_equal(
	    runform_error_field("Range of CPUs is from 0.01 to "
				"4.00, as there are only 4 CPUs available"),
	    RF_CPUS);
	assert_int_equal(
	    runform_error_field(
		"OCI runtime create failed: "
		"container_linux.go:380: starting container process caused: "
		"exec: \"nope\": executable file not found in $PATH: unknown"),
	    RF_COMMAND);
	assert_int_equal(
	    runform_error_field("something else entirely"), RF__COUNT);

	s = runform_short_error("short", 46);
	assert_string_equal(s, "short");
	free(s);
	s = runform_short_error(
	    "driver failed programming external "
	    "connectivity on endpoint w (0123): Error starting userland "
	    "proxy: listen tcp4 0.0.0.0:18080: bind: address already in use",
	    46);
	assert_string_equal(s, "bind: address already in use");
	free(s);
	s = runform_short_error(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "bbbbbbbbbb",
	    10);
	assert_string_equal(s, "bbbbbbbbbb");
	free(s);
}

/* The values that run another like a container: what the image lacks. */
static void
test_fill(void **state)
{
	static const char ctr[] =
	    "{\"Id\":\"c1\",\"Name\":\"/web\",\"Image\":\"sha256:i\","
	    "\"Config\":{\"Image\":\"web:1\",\"Cmd\":[\"serve\",\"a b\"],"
	    "\"Entrypoint\":[\"/init\"],\"Env\":[\"PATH=/bin\",\"APP=1\"],"
	    "\"Labels\":{\"team\":\"a\",\"com.docker.compose.project\":\"p\","
	    "\"maintainer\":\"m\"},\"Tty\":true,\"WorkingDir\":\"/srv\","
	    "\"User\":\"\"},"
	    "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"\","
	    "\"HostPort\":\"8080\"}]},\"RestartPolicy\":{\"Name\":"
	    "\"on-failure\",\"MaximumRetryCount\":3},\"NetworkMode\":\"net1\","
	    "\"Memory\":67108864,\"NanoCpus\":500000000},"
	    "\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/data\","
	    "\"Destination\":\"/d\",\"RW\":false},{\"Type\":\"volume\","
	    "\"Name\":\"" ANON "\",\"Destination\":\"/anon\",\"RW\":true},"
	    "{\"Type\":\"volume\",\"Name\":\"named\",\"Destination\":\"/n\","
	    "\"RW\":true}]}";
	static const char img[] =
	    "{\"Id\":\"sha256:i\",\"Config\":{\"Cmd\":[\"serve\",\"a b\"],"
	    "\"Entrypoint\":[\"/init\"],\"Env\":[\"PATH=/bin\"],"
	    "\"Labels\":{\"maintainer\":\"m\"},\"WorkingDir\":\"/srv\","
	    "\"User\":\"\"}}";
	struct docker_container_detail *c;
	struct docker_image_detail *im;
	struct runform_fill f;
	char *cause = NULL;

	(void)state;
	c = decode_container_detail(ctr, strlen(ctr), &cause);
	assert_non_null(c);
	im = decode_image_detail(img, strlen(img), &cause);
	assert_non_null(im);

	runform_fill_from(&f, c, im);
	assert_string_equal(f.text[RF_IMAGE], "web:1");
	/* The image gives the command and the entrypoint already. */
	assert_null(f.text[RF_COMMAND]);
	assert_null(f.text[RF_ENTRYPOINT]);
	assert_string_equal(f.text[RF_ENV], "APP=1");
	assert_string_equal(f.text[RF_PORTS], "8080:80");
	/* Another container's anonymous volume: a new one of its own. */
	assert_string_equal(f.text[RF_MOUNTS], "/data:/d:ro, /anon, named:/n");
	assert_string_equal(f.text[RF_NETWORK], "net1");
	assert_string_equal(f.text[RF_RESTART], "on-failure:3");
	assert_null(f.text[RF_WORKDIR]);
	assert_string_equal(f.text[RF_LABELS], "team=a");
	assert_string_equal(f.text[RF_MEMORY], "64m");
	assert_string_equal(f.text[RF_CPUS], "0.5");
	assert_true(f.on[RF_TTY]);
	assert_false(f.on[RF_INTERACTIVE]);
	runform_fill_done(&f);

	/* Without the image everything the container has is written out. */
	runform_fill_from(&f, c, NULL);
	assert_string_equal(f.text[RF_COMMAND], "serve 'a b'");
	assert_string_equal(f.text[RF_ENTRYPOINT], "/init");
	assert_string_equal(f.text[RF_ENV], "PATH=/bin, APP=1");
	assert_string_equal(f.text[RF_WORKDIR], "/srv");
	assert_string_equal(f.text[RF_LABELS], "team=a, maintainer=m");
	runform_fill_done(&f);
	docker_image_detail_free(im);
	docker_container_detail_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_mounts),
	    cmocka_unit_test(test_env),
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_memory),
	    cmocka_unit_test(test_cpus),
	    cmocka_unit_test(test_restart),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_join_list),
	    cmocka_unit_test(test_checks),
	    cmocka_unit_test(test_spec_json),
	    cmocka_unit_test(test_spec_errors),
	    cmocka_unit_test(test_create_json),
	    cmocka_unit_test(test_engine_errors),
	    cmocka_unit_test(test_fill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
