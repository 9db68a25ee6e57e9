/*
 * Tests of the cgroup readers behind the CPU and MEM columns, and of the
 * fall back to one-shot stats when a container's cgroup is not found.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/config.h"
#include "tui/views/detail.h"
#include "tui/panes/usage.h"

#define ID "f8d18391b2ebb798fefeee57902f1cac0a2651f04abe06ba8835782e827c070d"
#define OTHER "0dba1ce2761fce025f13a29e68ad7c78b2ebb798fefeee57902f1cac0a2651f0"

static void
put(const char *dir, const char *file, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_dirs_v1_hybrid(void **state)
{
	/* A cgroup v1 host with the unified hierarchy mounted too. */
	const char *text = "12:memory:/docker/abc\n"
			   "11:cpu,cpuacct:/docker/abc\n"
			   "3:pids:/docker/abc\n"
			   "0::/docker/abc\n";
	char *cpu = NULL, *mem = NULL;
	bool v2 = true;

	(void)state;
	assert_true(
	    usage_cgroup_dirs(text, "/nonexistent-root", &cpu, &mem, &v2));
	assert_false(v2);
	assert_string_equal(mem, "/nonexistent-root/memory/docker/abc");
	/* Without the cpu,cpuacct directory it falls back to cpuacct. */
	assert_string_equal(cpu, "/nonexistent-root/cpuacct/docker/abc");
	free(cpu);
	free(mem);
}

static void
test_dirs_v2(void **state)
{
	char *cpu = NULL, *mem = NULL;
	bool v2 = false;

	(void)state;
	assert_true(usage_cgroup_dirs("0::/system.slice/docker-abc.scope\n",
	    "/sys/fs/cgroup", &cpu, &mem, &v2));
	assert_true(v2);
	assert_string_equal(
	    cpu, "/sys/fs/cgroup/system.slice/docker-abc.scope");
	assert_string_equal(mem, cpu);
	free(cpu);
	free(mem);
	assert_false(usage_cgroup_dirs("", "/sys/fs/cgroup", &cpu, &mem, &v2));
	assert_false(usage_cgroup_dirs(
	    "garbage without colons\n", "/sys/fs/cgroup", &cpu, &mem, &v2));
}

/* Whether text locates ID's cgroup, and if so its v1 or v2 directories. */
static bool
dirs_of(const char *text, const char *id, const char *cpu_want,
    const char *mem_want)
{
	char *cpu = NULL, *mem = NULL;
	bool v2 = false;

	if (!usage_cgroup_dirs_of(
		text, "/nonexistent-root", id, &cpu, &mem, &v2)) {
		assert_null(cpu);
		assert_null(mem);
		return false;
	}
	assert_string_equal(cpu, cpu_want);
	assert_string_equal(mem, mem_want);
	assert_true(v2 == (strcmp(cpu, mem) == 0));
	free(cpu);
	free(mem);
	return true;
}

static void
test_dirs_of_the_container(void **state)
{
	(void)state;
	/* docker, cgroupfs driver, v1 (with the unified hierarchy). */
	assert_true(dirs_of("4:memory:/docker/" ID "\n"
			    "2:cpuacct:/docker/" ID "\n"
			    "1:cpu:/docker/" ID "\n"
			    "0::/docker/" ID "\n",
	    ID, "/nonexistent-root/cpuacct/docker/" ID,
	    "/nonexistent-root/memory/docker/" ID));
	/* docker, systemd driver, v1 and v2. */
	assert_true(dirs_of("11:memory:/system.slice/docker-" ID ".scope\n"
			    "3:cpu,cpuacct:/system.slice/docker-" ID ".scope\n",
	    ID, "/nonexistent-root/cpuacct/system.slice/docker-" ID ".scope",
	    "/nonexistent-root/memory/system.slice/docker-" ID ".scope"));
	assert_true(dirs_of("0::/system.slice/docker-" ID ".scope\n", ID,
	    "/nonexistent-root/system.slice/docker-" ID ".scope",
	    "/nonexistent-root/system.slice/docker-" ID ".scope"));
	/* podman: cgroupfs on v1, systemd on v2 (rootful and rootless). */
	assert_true(dirs_of("9:memory:/libpod_parent/libpod-" ID "\n"
			    "4:cpu,cpuacct:/libpod_parent/libpod-" ID "\n",
	    ID, "/nonexistent-root/cpuacct/libpod_parent/libpod-" ID,
	    "/nonexistent-root/memory/libpod_parent/libpod-" ID));
	assert_true(dirs_of("0::/machine.slice/libpod-" ID ".scope/container\n",
	    ID, "/nonexistent-root/machine.slice/libpod-" ID ".scope/container",
	    "/nonexistent-root/machine.slice/libpod-" ID ".scope/container"));
	assert_true(dirs_of("0::/user.slice/user-1000.slice/user@1000.service/"
			    "user.slice/libpod-" ID ".scope/container\n",
	    ID,
	    "/nonexistent-root/user.slice/user-1000.slice/user@1000.service/"
	    "user.slice/libpod-" ID ".scope/container",
	    "/nonexistent-root/user.slice/user-1000.slice/user@1000.service/"
	    "user.slice/libpod-" ID ".scope/container"));
}

