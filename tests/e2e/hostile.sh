#!/bin/sh
# A hostile engine (tests/support/hostile.c, served by test_hostile
# --serve) puts ESC, OSC 0 (title), OSC 52 (clipboard), OSC 8, CSI, C1 and
# invalid UTF-8 into every field and header it can. Through every output
# path of berth in tmux (startup errors on stderr, --bundle's progress, the
# panes, the logs view, a failed action, b's bundle with the terminal
# handed over, a saved log) the pane's title and tmux's paste buffers
# (set-clipboard on, so an OSC 52 would make one) stay untouched, and the
# files left behind (bundles, escaped saved log, audit log) hold nothing a
# terminal acts on. At the end the shell itself writes a title and a
# clipboard: the same probes see those, so they can fail.
. "$(dirname "$0")/lib.sh"

# A tmux server of our own: set-clipboard is a server option, and the
# buffers counted must be ours only.
E2E_TMUX=berth-e2e-hostile-$$
tmux() { command tmux -L "$E2E_TMUX" "$@"; }

BUILD=${BUILD:-build/default}
case $BERTH_BIN in /*) ;; *) BERTH_BIN=$PWD/$BERTH_BIN ;; esac
HOSTILE=$PWD/$BUILD/tests/integration/test_hostile
state=$(mktemp -d /tmp/berth-e2e-hostile-XXXXXX)
work=$state/work
mkdir -p "$work" "$state/xdg"
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	e2e_cleanup
	command tmux -L "$E2E_TMUX" kill-server 2>/dev/null
	rm -rf "$state"
}
trap cleanup EXIT

if [ ! -x "$HOSTILE" ]; then
	e2e_fail "no $HOSTILE (make test-bins)"
	e2e_finish
	exit 1
fi

# serve MODE: starts a hostile engine; its address in $addr.
serve() {
	"$HOSTILE" --serve "$1" >"$state/$1.addr" &
	pids="$pids $!"
	i=0
	while [ ! -s "$state/$1.addr" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	addr=$(cat "$state/$1.addr")
}

serve ping500
a500=$addr
serve oldapi
aold=$addr
serve console
aeng=$addr

e2e_shell 150 42
tmux set -s set-clipboard on
title0=$(tmux display -p -t "$E2E_SESSION" '#{pane_title}')
bufs0=$(tmux list-buffers | wc -l)
e2e_type "cd '$work'"
e2e_send Enter

# Startup errors, straight on the terminal.
e2e_type "$BERTH_BIN -H $a500"
e2e_send Enter
e2e_check "an engine's error body on stderr, escaped" \
	'engine on fire \^\[\]0;PWNED-TITLE\^G' 10
e2e_type "$BERTH_BIN -H $aold"
e2e_send Enter
e2e_check "an engine's API version header on stderr, quoted" \
	'1\.2.*PWNED-TITLE' 10

# --bundle's progress lines on the terminal.
e2e_type "$BERTH_BIN -H $aeng --bundle cli-bundle"
e2e_send Enter
e2e_check "--bundle prints the engine's error escaped" \
	'df\.json: disk usage failed: \^\[\]0;PWNED-TITLE' 20
e2e_wait_for '^ +summary\.txt' 20
# A clean screen, so that what b prints later is not matched here.
e2e_type "printf '\\033[H\\033[2J'; tmux clear-history 2>/dev/null"
e2e_send Enter
e2e_wait_gone 'disk usage failed' 5
tmux clear-history -t "$E2E_SESSION"

# The console.
e2e_type "XDG_STATE_HOME=$state/xdg $BERTH_BIN -H $aeng"
e2e_send Enter
e2e_check "containers pane shows the hostile name escaped" \
	'evil\^\[\]0;PWNED-TITLE' 10
e2e_send 2
e2e_check "images pane" 'evil/img\^\[\]0;PWNED' 5
e2e_send 4
e2e_check "volumes pane" 'vol\^\[\]0;PWNED' 5
e2e_send 5
e2e_check "networks pane" 'net\^\[\]0;PWNED' 5
e2e_send 8
e2e_check "host pane" 'PWNED-TITLE' 5
e2e_send 9
e2e_check "doctor pane" 'evil\^\[\]0;PWNED' 10
e2e_send :
e2e_type "events"
e2e_send Enter
e2e_check "events pane" 'sick\^\[\]0;PWNED' 5

# Logs: shown escaped, saved escaped, then raw on request.
e2e_send 1
e2e_check "back on containers" '^Containers ' 5
e2e_send g
e2e_send l
e2e_check "the logs view shows the lines escaped" \
	'line one \^\[\]0;PWNED-TITLE' 10
e2e_send C-s
e2e_check "C-s asks how to save" 'Save the log' 5
e2e_send Enter
e2e_check "saved escaped" 'saved 2 lines to berth-' 5
e2e_send C-s
e2e_check "C-s asks again" 'Save the log' 5
e2e_send Down
e2e_send Enter
e2e_check "saved raw on request" 'saved 2 lines \(raw\) to berth-' 5
e2e_send Escape
e2e_check "back on containers" '^Containers ' 5

# A change the engine refuses with a hostile error: status bar and audit.
e2e_send g
e2e_send s
e2e_check "stop asks first" 'Stop' 5
e2e_send y
# The status bar names the container (escaped) before the error, which
# the width cuts: the audit log below has the whole of it.
e2e_check "the engine's refusal is shown escaped" \
	'stop evil\^\[\]0;PWNED-TITLE' 10

# b: the bundle with the terminal handed over, progress printed on it.
e2e_send 8
e2e_send b
e2e_check "b prints the engine's error escaped" \
	'df\.json: disk usage failed: \^\[\]0;PWNED-TITLE' 20
e2e_check "b waits for Enter" 'press Enter to return to berth' 20
e2e_send Enter
e2e_check "the console comes back" '1 containers +2 images' 10

e2e_send q
e2e_check_prompt "the shell answers after berth exits"

title1=$(tmux display -p -t "$E2E_SESSION" '#{pane_title}')
if [ "$title1" = "$title0" ]; then
	e2e_ok "the pane title is untouched ($title1)"
else
	e2e_fail "the pane title is untouched (now: $title1)"
fi
if [ "$(tmux list-buffers | wc -l)" -eq "$bufs0" ]; then
	e2e_ok "no tmux buffer was made (no OSC 52 got through)"
else
	e2e_fail "no tmux buffer was made: $(tmux list-buffers)"
fi

# The files: every one safe, and the hostile text is in them, escaped.
audit=$state/xdg/berth/audit.log
if [ -f "$audit" ] && grep -q 'cannot stop: \\x1b\]0;PWNED-TITLE' "$audit"; then
	e2e_ok "the audit log names the failed stop, escaped"
else
	e2e_fail "the audit log names the failed stop, escaped"
fi
n_logs=$(ls "$work"/berth-*.log 2>/dev/null | wc -l)
if [ "$n_logs" -eq 2 ]; then
	e2e_ok "two saved logs"
else
	e2e_fail "two saved logs (found $n_logs)"
fi
# Which is which: the raw one holds ESC bytes as the container wrote them.
esc=$(printf '\033')
safe_log= raw_log=
for f in "$work"/berth-*.log; do
	if grep -q "$esc" "$f"; then raw_log=$f; else safe_log=$f; fi
done
if [ -n "$raw_log" ] && [ -n "$safe_log" ] &&
	grep -q 'line one \^\[\]0;PWNED-TITLE' "$safe_log"; then
	e2e_ok "the saved log is escaped, the raw one raw"
else
	e2e_fail "the saved log is escaped, the raw one raw"
fi
files=$(find "$work/cli-bundle" "$work"/berth-bundle-* -type f 2>/dev/null)
n_files=$(echo "$files" | grep -c .)
if [ "$n_files" -ge 20 ] &&
	out=$("$HOSTILE" --check $files "$audit" $safe_log); then
	e2e_ok "$n_files bundle files, the audit log and the saved log are safe"
else
	e2e_fail "bundle files ($n_files), audit and saved log are safe: $out"
fi

# The probes can fail: the shell writes a title and a clipboard itself.
e2e_type "printf '\\033]0;CONTROL-TITLE\\007\\033]52;c;Q09OVFJPTA==\\007'"
e2e_send Enter
sleep 0.5
if [ "$(tmux display -p -t "$E2E_SESSION" '#{pane_title}')" = CONTROL-TITLE ] &&
	[ "$(tmux list-buffers | wc -l)" -gt "$bufs0" ]; then
	e2e_ok "control: a real OSC 0 and OSC 52 are seen by the probes"
else
	e2e_fail "control: a real OSC 0 and OSC 52 are seen by the probes"
fi

e2e_finish
