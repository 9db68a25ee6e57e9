#!/bin/sh
# The engine restarting under an open console: berth says "reconnecting",
# recovers by itself, and follows the events again afterwards. Uses an
# engine of its own so that the shared test engine is never restarted.
. "$(dirname "$0")/lib.sh"

export BERTH_ENGINE_DIR=/tmp/berth-e2e-recon
export BERTH_ENGINE_BRIDGE=berth3
export BERTH_ENGINE_BRIDGE_CIDR=10.213.11.1/24
export BERTH_ENGINE_NAMESPACE=berth-e2e-recon
export BERTH_ENGINE_NO_IMAGES=1
# Never touch the firewall: that would wipe the test engine's port rules.
export BERTH_ENGINE_IPTABLES=false
here=$(cd "$(dirname "$0")/../engine" && pwd)
host=$("$here/start") || { echo "0 passed, 1 failed"; exit 1; }
tag=$(e2e_rand)
trap 'DOCKER_HOST=$host docker volume rm -f "recon-a-$tag" "recon-b-$tag" >/dev/null 2>&1; "$here/stop" >/dev/null 2>&1; e2e_cleanup' EXIT
DOCKER_HOST=$host docker volume create "recon-a-$tag" >/dev/null

e2e_shell 120 30
e2e_type "$BERTH_BIN -H $host --pane volumes"
e2e_send Enter
e2e_check "volumes pane on the private engine" "recon-a-$tag" 10
"$here/stop" >/dev/null 2>&1
e2e_check "the engine going away shows reconnecting" "reconnecting" 10
"$here/start" >/dev/null 2>&1
e2e_check "berth reconnects by itself" "reconnected to the engine" 15
DOCKER_HOST=$host docker volume create "recon-b-$tag" >/dev/null
e2e_check "events are followed again after the reconnect" "recon-b-$tag" 5
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
e2e_finish
