#!/bin/sh
# A multi-node swarm made by the test, driven from berth in tmux: the
# manager is a swarm-start engine (BERTH_SWARM_N=6) advertising on the
# address of the test's own link; a second manager and two workers are
# dockerds of their own, each in a network namespace of the test's (its own
# data-root, exec-root, pidfile, socket, bridge and subnet, hostname,
# iptables off), joined to it over veth pairs to a bridge in a "switch"
# namespace (so that node-to-node frames meet no host firewall). A
# replicated service spreads over the nodes; a node drained from berth
# loses its tasks (tasks pane and docker CLI); a scale from berth changes
# the running count; a failing service shows its error and the doctor's
# finding; a worker promoted from berth is a manager for the CLI, and
# demoted from berth a worker again; a worker whose dockerd is killed shows
# down in the nodes pane within the heartbeat period, and removed from
# berth is gone from the CLI's list. Each change is asked first and is in
# the audit log. Everything made is removed on exit, even on failure.
# Skipped (with the reason) only when namespaces cannot be made.
#
# BERTH_MSW_KEEP=1 leaves it all up (and prints how to reach it);
# BERTH_MSW_CAPTURE=DIR writes the nodes/services/tasks lists there at the
# end (tests/fixtures/*_multi.v1.41.json came from there).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ENG=$HERE/../engine
NET=10.213.61
HOSTIP=$NET.1
PORT=2477
ROOT=/tmp/berth-msw
SWNS=bmsw-switch
SWARM_N=6
NODES="m2 w1 w2"

if [ "$(id -u)" != 0 ]; then
	echo "skip: the multi-node swarm needs root (namespaces, links, dockerd)"
	exit 0
fi
probe=bmsw-probe-$$
if ! ip netns add "$probe" 2>/dev/null; then
	echo "skip: this kernel cannot make network namespaces (ip netns add failed)"
	exit 0
fi
ip netns del "$probe"

SHARED=$("$ENG/start") || {
	echo "FAIL: the shared test engine did not start"
	exit 1
}

log() { printf '[msw %s] %s\n' "$(date +%T)" "$*"; }

# Stops a dockerd of ours by its pidfile (and the containerd it started).
stop_dockerd() {
	dir=$1
	for pf in "$dir/dockerd.pid" "$dir/exec/containerd/containerd.pid"; do
		[ -f "$pf" ] || continue
		pid=$(cat "$pf" 2>/dev/null || true)
		case $pid in '' | *[!0-9]*) continue ;; esac
		grep -q "$dir" "/proc/$pid/cmdline" 2>/dev/null || continue
		kill -TERM "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
			i=$((i + 1))
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
}

