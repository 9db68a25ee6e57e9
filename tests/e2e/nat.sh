#!/bin/sh
# The NAT pane: :nat shows the published port of a test container and,
# while a connection to it is held open on loopback, a docker-proxy
# session row naming the container, which goes when the connection closes.
# The session part needs root (docker-proxy's /proc/PID/fd) and the
# engine's userland proxy.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-nat-$tag
docker run -d --name "$name" --label org.berth.test=e2e -p 127.0.0.1::80 \
	berth-test/web >/dev/null
holder=
fifo=$(mktemp -u "${TMPDIR:-/tmp}/berth-e2e-nat-$tag.XXXXXX")
mkfifo "$fifo"
trap '[ -n "$holder" ] && kill $holder 2>/dev/null; rm -f "$fifo"; docker rm -f "$name" >/dev/null 2>&1; e2e_cleanup' EXIT
port=$(docker port "$name" 80/tcp | head -1 | sed 's/.*://')
ip=$(docker inspect -f '{{.NetworkSettings.IPAddress}}' "$name")

e2e_shell 180 30
e2e_type "$BERTH_BIN"
e2e_send Enter
e2e_wait_for "$name" 10
e2e_type ":nat"
e2e_send Enter
e2e_check ":nat opens the NAT pane" "^NAT " 3
e2e_check "the published port maps to the container" \
	"port +tcp +127\.0\.0\.1:$port +$ip:80 +$name" 5

# A connection held open: nc's stdin is a fifo we hold open on fd 9.
busybox nc 127.0.0.1 "$port" <"$fifo" >/dev/null 2>&1 &
holder=$!
exec 9>"$fifo"
if [ "$(id -u)" = 0 ] && pgrep -f "docker-proxy.*-host-port $port( |\$)" >/dev/null; then
	e2e_check "a docker-proxy session row names the container" \
		"proxy +tcp +127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$port +$ip:80 +$name +.*ESTABLISHED" 5
	e2e_check "the port counts one session" \
		"port +tcp +127\.0\.0\.1:$port .*$name .*running +1( |\$)" 3
	exec 9>&-
	wait $holder 2>/dev/null
	holder=
	if e2e_wait_gone "proxy +tcp .*127\.0\.0\.1:$port " 5; then
		e2e_ok "the session row goes when the connection closes"
	else
		e2e_fail "the session row goes when the connection closes"
	fi
else
	echo "skip: session rows need root and the userland proxy"
	exec 9>&-
fi

# On a local engine the helper container is not needed, and says so.
e2e_send H
e2e_check "H on a local engine: no helper needed" "nat helper: not needed" 3

e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"
e2e_finish
