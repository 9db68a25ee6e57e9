#!/bin/sh
# A tour of the console: every pane by Tab, digits and : commands; filter
# and sort; inspect, logs and stats of a running container; a log line and
# a container that appear by themselves; the help overlay.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-log-$tag
other=berth-e2e-late-$tag
docker run -d --name "$name" --label org.berth.test=e2e berth-test/base \
	sh -c 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done' >/dev/null
trap 'docker rm -f "$name" "$other" >/dev/null 2>&1; e2e_cleanup' EXIT

e2e_shell 130 40
e2e_type "$BERTH_BIN"
e2e_send Enter
e2e_check "containers pane with the test container" "$name" 10

e2e_send Tab
e2e_check "Tab: images pane" "^Images " 3
e2e_check "images pane lists the test images" "berth-test/web" 3
e2e_send Tab
e2e_check "Tab: layers pane" "^Layers of" 3
e2e_send Tab
e2e_check "Tab: volumes pane" "^Volumes " 3
e2e_send Tab
e2e_check "Tab: networks pane" "^Networks " 3
e2e_check "networks pane shows the bridge network" "bridge" 3
e2e_send Tab
e2e_check "Tab: sessions pane" "^Exec sessions" 3
e2e_send Tab
e2e_check "Tab: nat pane" "^NAT" 3
e2e_send Tab
e2e_check "Tab: host pane" "^Host" 3
e2e_check "host pane shows disk usage" "DISK USAGE" 5
e2e_send Tab
e2e_check "Tab: doctor pane" "^Doctor" 3
e2e_send Tab
e2e_check "Tab: events pane" "^Events " 3
e2e_send BTab
e2e_check "Shift-Tab: back to doctor" "^Doctor" 3
e2e_send BTab
e2e_check "Shift-Tab: back to host" "^Host" 3
e2e_send 2
e2e_check "digit 2: images" "^Images " 3
e2e_type ":volumes"
e2e_send Enter
e2e_check ":volumes" "^Volumes " 3
e2e_type ":c"
e2e_send Enter
e2e_check ":c alias: containers" "^Containers " 3

# Filter and sort.
e2e_type "/log-$tag"
e2e_check "filter shows what is typed" "filter: log-$tag" 3
e2e_send Enter
if e2e_screen | grep -q "berth-test/app\|demo-"; then
	e2e_fail "filter hides the other containers"
else
	e2e_ok "filter hides the other containers"
fi
e2e_check "filter keeps the match" "$name" 3
e2e_send Escape
if e2e_wait_gone "filter: log-$tag" 3 && e2e_wait_for "berth-test/app|$name" 3; then
	e2e_ok "Esc clears the filter"
else
	e2e_fail "Esc clears the filter"
fi
e2e_send o
e2e_check "o sorts by the next column" "IMAGE *▲|IMAGE *\\^" 3
e2e_send O
e2e_check "O reverses" "IMAGE *▼|IMAGE *v" 3
e2e_send o
e2e_send o
e2e_send o
e2e_send o
e2e_send o
e2e_send o
e2e_send o
e2e_send o

# Details of the running container.
e2e_type "/log-$tag"
e2e_send Enter
e2e_wait_for "$name" 3
e2e_send i
e2e_check "inspect shows the JSON" '"Id": "' 5
e2e_send Escape
e2e_send l
e2e_check "logs show the container's output" "tick [0-9]" 5
marker="late-line-$(e2e_rand)"
docker exec "$name" sh -c "echo $marker > /proc/1/fd/1"
e2e_check "a log line written after the view opened appears within a second" "$marker" 1
e2e_send x
e2e_check "stats tab shows CPU and memory" "^ *MEM +[0-9.]+[kMG]?B" 5
e2e_check "stats tab shows CPU" "^ *CPU +[0-9.]+%" 5
e2e_send Escape
e2e_send Escape

# A container started outside berth appears with no key pressed.
docker run -d --name "$other" --label org.berth.test=e2e berth-test/app >/dev/null
e2e_check "a container created outside appears within two seconds" "$other" 2

e2e_send '?'
e2e_check "help overlay" "keys: containers" 3
e2e_send q
e2e_wait_gone "keys: containers" 3
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
e2e_finish