# The shims of a node's containerd (found by its socket's path, which only
# this test uses) and their containers: a killed dockerd leaves them.
kill_shims() {
	for c in /proc/[0-9]*/cmdline; do
		p=${c#/proc/}
		p=${p%/cmdline}
		tr '\0' ' ' 2>/dev/null <"$c" | grep -q -- "-address $1/exec/containerd/containerd.sock" || continue
		for k in $(pgrep -P "$p"); do kill -KILL "$k" 2>/dev/null; done
		kill -KILL "$p" 2>/dev/null
	done
}

cleanup() {
	rc=$?
	tmux kill-session -t "${E2E_SESSION:-none}" 2>/dev/null || true
	if [ "${BERTH_MSW_KEEP:-0}" = 1 ]; then
		log "kept: DOCKER_HOST=unix:///tmp/berth-swarm-$SWARM_N/docker.sock"
		exit $rc
	fi
	log "cleaning up"
	for n in $NODES; do
		stop_dockerd "$ROOT/$n"
		kill_shims "$ROOT/$n"
		# Mounts a killed engine left (its netns files, overlay dirs).
		grep " $ROOT/$n/" /proc/mounts | awk '{print $2}' | sort -r |
			while read -r m; do umount -l "$m" 2>/dev/null; done
		ip netns del "bmsw-$n" 2>/dev/null || true
	done
	ip link del bmswh0 2>/dev/null || true
	ip netns del "$SWNS" 2>/dev/null || true
	BERTH_SWARM_N=$SWARM_N "$ENG/swarm-stop" >/dev/null 2>&1 || true
	kill_shims "/tmp/berth-swarm-$SWARM_N"
	grep " /tmp/berth-swarm-$SWARM_N/" /proc/mounts | awk '{print $2}' |
		sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$ROOT" "/tmp/berth-swarm-$SWARM_N"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Left over from a run that was killed hard (or kept): the swarm is made
# afresh every time.
for n in $NODES; do
	stop_dockerd "$ROOT/$n"
	kill_shims "$ROOT/$n"
	ip netns del "bmsw-$n" 2>/dev/null
done
ip link del bmswh0 2>/dev/null
ip netns del "$SWNS" 2>/dev/null
BERTH_SWARM_N=$SWARM_N "$ENG/swarm-stop" >/dev/null 2>&1
kill_shims "/tmp/berth-swarm-$SWARM_N"
rm -rf "$ROOT" "/tmp/berth-swarm-$SWARM_N"
mkdir -p "$ROOT"
# berth's audit log (XDG_STATE_HOME), removed with the rest.
STATE=$ROOT/state
AUDIT=$STATE/berth/audit.log

# The switch: a bridge in a namespace of its own, the host on it as .1.
ip netns add "$SWNS"
ip -n "$SWNS" link add br0 type bridge
ip -n "$SWNS" link set br0 up
ip -n "$SWNS" link set lo up
ip link add bmswh0 type veth peer name up0 netns "$SWNS"
ip -n "$SWNS" link set up0 master br0 up
ip addr add "$HOSTIP/24" dev bmswh0
ip link set bmswh0 up

# The manager: a swarm-start engine advertising on the host's link.
log "starting the manager"
MGR=$(BERTH_SWARM_N=$SWARM_N BERTH_SWARM_ADDR=$HOSTIP BERTH_SWARM_PORT=$PORT \
	"$ENG/swarm-start") || {
	echo "FAIL: the manager did not start"
	exit 1
}
export DOCKER_HOST=$MGR
docker swarm update --dispatcher-heartbeat 5s >/dev/null

# ip netns exec mounts a sysfs of the namespace on /sys, which hides the
# cgroup mounts under it: each node mounts them again (the host's, as they
# are), in its own mount namespace.
CGMOUNT=$(awk '$2 == "/sys/fs/cgroup" && $3 == "tmpfs" { print "mount -t tmpfs -o mode=755 tmpfs /sys/fs/cgroup;" }
	$2 ~ "^/sys/fs/cgroup" && $3 == "cgroup" { print "mkdir -p " $2 "; mount -t cgroup -o " $4 " cgroup " $2 ";" }
	$2 ~ "^/sys/fs/cgroup" && $3 == "cgroup2" { print "mkdir -p " $2 "; mount -t cgroup2 cgroup2 " $2 ";" }' /proc/mounts)

# start_node NAME INDEX: a dockerd in namespace bmsw-NAME at $NET.(10+INDEX).
start_node() {
	n=$1 i=$2 ns=bmsw-$1 dir=$ROOT/$1
	mkdir -p "$dir"
	ip netns add "$ns"
	ip link add "bmsw${i}s" netns "$SWNS" type veth peer name eth0 netns "$ns"
	ip -n "$SWNS" link set "bmsw${i}s" master br0 up
	ip -n "$ns" addr add "$NET.$((10 + i))/24" dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$ns" link set lo up
	ip -n "$ns" link add bmb0 type bridge
	ip -n "$ns" addr add "10.213.$((61 + i)).1/24" dev bmb0
	ip -n "$ns" link set bmb0 up
	(ip netns exec "$ns" unshare --uts sh -c "$CGMOUNT hostname msw-$n; exec setsid dockerd \
		--data-root $dir/data --exec-root $dir/exec \
		--pidfile $dir/dockerd.pid -H unix://$dir/docker.sock \
		--bridge bmb0 --iptables=false --ip-masq=false \
		--containerd-namespace bmsw-$n \
		--containerd-plugins-namespace bmsw-$n-plugins" \
		>"$dir/dockerd.log" 2>&1 </dev/null &)
}

node_up() {
	curl -s --max-time 2 --unix-socket "$ROOT/$1/docker.sock" http://d/_ping 2>/dev/null | grep -q OK
}

i=1
for n in $NODES; do
	start_node "$n" $i
	i=$((i + 1))
done
deadline=$(($(date +%s) + 60))
for n in $NODES; do
	while ! node_up "$n"; do
		if [ "$(date +%s)" -gt "$deadline" ]; then
			echo "FAIL: the dockerd of $n did not answer; its log:"
			tail -20 "$ROOT/$n/dockerd.log"
			exit 1
		fi
		sleep 0.2
	done
done
log "nodes up; loading the test image and joining"
WTOKEN=$(docker swarm join-token -q worker)
MTOKEN=$(docker swarm join-token -q manager)
i=1
for n in $NODES; do
	h=unix://$ROOT/$n/docker.sock
	DOCKER_HOST=$SHARED docker save berth-test/base | DOCKER_HOST=$h docker load >/dev/null
	case $n in m*) tok=$MTOKEN ;; *) tok=$WTOKEN ;; esac
	ip=$NET.$((10 + i))
	if ! DOCKER_HOST=$h docker swarm join --token "$tok" --advertise-addr "$ip:2377" \
		--listen-addr "$ip:2377" "$HOSTIP:$PORT" >/dev/null; then
		echo "FAIL: $n did not join"
		exit 1
	fi
	i=$((i + 1))
done
ready=$(docker node ls --format '{{.Status}}' | grep -c Ready)
log "$ready nodes ready"

. "$HERE/lib.sh"
E2E_PASS=0
E2E_FAIL=0
# lib.sh's trap would leave the swarm up: ours does both.
trap cleanup EXIT

if [ "$ready" -eq 4 ]; then e2e_ok "four nodes joined, all ready"; else e2e_fail "four nodes ready (got $ready)"; fi

# running_on NODE: running tasks of service spread on a node.
running_on() {
	docker service ps spread --filter desired-state=running \
		--format '{{.Node}} {{.CurrentState}}' | grep -c "^$1 Running"
}
running() {
	docker service ps spread --filter desired-state=running \
		--format '{{.CurrentState}}' | grep -c '^Running'
}
# wait_cli SECONDS COMMAND...: until the command succeeds.
wait_cli() {
	t=$(($(date +%s) + $1))
	shift
	while ! "$@"; do
		[ "$(date +%s)" -gt "$t" ] && return 1
		sleep 0.5
	done
}

# By its id: a name would send every node to a registry for its digest.
IMG=$(docker image inspect berth-test/base --format '{{.Id}}')
docker service create -d --no-resolve-image --name spread --replicas 4 \
	--placement-pref spread=node.id --label org.berth.test=msw \
	"$IMG" sleep 3600 >/dev/null
if wait_cli 60 sh -c '[ "$(docker service ps spread --filter desired-state=running --format "{{.Node}} {{.CurrentState}}" | grep -c " Running")" -eq 4 ]'; then
	nodes=$(docker service ps spread --filter desired-state=running --format '{{.Node}}' | sort -u | wc -l)
	if [ "$nodes" -ge 3 ]; then
		e2e_ok "4 replicas run on $nodes nodes (docker CLI)"
	else
		e2e_fail "replicas spread over the nodes (on $nodes)"
	fi
else
	e2e_fail "4 replicas of spread running"
fi
w1_before=$(running_on msw-w1)

e2e_shell 160 40
e2e_type "XDG_STATE_HOME=$STATE $BERTH_BIN --pane nodes"
e2e_send Enter
e2e_check "the nodes pane lists the four nodes" 'msw-w2' 10
e2e_check "the second manager is reachable" 'msw-m2 +manager.*reachable' 10

# Drain w1 from berth: its tasks move.
e2e_send /
e2e_type msw-w1
e2e_send Enter
e2e_wait_for 'msw-w1' 3
e2e_send D
e2e_check "D asks before draining" 'Drain nodes' 3
e2e_send y
e2e_check "the node shows drain" 'msw-w1 +worker +drain' 10
if wait_cli 40 sh -c "[ \"\$(docker service ps spread --filter desired-state=running --format '{{.Node}}' | grep -c '^msw-w1\$')\" -eq 0 ] && [ \"\$(docker service ps spread --filter desired-state=running --format '{{.CurrentState}}' | grep -c ^Running)\" -eq 4 ]"; then
	e2e_ok "w1's $w1_before task(s) moved elsewhere, 4 running (docker CLI)"
else
	e2e_fail "tasks leave the drained node (docker CLI)"
fi
if [ "$(docker node inspect msw-w1 --format '{{.Spec.Availability}}')" = drain ]; then
	e2e_ok "the engine has msw-w1 drained"
else
	e2e_fail "the engine has msw-w1 drained"
fi
e2e_send Escape
e2e_send :
e2e_type "tasks"
e2e_send Enter
e2e_send /
e2e_type msw-w1
e2e_send Enter
if [ "$w1_before" -gt 0 ]; then
	e2e_check "the tasks pane shows w1's task shut down" 'spread\.[0-9].*msw-w1 +shutdown' 10
else
	e2e_ok "no task was on w1 to move (placement)"
fi
e2e_send Escape

# Scale from berth.
e2e_send :
e2e_type "services"
e2e_send Enter
e2e_check "the services pane shows spread 4/4" 'spread +replicated +4/4' 15
e2e_send s
e2e_check "s asks for the replicas" 'replicas:' 3
e2e_send BSpace BSpace BSpace
e2e_type 6
e2e_send Enter
if wait_cli 40 sh -c '[ "$(docker service ps spread --filter desired-state=running --format "{{.CurrentState}}" | grep -c ^Running)" -eq 6 ]'; then
	e2e_ok "scaled to 6: six running (docker CLI)"
else
	e2e_fail "scaled to 6 (docker CLI: $(running) running)"
fi
e2e_check "the services pane shows 6/6" 'spread +replicated +6/6' 15

# A failing service: its error in the tasks pane and in the doctor.
docker service create -d --no-resolve-image --name failing \
	--label org.berth.test=msw --restart-delay 1s "$IMG" sh -c 'echo broken >&2; exit 3' >/dev/null
e2e_send :
e2e_type "tasks"
e2e_send Enter
e2e_check "the failing task's error shows" 'failing\.1.*non-zero exit \(3\)' 30
e2e_send :
e2e_type "doctor"
e2e_send Enter
e2e_check "the doctor: tasks failing and rescheduled" 'tasks failing and rescheduled.*failing' 20
e2e_check "the doctor: failing below its replicas" 'service below its replicas: 0 of 1.*failing' 5
e2e_check "the doctor: msw-w1 drained" 'worker node drained.*msw-w1' 20
e2e_check "the doctor: two managers tolerate no loss" '2 managers tolerate 0 lost' 20

# audited ACTION HOSTNAME RESULT: the audit log has that line for the node
# (its object is "HOSTNAME (ID)").
audited() {
	awk -F '\t' -v a="$1" -v h="$2 (" -v r="$3" \
		'$3 == a && index($4, h) == 1 && $5 == r { f = 1 } END { exit !f }' \
		"$AUDIT" 2>/dev/null
}
# manager_status HOSTNAME: what the CLI's MANAGER STATUS says of the node.
manager_status() {
	docker node ls --filter "name=$1" --format '{{.Hostname}} {{.ManagerStatus}}' |
		awk -v h="$1" '$1 == h { print $2 }'
}

# Promote w1 from berth (asked first): a manager for the CLI; then demote.
e2e_send :
e2e_type "nodes"
e2e_send Enter
e2e_send /
e2e_type msw-w1
e2e_send Enter
e2e_wait_for 'msw-w1 +worker' 5
e2e_send +
e2e_check "+ asks before promoting" 'Promote on the engine' 3
if [ "$(docker node inspect msw-w1 --format '{{.Spec.Role}}')" = worker ]; then
	e2e_ok "nothing changes while berth asks"
else
	e2e_fail "nothing changes while berth asks"
fi
e2e_send y
if wait_cli 40 sh -c '[ "$(docker node ls --filter name=msw-w1 --format "{{.ManagerStatus}}")" = Reachable ]'; then
	e2e_ok "promoted from berth: the CLI lists msw-w1 as a reachable manager"
else
	e2e_fail "promoted: msw-w1 a manager (CLI: '$(manager_status msw-w1)')"
fi
e2e_check "the nodes pane shows msw-w1 a reachable manager" 'msw-w1 +manager .*reachable' 20
e2e_send -
e2e_check "- asks before demoting" 'Demote on the engine' 3
e2e_send y
if wait_cli 40 sh -c '[ "$(docker node inspect msw-w1 --format "{{.Spec.Role}}")" = worker ] && [ -z "$(docker node ls --filter name=msw-w1 --format "{{.ManagerStatus}}")" ]'; then
	e2e_ok "demoted from berth: the CLI lists msw-w1 as a worker"
else
	e2e_fail "demoted: msw-w1 a worker (CLI: '$(manager_status msw-w1)')"
fi
e2e_check "the nodes pane shows msw-w1 a worker again" 'msw-w1 +worker ' 20
if audited promote msw-w1 ok && audited demote msw-w1 ok; then
	e2e_ok "the audit log has the promote and the demote of msw-w1"
else
	e2e_fail "the audit log has the promote and the demote ($(cat "$AUDIT" 2>/dev/null))"
fi
e2e_send Escape

# Kill w2's dockerd: down within the heartbeat period (5 s, and a grace).
e2e_send :
e2e_type "nodes"
e2e_send Enter
e2e_wait_for 'msw-w2' 5
w2pid=$(cat "$ROOT/w2/dockerd.pid")
kill -KILL "$w2pid"
t0=$(date +%s)
if e2e_wait_for 'msw-w2 +worker +active +down' 30; then
	e2e_ok "msw-w2 shows down $(($(date +%s) - t0)) s after its dockerd was killed"
else
	e2e_fail "msw-w2 shows down"
fi
e2e_send :
e2e_type "doctor"
e2e_send Enter
e2e_check "the doctor: worker node down" 'worker node down.*msw-w2' 70

if [ -n "${BERTH_MSW_CAPTURE:-}" ]; then
	mkdir -p "$BERTH_MSW_CAPTURE"
	s=${MGR#unix://}
	curl -s --unix-socket "$s" http://d/v1.41/nodes >"$BERTH_MSW_CAPTURE/nodes_multi.v1.41.json"
	curl -s --unix-socket "$s" "http://d/v1.41/services?status=true" >"$BERTH_MSW_CAPTURE/services_multi.v1.41.json"
	curl -s --unix-socket "$s" http://d/v1.41/tasks >"$BERTH_MSW_CAPTURE/tasks_multi.v1.41.json"
fi

# Remove the down node from berth (asked first): the CLI lists it no more.
e2e_send :
e2e_type "nodes"
e2e_send Enter
e2e_send /
e2e_type msw-w2
e2e_send Enter
e2e_wait_for 'msw-w2 +worker +active +down' 5
e2e_send d
e2e_check "d asks before removing the node" 'Remove from the swarm' 3
e2e_send y
if wait_cli 30 sh -c '! docker node ls --format "{{.Hostname}}" | grep -qx msw-w2'; then
	e2e_ok "removed from berth: the CLI no longer lists msw-w2"
else
	e2e_fail "removed: the CLI still lists msw-w2"
fi
if e2e_wait_gone 'msw-w2 +worker' 15; then
	e2e_ok "the nodes pane no longer shows msw-w2"
else
	e2e_fail "the nodes pane no longer shows msw-w2"
fi
if audited remove msw-w2 ok; then
	e2e_ok "the audit log has the removal of msw-w2"
else
	e2e_fail "the audit log has the removal ($(cat "$AUDIT" 2>/dev/null))"
fi
e2e_send Escape

e2e_send q
e2e_check_prompt "q quits and the shell answers"
e2e_finish
