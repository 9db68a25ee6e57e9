#!/bin/sh
# Friendly where people expect it, in tmux: an exec and an attach cut by
# the engine's death (a proxy in front of the test engine that dies, as the
# engine would) are audited as errors, not ok; the status bar names the
# docker CLI context (DOCKER_CONTEXT, and `docker context use`) on every
# screen; the events pane hides the "top" events of berth's processes tab
# and z shows them marked "(berth)".
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-fr-$tag
shell=berth-e2e-frsh-$tag
dir=$(mktemp -d /tmp/berth-e2e-fr.XXXXXX)
state=$dir/state
log=$state/berth/audit.log
sock=$dir/docker.sock
proxy=
ctx=fr-ctx-$tag

stop_proxy() {
	if [ -n "$proxy" ]; then
		kill -- -"$proxy" 2>/dev/null || kill "$proxy" 2>/dev/null
		wait "$proxy" 2>/dev/null
		proxy=
	fi
}
cleanup() {
	stop_proxy
	docker rm -f "$name" "$shell" >/dev/null 2>&1
	rm -rf "$dir"
	e2e_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

docker run -d --name "$name" --label org.berth.test=e2e \
	berth-test/base sleep 100000 >/dev/null
docker run -d -it --name "$shell" --label org.berth.test=e2e \
	berth-test/base sh >/dev/null

# A stand-in for the engine that can die: socat forwarding a socket of
# our own to the test engine's, in a process group of its own.
start_proxy() {
	rm -f "$sock"
	setsid socat "UNIX-LISTEN:$sock,fork" \
		"UNIX-CONNECT:${DOCKER_HOST#unix://}" 2>/dev/null &
	proxy=$!
	for _ in $(seq 50); do
		[ -S "$sock" ] && return 0
		sleep 0.1
	done
	return 1
}

select_container() {
	e2e_send /
	e2e_send C-u
	e2e_type "$1"
	e2e_send Enter
	e2e_wait_for "filter: $1" 5
}

# A quick failure waits for a key before the console comes back.
back_to_console() {
	if e2e_screen | grep -q "press a key to return to berth"; then
		e2e_send Enter
	fi
	e2e_wait_for "NAME.*IMAGE.*STATE" 5
}

# The audit log's last line for ACTION (a regex on field 3): its result.
last_result() {
	awk -F'\t' -v act="$1" '$3 ~ act { r = $5 } END { print r }' "$log" \
		2>/dev/null
}
# wait_result ACTION WANT: the last result for ACTION once it matches the
# regex WANT (3 s at most: the line is written as the console comes back).
wait_result() {
	deadline=$(($(date +%s) + 3))
	while ! last_result "$1" | grep -Eq -- "$2" &&
		[ "$(date +%s)" -le "$deadline" ]; do
		sleep 0.1
	done
	last_result "$1"
}

# --- an exec, then an attach, cut by the engine's death -------------------
e2e_shell 120 35
start_proxy || e2e_fail "the proxy socket appears"
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN -H unix://$sock"
e2e_send Enter
e2e_check "berth runs through the proxy" "$name" 10
select_container "$name"
e2e_send e
e2e_check "e opens the shell picker" "exec in $name" 5
e2e_send Right Right
e2e_check "the picker offers sh" "< sh >" 2
e2e_send Enter
e2e_check "the exec session starts" "exec sh in $name .* detach with" 10
word=w$(e2e_rand)
e2e_type "echo $word"
e2e_send Enter
e2e_check "the shell answers" "^$word *\$" 5
stop_proxy
e2e_check "berth says the exec was cut off" \
	"exec sh in $name: cut off, the engine is gone" 10
back_to_console
res=$(wait_result '^exec' '^error')
case $res in
"error: "*"cut off, the engine is gone"*) e2e_ok "the exec is audited as an error ($res)" ;;
*) e2e_fail "the exec is audited as an error, not: $res" ;;
esac

start_proxy || e2e_fail "the proxy socket appears again"
e2e_check "berth reconnects through the new proxy" "$name" 15
select_container "$shell"
e2e_send a
e2e_check "a attaches" "attached to $shell .* detach with" 10
word=a$(e2e_rand)
e2e_type "echo \$((6 * 7))-$word"
e2e_send Enter
e2e_check "the container's shell answers" "^42-$word *\$" 5
stop_proxy
e2e_check "berth says the attach was cut off" \
	"$shell: cut off, the engine is gone" 10
