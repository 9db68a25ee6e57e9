# bash completion for berth(1): flags, docker CLI contexts, panes, themes.
# Installed as share/bash-completion/completions/berth; or source it.
#
# The pane list is checked against berth's pane registry by
# tests/unit/test_docs.c.

_berth_panes="containers images layers volumes networks sessions nat host doctor events fleet projects nodes services tasks stacks secrets configs"

_berth_flags="-H --host -c --context --tls --tlsverify --tlscacert --tlscert
	--tlskey --read-only --theme --config --pane --bundle --bundle-unmasked
	-v --version -h --help"

# The docker CLI's contexts, as berth reads them: "default", then the Name of
# each $DOCKER_CONFIG/contexts/meta/*/meta.json.
_berth_contexts() {
	local dir=${DOCKER_CONFIG:-$HOME/.docker} f
	echo default
	for f in "$dir"/contexts/meta/*/meta.json; do
		[ -f "$f" ] || continue
		grep -o '"Name"[[:space:]]*:[[:space:]]*"[^"]*"' "$f" 2>/dev/null |
			head -n 1 | sed 's/.*"\([^"]*\)"$/\1/'
	done
}

# The built-in themes, then the theme files berth looks in: the user's
# and the installed ones (beside this file's share/ directory).
_berth_themes() {
	local d f here=${BASH_SOURCE[0]%/*}
	echo default light mono
	for d in "${XDG_CONFIG_HOME:-$HOME/.config}/berth/themes" \
		"${here%/bash-completion/completions}/berth/themes"; do
		for f in "$d"/*.theme; do
			[ -f "$f" ] || continue
			f=${f##*/}
			echo "${f%.theme}"
		done
	done
}

_berth() {
	local cur prev words
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --pane=NAME: bash splits at "=" when it is in COMP_WORDBREAKS.
	if [ "$cur" = "=" ]; then
		cur=
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	case $prev in
	-H | --host)
		words="unix:// tcp:// ssh://"
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return 0
		;;
	-c | --context)
		words=$(_berth_contexts)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
		;;
	--pane)
		COMPREPLY=($(compgen -W "$_berth_panes" -- "$cur"))
		return 0
		;;
	--theme)
		words=$(_berth_themes)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
		;;
	--tlscacert | --tlscert | --tlskey | --config)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	--bundle)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0
		;;
	esac
	COMPREPLY=($(compgen -W "$_berth_flags" -- "$cur"))
	return 0
}

complete -F _berth berth
