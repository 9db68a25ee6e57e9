#!/bin/sh
# --read-only: every changing key of the action table (tui/core/action.h), in
# every pane where the default keymap (tui/core/keymap.c) binds it, in a detail
# view, and :prune with each kind, is refused before anything is asked or
# sent; READ-ONLY shows; browsing, logs, inspect, stats and copying ids
# still work; the engine's containers, images, volumes and networks are the
# same after, no event about the test's objects happened, and the audit log
# holds one refusal per try and nothing else.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-ro-$tag
off=berth-e2e-rs-$tag
# Each kind has its own prefix: a pane's filter matches only the test's
# object of that kind (the networks pane lists the containers attached).
vol=berth-e2e-rv-$tag
net=berth-e2e-rn-$tag
img=berth-e2e-ri-$tag:v1
state=$(mktemp -d)
log=$state/berth/audit.log
cleanup() {
	docker rm -f "$name" "$off" >/dev/null 2>&1
	docker volume rm "$vol" >/dev/null 2>&1
	docker network rm "$net" >/dev/null 2>&1
	docker rmi "$img" >/dev/null 2>&1
	rm -rf "$state"
	e2e_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A running container with a published port nothing listens on (a row in
# the NAT pane, a finding in the doctor pane) and an exec session (a row in
# the sessions pane); a stopped one (S would start it); an image of the
# test's own (d would delete it; its layers fill the layers pane); a
# volume; a network.
docker run -d --name "$name" --label org.berth.test=e2e -p 127.0.0.1::8080 \
	berth-test/app >/dev/null
docker create --name "$off" --label org.berth.test=e2e berth-test/base true >/dev/null
printf 'FROM berth-test/base\nLABEL org.berth.test=e2e org.berth.e2e.ro=%s\n' "$tag" |
	docker build -q -t "$img" - >/dev/null 2>&1
docker volume create --label org.berth.test=e2e "$vol" >/dev/null
docker network create --label org.berth.test=e2e "$net" >/dev/null
docker exec -d "$name" sleep 4321
cid=$(docker inspect -f '{{.Id}}' "$name")
iid=$(docker inspect -f '{{.Id}}' "$img")
nid=$(docker network inspect -f '{{.Id}}' "$net")
short=$(echo "$cid" | cut -c1-12)

# What the engine holds: every container, image, volume and network, and
# the state of the test's containers (a restart changes StartedAt, an exec
# adds to ExecIDs).
snapshot() {
	docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Image}} {{.State}}' | sort
	docker inspect -f '{{.Name}} {{.State.Status}} {{.State.StartedAt}} {{.State.Paused}} {{.RestartCount}} {{.ExecIDs}}' "$name" "$off"
	docker images -a --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' | sort
	docker volume ls --format '{{.Name}} {{.Driver}}' | sort
	docker network ls --no-trunc --format '{{.ID}} {{.Name}} {{.Driver}}' | sort
}
# The session started above shows in the ExecIDs once it runs; its events
# are before t0 (the engine reads fractions of a second).
sleep 0.5
before=$(snapshot)
t0=$(date +%s.%N)

e2e_shell 140 35
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --read-only"
e2e_send Enter
e2e_check "the container is listed" "$name" 10
e2e_check "the status bar shows READ-ONLY" "READ-ONLY" 2

