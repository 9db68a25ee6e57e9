#!/bin/sh
# Changing a container from the console: s + y stops it, S + y starts it,
# c copies its id (OSC 52, seen by tmux), d + force + y removes it; each
# asks first, naming the container and the engine, and lands in the audit
# log; the terminal is intact after.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-act-$tag
state=$(mktemp -d)
log=$state/berth/audit.log
clip=$(tmux show-options -sv set-clipboard 2>/dev/null || echo external)
docker run -d --name "$name" --label org.berth.test=e2e --stop-timeout 1 \
	berth-test/app >/dev/null
id=$(docker inspect -f '{{.Id}}' "$name")
trap 'docker rm -f "$name" >/dev/null 2>&1; rm -rf "$state";
	tmux set-option -s set-clipboard "$clip" 2>/dev/null; e2e_cleanup' EXIT

# e2e_state_is STATE [SECONDS]: polls the engine for the container's state.
e2e_state_is() {
	deadline=$(($(date +%s) + ${2:-20}))
	while [ "$(date +%s)" -le "$deadline" ]; do
		st=$(docker inspect -f '{{.State.Status}}' "$name" 2>/dev/null) ||
			st=gone
		[ "$st" = "$1" ] && return 0
		sleep 0.2
	done
	return 1
}

check_state() {
	if e2e_state_is "$2" "${3:-20}"; then e2e_ok "$1"; else e2e_fail "$1"; fi
}

e2e_shell 130 35
# The clipboard check needs tmux to take OSC 52 from the program.
tmux set-option -s set-clipboard on
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN"
e2e_send Enter
e2e_check "the container is listed" "$name" 10
e2e_type "/$name"
e2e_send Enter
e2e_check "filtered to the container" "^Containers +1 " 3

e2e_send s
e2e_check "s asks first, naming the engine" "Stop 1 container on the engine $DOCKER_HOST" 3
e2e_check "and the container" "│ +$name \(" 2
e2e_send y
e2e_check "the status bar reports it" "stopped $name" 20
check_state "the engine says exited" exited
e2e_check "the row follows by itself" "$name +berth-test/app +exited" 10

e2e_send S
e2e_check "S asks first" "Start 1 container on the engine" 3
e2e_send y
e2e_check "the status bar reports it" "started $name" 20
check_state "S + y starts it again" running
e2e_check "the row says running" "$name +berth-test/app +running" 10

e2e_send c
e2e_check "c says copied" "copied $id" 3
if [ "$(tmux show-buffer 2>/dev/null)" = "$id" ]; then
	e2e_ok "the id reached the clipboard (tmux buffer)"
else
	e2e_fail "the id reached the clipboard (tmux buffer)"
fi

e2e_send d
e2e_check "d asks first, with options" "force: kill it first if it runs" 3
e2e_send Space
e2e_check "Space ticks force" "\[x\] force" 2
e2e_send y
e2e_check "the status bar reports it" "removed $name" 20
check_state "d + force + y removes it" gone
e2e_check "the row is gone" "^Containers +0( of|  |$)" 10

e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

if [ "$(grep -c "	stop	$name ($id)	ok\$" "$log")" = 1 ] &&
	[ "$(grep -c "	start	$name ($id)	ok\$" "$log")" = 1 ] &&
	[ "$(grep -c "	remove (force)	$name ($id)	ok\$" "$log")" = 1 ]; then
	e2e_ok "the audit log has stop, start and remove"
else
	e2e_fail "the audit log has stop, start and remove"
	cat "$log"
fi

e2e_finish
