#!/bin/bash
# Performance budgets (issue 12, part 4), run at the end of `make bench`
# or alone:
#   BUILD=build/default BERTH_BIN=build/default/berth tests/bench/budgets.sh
# Everything runs on an engine of its own (tests/engine/start with
# BERTH_ENGINE_DIR=/tmp/berth-perf, bridge bperf, no iptables), loaded with
# the test engine's base image, and everything is removed and that engine
# stopped at the end: the bench leaves nothing.
#  A. 50 running containers, the containers pane open with live CPU/MEM
#     for IDLE s: berth's CPU time (budget 0.05 % of a core) and the
#     engine's (dockerd + containerd) against IDLE s with no console
#     (budget: + 0.05 s per 30 s).
#  B. 1,000 containers (100 running), 300 images, 200 volumes: the first
#     frame with rows of the containers, images and volumes panes against
#     `curl` of their lists (budget 1.2 x curl + 20 ms), the CPU of a
#     filter keystroke (bench_budgets, a headless console: budget 5 ms),
#     idle CPU (0.1 %), peak RSS after every pane was shown (24 MiB), the
#     CPU/MEM columns of the visible rows filled after the list (1 s), and
#     a container's 100,000-line log opened until its last line shows
#     (0.5 s).
# Each budget is printed with its figure and PASS or FAIL; the exit status
# is 1 when one failed.
# Environment: BENCH_IDLE_SECONDS (default 30), BENCH_BUDGETS_KEEP=1 keeps
# the engine and its objects (for working on berth; a later run reuses
# them), BENCH_BUDGETS_PARTS (default "A B").
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build/default}" "${BERTH_BIN:=$BUILD/berth}"
case $BERTH_BIN in /*) ;; *) BERTH_BIN=$PWD/$BERTH_BIN ;; esac
SHARED=$(tests/engine/start) || exit 1
IDLE=${BENCH_IDLE_SECONDS:-30}
PARTS=" ${BENCH_BUDGETS_PARTS:-A B} "
KEEP=${BENCH_BUDGETS_KEEP:-0}
SESSION=berth-bench-budgets-$$
HZ=$(getconf CLK_TCK)
TMP=$(mktemp -d)
LABEL=org.berth.perf=1

export BERTH_ENGINE_DIR=/tmp/berth-perf BERTH_ENGINE_BRIDGE=bperf \
	BERTH_ENGINE_BRIDGE_CIDR=10.213.50.1/24 BERTH_ENGINE_NAMESPACE=berth-perf \
	BERTH_ENGINE_IPTABLES=false BERTH_ENGINE_NO_IMAGES=1

RESULTS=$TMP/results
: >"$RESULTS"

cleanup() {
	tmux kill-session -t "$SESSION" 2>/dev/null
	if [ "$KEEP" != 1 ] && [ -S "$BERTH_ENGINE_DIR/docker.sock" ]; then
		echo "== cleanup: removing every object of the bench engine and stopping it"
		# Never another engine's, whatever DOCKER_HOST was.
		export DOCKER_HOST=unix://$BERTH_ENGINE_DIR/docker.sock
		# Killed rather than stopped: sleep as pid 1 ignores SIGTERM.
		docker ps -aq | xargs -r -n 100 docker rm -f -v >/dev/null 2>&1
		docker volume ls -q | xargs -r -n 100 docker volume rm >/dev/null 2>&1
		docker images -q | sort -u | xargs -r -n 100 docker rmi -f >/dev/null 2>&1
		tests/engine/stop 2>/dev/null
		ip link del bperf 2>/dev/null
		if ! grep -q " $BERTH_ENGINE_DIR/" /proc/mounts; then
			rm -rf "$BERTH_ENGINE_DIR"
		else
			echo "cleanup: mounts left under $BERTH_ENGINE_DIR; not removed"
		fi
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

ms() { echo $(($(date +%s%N) / 1000000)); }
us() { echo $(($(date +%s%N) / 1000)); }
# CPU time of a process in nanoseconds (every thread; the scheduler's own
# count, finer than the clock ticks of /proc/PID/stat).
cpu_ns() {
	local t=0 f v
	for f in /proc/"$1"/task/*/schedstat; do
		read -r v _ <"$f" 2>/dev/null && t=$((t + v))
	done
	echo $t
}
engine_cpu_ns() {
	local t=0 p
	for p in $(pgrep -f "dockerd --data-root $BERTH_ENGINE_DIR/data") \
		$(pgrep -f "containerd --config $BERTH_ENGINE_DIR/exec/containerd"); do
		t=$((t + $(cpu_ns "$p")))
	done
	echo $t
}
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
berth_pid() { pgrep -n -f "^$BERTH_BIN( |\$)"; }
screen() { tmux capture-pane -p -t "$SESSION"; }