# refuse KEY ACTION [OBJECTS [LOGGED]]: the key is refused with the action's
# name on screen, one more refusal is in the audit log (for ACTION, or the
# action matching the regex LOGGED, with the objects matching the regex
# OBJECTS), and no question opened (one that
# did is answered yes, but for prune, so that the engine checks at the end
# see what a broken refusal did). A marker typed first (an unknown command)
# replaces the status bar's message, so that the refusal seen is this one.
count=0
# next_try: one more try; an unknown command replaces the status message.
next_try() {
	count=$((count + 1))
	e2e_send :
	e2e_type "zz$count"
	e2e_send Enter
	e2e_wait_for "unknown command :zz$count " 3 || e2e_fail "marker $count"
}
# wait_logged: until the audit log has a line per try (3 s at most).
wait_logged() {
	deadline=$(($(date +%s) + 3))
	while [ "$(cat "$log" 2>/dev/null | wc -l)" -lt "$count" ] &&
		[ "$(date +%s)" -le "$deadline" ]; do
		sleep 0.1
	done
}
# The footers of berth's questions, forms, prompts and previews.
asked='y: Yes|Enter: OK|Esc: ?[Cc]ancel|Esc cancels|Esc: close|Tab: next'
refuse() {
	next_try
	e2e_send "$1"
	e2e_check "$1 is refused ($2)" "read-only mode: $2 refused" 3
	wait_logged
	if [ "$(cat "$log" 2>/dev/null | wc -l)" -eq "$count" ] &&
		tail -1 "$log" | act=$2 logged=${4:-} obj=${3:-.} awk -F'\t' \
			'(ENVIRON["logged"] == "" ? $3 == ENVIRON["act"] \
			    : $3 ~ ENVIRON["logged"]) && $4 ~ ENVIRON["obj"] &&
			$5 == "refused: read-only" { ok = 1 } END { exit !ok }'; then
		e2e_ok "$1: one refusal logged"
	else
		e2e_fail "$1: one refusal logged (for $2, objects /${3:-.}/)"
		tail -1 "$log"
	fi
	if ! e2e_screen | grep -Eq "$asked"; then
		e2e_send y
	elif [ "$2" = prune ]; then
		# Not answered: a prune would reach past the test's objects.
		e2e_fail "$1 opened a question"
		e2e_send Escape
	else
		# Answered as a user would: what it changes shows below.
		e2e_fail "$1 opened a question"
		e2e_send y
		sleep 0.5
		e2e_screen | grep -Eq "$asked" && e2e_send Escape
	fi
}

# show PANE TITLE [FILTER]: the pane, filtered down to the test's object
# (the title says "1" or "1 of N").
show() {
	e2e_type ":$1"
	e2e_send Enter
	e2e_check "$1 pane" "^$2( |\$)" 5
	if [ -n "${3:-}" ]; then
		e2e_send /
		e2e_type "$3"
		e2e_send Enter
		e2e_check "$1 filtered to the test's object" \
			"^$2 .* 1( of [0-9]+)? +filter: $3" 10
	fi
}

# The containers pane: every key bound there that changes something.
ctr="^$name \\($cid\\)\$"
e2e_send /
e2e_type "$name"
e2e_send Enter
e2e_check "filtered to the container" "^Containers +1( of [0-9]+)? +filter: $name" 3
refuse s stop "$ctr"
refuse S start "$ctr"
refuse R restart "$ctr"
refuse p pause "$ctr"
refuse C-k kill "$ctr"
refuse d remove "$ctr"
refuse F2 rename "$ctr"
refuse r run "$ctr"
refuse a attach "$ctr"
refuse e exec "$ctr"
refuse P prune '^-$' '^prune containers$'
e2e_send /
e2e_send C-u
e2e_type "$off"
e2e_send Enter
e2e_check "filtered to the stopped container" "^Containers +1( of [0-9]+)? +filter: $off" 3
refuse S start "^$off \\("
e2e_send Escape

# Browsing still works: logs, inspect, stats; in the detail view the
# container's keys and the global ones are refused too.
e2e_send /
e2e_type "$name"
e2e_send Enter
e2e_send l
e2e_check "logs still work" "^app started" 10
refuse s stop "$ctr"
refuse d remove "$ctr"
refuse P prune '^-$' '^prune containers$'
e2e_send i
e2e_check "inspect still works" "\"Id\": \"$cid\"" 5
e2e_send x
e2e_check "stats still work" "^ *CPU +[0-9.]+ ?%" 10
e2e_send Escape
e2e_check "back in the containers pane" "^Containers +1( of [0-9]+)? +filter: $name" 3
e2e_send c
e2e_check "copying the id still works" "copied $short" 3

show images Images "$img"
im="^$img \\($iid\\)\$"
refuse d remove "$im"
refuse T tag "$im"
refuse U push "$im"
refuse u pull "$im"
refuse r run "$im"
refuse P prune '^-$' '^prune images$'

