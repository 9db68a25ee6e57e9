#!/bin/sh
# :ctx lists the docker CLI's contexts and switches the console to one
# without a restart; the status bar names the context; a context that
# leads nowhere is said in words and another switch recovers.
. "$(dirname "$0")/lib.sh"

cfg=$(mktemp -d /tmp/berth-e2e-ctx.XXXXXX)
name=berth-e2e-$(e2e_rand)
docker run -d --name "$name" --label org.berth.test=e2e berth-test/app >/dev/null
trap 'docker rm -f "$name" >/dev/null 2>&1; rm -rf "$cfg"; e2e_cleanup' EXIT
DOCKER_CONFIG=$cfg docker context create e2e-alt \
    --description "the test engine by name" \
    --docker "host=$DOCKER_HOST" >/dev/null
DOCKER_CONFIG=$cfg docker context create e2e-nowhere \
    --docker "host=tcp://127.0.0.1:1" >/dev/null

e2e_shell 140 35
e2e_type "DOCKER_CONFIG=$cfg $BERTH_BIN"
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
e2e_type ":ctx no-such-context"
e2e_send Enter
e2e_check "an unknown context is named" "context \"no-such-context\" not found" 5
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

e2e_finish
