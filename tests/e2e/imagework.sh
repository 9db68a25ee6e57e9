#!/bin/sh
# Image work in the console: C commits a container (the form, ^S, the new
# image selected in the images pane); S saves it and Esc cancels with no
# file left; :search asks a small index server of the test's own (socat
# on 127.0.0.1) and Enter offers the pull; :login shows the password as
# '*' only and it reaches neither the screen nor the audit log.
. "$(dirname "$0")/lib.sh"

tag=$(e2e_rand)
name=berth-e2e-iw-$tag
repo=berth-e2e-iw-$tag/committed
dir=$(mktemp -d)
log=$dir/state/berth/audit.log
password="E2e-Pw-$tag-zz"
mkdir -p "$dir/docker"
docker run -d --name "$name" --label org.berth.test=e2e berth-test/base \
	sh -c 'head -c 120000000 /dev/urandom > /big; sleep 600' >/dev/null
socat_pid=
trap 'docker rm -f "$name" >/dev/null 2>&1;
	docker rmi -f "$repo:v1" >/dev/null 2>&1;
	[ -n "$socat_pid" ] && kill "$socat_pid" 2>/dev/null;
	rm -rf "$dir"; e2e_cleanup' EXIT

# The index server: one answer per connection; a TLS hello (the engine
# tries https first) gets nothing.
cat >"$dir/index.sh" <<'EOF'
#!/bin/sh
read -r method path rest || exit 0
[ "$method" = GET ] || exit 0
case $path in
/v1/search*) body='{"num_results":1,"query":"e2eterm","results":[{"name":"team/e2eterm-tool","description":"A tool found by the e2e test","star_count":7,"is_official":false,"is_automated":true}]}' ;;
*) body='{}' ;;
esac
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "${#body}" "$body"
EOF
chmod +x "$dir/index.sh"
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "EXEC:$dir/index.sh" &
socat_pid=$!

# The big file is written before the commit.
i=0
while [ "$(docker exec "$name" sh -c 'wc -c < /big' 2>/dev/null)" != 120000000 ] &&
	[ $i -lt 100 ]; do
	sleep 0.2
	i=$((i + 1))
done

e2e_shell 140 40
e2e_type "cd $dir && XDG_STATE_HOME=$dir/state DOCKER_CONFIG=$dir/docker $BERTH_BIN"
e2e_send Enter
e2e_check "the container is listed" "$name" 10

# Commit: select the container, C, the form, ^S.
e2e_type "/$name"
e2e_send Enter
sleep 0.3
e2e_send C
e2e_check "C opens the commit form" "Commit $name" 5
e2e_type "$repo:v1"
e2e_send Tab
e2e_type "made in tmux"
e2e_send Tab Tab Tab
e2e_type "ENV MADE_BY=e2e"
e2e_send C-s
e2e_check "the commit is reported" "committed $name as $repo:v1" 30
e2e_check "the images pane shows the new image" "$repo:v1" 10
if docker image inspect -f '{{.Config.Env}}' "$repo:v1" 2>/dev/null | grep -q MADE_BY=e2e; then
	e2e_ok "the image has the change"
else
	e2e_fail "the image has the change"
fi

# Save it, and cancel while the bytes come in.
e2e_send S
e2e_check "S opens the save prompt" "Save images" 5
e2e_send C-u
e2e_type "$dir/saved.tar"
e2e_send Enter
e2e_check "the byte counter runs" "written" 10
e2e_send Escape
e2e_check "the save is cancelled" "cancelled; no file left" 5
sleep 0.5
if [ ! -e "$dir/saved.tar" ] && [ ! -e "$dir/saved.tar.part" ]; then
	e2e_ok "no file is left after the cancel"
else
	e2e_fail "no file is left after the cancel ($(ls "$dir"))"
fi

# Search the test's index; Enter offers the pull of the chosen one.
sleep 0.5
e2e_type ":search 127.0.0.1:$port/e2eterm"
e2e_send Enter
e2e_check "the search lists the result" "e2eterm-tool .* 7 " 30
e2e_check "with its description" "A tool found by the e2e test" 2
e2e_send Enter
e2e_check "Enter opens the pull prompt for it" "image: .*e2eterm-tool" 5
e2e_send Escape
sleep 0.5

# Login: the password shows as '*' and goes nowhere else.
e2e_type ":login 127.0.0.1:1"
e2e_send Enter
e2e_check ":login opens the form" "Log in through" 5
e2e_type "someone"
e2e_send Tab
e2e_type "$password"
e2e_check "the password is shown as stars" "password +\*{${#password}} " 3
e2e_send C-s
e2e_check "the engine's answer is shown" "connection refused" 30
if e2e_screen | grep -qF "$password"; then
	e2e_fail "the password is not on screen"
else
	e2e_ok "the password is not on screen"
fi
e2e_send Escape
sleep 0.3
e2e_send q
e2e_check_prompt "the shell answers after berth exits"
if grep -q "login" "$log" && ! grep -qF "$password" "$log"; then
	e2e_ok "the login is audited without the password"
else
	e2e_fail "the login is audited without the password"
fi
if grep -q "	commit	.*	ok: sha256:" "$log" && grep -q "	save	.*	cancelled" "$log"; then
	e2e_ok "commit and the cancelled save are audited"
else
	e2e_fail "commit and the cancelled save are audited"
fi
e2e_finish