# The layers of the image selected in the images pane.
show layers Layers
refuse d remove
refuse P prune '^-$' '^prune( images)?$'

show volumes Volumes "$vol"
refuse d remove "^$vol\$"
# A create makes something new: the selected row is not its object.
refuse C create '^-$'
refuse P prune '^-$' '^prune volumes$'

show networks Networks "$net"
refuse d remove "^$net \\($nid\\)\$"
refuse C create '^-$'
refuse P prune '^-$' '^prune networks$'

show sessions "Exec sessions" "$name"
e2e_check "the session is listed" "$name +sleep 4321" 3
refuse e exec
refuse a attach
refuse d remove
refuse P prune '^-$' '^prune$'

show nat NAT "$name"
e2e_check "the published port is listed" "^ *port +tcp +127\\.0\\.0\\.1:[0-9]+ +[0-9.]+:8080 +berth-e2e-ro-" 3
refuse H nat-helper
refuse d remove
refuse P prune '^-$' '^prune( containers)?$'

show host Host
refuse d remove
refuse P prune '^-$' '^prune everything$'

show doctor Doctor
refuse d remove
refuse P prune '^-$' '^prune( [a-z ]+)?$'

show events Events
refuse d remove
refuse P prune '^-$' '^prune$'

# :prune, everything and each kind.
# prune_cmd [KIND] ACTION: :prune KIND is refused, logged as ACTION with no
# objects, and opens no preview.
prune_cmd() {
	next_try
	e2e_send :
	e2e_type "prune${1:+ $1}"
	e2e_send Enter
	e2e_check ":prune${1:+ $1} is refused" "read-only mode: prune refused" 3
	wait_logged
	if [ "$(cat "$log" 2>/dev/null | wc -l)" -eq "$count" ] &&
		tail -1 "$log" | act=$2 awk -F'\t' \
			'$3 == ENVIRON["act"] && $4 == "-" &&
			$5 == "refused: read-only" { ok = 1 } END { exit !ok }'; then
		e2e_ok ":prune${1:+ $1}: one refusal logged ($2)"
	else
		e2e_fail ":prune${1:+ $1}: one refusal logged ($2)"
		tail -1 "$log"
	fi
	if e2e_screen | grep -Eq "$asked|Prune"; then
		e2e_fail ":prune${1:+ $1} opened a preview"
		e2e_send Escape
	fi
}
show containers Containers
prune_cmd "" "prune everything"
prune_cmd containers "prune containers"
prune_cmd images "prune images"
prune_cmd volumes "prune volumes"
prune_cmd networks "prune networks"
prune_cmd build "prune build cache"

e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
t1=$(date +%s.%N)

after=$(snapshot)
if [ "$before" = "$after" ]; then
	e2e_ok "nothing changed on the engine"
else
	e2e_fail "nothing changed on the engine"
	printf 'before:\n%s\nafter:\n%s\n' "$before" "$after"
fi
# Nothing was sent either: no event names the test's objects (an attach,
# an exec or a stop leave one even when the lists end the same), no
# helper container came and went, nothing was pruned.
events=$(docker events --since "$t0" --until "$t1" \
	--format '{{.Type}} {{.Action}} {{.Actor.ID}} {{json .Actor.Attributes}}' |
	grep -e "$tag" -e "$cid" -e "$iid" -e "$nid" -e 'org.berth.helper' -e '^[a-z]* prune ')
if [ -z "$events" ]; then
	e2e_ok "no event about the test's objects, no helper, no prune"
else
	e2e_fail "no event about the test's objects, no helper, no prune"
	echo "$events"
fi
refusals=$(grep -c '	refused: read-only$' "$log" 2>/dev/null || true)
others=$(grep -vc '	refused: read-only$' "$log" 2>/dev/null || true)
if [ "$refusals" -eq "$count" ] && [ "$others" -eq 0 ]; then
	e2e_ok "the audit log holds the $count refusals and nothing else"
else
	e2e_fail "the audit log holds the $count refusals and nothing else ($refusals, $others)"
	cat "$log"
fi

e2e_finish
