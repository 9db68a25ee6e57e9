#!/bin/sh
# The first console: a container created by the test appears on screen,
# j/k move, q quits and leaves the shell prompt intact; errors are words.
. "$(dirname "$0")/lib.sh"

name=berth-e2e-$(e2e_rand)
docker run -d --name "$name" --label org.berth.test=e2e berth-test/app >/dev/null
trap 'docker rm -f "$name" >/dev/null 2>&1; e2e_cleanup' EXIT

e2e_shell 120 35
e2e_type "$BERTH_BIN"
e2e_send Enter
e2e_check "the container created by the test is on screen" "$name" 10
e2e_check "its image and state are shown" "$name.*berth-test/app.*running" 2
e2e_send j
e2e_send k
e2e_send Down
e2e_send Up
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

# SIGTERM, SIGINT and SIGHUP restore the terminal too.
for sig in TERM INT HUP; do
	e2e_type "$BERTH_BIN"
	e2e_send Enter
	e2e_wait_for "$name" 10
	pkill -$sig -f "^$BERTH_BIN\$" || true
	e2e_check_prompt "SIG$sig restores the terminal"
done
e2e_type "$BERTH_BIN"
e2e_send Enter
e2e_wait_for "$name" 10
e2e_send C-c
e2e_check_prompt "Ctrl-C restores the terminal"

# An engine that is not there is explained, not a crash.
e2e_type "clear; $BERTH_BIN -H unix:///nonexistent/docker.sock; echo rc=\$?"
e2e_send Enter
e2e_check "a missing socket is named" "no engine socket at /nonexistent/docker.sock" 10
e2e_check "and berth exits with status 1" "rc=1" 2

e2e_finish
