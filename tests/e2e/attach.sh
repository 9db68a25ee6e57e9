#!/bin/sh
# Exec and attach from the console: e opens the shell picker and a shell
# whose output is on screen, exit brings the console back with the exit
# code; a attaches to a container's own shell and ctrl-p ctrl-q detaches
# leaving it running; read-only mode refuses attach; the prompt survives.
. "$(dirname "$0")/lib.sh"

rid=$(e2e_rand)
sleeper=berth-e2e-hj-$rid-sleep
shell=berth-e2e-hj-$rid-sh
docker run -d --name "$sleeper" --label org.berth.test=e2e \
	berth-test/base sleep 100000 >/dev/null
docker run -d -it --name "$shell" --label org.berth.test=e2e \
	berth-test/base sh >/dev/null
trap 'docker rm -f "$sleeper" "$shell" >/dev/null 2>&1; e2e_cleanup' EXIT

# Shows only the container called $1.
select_container() {
	e2e_send /
	e2e_send C-u
	e2e_type "$1"
	e2e_send Enter
	e2e_wait_for "filter: $1" 5
}

e2e_shell 120 35
e2e_type "$BERTH_BIN"
e2e_send Enter
e2e_check "the test containers are on screen" "$sleeper" 10

# exec: the picker, a shell, output on screen, exit code after.
select_container "$sleeper"
e2e_send e
e2e_check "e opens the shell picker" "exec in $sleeper" 5
e2e_send Right Right
e2e_check "the picker offers sh" "< sh >" 2
e2e_send Enter
e2e_check "the exec session starts with a banner" \
	"exec sh in $sleeper .* detach with ctrl-p ctrl-q" 10
word=w$(e2e_rand)
e2e_type "echo $word"
e2e_send Enter
e2e_check "the shell's output is on screen" "^$word *\$" 5
e2e_type "stty size"
e2e_send Enter
e2e_check "the exec has the window's size" "^35 120 *\$" 5
e2e_type "exit"
e2e_send Enter
e2e_check "the console comes back with the exit code" \
	"exec sh in $sleeper exited with code 0" 10
e2e_check "and shows the containers again" "NAME.*IMAGE.*STATE" 2

# attach: the container's own shell, then ctrl-p ctrl-q.
select_container "$shell"
e2e_send a
e2e_check "a attaches with a banner" \
	"attached to $shell .* detach with ctrl-p ctrl-q" 10
word2=a$(e2e_rand)
e2e_type "echo \$((6 * 7))-$word2"
e2e_send Enter
e2e_check "the container's shell answers" "^42-$word2 *\$" 5
e2e_send C-p
e2e_send C-q
e2e_check "ctrl-p ctrl-q detaches back to the console" \
	"detached from $shell; it keeps running" 10
if [ "$(docker inspect -f '{{.State.Running}}' "$shell")" = true ]; then
	e2e_ok "the container still runs after detaching"
else
	e2e_fail "the container still runs after detaching"
fi
e2e_send q
e2e_check_prompt "q after attach and exec leaves the prompt intact"

# Read-only: attach is refused and nothing attaches.
e2e_type "clear; $BERTH_BIN --read-only"
e2e_send Enter
e2e_check "berth starts read-only" "READ-ONLY" 10
select_container "$shell"
e2e_send a
e2e_check "attach is refused in read-only mode" \
	"read-only mode: attach refused" 5
if e2e_screen | grep -q "attached to"; then
	e2e_fail "nothing attaches in read-only mode"
else
	e2e_ok "nothing attaches in read-only mode"
fi
e2e_send e
e2e_check "exec is refused in read-only mode too" \
	"read-only mode: exec refused" 5
e2e_send q
e2e_check_prompt "q after read-only leaves the prompt intact"

e2e_finish
