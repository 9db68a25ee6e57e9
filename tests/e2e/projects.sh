#!/bin/sh
# Compose projects in the console: two projects made with the labels the
# compose tool writes; :projects lists both, s asks (naming the project,
# its containers and the engine) and stops one, Enter shows only its
# containers, l shows the other's merged logs with the service prefix,
# --read-only refuses s before asking; the audit log has the stops.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
shop=pjshop$tag
blog=pjblog$tag
state=$(mktemp -d)
log=$state/berth/audit.log
cleanup() {
	docker ps -aq --filter "label=org.berth.e2e.projects=$tag" |
		xargs -r docker rm -f -v >/dev/null 2>&1
	rm -rf "$state"
	e2e_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# member PROJECT SERVICE: a running container of the project's service.
member() {
	docker run -d --name "$1-$2-1" --label org.berth.test=e2e \
		--label "org.berth.e2e.projects=$tag" --stop-timeout 1 \
		--label "com.docker.compose.project=$1" \
		--label "com.docker.compose.project.working_dir=/srv/$1" \
		--label "com.docker.compose.project.config_files=/srv/$1/compose.yml" \
		--label "com.docker.compose.service=$2" \
		--label com.docker.compose.container-number=1 \
		--label com.docker.compose.oneoff=False berth-test/app >/dev/null
}
member "$shop" web
member "$shop" worker
member "$blog" db
member "$blog" cache

# states_are STATE NAME...: polls the engine until every one is in STATE.
states_are() {
	want=$1
	shift
	deadline=$(($(date +%s) + 20))
	while [ "$(date +%s)" -le "$deadline" ]; do
		ok=1
		for n in "$@"; do
			st=$(docker inspect -f '{{.State.Status}}' "$n" 2>/dev/null)
			[ "$st" = "$want" ] || ok=0
		done
		[ $ok = 1 ] && return 0
		sleep 0.2
	done
	return 1
}

e2e_shell 140 35
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN"
e2e_send Enter
e2e_check "berth starts" "^Containers" 10
e2e_type ":projects"
e2e_send Enter
e2e_check ":projects shows the first project" "$blog +2/2 running +- +2: cache, db +/srv/$blog" 10
e2e_check "and the second" "$shop +2/2 running +- +2: web, worker" 3

e2e_type "/$shop"
e2e_send Enter
e2e_check "filtered to one project" "^Compose projects +1 of" 3
e2e_send s
e2e_check "s asks first, naming the project and the engine" \
	"Stop the compose project $shop on the engine" 3
e2e_check "and its containers" "running +$shop-web-1 \(" 2
e2e_check "both of them" "running +$shop-worker-1 \(" 2
e2e_send y
e2e_check "the status bar reports it" "stopped 2 containers of project $shop" 20
if states_are exited "$shop-web-1" "$shop-worker-1" &&
	states_are running "$blog-db-1" "$blog-cache-1"; then
	e2e_ok "the engine says the project's containers exited, the other's run"
else
	e2e_fail "the engine says the project's containers exited, the other's run"
fi
e2e_check "the row follows" "$shop +0/2 running" 10

e2e_send Enter
e2e_check "Enter shows its containers" "^Containers +2 +filter: $shop" 5
e2e_check "the web one" "$shop-web-1 +berth-test/app +exited" 3
if e2e_screen | grep -q "$blog-"; then
	e2e_fail "and none of the other project's"
else
	e2e_ok "and none of the other project's"
fi
e2e_send Escape
e2e_check "Esc shows every container again" "$blog-db-1 +berth-test/app +running" 5

e2e_type ":projects"
e2e_send Enter
e2e_check "back in the projects pane, still filtered" "filter: $shop" 3
e2e_send Escape
e2e_type "/$blog"
e2e_send Enter
e2e_check "the other project alone" "^Compose projects +1 of" 3
e2e_send l
e2e_check "l: the merged logs" "project $blog +Logs +2 containers" 5
e2e_check "a line of db with its service prefix" "^db-1 +\| app started" 10
e2e_check "a line of cache with its service prefix" "^cache-1 \| app started" 10
e2e_send q
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --read-only --pane projects"
e2e_send Enter
e2e_check "read-only: the projects pane" "$blog +2/2 running" 10
e2e_type "/$blog"
e2e_send Enter
e2e_send s
e2e_check "s is refused" "read-only mode: stop refused" 3
if e2e_screen | grep -q "Stop the compose project"; then
	e2e_fail "and nothing is asked"
else
	e2e_ok "and nothing is asked"
fi
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact (read-only)"
if states_are running "$blog-db-1" "$blog-cache-1"; then
	e2e_ok "the read-only engine's containers still run"
else
	e2e_fail "the read-only engine's containers still run"
fi

if [ "$(grep -c "	stop (project $shop)	$shop-.* (.*)	ok\$" "$log")" = 2 ] &&
	[ "$(grep -c "	stop	.*	refused: read-only\$" "$log")" = 1 ]; then
	e2e_ok "the audit log has both stops and the refusal"
else
	e2e_fail "the audit log has both stops and the refusal"
	cat "$log"
fi

e2e_finish
