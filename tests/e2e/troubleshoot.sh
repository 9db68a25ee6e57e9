#!/bin/sh
# Troubleshooting in the console: :sessions lists an exec session started
# by the test (and not the health checks the engine runs as exec sessions),
# :doctor names each planted problem (a restart loop, an OOM kill, a failing
# health check, a container that exited non-zero), the bundle key writes a
# support bundle and the console comes back, and the terminal is intact at
# the end.
. "$(dirname "$0")/lib.sh"

rid=$(e2e_rand)
label=org.berth.e2e.ts=$rid
live=berth-e2e-ts-$rid-live
failed=berth-e2e-ts-$rid-failed
loop=berth-e2e-ts-$rid-loop
oom=berth-e2e-ts-$rid-oom
sick=berth-e2e-ts-$rid-sick
work=$(mktemp -d)
cleanup() {
	docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1
	rm -rf "$work"
	e2e_cleanup
}
trap cleanup EXIT

started=$(date +%s)
docker run -d --name "$live" --label "$label" berth-test/base sleep 100000 >/dev/null
docker run -d --name "$failed" --label "$label" berth-test/base sh -c 'exit 7' >/dev/null
docker run -d --name "$loop" --label "$label" --restart always \
	berth-test/base sh -c 'exit 1' >/dev/null
# 50 MB held by the shell against a 6 MiB limit with no swap.
docker run -d --name "$oom" --label "$label" --memory 6m --memory-swap 6m \
	berth-test/base sh -c 'x=$(head -c 50000000 /dev/zero | tr "\0" a); sleep 1' >/dev/null
docker run -d --name "$sick" --label "$label" --health-cmd 'exit 1' \
	--health-interval 1s --health-retries 1 berth-test/base sleep 100000 >/dev/null
docker exec -d "$live" sleep 4321

# inspect_until NAME FORMAT REGEX SECONDS: waits until docker inspect says so.
inspect_until() {
	deadline=$(($(date +%s) + $4))
	while [ "$(date +%s)" -le "$deadline" ]; do
		docker inspect -f "$2" "$1" 2>/dev/null | grep -Eq -- "$3" && return 0
		sleep 0.2
	done
	return 1
}

# The problems have happened on the engine before berth looks.
if inspect_until "$loop" '{{.RestartCount}}' '^([3-9]|[1-9][0-9]+)$' 30; then
	e2e_ok "the restart loop has restarted 3 times"
else
	e2e_fail "the restart loop has restarted 3 times ($(docker inspect -f '{{.RestartCount}}' "$loop"))"
fi
# dockerd sets OOMKilled only when the kernel's OOM notice reaches it
# before the exit: when the exit wins the race the flag stays false, but
# the engine still reports an "oom" event for the container (which is
# what the doctor reads too).
oom_seen() {
	deadline=$(($(date +%s) + 30))
	while [ "$(date +%s)" -le "$deadline" ]; do
		case $(docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}' "$oom" 2>/dev/null) in
		"exited "*" true") return 0 ;;
		"exited 137 false")
			docker events --since "$started" --until "$(date +%s)" \
				--filter "container=$oom" --filter event=oom \
				--format '{{.Action}}' | grep -q '^oom$' && return 0 ;;
		esac
		sleep 0.2
	done
	return 1
}
if oom_seen; then
	e2e_ok "the engine says the OOM container was OOM-killed"
else
	e2e_fail "the engine says the OOM container was OOM-killed: this kernel or cgroup setup did not OOM-kill it ($(docker inspect -f 'status {{.State.Status}}, exit code {{.State.ExitCode}}, OOMKilled {{.State.OOMKilled}}' "$oom"))"
fi
if inspect_until "$sick" '{{.State.Health.Status}}' '^unhealthy$' 30; then
	e2e_ok "the health check has failed"
else
	e2e_fail "the health check has failed ($(docker inspect -f '{{.State.Health.Status}}' "$sick"))"
fi
inspect_until "$failed" '{{.State.Status}}' '^exited$' 10 || true

e2e_shell 140 35
# The bundle lands in the current directory: make it a scratch one.
e2e_type "cd '$work'"
e2e_send Enter
e2e_type "$BERTH_BIN"
e2e_send Enter
e2e_check "the console is up" "$live" 10

e2e_type ":sessions"
e2e_send Enter
e2e_check ":sessions shows the exec started by the test" "$live +sleep 4321 +root +no +running" 10
docker exec "$live" sh -c 'exit 3' || true
e2e_check "a finished session keeps its exit code" "$live +sh -c exit 3 .* exited +[0-9-]+ +3" 10
# The engine runs one health check a second as an exec session of $sick.
if e2e_wait_for "$sick" 3; then
	e2e_fail ":sessions leaves out the health checks"
else
	e2e_ok ":sessions leaves out the health checks"
fi

# doctor_check WHAT REGEX: the doctor pane shows it, asked again with
# Ctrl-r (which makes the pane gather again) if the first look missed it.
doctor_check() {
	if e2e_wait_for "$2" 15; then
		e2e_ok "$1"
		return
	fi
	e2e_send C-r
	e2e_check "$1 (after Ctrl-r)" "$2" 20
}

e2e_type ":doctor"
e2e_send Enter
e2e_check ":doctor opens the doctor pane" "^Doctor " 5
doctor_check ":doctor names the container that exited non-zero" "WARN +exited with code 7 .*$failed"
e2e_check "with the keys that help" "$failed +l logs, i inspect" 2
doctor_check ":doctor names the restart loop" \
	"CRIT +restart loop: restarted [0-9]+ times.* $loop +l logs, i inspect"
doctor_check ":doctor names the OOM kill, with the memory limit" \
	"CRIT +OOM-killed \(memory limit 6MiB\) +$oom +x stats, l logs, i inspect"
doctor_check ":doctor names the failing health check" \
	"CRIT +unhealthy: [0-9]+ health checks failed in a row +$sick +l logs, i inspect"
if e2e_screen | grep -Eq "exited with code 137 .*$oom"; then
	e2e_fail "the OOM kill is not also reported as a plain exit"
else
	e2e_ok "the OOM kill is not also reported as a plain exit"
fi
# The selected finding's detail is in the subtitle: the failing probe.
e2e_send /
e2e_type "$sick"
e2e_send Enter
e2e_check "the health finding's detail names the failing probe" \
	"^Doctor .*last probe: exit code 1" 5
e2e_send Escape
e2e_check "Esc clears the filter" "$oom" 5

e2e_send b
e2e_check "the bundle key hands over the terminal and says where" "bundle written to $work/berth-bundle-" 30
e2e_send Enter
e2e_check "and the console comes back" "Doctor .*CRIT" 10
e2e_check "with a word in the status bar" "support bundle written to" 5
if ls "$work"/berth-bundle-*/summary.txt >/dev/null 2>&1 &&
	grep -q "exited with code 7" "$work"/berth-bundle-*/doctor.txt &&
	grep -q "OOM-killed" "$work"/berth-bundle-*/doctor.txt &&
	grep -q "restart loop" "$work"/berth-bundle-*/doctor.txt &&
	grep -q "unhealthy" "$work"/berth-bundle-*/doctor.txt; then
	e2e_ok "the bundle has the doctor's findings"
else
	e2e_fail "the bundle has the doctor's findings"
	cat "$work"/berth-bundle-*/doctor.txt 2>/dev/null
fi

e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
e2e_finish
