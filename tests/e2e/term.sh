#!/bin/sh
# The terminal and the files around the console: TERM=dumb is refused in
# words before curses starts; Ctrl-Z suspends like top and less (the shell
# comes back, fg redraws); a config file's mistakes are all listed with
# their lines; a truncated docker config.json is said, not skipped.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d /tmp/berth-e2e-term-XXXXXX)
trap 'rm -rf "$tmp"; e2e_cleanup' EXIT

e2e_shell 120 35

# A terminal that cannot move the cursor.
for t in dumb unknown-terminal-xyz; do
	e2e_type "clear; TERM=$t $BERTH_BIN; echo rc=\$?"
	e2e_send Enter
	e2e_check "TERM=$t is refused with a message" \
		"berth: the terminal( type)? \"$t\" (cannot move the cursor|is not known)" 10
	e2e_check "TERM=$t: berth exits with status 2" "^rc=2" 2
done
e2e_type "clear; env -u TERM $BERTH_BIN; echo rc=\$?"
e2e_send Enter
e2e_check "an unset TERM is refused with a message" "berth: TERM is not set" 10

# Ctrl-Z stops berth and gives the shell back; fg brings the screen back.
e2e_type "clear; $BERTH_BIN"
e2e_send Enter
e2e_wait_for "containers" 10
if e2e_wait_for "API 1\.[0-9]+" 10; then :; fi
e2e_send C-z
if e2e_wait_for "[Ss]topped" 5 && e2e_wait_gone "API 1\.[0-9]+" 2; then
	e2e_ok "Ctrl-Z suspends berth and the shell is back"
else
	e2e_fail "Ctrl-Z suspends berth and the shell is back"
fi
marker="suspended$$"
e2e_type "echo $marker"
e2e_send Enter
e2e_check "the shell answers while berth is stopped" "^$marker" 5
e2e_type "fg"
e2e_send Enter
if e2e_wait_for "API 1\.[0-9]+" 10 && e2e_wait_gone "^$marker" 5; then
	e2e_ok "fg redraws the console"
else
	e2e_fail "fg redraws the console"
fi
e2e_send j
e2e_send q
e2e_check_prompt "after a suspend, q leaves the shell prompt intact"

# Every mistake of the config file, each with its line.
printf '%s\n' '# berth config' 'set log-tail lots' 'bogus command' '' \
	'set log-tail 1000000' 'bind * q nosuchaction' >"$tmp/config"
e2e_type "clear; $BERTH_BIN --config $tmp/config"
e2e_send Enter
e2e_check "the mistakes are listed" "mistakes in the config file" 10
e2e_check "line 2 is named" "config:2: set log-tail: expected a number" 2
e2e_check "line 3 is named" "config:3: unknown command bogus" 2
e2e_check "line 5 names the log-tail limit" "config:5: set log-tail: at most 20000 lines" 2
e2e_check "line 6 is named" "config:6: unknown action nosuchaction" 2
e2e_send Enter
e2e_wait_gone "mistakes in the config file" 5
e2e_send q
e2e_check_prompt "q quits after the list"

# A truncated docker config.json is reported, not skipped.
mkdir "$tmp/docker"
printf '{"currentContext": "prod", "auths": {' >"$tmp/docker/config.json"
e2e_type "clear; env -u DOCKER_HOST DOCKER_CONFIG=$tmp/docker $BERTH_BIN; echo rc=\$?"
e2e_send Enter
e2e_check "the truncated config.json is named" \
	"berth: $tmp/docker/config.json cannot be read" 10
e2e_check "berth exits with status 2" "^rc=2" 2
# With the engine named, the file is not needed to choose it.
e2e_type "clear; DOCKER_CONFIG=$tmp/docker $BERTH_BIN --version; echo rc=\$?"
e2e_send Enter
e2e_check "--version does not need it" "^rc=0" 5

e2e_finish