# wait_screen REGEX SECONDS: until the screen matches; false after.
wait_screen() {
	local end=$(($(ms) + $2 * 1000))
	until screen | grep -Eq -- "$1"; do
		[ "$(ms)" -ge "$end" ] && return 1
		sleep 0.01
	done
}

# start_berth ARGS...: berth in a new tmux session, 160x50.
start_berth() {
	tmux kill-session -t "$SESSION" 2>/dev/null
	tmux new-session -d -s "$SESSION" -x 160 -y 50 \
		"env TERM=xterm-256color LANG=C.UTF-8 DOCKER_HOST=$DOCKER_HOST $BERTH_BIN $*; sleep 600"
}

stop_berth() {
	tmux send-keys -t "$SESSION" q
	sleep 0.3
	tmux kill-session -t "$SESSION" 2>/dev/null
}

# budget NAME FIGURE LIMIT UNIT [NOTE]: records and prints one line; the
# figure passes when it is at most the limit (a negative figure: never
# seen, fails).
budget() {
	local verdict
	verdict=$(awk -v f="$2" -v l="$3" 'BEGIN { print (f + 0 >= 0 && f + 0 <= l + 0) ? "PASS" : "FAIL" }')
	printf '%-52s %10s %-4s <= %8s %-4s %s %s\n' "$1" "$2" "$4" "$3" "$4" \
		"$verdict" "${5:-}" | tee -a "$RESULTS"
}

# ---- the engine ---------------------------------------------------------

echo "== budgets: an engine of their own in $BERTH_ENGINE_DIR"
DOCKER_HOST=$(tests/engine/start) || exit 1
export DOCKER_HOST
if ! docker image inspect berth-test/base:latest >/dev/null 2>&1; then
	DOCKER_HOST=$SHARED docker save berth-test/base:latest | docker load >/dev/null || exit 1
fi

# run_n FROM TO: running containers bperf-a-N (first by name) (sleep), made in parallel.
run_n() {
	seq "$1" "$2" | xargs -P 4 -I{} docker run -d --network none --label "$LABEL" \
		--name bperf-a-{} berth-test/base sleep 1000000 >/dev/null
}

# created_n FROM TO: containers made and never started (state "created").
created_n() {
	seq "$1" "$2" | xargs -P 4 -I{} docker create --network none --label "$LABEL" \
		--name bperf-c-{} berth-test/base true >/dev/null
}

# images_n N: N images bperf/img-I:latest that differ by a label and share
# the base image's layers, loaded in one `docker load`.
images_n() {
	local d=$TMP/img cfg i sha manifest
	mkdir -p "$d"
	docker save berth-test/base:latest | tar -x -C "$d" || return 1
	cfg=$(jq -r '.[0].Config' "$d/manifest.json")
	manifest='[]'
	for i in $(seq 1 "$1"); do
		jq -c --arg i "$i" '.config.Labels["org.berth.perf"] = $i' "$d/$cfg" >"$d/tmp.json"
		sha=$(sha256sum "$d/tmp.json" | cut -d' ' -f1)
		mv "$d/tmp.json" "$d/$sha.json"
		echo "$sha" >>"$d/configs"
	done
	jq -c --rawfile c "$d/configs" '.[0] as $m |
		[$c | split("\n")[] | select(. != "")] | to_entries |
		map($m + {Config: (.value + ".json"),
			RepoTags: ["bperf/img-\(.key + 1):latest"]})' \
		"$d/manifest.json" >"$d/manifest.new"
	mv "$d/manifest.new" "$d/manifest.json"
	rm -f "$d/configs" "$d/repositories"
	tar -c -C "$d" . | docker load >/dev/null
	rm -rf "$d"
}

volumes_n() {
	seq 1 "$1" | xargs -P 4 -I{} docker volume create --label "$LABEL" bperf-vol-{} >/dev/null
}

count() { docker ps -aq --filter "$1" | wc -l; }

# idle_cost PID: berth's CPU over IDLE s, as a percentage of one core.
idle_pct() {
	local c0 c1
	c0=$(cpu_ns "$1")
	sleep "$IDLE"
	c1=$(cpu_ns "$1")
	awk -v d=$((c1 - c0)) -v s="$IDLE" 'BEGIN { printf "%.3f", d / (s * 1e9) * 100 }'
}

# usage_filled: the ms from the first row on screen until every running
# row on screen shows its CPU% and MEM (a figure, not "-"); -1 after 10 s.
usage_filled() {
	local t0 end
	wait_screen 'bperf-a-' 20 || { echo -1; return; }
	t0=$(ms)
	end=$((t0 + 10000))
	while [ "$(ms)" -lt "$end" ]; do
		if screen | awk '/ running / { n++; if ($0 ~ / [0-9]+\.[0-9] +[0-9.]+[kMGT]?B /) ok++ }
			END { exit !(n > 0 && ok == n) }'; then
			echo $(($(ms) - t0))
			return
		fi
		sleep 0.01
	done
	echo -1
}