back_to_console
res=$(wait_result '^attach$' '^error')
case $res in
"error: "*"cut off, the engine is gone"*) e2e_ok "the attach is audited as an error ($res)" ;;
*) e2e_fail "the attach is audited as an error, not: $res" ;;
esac
if [ "$(docker inspect -f '{{.State.Running}}' "$shell")" = true ]; then
	e2e_ok "the container still runs (only the link died)"
else
	e2e_fail "the container still runs (only the link died)"
fi
e2e_send q
e2e_check_prompt "q with the engine gone leaves the prompt intact"

# An exec that ends by itself is still ok.
start_proxy || e2e_fail "the proxy socket appears a third time"
e2e_type "clear; XDG_STATE_HOME=$state $BERTH_BIN -H unix://$sock"
e2e_send Enter
e2e_check "berth runs through the proxy again" "$name" 10
select_container "$name"
e2e_send e
e2e_check "e opens the shell picker" "exec in $name" 5
e2e_send Right Right
e2e_send Enter
e2e_check "the exec session starts" "exec sh in $name .* detach with" 10
e2e_type "exit 3"
e2e_send Enter
e2e_check "the exit code is told" "exec sh in $name exited with code 3" 10
back_to_console
res=$(wait_result '^exec' '^ok')
case $res in
"ok"*"exited with code 3"*) e2e_ok "an exec that ends is audited ok ($res)" ;;
*) e2e_fail "an exec that ends is audited ok, not: $res" ;;
esac
e2e_send q
e2e_check_prompt "q leaves the prompt intact"
stop_proxy

# --- the context's name in the status bar, on every screen ----------------
cfg=$dir/docker
mkdir -p "$cfg"
DOCKER_CONFIG=$cfg docker context create "$ctx" \
	--docker "host=$DOCKER_HOST" >/dev/null 2>&1 ||
	e2e_fail "docker context create"
# screens WHY: the bottom line names the context on each screen.
screens() {
	e2e_check "$1: the containers pane" "^ $ctx unix://.*API" 10
	for pane in images volumes networks events host nat; do
		e2e_type ":$pane"
		e2e_send Enter
		if e2e_wait_for "^ $ctx unix://.*API" 3 &&
			e2e_screen | tail -1 | grep -q "^ $ctx "; then
			e2e_ok "$1: the $pane pane"
		else
			e2e_fail "$1: the $pane pane"
		fi
	done
	e2e_type ":containers"
	e2e_send Enter
	select_container "$name"
	e2e_send Enter
	e2e_check "$1: a detail view" "^ $ctx unix://.*API" 5
	e2e_send Escape
	e2e_send '?'
	e2e_check "$1: the help screen" "^ $ctx unix://.*API" 5
	e2e_send Escape
	e2e_type ":prune volumes"
	e2e_send Enter
	e2e_check "$1: the prune preview" "^ $ctx unix://.*API" 5
	e2e_send Escape
	e2e_send q
	e2e_check_prompt "$1: q leaves the prompt intact"
}
e2e_type "clear; env -u DOCKER_HOST DOCKER_CONFIG=$cfg DOCKER_CONTEXT=$ctx $BERTH_BIN"
e2e_send Enter
screens "DOCKER_CONTEXT"
DOCKER_CONFIG=$cfg docker context use "$ctx" >/dev/null 2>&1 ||
	e2e_fail "docker context use"
e2e_type "clear; env -u DOCKER_HOST DOCKER_CONFIG=$cfg $BERTH_BIN"
e2e_send Enter
screens "docker context use"

# --- the events pane and berth's own top polls ----------------------------
e2e_type "clear; $BERTH_BIN"
e2e_send Enter
e2e_check "berth starts" "$name" 10
select_container "$name"
e2e_send t
e2e_check "t opens the processes tab" "sleep 100000" 10
sleep 5
e2e_send Escape
e2e_type ":events"
e2e_send Enter
e2e_check "the events pane says berth's own are hidden" \
	"^Events .*\\([0-9]+ of berth's own hidden: z shows\\)" 5
e2e_send /
e2e_type "$name"
e2e_send Enter
if e2e_screen | grep -Eq "top.* $name "; then
	e2e_fail "no top event of the container is listed"
else
	e2e_ok "no top event of the container is listed"
fi
e2e_send z
e2e_check "z shows them, marked berth's" "top \\(berth\\) +$name " 5
e2e_send z
e2e_check "z again hides them" "berth's own events hidden" 5
if e2e_wait_gone "top \\(berth\\)" 3; then
	e2e_ok "hidden again"
else
	e2e_fail "hidden again"
fi
e2e_send q
e2e_check_prompt "q leaves the prompt intact at the end"

e2e_finish
