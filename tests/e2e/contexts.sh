#!/bin/sh
# :ctx lists the docker CLI's contexts and switches the console to one
# without a restart; the status bar names the context; a context that
# leads nowhere is said in words and another switch recovers. Contexts
# made with the docker CLI of each kind: unix, tcp with TLS (socat in
# front of the test engine, certificates made here, verified both ways)
# and ssh (the test's own sshd, tests/engine/sshd-start).
. "$(dirname "$0")/lib.sh"

cfg=$(mktemp -d /tmp/berth-e2e-ctx.XXXXXX)
name=berth-e2e-$(e2e_rand)
docker run -d --name "$name" --label org.berth.test=e2e berth-test/app >/dev/null
here=$(cd "$(dirname "$0")/../engine" && pwd)
socat_pid=
trap 'docker rm -f "$name" >/dev/null 2>&1; [ -n "$socat_pid" ] && kill "$socat_pid" 2>/dev/null;
	"$here/sshd-stop" --user $$ >/dev/null 2>&1; rm -rf "$cfg"; e2e_cleanup' EXIT
DOCKER_CONFIG=$cfg docker context create e2e-alt \
    --description "the test engine by name" \
    --docker "host=$DOCKER_HOST" >/dev/null 2>&1
DOCKER_CONFIG=$cfg docker context create e2e-nowhere \
    --docker "host=tcp://127.0.0.1:1" >/dev/null 2>&1

# The test engine over TLS (lib.sh).
e2e_tls_engine "$cfg"
tls_port=$TLS_PORT
socat_pid=$TLS_PID
DOCKER_CONFIG=$cfg docker context create e2e-tls \
    --docker "host=tcp://127.0.0.1:$tls_port,ca=$cfg/ca.pem,cert=$cfg/cert.pem,key=$cfg/key.pem" >/dev/null 2>&1

# ssh: the test's own sshd, whose sessions reach the test engine.
ssh_lines=$("$here/sshd-start" --user $$ 2>"$cfg/sshd.err") || cat "$cfg/sshd.err"
ssh_addr=$(printf '%s\n' "$ssh_lines" | sed -n 1p)
ssh_wrapper=$(printf '%s\n' "$ssh_lines" | sed -n 2p)
DOCKER_CONFIG=$cfg docker context create e2e-ssh \
    --docker "host=$ssh_addr" >/dev/null 2>&1

e2e_shell 140 35
e2e_type "DOCKER_CONFIG=$cfg BERTH_SSH=$ssh_wrapper $BERTH_BIN"
e2e_send Enter
e2e_check "the console opens on DOCKER_HOST" "$name" 10
e2e_type ":ctx"
e2e_send Enter
e2e_check ":ctx lists the contexts" "e2e-alt  *unix://" 5
e2e_check "and the default one, marked current" "\* default" 2
e2e_send j
e2e_send Enter
e2e_check "Enter switches: the status bar names the context" "^ e2e-alt $DOCKER_HOST" 5
e2e_check "the panes reload on it" "$name.*running" 10
e2e_type ":ctx e2e-nowhere"
e2e_send Enter
e2e_check "a context that leads nowhere is said in words" "cannot connect to tcp://127.0.0.1:1" 10
e2e_type ":ctx e2e-alt"
e2e_send Enter
e2e_check ":ctx NAME switches back" "$name.*running" 10
e2e_type ":ctx e2e-tls"
e2e_send Enter
e2e_check "a TLS context: the status bar names it" "^ e2e-tls tcp://127.0.0.1:$tls_port" 10
e2e_check "the panes reload over TLS" "$name.*running" 10
e2e_type ":ctx"
e2e_send Enter
e2e_check ":ctx lists the ssh context" "e2e-ssh  *ssh://" 5
e2e_send Escape
e2e_type ":ctx e2e-ssh"
e2e_send Enter
e2e_check "an ssh context: the status bar names it" "^ e2e-ssh ssh://" 15
e2e_check "the panes reload over ssh" "$name.*running" 15
e2e_type ":ctx no-such-context"
e2e_send Enter
e2e_check "an unknown context is named" "context \"no-such-context\" not found" 5
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

e2e_finish
