#!/bin/sh
# A silent engine: a fake engine (tests/bench/fake_fleet) stopped with
# SIGSTOP while berth shows it. Within seconds of an unanswered ping the
# status bar says the engine is not answering; after SIGCONT it says that
# it answers again, and the keyboard answered all along. Then the same on
# an idle pane.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'kill -CONT $FLEET_PID 2>/dev/null; kill $FLEET_PID 2>/dev/null; wait $FLEET_PID 2>/dev/null; rm -rf "$tmp"; e2e_cleanup' EXIT
e2e_fake_fleet "$tmp" -n 1
addr=$(awk '$1 == "fake-000" {print $3}' "$tmp/fleet")

e2e_shell 120 30
e2e_type "$BERTH_BIN -H $addr"
e2e_send Enter
e2e_check "the fake engine's containers are listed" "fake-000-c0" 10

kill -STOP $FLEET_PID
t0=$(e2e_ms)
# The stream is quiet: a ping asks after 10 s of silence, and 5 s without
# its answer make the engine silent (before: about 35 s).
if e2e_wait_for "$addr is not answering" 20; then
	e2e_ok "a stopped engine is said not to answer, after $(( ($(e2e_ms) - t0) / 1000 )) s"
else
	e2e_fail "a stopped engine is said not to answer within 20 s"
fi
e2e_check "the title line says so too" "not answering…|reconnecting…" 2
# The keyboard answers while the engine is stopped.
t1=$(e2e_ms)
e2e_send 2
if e2e_wait_for "^Images" 2; then
	e2e_ok "a key is answered in $(($(e2e_ms) - t1)) ms while the engine is silent"
else
	e2e_fail "no answer to a key while the engine is silent"
fi
e2e_type ":fleet"
e2e_send Enter
e2e_check "the fleet pane says it too" "$addr +[^ ]* *not answering" 3
e2e_send 1

kill -CONT $FLEET_PID
e2e_check "it is said to answer again" "$addr answers again" 15
e2e_check "the title line is clear again" "^Containers +[0-9]+ *$" 10
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

# The same on an idle pane (no list in flight, nothing live on screen):
# the loop then sleeps until the ping's deadline, which is no reason to
# think it was held (the old rule, which put the silence off for ever).
e2e_type "$BERTH_BIN -H $addr --pane volumes"
e2e_send Enter
e2e_check "the volumes pane is up" "^Volumes" 10
sleep 2
kill -STOP $FLEET_PID
t0=$(e2e_ms)
if e2e_wait_for "$addr is not answering" 20; then
	e2e_ok "an idle console says it too, after $(( ($(e2e_ms) - t0) / 1000 )) s"
else
	e2e_fail "an idle console did not say it within 20 s"
fi
kill -CONT $FLEET_PID
e2e_check "it is said to answer again" "$addr answers again" 15
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact, again"
e2e_finish
