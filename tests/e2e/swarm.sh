#!/bin/sh
# The swarm panes in tmux, on the one-node swarm of tests/engine/swarm-start
# (an engine of its own: the shared test engine is never made a swarm).
# Each pane shows its rows; s scales a service (checked with the docker
# CLI); the logs of a service take in the task that a scale adds; a
# failing service shows its task's error in the tasks pane and the
# doctor's findings; a secret's data is never on the screen; --read-only
# refuses a scale; q leaves the shell prompt intact.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
DOCKER_HOST=$("$HERE/../engine/swarm-start") || {
	echo "FAIL: tests/engine/swarm-start"
	exit 1
}
export DOCKER_HOST
. "$HERE/lib.sh"

rid=$(e2e_rand)
label=org.berth.e2e=$rid
web=e2eweb$rid
bad=e2ebad$rid
sec=e2esec$rid
conf=e2econf$rid
data=NEVER-SHOWN-$rid
state=$(mktemp -d /tmp/berth-e2e-swarm-XXXXXX)

swarm_cleanup() {
	e2e_cleanup
	docker service ls -q --filter "label=$label" | xargs -r docker service rm >/dev/null 2>&1
	docker secret ls -q --filter "label=$label" | xargs -r docker secret rm >/dev/null 2>&1
	docker config ls -q --filter "label=$label" | xargs -r docker config rm >/dev/null 2>&1
	rm -rf "$state"
}
trap swarm_cleanup EXIT

# By image id: a name would send the engine to a registry for its digest.
img=$(docker image inspect -f '{{.Id}}' berth-test/base)
docker service create -d -q --no-resolve-image --label "$label" --name "$web" \
	--replicas 1 "$img" sh -c 'while :; do echo tick-$(hostname); sleep 1; done' >/dev/null
docker service create -d -q --no-resolve-image --label "$label" --name "$bad" \
	--restart-delay 1s "$img" sh -c 'echo broken >&2; exit 3' >/dev/null
printf '%s' "$data" | docker secret create -l "$label" "$sec" - >/dev/null
printf 'conf-%s' "$rid" | docker config create -l "$label" "$conf" - >/dev/null

e2e_shell 160 40
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --pane services"
e2e_send Enter
e2e_check "services: the service, 1/1" "$web +replicated +1/1" 15
e2e_check "services: the failing one, 0/1" "$bad +replicated +0/1" 10

# s scales: the prompt, then the engine has 2 running.
e2e_send /
e2e_type "$web"
e2e_send Enter
e2e_send s
e2e_check "s asks for the replicas" 'replicas:' 3
e2e_send BSpace BSpace BSpace
e2e_type 2
e2e_send Enter
t=$(($(date +%s) + 30))
n=0
while [ "$(date +%s)" -le "$t" ]; do
	n=$(docker service ps "$web" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')
	[ "$n" -eq 2 ] && break
	sleep 0.5
done
if [ "$n" -eq 2 ]; then e2e_ok "scaled to 2 (docker CLI: 2 running)"; else e2e_fail "scaled to 2 (docker CLI: $n running)"; fi
e2e_check "services: 2/2" "$web +replicated +2/2" 15

# l: every task's lines; a task added later joins, named by its slot.
docker service scale -d "$web=1" >/dev/null
e2e_wait_for "$web +replicated +1/1" 15
e2e_send l
e2e_check "l: the service's logs, prefixed task@node" "$web\.1@[^ ]+ \| tick-" 15
docker service scale -d "$web=2" >/dev/null
e2e_check "a task started later joins the logs, named by its slot" "$web\.2@[^ ]+ \| tick-" 30
e2e_send Escape
e2e_send Escape

e2e_send :
e2e_type tasks
e2e_send Enter
e2e_check "tasks: the failing task's error" "$bad\.1 .*non-zero exit \(3\)" 20
e2e_send :
e2e_type nodes
e2e_send Enter
e2e_check "nodes: this engine, the leader" 'manager +active +ready +leader' 10
e2e_send :
e2e_type stacks
e2e_send Enter
e2e_check "stacks: the pane (or why it is empty)" 'Swarm stacks' 5
e2e_send :
e2e_type secrets
e2e_send Enter
e2e_check "secrets: the secret" "$sec" 10
e2e_send /
e2e_type "$sec"
e2e_send Enter
e2e_send i
e2e_check "i inspects the secret" '"Name": "'"$sec"'"' 10
if e2e_screen | grep -q "$data"; then e2e_fail "the secret's data is not on the screen"; else e2e_ok "the secret's data is not on the screen"; fi
e2e_send Escape
e2e_send Escape
e2e_send :
e2e_type configs
e2e_send Enter
e2e_check "configs: the config" "$conf" 10

e2e_send :
e2e_type doctor
e2e_send Enter
e2e_check "doctor: the failing service below its replicas" "service below its replicas: 0 of 1 running +$bad" 30
e2e_check "doctor: its tasks failing and rescheduled" "tasks failing and rescheduled: [0-9]+ failed .*$bad" 20
e2e_send /
e2e_type "tasks failing"
e2e_send Enter
e2e_check "doctor: the finding's detail has the task's error" "$bad\.1 on [^:]+: failed: task: non-zero exit \(3\), exit code 3" 5
e2e_send Escape
e2e_send q
e2e_check_prompt "q quits, the shell answers"
if grep -rq "$data" "$state" 2>/dev/null; then e2e_fail "the secret's data is not in the audit log"; else e2e_ok "the secret's data is not in the audit log"; fi

# Read-only: a scale is refused before any question.
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --read-only --pane services"
e2e_send Enter
e2e_check "read-only: the services pane" "$web +replicated +2/2" 15
e2e_send /
e2e_type "$web"
e2e_send Enter
e2e_send s
e2e_check "read-only: s is refused" 'read-only mode: scale refused' 5
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact (read-only)"
n=$(docker service inspect "$web" --format '{{.Spec.Mode.Replicated.Replicas}}')
if [ "$n" = 2 ]; then e2e_ok "the engine still has 2 replicas"; else e2e_fail "the engine still has 2 replicas ($n)"; fi
e2e_finish
