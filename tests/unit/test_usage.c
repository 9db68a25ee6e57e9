/* Tests of the cgroup readers behind the CPU and MEM columns. */

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

#include "tui/detail.h"
#include "tui/usage.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dirs_v1_hybrid),
	    cmocka_unit_test(test_dirs_v2),
	    cmocka_unit_test(test_read_files),
	    cmocka_unit_test(test_cpu_percent_like_docker_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