static void
test_dirs_of_another_process(void **state)
{
	(void)state;
	/*
	 * The engine is elsewhere (forwarded socket, Docker Desktop's VM):
	 * its pid is some process of this machine's, in its own cgroup.
	 */
	assert_false(dirs_of("0::/user.slice/user-1000.slice/session-2.scope\n",
	    ID, NULL, NULL));
	assert_false(dirs_of("12:memory:/user.slice\n"
			     "11:cpu,cpuacct:/user.slice\n"
			     "0::/user.slice/user-1000.slice/session-2.scope\n",
	    ID, NULL, NULL));
	assert_false(dirs_of("0::/\n", ID, NULL, NULL));
	/* Another container's cgroup is not this one's. */
	assert_false(dirs_of(
	    "0::/system.slice/docker-" OTHER ".scope\n", ID, NULL, NULL));
	assert_false(dirs_of("4:memory:/docker/" OTHER "\n"
			     "2:cpuacct:/docker/" OTHER "\n",
	    ID, NULL, NULL));
	/* v1 controllers that disagree: memory is the container's, CPU not. */
	assert_false(dirs_of("4:memory:/docker/" ID "\n"
			     "2:cpuacct:/user.slice\n",
	    ID, NULL, NULL));
	/* Only the whole id counts, not a prefix of a longer one. */
	assert_false(
	    dirs_of("0::/docker/" ID "\n", "f8d18391b2eb", NULL, NULL));
	assert_false(dirs_of("0::/docker/" ID "\n", "", NULL, NULL));
	/* Nor the root the hierarchy is mounted at. */
	{
		char *cpu = NULL, *mem = NULL;
		bool v2 = false;

		assert_false(usage_cgroup_dirs_of(
		    "0::/user.slice\n", "/tmp/" ID, ID, &cpu, &mem, &v2));
	}
}

static void
test_read_files(void **state)
{
	char dir[] = "/tmp/berth-test-cg-XXXXXX";
	uint64_t cpu = 0, mem = 0, limit = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "cpu.stat", "usage_usec 2500\nuser_usec 2000\n");
	put(dir, "memory.current", "10000000\n");
	put(dir, "memory.stat", "anon 100\ninactive_file 4000000\n");
	put(dir, "memory.max", "max\n");
	assert_true(usage_read_cgroup_v2(dir, &cpu, &mem, &limit));
	assert_int_equal(cpu, 2500000);
	assert_int_equal(mem, 6000000);
	assert_int_equal(limit, 0);

	put(dir, "cpuacct.usage", "123456789\n");
	put(dir, "memory.usage_in_bytes", "5000\n");
	put(dir, "memory.stat", "cache 1\ntotal_inactive_file 1000\n");
	put(dir, "memory.limit_in_bytes", "9223372036854771712\n");
	assert_true(usage_read_cgroup_v1(dir, dir, &cpu, &mem, &limit));
	assert_int_equal(cpu, 123456789);
	assert_int_equal(mem, 4000);
	assert_int_equal(limit, 0);
	put(dir, "memory.limit_in_bytes", "67108864\n");
	assert_true(usage_read_cgroup_v1(dir, dir, &cpu, &mem, &limit));
	assert_int_equal(limit, 67108864);
	assert_false(usage_read_cgroup_v2("/nonexistent", &cpu, &mem, &limit));
	{
		static const char *const files[] = {"cpu.stat",
		    "memory.current", "memory.stat", "memory.max",
		    "cpuacct.usage", "memory.usage_in_bytes",
		    "memory.limit_in_bytes"};
		char path[512];

		for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
			snprintf(path, sizeof path, "%s/%s", dir, files[i]);
			unlink(path);
		}
		rmdir(dir);
	}
}

