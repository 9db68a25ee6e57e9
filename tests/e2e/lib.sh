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

# e2e_free_port: a TCP port nobody listens on at 127.0.0.1 now.
e2e_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000))
}

# e2e_tls_engine DIR: the test engine over TLS, as a remote engine is
# reached: a CA, a server certificate for 127.0.0.1 and a client one made
# in DIR (ca.pem, cert.pem, key.pem), and socat listening with them in
# front of DOCKER_HOST's socket, verifying the client. Sets TLS_PORT and
# TLS_PID (kill it when done).
e2e_tls_engine() {
	(
		cd "$1" &&
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
				-nodes -keyout ca-key.pem -out ca.pem -days 2 \
				-subj /CN=berth-e2e-ca &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout server-key.pem -out server.csr -subj /CN=127.0.0.1 &&
			printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
				>server.ext &&
			openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem \
				-CAcreateserial -out server.pem -days 2 -extfile server.ext &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout key.pem -out client.csr -subj /CN=berth-client &&
			printf 'extendedKeyUsage=clientAuth\n' >client.ext &&
			openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem \
				-CAcreateserial -out cert.pem -days 2 -extfile client.ext
	) >"$1/openssl.log" 2>&1 || cat "$1/openssl.log"
	TLS_PORT=$(e2e_free_port)
	socat "OPENSSL-LISTEN:$TLS_PORT,bind=127.0.0.1,reuseaddr,fork,cert=$1/server.pem,key=$1/server-key.pem,cafile=$1/ca.pem,verify=1" \
		"UNIX-CONNECT:${DOCKER_HOST#unix://}" 2>"$1/socat.log" &
	TLS_PID=$!
	# Until it listens.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		ss -ltn 2>/dev/null | grep -q "127.0.0.1:$TLS_PORT " && break
		sleep 0.2
	done
}

# e2e_fake_fleet DIR ARGS...: starts tests/bench/fake_fleet of $BUILD with
# ARGS in the background, its list of engines in DIR/fleet, and waits
# until it serves; sets FLEET_PID (the caller's EXIT trap stops it). When
# there is no such program, or it does not start, says so and exits.
e2e_fake_fleet() {
	ff_dir=$1
	shift
	ff_root=$(cd "$(dirname "$0")/../.." && pwd)
	ff_build=${BUILD:-build/default}
	case $ff_build in /*) ;; *) ff_build=$ff_root/$ff_build ;; esac
	ff_bin=$ff_build/tests/bench/fake_fleet
	if [ ! -x "$ff_bin" ]; then
		echo "FAIL: no $ff_bin (make BUILD=... test-bins)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	"$ff_bin" "$@" >"$ff_dir/fleet" 2>&1 &
	FLEET_PID=$!
	ff_i=0
	until grep -q '^ready' "$ff_dir/fleet" 2>/dev/null; do
		ff_i=$((ff_i + 1))
		if [ $ff_i -gt 100 ]; then
			echo "FAIL: the fake fleet did not start"
			echo "0 passed, 1 failed"
			exit 1
		fi
		sleep 0.05
	done
}

e2e_finish() {
	echo "$E2E_PASS passed, $E2E_FAIL failed"
	[ "$E2E_FAIL" -eq 0 ]
}
