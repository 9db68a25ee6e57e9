#!/bin/sh
# Run and prune from the console: r on an image opens the run form with the
# image filled in; a name and a label typed in it reach the engine and the
# container runs. Stopped from the shell, it shows in the prune preview of
# the containers pane (filtered by its label, so that nothing else on the
# shared engine can go), the confirmation names the engine and the count,
# and after yes it is gone. Both changes are in the audit log.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-run-$tag
label=org.berth.e2e.run=$tag
state=$(mktemp -d)
trap 'docker rm -f "$name" >/dev/null 2>&1; rm -rf "$state"; e2e_cleanup' EXIT

e2e_shell 130 40
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --pane images"
e2e_send Enter
e2e_check "images pane lists berth-test/app" "berth-test/app" 10

e2e_type "/berth-test/app"
e2e_send Enter
e2e_check "filtered to berth-test/app" "filter: berth-test/app" 3

e2e_send r
e2e_check "r opens the run form for the image" \
	"Image +berth-test/app:(latest|v1)" 5
# The focus starts on Name; Labels is 13 fields further down.
e2e_type "$name"
i=0
while [ $i -lt 13 ]; do
	e2e_send Tab
	i=$((i + 1))
done
e2e_type "$label"
e2e_send C-s
e2e_check "the status bar says it started" "started $name" 10

if [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ]; then
	e2e_ok "docker inspect: $name is running"
else
	e2e_fail "docker inspect: $name is running"
fi
if [ "$(docker inspect -f '{{index .Config.Labels "org.berth.e2e.run"}}' \
	"$name" 2>/dev/null)" = "$tag" ]; then
	e2e_ok "the label typed in the form reached the container"
else
	e2e_fail "the label typed in the form reached the container"
fi

docker stop -t 1 "$name" >/dev/null
e2e_send Escape
e2e_send 1
e2e_check "containers pane" "^Containers " 5

e2e_send P
e2e_check "P opens the prune preview" "Prune containers" 5
e2e_check "the preview has loaded" "Total: [0-9]+ object" 10
e2e_send f
e2e_type "label=$label"
e2e_send Enter
e2e_check "the filter is shown" "Filters: label=$label" 3
e2e_check "the preview lists the stopped container" "  $name " 5
e2e_check "and only it" "containers: 1 to delete" 3

e2e_send y
e2e_check "the confirmation names the count" "Delete 1 container " 3
e2e_check "the confirmation names the engine" "Engine: unix://" 3
e2e_send y
e2e_check "the engine's report lists it" "containers: 1 deleted" 10

if docker inspect "$name" >/dev/null 2>&1; then
	e2e_fail "docker inspect: $name is gone"
else
	e2e_ok "docker inspect: $name is gone"
fi

e2e_send Escape
e2e_check "Esc closes the report" "^Containers " 3
if e2e_wait_gone " $name " 5; then
	e2e_ok "the containers pane no longer lists it"
else
	e2e_fail "the containers pane no longer lists it"
fi

e2e_send q
e2e_check_prompt "the terminal is intact after quitting"

log=$state/berth/audit.log
if grep -q "	run	$name (berth-test/app[^	]*)	ok\$" "$log" 2>/dev/null; then
	e2e_ok "the audit log has the run"
else
	e2e_fail "the audit log has the run"
fi
# The kind and the filters it went by, and what it deleted.
if grep -qF "	prune containers (filters: label=$label)	$name	ok" "$log" 2>/dev/null; then
	e2e_ok "the audit log has the prune"
else
	e2e_fail "the audit log has the prune"
fi

e2e_finish
