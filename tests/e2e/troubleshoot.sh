#!/bin/sh
# Troubleshooting in the console: :sessions lists an exec session started
# by the test, :doctor names a container that exited non-zero, the bundle
# key writes a support bundle and the console comes back, and the terminal
# is intact at the end.
. "$(dirname "$0")/lib.sh"

rid=$(e2e_rand)
live=berth-e2e-ts-$rid-live
failed=berth-e2e-ts-$rid-failed
work=$(mktemp -d)
cleanup() {
	docker ps -aq --filter "label=org.berth.e2e.ts=$rid" | xargs -r docker rm -f >/dev/null 2>&1
	rm -rf "$work"
	e2e_cleanup
}
trap cleanup EXIT

docker run -d --name "$live" --label "org.berth.e2e.ts=$rid" berth-test/base sleep 100000 >/dev/null
docker run -d --name "$failed" --label "org.berth.e2e.ts=$rid" berth-test/base sh -c 'exit 7' >/dev/null
docker exec -d "$live" sleep 4321

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

e2e_type ":doctor"
e2e_send Enter
e2e_check ":doctor names the container that exited non-zero" "WARN +exited with code 7 .*$failed" 15
e2e_check "with the keys that help" "$failed +l logs, i inspect" 2

e2e_send b
e2e_check "the bundle key hands over the terminal and says where" "bundle written to $work/berth-bundle-" 30
e2e_send Enter
e2e_check "and the console comes back" "Doctor .*CRIT" 10
e2e_check "with a word in the status bar" "support bundle written to" 5
if ls "$work"/berth-bundle-*/summary.txt >/dev/null 2>&1 &&
	grep -q "exited with code 7" "$work"/berth-bundle-*/doctor.txt; then
	e2e_ok "the bundle has the doctor's findings"
else
	e2e_fail "the bundle has the doctor's findings"
fi

e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
e2e_finish
