#!/bin/sh
# A hundred engines at once, by simulation: tests/bench/fake_fleet serves
# 100 small fake engines on loopback (5 dead, 5 flapping, 10 slow, 2 with
# a failing /events), opened with -H and engine lines in a config file.
# The fleet pane fills (every engine that answers is up), keys are
# answered while it fills and after, and the dead engines are tried only
# now and then. Timings are printed; the 50 ms budget is make bench's.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'kill $FLEET_PID 2>/dev/null; wait $FLEET_PID 2>/dev/null; rm -rf "$tmp"; e2e_cleanup' EXIT
e2e_fake_fleet "$tmp" -n 100 -d 5 -f 5 -s 10 -S 1500 -e 2 -o "$tmp/counts"
first=$(awk '$2 == "ok" {print $3; exit}' "$tmp/fleet")
awk -v first="$first" '$3 ~ /^tcp:/ && $3 != first {print "engine " $1 " " $3}' \
	"$tmp/fleet" >"$tmp/config"
answering=$(awk '$2 == "ok" || $2 == "slow"' "$tmp/fleet" | wc -l)

# Tall enough for every row: the rows are counted on the screen.
e2e_shell 200 112
e2e_type "$BERTH_BIN -H $first --config $tmp/config"
e2e_send Enter
e2e_check "a hundred engines open on the fleet pane" "^Fleet .* 100 *$" 10

# O reverses the sort: the header line changes at once, even while the
# engines' answers pour in.
worst=0 late=0 n=0
t_start=$(e2e_ms)
while [ $n -lt 20 ]; do
	before=$(tmux capture-pane -p -t "$E2E_SESSION" -S 2 -E 2)
	t0=$(e2e_ms)
	e2e_send O
	while [ "$(tmux capture-pane -p -t "$E2E_SESSION" -S 2 -E 2)" = "$before" ]; do
		[ $(($(e2e_ms) - t0)) -gt 1000 ] && break
	done
	dt=$(($(e2e_ms) - t0))
	[ $dt -gt $worst ] && worst=$dt
	[ $dt -gt 1000 ] && late=$((late + 1))
	n=$((n + 1))
	sleep 0.25
done
if [ $late -eq 0 ]; then
	e2e_ok "20 keys answered while the fleet fills (slowest ${worst} ms, tmux polling included)"
else
	e2e_fail "$late of 20 keys took more than a second"
fi

deadline=$(($(e2e_ms) + 20000))
while :; do
	ups=$(e2e_screen | grep -c ' up ')
	[ "$ups" -ge "$answering" ] && break
	[ "$(e2e_ms)" -ge "$deadline" ] && break
	sleep 0.2
done
if [ "$ups" -ge "$answering" ]; then
	e2e_ok "the fleet pane fills: $ups engines up, after $(( ($(e2e_ms) - t_start) / 1000 )) s"
else
	e2e_fail "only $ups of $answering answering engines are up"
fi
e2e_check "the dead ones are said" "fake-000 +tcp://[0-9.:]+ +(reconnecting|error)" 2
e2e_check "the events-failing ones are reconnecting" "fake-020 +tcp://[0-9.:]+ +reconnecting" 2

# Enter on an engine shows it in the other panes.
e2e_send /
e2e_type "fake-030"
e2e_send Enter
e2e_wait_for "^Fleet .*1 of 100" 3
e2e_send Enter
e2e_check "Enter shows that engine's containers" "fake-030-c0" 10
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

kill -USR1 $FLEET_PID
sleep 0.5
echo "what the dead and flapping engines received:"
awk '$2 == "dead" || $2 == "flapping" {print "  " $0}' "$tmp/counts"
e2e_finish
