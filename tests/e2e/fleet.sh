#!/bin/sh
# Several engines at once: the test engine, a second engine of the test's
# own (its own bridge and subnet), the test engine again over TLS (socat
# with certificates the test makes, verified both ways) and an address
# nobody answers on. The fleet pane shows all four; a hung engine (SIGSTOP) does not hold up the
# keyboard; a stopped one shows reconnecting while the others stay live;
# Enter shows an engine in the other panes; the containers pane shows
# every engine at once (0, :containers all) and acts on the row's engine.
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
state=$(mktemp -d)
# The test engine over TLS (lib.sh).
e2e_tls_engine "$state"
tls_port=$TLS_PORT
socat_pid=$TLS_PID
printf 'engine tls tcp://127.0.0.1:%s tlsverify tlscacert=%s/ca.pem tlscert=%s/cert.pem tlskey=%s/key.pem\n' \
	"$tls_port" "$state" "$state" "$state" >"$state/tls.config"
trap 'kill "$socat_pid" 2>/dev/null; kill -CONT "$pid" 2>/dev/null; DOCKER_HOST=$second docker volume rm -f "fleet-$tag" >/dev/null 2>&1; docker rm -f "fleet-a-$tag" >/dev/null 2>&1; DOCKER_HOST=$second docker rm -f "fleet-b-$tag" "fleet-c-$tag" >/dev/null 2>&1; "$here/stop" >/dev/null 2>&1; rm -rf "$state"; e2e_cleanup' EXIT
DOCKER_HOST=$second docker volume create "fleet-$tag" >/dev/null
# A container on each engine (the second gets the base image first).
docker save berth-test/base | DOCKER_HOST=$second docker load >/dev/null
docker create --name "fleet-a-$tag" --label org.berth.it=fleet \
	berth-test/base sleep 1000 >/dev/null
DOCKER_HOST=$second docker create --name "fleet-b-$tag" \
	--label org.berth.it=fleet berth-test/base sleep 1000 >/dev/null

e2e_shell 160 30
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --config $state/tls.config -H $DOCKER_HOST -H $second -H tcp://127.0.0.1:9"
e2e_send Enter
e2e_check "several engines open on the fleet pane" "^Fleet" 10
e2e_check "the test engine is up" "$DOCKER_HOST +up" 10
e2e_check "the second engine is up" "$second +up" 10
e2e_check "the dead address is said" "tcp://127.0.0.1:9 +(reconnecting|error)" 10
e2e_check "the TLS engine is up, verified both ways" "tls +tcp://127.0.0.1:[0-9]+ +up" 10
# Every engine's disk usage, not only the one shown: RUNNING, UNHEALTHY,
# RESTARTING, IMAGES, then DISK with its unit.
disk='up .* [0-9]+/[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+[kMGT]?B '
e2e_check "the test engine's disk usage is shown" "$DOCKER_HOST +$disk" 15
e2e_check "the second engine's disk usage is shown" "$second +$disk" 15
e2e_check "the TLS engine's disk usage is shown" "tls +tcp://127.0.0.1:[0-9]+ +$disk" 15
# The STATE column is narrow: the selected engine's state in full above.
e2e_type "/127.0.0.1:9"
e2e_send Enter
e2e_check "the dead engine's reason in full in the title line" \
	"^Fleet .*tcp://127.0.0.1:9: (reconnecting|error): .*[a-z]{4}" 10
e2e_send Escape

# Every engine's containers at once, each row its engine's.
e2e_send 1
e2e_check "the containers pane shows the engine shown" "fleet-a-$tag" 10
if e2e_screen | grep -q "fleet-b-$tag"; then
	e2e_fail "the second engine's container is listed before 0"
else
	e2e_ok "only the engine shown is listed at first"