# best_of N CMD...: the smallest wall time of N runs of CMD, in ms (with
# the process start, for berth's driver and curl alike).
best_of() {
	local n=$1 best=999999 t0 t1 i
	shift
	for i in $(seq "$n"); do
		t0=$(us)
		"$@" >/dev/null 2>&1
		t1=$(us)
		[ $((t1 - t0)) -lt "$best" ] && best=$((t1 - t0))
	done
	awk -v b="$best" 'BEGIN { printf "%.1f", b / 1000 }'
}

# first_frame PANE: the driver's wall time from its start (process start
# included) to its first frame with rows, best of 7, in ms.
first_frame() {
	local best=999999 t0 stamp d i
	for i in 1 2 3 4 5 6 7; do
		t0=$(us)
		stamp=$("$BUILD/tests/bench/bench_budgets" first "$1" | awk '/^first_at_us/ { print $2 }')
		[ -n "$stamp" ] || continue
		d=$((stamp - t0))
		[ "$d" -lt "$best" ] && best=$d
	done
	awk -v b="$best" 'BEGIN { printf "%.1f", b / 1000 }'
}

# young_wait: until every running container has run for a minute.
young_wait() {
	local newest now
	newest=$(docker ps -q | xargs -r docker inspect -f '{{.State.StartedAt}}' |
		sort | tail -1)
	[ -n "$newest" ] || return
	newest=$(date -d "$newest" +%s 2>/dev/null) || return
	now=$(date +%s)
	[ $((now - newest)) -lt 62 ] && sleep $((62 - (now - newest)))
}

part_a() {
	local n base with pid pct extra
	echo "== A. 50 running containers: idle cost with live CPU/MEM over $IDLE s"
	# Exactly 50 containers, all running, on this engine (a kept engine
	# may hold part B's).
	docker ps -a --format '{{.Names}}' | grep -Ev '^bperf-a-([1-9]|[1-4][0-9]|50)$' |
		xargs -r -n 100 docker rm -f >/dev/null 2>&1
	docker ps -aq --filter status=exited --filter status=created | xargs -r docker rm -f >/dev/null 2>&1
	for i in $(seq 1 50); do
		docker inspect "bperf-a-$i" >/dev/null 2>&1 || echo "$i"
	done | xargs -r -P 4 -I{} docker run -d --network none --label "$LABEL" \
		--name bperf-a-{} berth-test/base sleep 1000000 >/dev/null
	echo "running: $(docker ps -q | wc -l) of $(docker ps -aq | wc -l) containers"
	young_wait
	e0=$(engine_cpu_ns)
	sleep "$IDLE"
	e1=$(engine_cpu_ns)
	base=$((e1 - e0))
	start_berth
	wait_screen 'bperf-a-' 20 || echo "berth showed no container"
	sleep 5 # the CPU/MEM columns filled, the first requests answered
	pid=$(berth_pid)
	c0=$(cpu_ns "$pid")
	e0=$(engine_cpu_ns)
	sleep "$IDLE"
	c1=$(cpu_ns "$pid")
	e1=$(engine_cpu_ns)
	with=$((e1 - e0))
	screen | sed -n '3,5p'
	stop_berth
	pct=$(awk -v d=$((c1 - c0)) -v s="$IDLE" 'BEGIN { printf "%.3f", d / (s * 1e9) * 100 }')
	extra=$(awk -v w="$with" -v b="$base" -v s="$IDLE" 'BEGIN { printf "%.3f", (w - b) / 1e9 * 30 / s }')
	echo "engine CPU over $IDLE s: $(awk -v b="$base" 'BEGIN { printf "%.3f", b / 1e9 }') s with no console, $(awk -v b="$with" 'BEGIN { printf "%.3f", b / 1e9 }') s with berth"
	budget "A. idle CPU, 50 running, live CPU/MEM" "$pct" 0.05 "%"
	budget "A. engine CPU over no-UI baseline (per 30 s)" "$extra" 0.05 "s"
}

