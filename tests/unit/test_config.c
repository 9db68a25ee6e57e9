/* Tests of the key bindings and the config file language. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "tui/core/config.h"
#include "tui/core/keymap.h"
#include "tui/core/pane.h"
#include "tui/panes/panes.h"
#include "widgets/key.h"

static void
test_defaults_bind_the_documented_keys(void **state)
{
	struct config c;

	(void)state;
	config_init(&c);
	assert_null(c.errors[0]);
	assert_int_equal(
	    keymap_lookup(&c.keys, "containers", 'q'), ACTION_QUIT);
	assert_int_equal(
	    keymap_lookup(&c.keys, "containers", 'l'), ACTION_LOGS);
	assert_int_equal(keymap_lookup(&c.keys, "containers", 11), ACTION_KILL);
	assert_int_equal(keymap_lookup(&c.keys, "images", 'u'), ACTION_PULL);
	/* l is logs in containers, but not bound in images. */
	assert_int_equal(keymap_lookup(&c.keys, "images", 'l'), ACTION_NONE);
	assert_int_equal(
	    keymap_lookup(&c.keys, "volumes", '\t'), ACTION_NEXT_PANE);
	assert_int_equal(keymap_lookup(&c.keys, "volumes", '3'), ACTION_PANE_3);
	config_done(&c);
}

static void
test_bind_unbind_and_options(void **state)
{
	struct config c;

	(void)state;
	config_init(&c);
	config_apply_text(&c, "t",
	    "# a comment\n"
	    "bind containers C-x kill\n"
	    "bind * F5 refresh   # trailing comment\n"
	    "unbind containers l\n"
	    "set read-only on\n"
	    "set mouse off\n"
	    "set log-tail 50\n"
	    "theme light\n");
	assert_null(c.errors[0]);
	assert_int_equal(keymap_lookup(&c.keys, "containers", 24), ACTION_KILL);
	assert_int_equal(
	    keymap_lookup(&c.keys, "images", WKEY(KEY_F(5))), ACTION_REFRESH);
	assert_int_equal(
	    keymap_lookup(&c.keys, "containers", 'l'), ACTION_NONE);
	assert_true(c.read_only);
	assert_false(c.mouse);
	assert_int_equal(c.log_tail, 50);
	assert_string_equal(c.theme, "light");
	config_done(&c);
}

static void
test_errors_name_file_and_line(void **state)
{
	static const char *const panes[] = {"containers", "images", NULL};
	struct config c;

	(void)state;
	config_set_pane_names(panes);
	config_init(&c);
	config_apply_text(&c, "my.conf",
	    "bind * q quit\n"
	    "bind * q nosuchaction\n"
	    "\n"
	    "frobnicate\n"
	    "bind * NoSuchKey quit\n"
	    "set refresh-interval 2\n"
	    "set read-only maybe\n"
	    "bind nopane q quit\n");
	assert_non_null(c.errors[0]);
	assert_string_equal(
	    c.errors[0], "my.conf:2: unknown action nosuchaction");
	assert_string_equal(
	    c.errors[1], "my.conf:4: unknown command frobnicate");
	assert_string_equal(c.errors[2], "my.conf:5: unknown key NoSuchKey");
	assert_non_null(strstr(c.errors[3], "my.conf:6: set refresh-interval"));
	assert_non_null(strstr(c.errors[4], "my.conf:7: set read-only"));
	assert_string_equal(c.errors[5], "my.conf:8: unknown pane nopane");
	assert_null(c.errors[6]);
	/* The good lines still apply. */
	assert_int_equal(keymap_lookup(&c.keys, "x", 'q'), ACTION_QUIT);
	config_done(&c);
	config_set_pane_names(NULL);
}

static void
test_load_file_and_missing(void **state)
{
	struct config c;
	char path[] = "/tmp/berth-test-config-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("set log-tail 7\nbogus\n", f);
	fclose(f);
	config_init(&c);
	config_load(&c, path);
	assert_int_equal(c.log_tail, 7);
	assert_non_null(c.errors[0]);
	assert_non_null(strstr(c.errors[0], ":2: unknown command bogus"));
	config_done(&c);
	unlink(path);

	config_init(&c);
	config_load(&c, "/nonexistent/berth/config");
	assert_non_null(c.errors[0]);
	config_done(&c);

	/* The default location may be absent without an error. */
	setenv("XDG_CONFIG_HOME", "/nonexistent-berth-dir", 1);
	config_init(&c);
	config_load(&c, NULL);
	assert_null(c.errors[0]);
	config_done(&c);
}

static void
test_key_names_round_trip(void **state)
{
	static const char *const names[] = {"q", "G", "C-k", "Enter", "Esc",
	    "Space", "Tab", "S-Tab", "Up", "PgDn", "F5", "F12", "/", "?"};
	char buf[32];
	int key;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		assert_true(keymap_parse_key(names[i], &key));
		assert_string_equal(
		    keymap_key_name(key, buf, sizeof buf), names[i]);
	}
	assert_false(keymap_parse_key("C-1", &key));
	assert_false(keymap_parse_key("F13", &key));
	assert_false(keymap_parse_key("ab", &key));
	assert_false(keymap_parse_key("", &key));
}

