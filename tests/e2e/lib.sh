# Helpers for the end-to-end tests: berth in tmux, keys in, screen out.
# Sourced by tests/e2e/*.sh; needs BERTH_BIN and DOCKER_HOST.

: "${BERTH_BIN:?}" "${DOCKER_HOST:?}"
E2E_SESSION=berth-e2e-$$
E2E_PASS=0
E2E_FAIL=0
export DOCKER_BUILDKIT=0

e2e_cleanup() {
	tmux kill-session -t "$E2E_SESSION" 2>/dev/null || true
}
trap e2e_cleanup EXIT

# Starts a shell in a detached tmux session of the given size.
e2e_shell() {
	cols=${1:-120} rows=${2:-35}
	tmux kill-session -t "$E2E_SESSION" 2>/dev/null || true
	tmux new-session -d -s "$E2E_SESSION" -x "$cols" -y "$rows" \
		"env -i PATH=$PATH HOME=${HOME:-/root} TERM=xterm-256color LANG=C.UTF-8 DOCKER_HOST=$DOCKER_HOST PS1='e2e\$ ' sh"
	e2e_wait_for 'e2e\$' 5
}

e2e_send() { tmux send-keys -t "$E2E_SESSION" "$@"; }
e2e_type() { tmux send-keys -t "$E2E_SESSION" -l "$1"; }
e2e_screen() { tmux capture-pane -p -t "$E2E_SESSION"; }

# Milliseconds on the wall clock, for deadlines shorter than a second.
e2e_ms() { echo $(($(date +%s%N) / 1000000)); }

# e2e_deadline SECONDS: the millisecond deadline that many seconds from now
# (whole or with one decimal: 1, 2, 0.5).
e2e_deadline() {
	case $1 in
	*.*) echo $(($(e2e_ms) + ${1%.*} * 1000 + ${1#*.} * 100)) ;;
	*) echo $(($(e2e_ms) + $1 * 1000)) ;;
	esac
}

# e2e_wait_for REGEX [SECONDS]: waits until the screen matches; the last
# look is taken at the deadline, not after it.
e2e_wait_for() {
	deadline=$(e2e_deadline "${2:-5}")
	while :; do
		if e2e_screen | grep -Eq -- "$1"; then
			return 0
		fi
		[ "$(e2e_ms)" -ge "$deadline" ] && return 1
		sleep 0.05
	done
}

# e2e_wait_gone REGEX [SECONDS]
e2e_wait_gone() {
	deadline=$(e2e_deadline "${2:-5}")
	while :; do
		if ! e2e_screen | grep -Eq -- "$1"; then
			return 0
		fi
		[ "$(e2e_ms)" -ge "$deadline" ] && return 1
		sleep 0.05
	done
}

e2e_ok() {
	E2E_PASS=$((E2E_PASS + 1))
	echo "ok: $1"
}

e2e_fail() {
	E2E_FAIL=$((E2E_FAIL + 1))
	echo "FAIL: $1"
	echo "--- screen ---"
	e2e_screen
	echo "--------------"
}

# e2e_check "what" REGEX [SECONDS]
e2e_check() {
	if e2e_wait_for "$2" "${3:-5}"; then e2e_ok "$1"; else e2e_fail "$1"; fi
}

# Waits until berth has exited and the shell shows its prompt again, so that
# what is typed next is not typed ahead while berth is still restoring.
e2e_wait_exit() {
	deadline=$(($(date +%s) + ${1:-10}))
	while pgrep -f "^$BERTH_BIN( |\$)" >/dev/null 2>&1; do
		[ "$(date +%s)" -gt "$deadline" ] && return 1
		sleep 0.1
	done
	while [ "$(date +%s)" -le "$deadline" ]; do
		if e2e_screen | grep -v '^ *$' | tail -1 | grep -Eq 'e2e\$ *$'; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# The shell prompt answers after berth exits: the terminal is intact.
e2e_check_prompt() {
	marker="alive$$$(date +%N)"
	e2e_wait_exit 15
	e2e_send C-u
	e2e_type "echo $marker"
	e2e_send Enter
	if e2e_wait_for "^$marker" 5; then
		e2e_ok "$1"
	else
		e2e_fail "$1"
	fi
}

e2e_rand() { od -An -N4 -tx4 /dev/urandom | tr -d ' \n'; }

e2e_finish() {
	echo "$E2E_PASS passed, $E2E_FAIL failed"
	[ "$E2E_FAIL" -eq 0 ]
}
