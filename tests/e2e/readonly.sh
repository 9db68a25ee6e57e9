#!/bin/sh
# --read-only: every changing key on a running container, an image and a
# volume is refused before anything is asked or sent; the engine is the
# same after; the audit log holds refusals only; READ-ONLY shows.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-ro-$tag
vol=berth-e2e-ro-$tag
state=$(mktemp -d)
log=$state/berth/audit.log
docker run -d --name "$name" --label org.berth.test=e2e berth-test/app >/dev/null
docker volume create --label org.berth.test=e2e "$vol" >/dev/null
trap 'docker rm -f "$name" >/dev/null 2>&1; docker volume rm "$vol" >/dev/null 2>&1;
	rm -rf "$state"; e2e_cleanup' EXIT

# What this test could change. Other tests share the engine, so only our
# container, the test images and our volume are compared.
snapshot() {
	docker ps -a --no-trunc --filter "name=^$name\$" \
		--format '{{.ID}} {{.Names}} {{.Image}} {{.State}}'
	docker inspect -f '{{.State.StartedAt}} {{.State.Paused}}' "$name"
	docker images --no-trunc --filter 'reference=berth-test/*' \
		--format '{{.ID}} {{.Repository}}:{{.Tag}}' | sort
	docker volume ls -q --filter "name=^$vol\$"
}
before=$(snapshot)

e2e_shell 130 35
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --read-only"
e2e_send Enter
e2e_check "the container is listed" "$name" 10
e2e_check "the status bar shows READ-ONLY" "READ-ONLY" 2

# refuse KEY ACTION: the key is refused with the action's name, one more
# refusal is in the audit log, and no question opened (y would answer it).
count=0
refuse() {
	count=$((count + 1))
	e2e_send "$1"
	e2e_check "$1 is refused ($2)" "read-only mode: $2 refused" 3
	deadline=$(($(date +%s) + 3))
	while [ "$(cat "$log" 2>/dev/null | wc -l)" -lt "$count" ] &&
		[ "$(date +%s)" -le "$deadline" ]; do
		sleep 0.1
	done
	if [ "$(wc -l <"$log")" -eq "$count" ] &&
		tail -1 "$log" | grep -q "	$2	.*	refused: read-only\$"; then
		e2e_ok "$1: one refusal logged"
	else
		e2e_fail "$1: one refusal logged"
	fi
	if e2e_screen | grep -q "y: Yes\|Enter: OK\|Esc cancels"; then
		e2e_fail "$1 opened a question"
		e2e_send Escape
	fi
	e2e_send y
}

e2e_type "/$name"
e2e_send Enter
e2e_check "filtered to the container" "^Containers +1 " 3
refuse s stop
refuse S start
refuse R restart
refuse p pause
refuse C-k kill
refuse d remove
refuse F2 rename
refuse r run
refuse a attach
refuse e exec
refuse P prune

e2e_type ":images"
e2e_send Enter
e2e_check "images pane" "^Images " 3
e2e_type "/berth-test/base"
e2e_send Enter
e2e_check "filtered to the base image" "^Images +1 " 3
refuse d remove
refuse T tag
refuse U push
refuse u pull
refuse r run
refuse P prune

e2e_type ":volumes"
e2e_send Enter
e2e_check "volumes pane" "^Volumes " 3
e2e_type "/$vol"
e2e_send Enter
e2e_check "filtered to the volume" "^Volumes +1 " 3
refuse d remove
refuse C create
refuse P prune

e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

after=$(snapshot)
if [ "$before" = "$after" ]; then
	e2e_ok "nothing changed on the engine"
else
	e2e_fail "nothing changed on the engine"
	printf 'before:\n%s\nafter:\n%s\n' "$before" "$after"
fi
refusals=$(grep -c '	refused: read-only$' "$log" 2>/dev/null || true)
others=$(grep -vc '	refused: read-only$' "$log" 2>/dev/null || true)
if [ "$refusals" -eq 20 ] && [ "$others" -eq 0 ]; then
	e2e_ok "the audit log holds the 20 refusals and nothing else"
else
	e2e_fail "the audit log holds the 20 refusals and nothing else ($refusals, $others)"
	cat "$log"
fi
if grep -q "	stop	$name (" "$log" && grep -q "	remove	$vol	" "$log"; then
	e2e_ok "refusals name the objects"
else
	e2e_fail "refusals name the objects"
fi

e2e_finish