static void
test_keys_for_help(void **state)
{
	struct config c;
	char buf[64];

	(void)state;
	config_init(&c);
	assert_string_equal(keymap_keys_for(&c.keys, "containers", ACTION_DOWN,
				buf, sizeof buf),
	    "j/Down");
	assert_string_equal(keymap_keys_for(&c.keys, "containers", ACTION_KILL,
				buf, sizeof buf),
	    "C-k");
	assert_string_equal(
	    keymap_keys_for(&c.keys, "images", ACTION_KILL, buf, sizeof buf),
	    "");
	config_apply_text(&c, "t", "unbind containers j\n");
	assert_string_equal(keymap_keys_for(&c.keys, "containers", ACTION_DOWN,
				buf, sizeof buf),
	    "Down");
	config_done(&c);
}

static void
test_action_table(void **state)
{
	(void)state;
	assert_int_equal(action_from_name("quit"), ACTION_QUIT);
	assert_int_equal(action_from_name("nope"), ACTION__COUNT);
	assert_true(action_changes(ACTION_REMOVE));
	assert_true(action_changes(ACTION_PRUNE));
	assert_false(action_changes(ACTION_LOGS));
	assert_false(action_changes(ACTION_INSPECT));
	for (int i = 0; i < ACTION__COUNT; i++) {
		assert_int_equal(
		    action_from_name(action_name((enum action)i)), i);
		assert_true(strlen(action_help((enum action)i)) > 0);
	}
}

/* Every alias README lists for `:` finds its pane; prefixes need two. */
static void
test_pane_names_and_aliases(void **state)
{
	static const char *const pairs[][2] = {
	    {"c", "containers"},
	    {"i", "images"},
	    {"l", "layers"},
	    {"v", "volumes"},
	    {"n", "networks"},
	    {"s", "sessions"},
	    {"h", "host"},
	    {"d", "doctor"},
	    {"e", "events"},
	    {"nat", "nat"},
	    {"cont", "containers"},
	    {"doc", "doctor"},
	    {"sessions", "sessions"},
	    {"compose", "projects"},
	    {"proj", "projects"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		const struct pane_ops *ops = panes_find(pairs[i][0]);

		assert_non_null(ops);
		assert_string_equal(ops->name, pairs[i][1]);
	}
	assert_null(panes_find("x"));
	assert_null(panes_find("zz"));
}

static void
test_engine_lines(void **state)
{
	struct config c;

	(void)state;
	config_init(&c);
	config_apply_text(&c, "t",
	    "engine prod tcp://10.0.0.5:2376 tlsverify tlscacert=/c/ca.pem "
	    "tlscert=/c/cert.pem tlskey=/c/key.pem read-only\n"
	    "engine lab ssh://ops@lab color=red\n"
	    "engine prod unix:///x.sock\n"
	    "engine broken\n"
	    "engine odd unix:///y.sock colour=red\n");
	assert_int_equal(c.n_engines, 3);
	assert_string_equal(c.engines[0].name, "prod");
	assert_string_equal(c.engines[0].address, "tcp://10.0.0.5:2376");
	assert_true(c.engines[0].tls && c.engines[0].tls_verify);
	assert_string_equal(c.engines[0].ca_file, "/c/ca.pem");
	assert_string_equal(c.engines[0].cert_file, "/c/cert.pem");
	assert_string_equal(c.engines[0].key_file, "/c/key.pem");
	assert_true(c.engines[0].read_only);
	assert_string_equal(c.engines[1].address, "ssh://ops@lab");
	assert_false(c.engines[1].read_only);
	assert_string_equal(c.engines[1].colour, "red");
	assert_null(c.engines[0].colour);
	/* A name twice, a missing address, an unknown option: all said. */
	assert_non_null(c.errors[0]);
	assert_non_null(strstr(c.errors[0], "t:3: engine prod is named twice"));
	assert_non_null(strstr(c.errors[1], "t:4: usage: engine NAME ADDRESS"));
	assert_non_null(strstr(c.errors[2], "unknown option colour=red"));
	config_done(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_engine_lines),
	    cmocka_unit_test(test_defaults_bind_the_documented_keys),
	    cmocka_unit_test(test_bind_unbind_and_options),
	    cmocka_unit_test(test_errors_name_file_and_line),
	    cmocka_unit_test(test_load_file_and_missing),
	    cmocka_unit_test(test_key_names_round_trip),
	    cmocka_unit_test(test_keys_for_help),
	    cmocka_unit_test(test_action_table),
	    cmocka_unit_test(test_pane_names_and_aliases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
