#!/bin/sh
# Packaging, in a copy of the tree (so that ./berth and build/ of the tree
# under test are left alone): `make SAN=1` does not replace ./berth, and
# `make install DESTDIR=...` puts the binary (never the sanitizer build),
# the themes, the man page and the completions where they belong; the man
# page renders without warnings and documents every flag; the bash
# completion completes flags, panes, themes and contexts; the zsh one
# parses; `make uninstall` takes it all away again. Needs no engine.
set -u
# Run by `make SAN=1 test`, the makes here must not inherit SAN=1 (or any
# other variable of the make that runs the tests): they are a user's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SAN BUILD

PASS=0
FAIL=0
ok() {
	PASS=$((PASS + 1))
	echo "ok: $1"
}
fail() {
	FAIL=$((FAIL + 1))
	echo "FAIL: $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/  | /'
}
check() { # check WHAT COMMAND...
	what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SRC=$TMP/src
DEST=$TMP/dest
mkdir -p "$SRC" "$DEST"
tar -cf - --exclude=./build --exclude=./berth --exclude=./.git . |
	tar -xf - -C "$SRC"

# make TARGET...: in the copy, quietly; the log is shown on failure.
mk() {
	if make -C "$SRC" --no-print-directory -j2 "$@" >"$TMP/make.log" 2>&1; then
		return 0
	fi
	fail "make $*" "$(tail -n 30 "$TMP/make.log")"
	return 1
}

# The flags berth --help names: -H, --host, ...
flags_of_help() {
	"$P/bin/berth" --help |
		grep -oE -- '(^| )-[A-Za-z],|--[a-z][a-z-]*' | tr -d ' ,' | sort -u
}
asan() { nm "$1" 2>/dev/null | grep -q __asan; }
sum() { cksum <"$1"; }

# 1. ./berth is the default build, and stays so after make SAN=1.
if mk; then
	check "make builds ./berth without the sanitizers" \
		sh -c "[ -x '$SRC/berth' ] && ! nm '$SRC/berth' | grep -q __asan"
	before=$(sum "$SRC/berth")
	if mk SAN=1; then
		check "make SAN=1 builds build/san/berth with the sanitizers" \
			asan "$SRC/build/san/berth"
		check "make SAN=1 leaves ./berth alone" \
			[ "$(sum "$SRC/berth")" = "$before" ]
		if asan "$SRC/berth"; then
			fail "./berth is not the sanitizer binary after make SAN=1"
		else
			ok "./berth is not the sanitizer binary after make SAN=1"
		fi
	fi
fi

# 2. make install DESTDIR=... after make SAN=1 (the old trap).
P=$DEST/usr/local
if ! mk SAN=1 install DESTDIR="$DEST"; then
	echo "$PASS passed, $FAIL failed"
	exit 1
else
	check "berth lands in bin/" [ -x "$P/bin/berth" ]
	if asan "$P/bin/berth"; then
		fail "the installed berth is the sanitizer build"
	else
		ok "the installed berth is not the sanitizer build"
	fi
	check "the installed berth runs" \
		sh -c "'$P/bin/berth' --version | grep -q '^berth [0-9]'"
	for t in default light mono; do
		check "theme $t lands in share/berth/themes/" \
			[ -f "$P/share/berth/themes/$t.theme" ]
	done
	check "the man page lands in share/man/man1/" \
		[ -f "$P/share/man/man1/berth.1" ]
	check "the bash completion lands in share/bash-completion/completions/" \
		[ -f "$P/share/bash-completion/completions/berth" ]
	check "the zsh completion lands in share/zsh/site-functions/" \
		[ -f "$P/share/zsh/site-functions/_berth" ]
fi

# 3. The man page renders without a warning and names every flag.
MAN=$P/share/man/man1/berth.1
if command -v man >/dev/null 2>&1 && [ -f "$MAN" ]; then
	warn=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
	if [ -z "$warn" ]; then
		ok "man -l renders the page without warnings"
	else
		fail "man -l renders the page without warnings" "$warn"
	fi
	MANWIDTH=80 man -l "$MAN" 2>/dev/null >"$TMP/man.txt"
	missing=
	for f in $(flags_of_help); do
		grep -q -- "$f\\b" "$TMP/man.txt" || missing="$missing $f"
	done
	check "the man page names every flag of --help${missing:+ (missing:$missing)}" \
		[ -z "$missing" ]
	for s in NAME SYNOPSIS OPTIONS PANES KEYS "CONFIG FILE" ENVIRONMENT \
		FILES "EXIT STATUS"; do
		check "the man page has a $s section" grep -q "^$s" "$TMP/man.txt"
	done
else
	fail "man is missing (scripts/deps test installs man-db)"
fi

# 4. The bash completion: flags, panes, themes, contexts.
BC=$P/share/bash-completion/completions/berth
# complete WORD...: the completions of the last word, one a line.
complete_words() {
	DOCKER_CONFIG=$TMP/docker HOME=$TMP/home bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_berth; printf "%s\n" "${COMPREPLY[@]}"' sh "$BC" berth "$@"
}
has() { # has WORD COMPLETIONS...
	w=$1
	shift
	complete_words "$@" | grep -qx -- "$w"
}
if command -v bash >/dev/null 2>&1 && [ -f "$BC" ]; then
	mkdir -p "$TMP/docker/contexts/meta/0123abcd" "$TMP/home"
	printf '{"Name":"build-host","Metadata":{"Description":"x"},"Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2375","SkipTLSVerify":false}}}\n' \
		>"$TMP/docker/contexts/meta/0123abcd/meta.json"
	check "bash completes --pa to --pane" has --pane --pa
	check "bash completes --read to --read-only" has --read-only --read
	complete_words '' >"$TMP/flags"
	missing=
	for f in $(flags_of_help); do
		grep -qx -- "$f" "$TMP/flags" || missing="$missing $f"
	done
	check "bash completes every flag of --help${missing:+ (missing:$missing)}" \
		[ -z "$missing" ]
	check "bash completes a pane name after --pane" has containers --pane con
	check "bash completes a pane name after --pane=" has fleet --pane = f
	if complete_words --pane '' | grep -q -- '^-'; then
		fail "bash offers only panes after --pane"
	else
		ok "bash offers only panes after --pane"
	fi
	check "bash completes a theme after --theme" has mono --theme m
	check "bash completes a context from DOCKER_CONFIG after -c" \
		has build-host -c bu
	check "bash offers the default context" has default --context ''
else
	fail "bash or the installed bash completion is missing"
fi

# 5. The zsh completion parses.
if command -v zsh >/dev/null 2>&1; then
	if out=$(zsh -n "$P/share/zsh/site-functions/_berth" 2>&1); then
		ok "zsh -n parses the zsh completion"
	else
		fail "zsh -n parses the zsh completion" "$out"
	fi
else
	fail "zsh is missing (scripts/deps test installs it)"
fi

# 6. make uninstall takes everything away.
if mk uninstall DESTDIR="$DEST"; then
	left=$(find "$DEST" -type f)
	if [ -z "$left" ]; then
		ok "make uninstall removes every file it installed"
	else
		fail "make uninstall removes every file it installed" "$left"
	fi
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