static void
test_cpu_percent_like_docker_stats(void **state)
{
	struct docker_stats s;

	(void)state;
	/* 0.5 s of CPU over 2 s of a 4-CPU system (8 s of system time). */
	assert_true(detail_cpu_percent(1500000000, 1000000000, 18000000000ULL,
			10000000000ULL, 4) > 24.99);
	assert_true(detail_cpu_percent(1500000000, 1000000000, 18000000000ULL,
			10000000000ULL, 4) < 25.01);
	assert_true(detail_cpu_percent(5, 5, 10, 5, 4) == 0);
	assert_true(detail_cpu_percent(5, 4, 5, 5, 4) == 0);
	/* The first sample of a stream: no previous reading, no number. */
	assert_true(detail_cpu_percent(5, 0, 10, 0, 4) == 0);
	memset(&s, 0, sizeof s);
	s.mem_usage = 1000;
	s.mem_inactive_file = 300;
	assert_int_equal(detail_mem_used(&s), 700);
	s.mem_inactive_file = 3000;
	assert_int_equal(detail_mem_used(&s), 1000);
}

static const char inspect_body[] = "{\"Id\":\"" ID "\",\"State\":{"
				   "\"Status\":\"running\",\"Running\":true,"
				   "\"Pid\":%d}}";

static char *
stats_reply(uint64_t cpu, uint64_t sys, uint64_t mem, uint64_t inactive)
{
	char *body = xasprintf("{\"cpu_stats\":{\"cpu_usage\":{"
			       "\"total_usage\":%llu},"
			       "\"system_cpu_usage\":%llu,\"online_cpus\":2},"
			       "\"memory_stats\":{\"usage\":%llu,"
			       "\"limit\":1048576,\"stats\":{"
			       "\"inactive_file\":%llu}}}",
	    (unsigned long long)cpu, (unsigned long long)sys,
	    (unsigned long long)mem, (unsigned long long)inactive);
	char *r =
	    fake_response(200, "Content-Type: application/json\r\n", body);

	free(body);
	return r;
}

/* Ticks at the fixed time now until the engine saw want count times. */
static void
step_until(struct fake_engine *fe, struct docker *d, struct usage *u,
    double now, const char *want, int count)
{
	for (int i = 0; i < 200; i++) {
		const char *p = fake_engine_requests(fe);
		int n = 0;

		while (p && (p = strstr(p, want)) != NULL) {
			n++;
			p++;
		}
		if (n >= count)
			return;
		usage_tick(u, now);
		http_step(docker_http(d), 20);
	}
	fail_msg("no request %d for %s; requests:\n%s", count, want,
	    fake_engine_requests(fe));
}

/*
 * A "local" engine whose pid is some other process of this machine's (the
 * test's own): its cgroup is not the container's, so the row's numbers
 * come from one-shot stats, the first one at once, then at the interval.
 */
