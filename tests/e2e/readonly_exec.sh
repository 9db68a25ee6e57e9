#!/bin/sh
# --read-only with `set read-only-exec on` in the config file (--config):
# e (exec) is allowed and runs in the container, from the containers pane
# and from the sessions pane, while a (attach) and s (stop) are still
# refused and logged; the container is untouched. Then `set read-only on`
# alone in the config file: READ-ONLY without the flag, and exec refused.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
box=berth-e2e-rx-$tag
state=$(mktemp -d)
log=$state/berth/audit.log
cfg=$state/config
cleanup() {
	docker rm -f "$box" >/dev/null 2>&1
	rm -rf "$state"
	e2e_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

docker run -d --name "$box" --label org.berth.test=e2e berth-test/base sleep 100000 >/dev/null
cid=$(docker inspect -f '{{.Id}}' "$box")
short=$(echo "$cid" | cut -c1-12)
box_state() { docker inspect -f '{{.State.Status}} {{.State.StartedAt}} {{.State.Paused}} {{.RestartCount}}' "$box"; }
before=$(box_state)
printf '# e2e\nset read-only-exec on\n' >"$cfg"
t0=$(date +%s.%N)

e2e_shell 120 35
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --read-only --config $cfg"
e2e_send Enter
e2e_check "the container is listed" "$box" 10
e2e_check "the status bar shows READ-ONLY" "READ-ONLY" 2
if e2e_screen | grep -q "$cfg:"; then
	e2e_fail "the config file is read without a mistake"
else
	e2e_ok "the config file is read without a mistake"
fi
e2e_send /
e2e_type "$box"
e2e_send Enter
e2e_check "filtered to the container" "^Containers +1( of [0-9]+)? +filter: $box" 3

# exec is allowed: the picker, a shell in the container, the exit code.
e2e_send e
e2e_check "e opens the shell picker" "exec in $box" 5
e2e_send Right Right
e2e_check "the picker offers sh" "< sh >" 2
e2e_send Enter
e2e_check "the exec session starts with a banner" \
	"exec sh in $box .* detach with ctrl-p ctrl-q" 10
word=w$(e2e_rand)
# The container's hostname is its short id: the shell runs in $box.
e2e_type "echo $word-\$(hostname)"
e2e_send Enter
e2e_check "the shell runs in the container" "^$word-$short *\$" 5
e2e_type "exit"
e2e_send Enter
e2e_check "the console comes back with the exit code" \
	"exec sh in $box exited with code 0" 10
if docker events --since "$t0" --until "$(date +%s.%N)" \
	--filter "container=$cid" --filter event=exec_start \
	--format '{{.Action}}' | grep -q '^exec_start: sh'; then
	e2e_ok "the engine ran the exec"
else
	e2e_fail "the engine ran the exec"
fi

# attach and stop are still refused.
e2e_send a
e2e_check "a is still refused" "read-only mode: attach refused" 3
if e2e_screen | grep -q "attached to"; then
	e2e_fail "nothing attaches"
else
	e2e_ok "nothing attaches"
fi
e2e_send s
e2e_check "s is still refused" "read-only mode: stop refused" 3
if e2e_screen | grep -q "y: Yes"; then
	e2e_fail "s opened a question"
	e2e_send Escape
else
	e2e_ok "s opened no question"
fi

# The sessions pane: the exec berth opened, e allowed there, a refused.
e2e_type ":sessions"
e2e_send Enter
e2e_send /
e2e_type "$box"
e2e_send Enter
e2e_check "the sessions pane lists the exec, opened by berth" \
	"$box +sh +root +yes +exited .* 0 +berth" 10
e2e_send a
e2e_check "a in the sessions pane is refused" "read-only mode: attach refused" 3
e2e_send e
e2e_check "e in the sessions pane opens the shell picker" "exec in $box" 5
e2e_send Escape
e2e_wait_gone "exec in $box" 3
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

if [ "$(box_state)" = "$before" ]; then
	e2e_ok "the container is untouched"
else
	e2e_fail "the container is untouched ($before / $(box_state))"
fi
if docker events --since "$t0" --until "$(date +%s.%N)" --filter "container=$cid" \
	--format '{{.Action}}' | grep -v '^exec_' | grep -q .; then
	e2e_fail "no event but the exec's on the container"
	docker events --since "$t0" --until "$(date +%s.%N)" --filter "container=$cid"
else
	e2e_ok "no event but the exec's on the container"
fi
# The refusals, for the container and for the session's container; exec
# itself is never refused.
refused=$(awk -F'\t' '$5 == "refused: read-only" { print $3 }' "$log" 2>/dev/null | tr '\n' ' ')
if [ "$refused" = "attach stop attach " ] &&
	grep -q "	attach	$box ($cid)	refused: read-only\$" "$log" &&
	grep -q "	stop	$box ($cid)	refused: read-only\$" "$log"; then
	e2e_ok "the audit log holds the attach, stop and attach refusals"
else
	e2e_fail "the audit log holds the attach, stop and attach refusals ($refused)"
	cat "$log"
fi
if obj="$box ($cid)" awk -F'\t' '$3 ~ /^exec sh/ && $4 == ENVIRON["obj"] && $5 ~ /^ok/' "$log" | grep -q .; then
	e2e_ok "the exec is in the audit log, ok"
else
	e2e_fail "the exec is in the audit log, ok"
	cat "$log"
fi
if awk -F'\t' '$5 != "refused: read-only" && $3 !~ /^exec/' "$log" | grep -q .; then
	e2e_fail "nothing else but the exec succeeded"
	cat "$log"
else
	e2e_ok "nothing else but the exec succeeded"
fi

# `set read-only on` in the config file alone: read-only, exec refused.
printf 'set read-only on\n' >"$cfg"
e2e_type "clear; XDG_STATE_HOME=$state $BERTH_BIN --config $cfg"
e2e_send Enter
e2e_check "set read-only on makes it read-only" "READ-ONLY" 10
e2e_send /
e2e_type "$box"
e2e_send Enter
e2e_check "filtered to the container again" "^Containers +1( of [0-9]+)? +filter: $box" 3
e2e_send e
e2e_check "without read-only-exec, e is refused" "read-only mode: exec refused" 3
if e2e_screen | grep -q "exec in $box"; then
	e2e_fail "no picker opens"
	e2e_send Escape
else
	e2e_ok "no picker opens"
fi
e2e_send s
e2e_check "and s is refused" "read-only mode: stop refused" 3
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact again"
if [ "$(box_state)" = "$before" ]; then
	e2e_ok "the container is still untouched"
else
	e2e_fail "the container is still untouched ($before / $(box_state))"
fi
if tail -2 "$log" | awk -F'\t' '{ print $3 "/" $5 }' | tr '\n' ' ' |
	grep -q '^exec/refused: read-only stop/refused: read-only $'; then
	e2e_ok "both refusals are logged"
else
	e2e_fail "both refusals are logged"
	cat "$log"
fi

e2e_finish
