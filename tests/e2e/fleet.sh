#!/bin/sh
# Several engines at once: the test engine, a second engine of the test's
# own (its own bridge and subnet) and an address nobody answers on. The
# fleet pane shows all three; a hung engine (SIGSTOP) does not hold up the
# keyboard; a stopped one shows reconnecting while the others stay live;
# Enter shows an engine in the other panes.
. "$(dirname "$0")/lib.sh"

export BERTH_ENGINE_DIR=/tmp/berth-e2e-fleet
export BERTH_ENGINE_BRIDGE=berth5
export BERTH_ENGINE_BRIDGE_CIDR=10.213.13.1/24
export BERTH_ENGINE_NAMESPACE=berth-e2e-fleet
export BERTH_ENGINE_NO_IMAGES=1
# Never touch the firewall: that would wipe the test engine's port rules.
export BERTH_ENGINE_IPTABLES=false
here=$(cd "$(dirname "$0")/../engine" && pwd)
second=$("$here/start") || { echo "0 passed, 1 failed"; exit 1; }
pid=$(cat "$BERTH_ENGINE_DIR/dockerd.pid")
tag=$(e2e_rand)
trap 'kill -CONT "$pid" 2>/dev/null; DOCKER_HOST=$second docker volume rm -f "fleet-$tag" >/dev/null 2>&1; "$here/stop" >/dev/null 2>&1; e2e_cleanup' EXIT
DOCKER_HOST=$second docker volume create "fleet-$tag" >/dev/null

e2e_shell 160 30
e2e_type "$BERTH_BIN -H $DOCKER_HOST -H $second -H tcp://127.0.0.1:9"
e2e_send Enter
e2e_check "several engines open on the fleet pane" "^Fleet" 10
e2e_check "the test engine is up" "$DOCKER_HOST +up" 10
e2e_check "the second engine is up" "$second +up" 10
e2e_check "the dead address is said" "tcp://127.0.0.1:9 +(reconnecting|error)" 10

# A hung engine: keys are still answered at once.
kill -STOP "$pid"
for pane in 1 fleet; do
	t0=$(e2e_ms)
	if [ "$pane" = 1 ]; then
		e2e_send 1
		want="^Containers"
	else
		e2e_type ":fleet"
		e2e_send Enter
		want="^Fleet"
	fi
	if e2e_wait_for "$want" 2; then
		dt=$(($(e2e_ms) - t0))
		if [ "$dt" -le 200 ]; then
			e2e_ok "a key is answered in ${dt} ms while an engine hangs"
		else
			e2e_fail "a key took ${dt} ms while an engine hangs"
		fi
	else
		e2e_fail "no answer to a key while an engine hangs"
	fi
done
kill -CONT "$pid"

# A stopped engine: reconnecting, the others live.
"$here/stop" >/dev/null 2>&1
e2e_check "the stopped engine shows reconnecting" "$second +reconnecting" 10
e2e_check "the test engine stays up" "$DOCKER_HOST +up" 2
"$here/start" >/dev/null 2>&1
e2e_check "it comes back by itself" "$second +up" 20

# Enter shows the second engine in the other panes.
e2e_send g
e2e_send j
e2e_send Enter
e2e_check "Enter shows that engine" "showing $second" 5
e2e_send 4
e2e_check "its volumes are listed" "fleet-$tag" 10
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
e2e_finish