part_b_setup() {
	local n
	echo "== B. setup: 1,000 containers (100 running), 300 images, 200 volumes"
	n=$(docker ps -q --filter "name=bperf-a-" | wc -l)
	[ "$n" -lt 100 ] && run_n 1 100 2>/dev/null
	docker ps -aq --filter "name=bperf-a-" --filter status=exited | xargs -r docker start >/dev/null
	n=$(docker ps -aq --filter "name=bperf-c-" | wc -l)
	if [ "$n" -lt 899 ]; then
		for i in $(seq 1 899); do echo "$i"; done >"$TMP/want"
		docker ps -a --format '{{.Names}}' | sed -n 's/^bperf-c-//p' | sort >"$TMP/have"
		sort "$TMP/want" | comm -23 - "$TMP/have" | xargs -r -P 4 -I{} \
			docker create --network none --label "$LABEL" --name bperf-c-{} berth-test/base true >/dev/null
	fi
	# The 1,000th: a container that printed 100,000 lines.
	if ! docker inspect bperf-logs >/dev/null 2>&1; then
		docker run --network none --label "$LABEL" --name bperf-logs berth-test/base seq 1 100000 >/dev/null
	fi
	n=$(docker images -q --filter "reference=bperf/*" | wc -l)
	[ "$n" -lt 300 ] && images_n 300
	n=$(docker volume ls -q --filter "name=bperf-vol-" | wc -l)
	[ "$n" -lt 200 ] && volumes_n 200
	echo "containers $(docker ps -aq | wc -l) (running $(docker ps -q | wc -l)), images $(docker images -q | sort -u | wc -l), volumes $(docker volume ls -q | wc -l)"
}

part_b() {
	local p curl_ms berth_ms limit out max rows fill pid pct hwm t0 t1 logs
	part_b_setup
	echo "== B1. first frame with rows: berth (bench_budgets, process start included) against curl of the list, best of 7"
	for p in containers:containers/json?all=1 images:images/json volumes:volumes; do
		curl_ms=$(best_of 7 curl -sf -o /dev/null --unix-socket "$BERTH_ENGINE_DIR/docker.sock" "http://d/v1.41/${p#*:}")
		berth_ms=$(first_frame "${p%%:*}")
		limit=$(awk -v c="$curl_ms" 'BEGIN { printf "%.1f", 1.2 * c + 20 }')
		budget "B. first frame, ${p%%:*} (curl $curl_ms ms)" "$berth_ms" "$limit" ms
	done
	echo "== B2. filter keystrokes in the containers pane (CPU per key, drawn)"
	out=$("$BUILD/tests/bench/bench_budgets" filter containers bperf-c-12)
	echo "$out"
	max=$(echo "$out" | awk '{ printf "%.2f", $6 / 1000 }')
	budget "B. filter keystroke CPU (worst of 10)" "${max:-999}" 5 ms
	echo "== B3. berth in tmux: CPU/MEM filled, idle, peak RSS, logs"
	printf 'set log-tail %s\n' 20000 >"$TMP/config"
	start_berth
	fill=$(usage_filled)
	budget "B. CPU/MEM of the visible rows after the list" "$fill" 1000 ms
	pid=$(berth_pid)
	for p in 2:Images 4:Volumes 1:Containers; do
		tmux send-keys -t "$SESSION" "${p%%:*}"
		wait_screen "^${p#*:} +[0-9]" 10 || echo "pane ${p#*:} showed no rows"
	done
	# Idle: no container on screen younger than a minute, whose STATUS
	# ("Up 5 seconds") changes every second.
	young_wait
	sleep 5
	pct=$(idle_pct "$pid")
	budget "B. idle CPU, 1,000 containers, live CPU/MEM" "$pct" 0.1 "%"
	hwm=$(awk -v k="$(hwm_kb "$pid")" 'BEGIN { printf "%.2f", k / 1024 }')
	budget "B. peak RSS (containers, images, volumes shown)" "$hwm" 24 MiB
	stop_berth
	# The logs: the container's row found by the filter, then l; until
	# its last line shows. Default tail, then the most the pager keeps.
	for conf in default "$TMP/config"; do
		if [ "$conf" = default ]; then start_berth; else start_berth --config "$conf"; fi
		wait_screen 'bperf-a-' 20
		tmux send-keys -t "$SESSION" /
		tmux send-keys -t "$SESSION" -l bperf-logs
		tmux send-keys -t "$SESSION" Enter
		wait_screen '^Containers +1 of ' 5 || sleep 0.5
		t0=$(ms)
		tmux send-keys -t "$SESSION" l
		if wait_screen '^100000 *$' 10; then logs=$(($(ms) - t0)); else logs=-1; fi
		[ "$conf" = default ] && conf="log-tail 1000" || conf="log-tail 20000"
		budget "B. 100k-line log opened to its last line ($conf)" "$logs" 500 ms
		stop_berth
	done
}

case $PARTS in *" A "*) part_a ;; esac
case $PARTS in *" B "*) part_b ;; esac

echo "== budgets (figures of this run)"
cat "$RESULTS"
! grep -q ' FAIL' "$RESULTS"
