#!/bin/sh
# Building an image from the console: B in the images pane opens the form;
# the context is sent (bytes counted) and each step shows as it runs; the
# new image is selected; a failing RUN shows its step and the engine's
# error; Esc cancels a build; read-only mode refuses it; the audit log has
# each outcome.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
ctx=$(mktemp -d)
state=$(mktemp -d)
log=$state/berth/audit.log
trap 'docker rmi -f "berth-e2e-build:$tag" "berth-e2e-build:$tag-bad" \
	"berth-e2e-build:$tag-slow" >/dev/null 2>&1; rm -rf "$ctx" "$state";
	e2e_cleanup' EXIT

printf 'FROM berth-test/base\nRUN echo building-%s\nCOPY keep.txt /keep.txt\n' \
	"$tag" >"$ctx/Dockerfile"
printf 'kept\n' >"$ctx/keep.txt"
printf 'left out\n' >"$ctx/skip.txt"
printf 'skip.txt\n' >"$ctx/.dockerignore"

# build_form TAG [DOCKERFILE]: B, the folder, the tag, ^S.
build_form() {
	e2e_send B
	e2e_check "B opens the build form ($1)" "Build an image on" 3
	e2e_send BSpace
	e2e_type "$ctx"
	e2e_send Tab
	[ -n "${2:-}" ] && e2e_type "$2"
	e2e_send Tab
	e2e_type "berth-e2e-build:$1"
	e2e_send C-s
}

e2e_shell 130 35
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --pane images"
e2e_send Enter
e2e_check "the images pane is open" "^Images" 10

build_form "$tag"
e2e_check "the context is counted" "context $ctx: [0-9]+ entries" 10
e2e_check "it is built and said" "built berth-e2e-build:$tag" 60
e2e_check "the new image is listed" "berth-e2e-build:$tag " 10
if docker run --rm "berth-e2e-build:$tag" cat /keep.txt 2>/dev/null | grep -q kept; then
	e2e_ok "the image has the copied file"
else
	e2e_fail "the image lacks /keep.txt"
fi
if grep -q "build	berth-e2e-build:$tag	ok: sha256:" "$log" 2>/dev/null; then
	e2e_ok "the audit log has the build"
else
	e2e_fail "no audit line for the build"
fi

# A failing step: its words and where.
printf 'FROM berth-test/base\nRUN sh -c "echo about-to-fail; exit 7"\n' >"$ctx/bad.Dockerfile"
build_form "$tag-bad" bad.Dockerfile
e2e_check "the failing step is named" "failed at Step 2/2" 60
e2e_check "with the engine's error" "returned a non-zero code: 7" 2
e2e_check "and the step's output" "about-to-fail" 2
e2e_send Escape
e2e_wait_gone "failed at Step" 3 || e2e_fail "the failed build view stays"
if grep -q "build	berth-e2e-build:$tag-bad	error at Step 2/2" "$log"; then
	e2e_ok "the audit log has the failure and its step"
else
	e2e_fail "no audit line for the failed build"
fi

# Esc while it runs: cancelled, no image.
printf 'FROM berth-test/base\nRUN sleep 30\n' >"$ctx/slow.Dockerfile"
build_form "$tag-slow" slow.Dockerfile
e2e_check "the slow step runs" "Step 2/2 : RUN sleep 30" 30
e2e_send Escape
e2e_check "Esc cancels the build" "build of berth-e2e-build:$tag-slow cancelled" 5
if grep -q "build	berth-e2e-build:$tag-slow	cancelled" "$log"; then
	e2e_ok "the cancel is audited"
else
	e2e_fail "no audit line for the cancel"
fi
sleep 1
if docker image inspect "berth-e2e-build:$tag-slow" >/dev/null 2>&1; then
	e2e_fail "a cancelled build left its image"
else
	e2e_ok "a cancelled build leaves no image"
fi
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact"

# Read-only: refused before any form.
e2e_type "XDG_STATE_HOME=$state $BERTH_BIN --read-only --pane images"
e2e_send Enter
e2e_check "read-only console" "^Images" 10
e2e_send B
e2e_check "read-only refuses the build" "read-only mode: build refused" 3
e2e_send q
e2e_check_prompt "q leaves the shell prompt intact again"
e2e_finish