static void
test_falls_back_to_one_shot_stats(void **state)
{
	struct fake_reply replies[3] = {{{NULL}, false, false}};
	char *body = xasprintf(inspect_body, (int)getpid());
	char *inspect =
	    fake_response(200, "Content-Type: application/json\r\n", body);
	char *stats1 = stats_reply(1000000000, 10000000000ULL, 5000, 1000);
	char *stats2 = stats_reply(1500000000, 12000000000ULL, 8000, 2000);
	char id[] = ID;
	char *const ids[] = {id};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct console *a;
	struct usage *u;
	struct usage_sample s;
	char *cause = NULL;
	double due = 0;

	(void)state;
	replies[0].parts[0] = inspect;
	replies[1].parts[0] = stats1;
	replies[2].parts[0] = stats2;
	fe = fake_engine_start(replies, 3);
	assert_non_null(fe);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	a = app_new(d, &cfg, &o, &berth_parts);
	u = usage_new(a, console_engine(a), true, 5);
	usage_watch(u, ids, 1);
	/* The first stats request goes out at once, not 5 s later. */
	step_until(fe, d, u, 100, "/containers/" ID "/json ", 1);
	step_until(fe, d, u, 100,
	    "/containers/" ID "/stats?stream=false"
	    "&one-shot=true ",
	    1);
	/* The next one waits for the configured interval. */
	for (int i = 0; i < 10; i++) {
		due = usage_tick(u, 100.5);
		http_step(docker_http(d), 20);
	}
	assert_true(due > 104.9 && due <= 105.1);
	assert_false(usage_get(u, ID, &s));
	step_until(fe, d, u, due, "/stats?stream=false&one-shot=true ", 2);
	for (int i = 0; i < 50 && !usage_get(u, ID, &s); i++)
		http_step(docker_http(d), 20);
	assert_true(usage_get(u, ID, &s));
	/* 0.5 s of CPU over 2 s of a 2-CPU system, as docker stats says. */
	assert_true(s.cpu > 49.99 && s.cpu < 50.01);
	assert_int_equal(s.mem, 6000);
	assert_int_equal(s.mem_limit, 1048576);
	usage_free(u);
	app_free(a);
	fake_engine_stop(fe);
	free(body);
	free(inspect);
	free(stats1);
	free(stats2);
}

/*
 * A broken engine's counters: 9e18 ns of CPU within 1 ns of system time
 * and INT64_MAX bytes of memory. The row gets numbers it can show and
 * sort (at most USAGE's ceiling), not 1.8e21 % to cast into 64 bits.
 */
static void
test_huge_stats_are_clamped(void **state)
{
	struct fake_reply replies[3] = {{{NULL}, false, false}};
	char *body = xasprintf(inspect_body, (int)getpid());
	char *inspect =
	    fake_response(200, "Content-Type: application/json\r\n", body);
	char *stats1 = stats_reply(1, 10, 5000, 0);
	char *stats2 =
	    stats_reply(9000000000000000001ULL, 11, 9223372036854775807ULL, 0);
	char id[] = ID;
	char *const ids[] = {id};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct console *a;
	struct usage *u;
	struct usage_sample s;
	char *cause = NULL;

	(void)state;
	replies[0].parts[0] = inspect;
	replies[1].parts[0] = stats1;
	replies[2].parts[0] = stats2;
	fe = fake_engine_start(replies, 3);
	assert_non_null(fe);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	a = app_new(d, &cfg, &o, &berth_parts);
	u = usage_new(a, console_engine(a), true, 5);
	usage_watch(u, ids, 1);
	step_until(fe, d, u, 100, "/stats?stream=false&one-shot=true ", 1);
	step_until(fe, d, u, 106, "/stats?stream=false&one-shot=true ", 2);
	for (int i = 0; i < 50 && !usage_get(u, ID, &s); i++)
		http_step(docker_http(d), 20);
	assert_true(usage_get(u, ID, &s));
	assert_true(s.cpu > 0 && s.cpu <= 1e6);
	assert_true(s.cpu * 100 < 9.2e18);
	assert_true(s.mem == INT64_MAX);
	usage_free(u);
	app_free(a);
	fake_engine_stop(fe);
	free(body);
	free(inspect);
	free(stats1);
	free(stats2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dirs_v1_hybrid),
	    cmocka_unit_test(test_dirs_v2),
	    cmocka_unit_test(test_dirs_of_the_container),
	    cmocka_unit_test(test_dirs_of_another_process),
	    cmocka_unit_test(test_falls_back_to_one_shot_stats),
	    cmocka_unit_test(test_huge_stats_are_clamped),
	    cmocka_unit_test(test_read_files),
	    cmocka_unit_test(test_cpu_percent_like_docker_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