fi
e2e_send 0
e2e_check "0 adds an ENGINE column" "NAME.* ENGINE +IMAGE" 5
e2e_check "with the second engine's container" "fleet-b-$tag +unix://" 10
e2e_check "and the first's" "fleet-a-$tag +unix://" 2
e2e_type "/fleet-b-$tag"
e2e_send Enter
e2e_send d
e2e_check "remove asks, naming the row's engine" "on the engine $second" 3
e2e_send y
e2e_check "the status bar reports it" "removed fleet-b-$tag" 20
if DOCKER_HOST=$second docker inspect "fleet-b-$tag" >/dev/null 2>&1; then
	e2e_fail "the container is still on the second engine"
else
	e2e_ok "the container is gone from the second engine"
fi
if docker inspect "fleet-a-$tag" >/dev/null 2>&1; then
	e2e_ok "the first engine's container is untouched"
else
	e2e_fail "the first engine's container is gone"
fi
if grep -q "$second.*remove.*fleet-b-$tag.*ok" "$state/berth/audit.log" 2>/dev/null; then
	e2e_ok "the audit line names the row's engine"
else
	e2e_fail "no audit line for the remove on $second"
fi
e2e_send Escape
e2e_send 0
if e2e_wait_gone "NAME.* ENGINE +IMAGE" 5; then
	e2e_ok "0 again: the engine shown only, no ENGINE column"
else
	e2e_fail "0 again left the ENGINE column"
fi
e2e_type ":containers all"
e2e_send Enter
e2e_check ":containers all shows every engine again" "NAME.* ENGINE +IMAGE" 5
e2e_type ":containers whatever"
e2e_send Enter
e2e_check "an unknown word is said" 'takes no "whatever"' 3

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
e2e_type "/berth-e2e-fleet"
e2e_send Enter
e2e_send Enter
e2e_check "Enter shows that engine" "showing $second" 5
e2e_send 4
e2e_check "its volumes are listed" "fleet-$tag" 10
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

# An engine that is down at the start: alone, berth says so and exits;
# with another engine to open, it starts and shows it reconnecting.
e2e_type "$BERTH_BIN -H tcp://127.0.0.1:9; echo rc=\$?"
e2e_send Enter
e2e_check "a lone engine that is down is said, and berth exits" \
	"cannot connect to tcp://127.0.0.1:9" 10
e2e_check "with status 1" "^rc=1" 5
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN -H tcp://127.0.0.1:9 -H $DOCKER_HOST"
e2e_send Enter
e2e_check "a first engine down does not stop the others" \
	"tcp://127.0.0.1:9 +(reconnecting|error)" 10
e2e_check "the other engine is up" "$DOCKER_HOST +up" 10
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact, after a first engine down"

# Two engines by -H: the one not shown gets its disk usage too.
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN -H $DOCKER_HOST -H $second"
e2e_send Enter
e2e_check "two engines open on the fleet pane" "^Fleet" 10
e2e_check "the engine not shown has its disk usage" "$second +$disk" 10
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact, once more"

# A read-only engine line refuses changes on its own rows only.
DOCKER_HOST=$second docker create --name "fleet-c-$tag" \
	--label org.berth.it=fleet berth-test/base sleep 1000 >/dev/null
printf 'engine second %s read-only\n' "$second" >"$state/config"
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --config $state/config"
e2e_send Enter
e2e_check "the engine line opens beside the first" "^Fleet" 10
e2e_type ":containers all"
e2e_send Enter
e2e_check "every engine's containers" "fleet-c-$tag +second" 10
e2e_type "/fleet-c-$tag"
e2e_send Enter
e2e_send s
e2e_check "a row of the read-only engine is refused" "read-only mode: stop refused" 3
e2e_send Escape
e2e_type "/fleet-a-$tag"
e2e_send Enter
e2e_send s
e2e_check "a row of the other engine is asked about" "Stop 1 container on the engine $DOCKER_HOST" 3
e2e_send n
if grep -q "second ($second).*stop.*refused: read-only" "$state/berth/audit.log"; then
	e2e_ok "the refusal is audited with the engine's name"
else
	e2e_fail "no audit line for the refusal on the read-only engine"
fi
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact again"
DOCKER_HOST=$second docker rm -f "fleet-c-$tag" >/dev/null 2>&1
e2e_finish
