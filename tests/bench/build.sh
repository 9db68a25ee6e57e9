#!/bin/sh
# Benchmark of a build's context (make bench runs it): a folder of
# BENCH_CONTEXT_MB (default 300) MB streamed to the engine by berth's
# client, its peak memory against the size, and `docker build` of the
# same folder measured in the same run. Called by tests/bench/run with
# DOCKER_HOST and BUILD set.
set -u
: "${BUILD:=build/default}"
MB=${BENCH_CONTEXT_MB:-300}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

echo "== build context: $MB MB, streamed (no temporary file)"
mkdir -p "$dir/data"
i=0
while [ "$i" -lt "$MB" ]; do
	head -c 1048576 /dev/urandom >"$dir/data/f$i.bin"
	i=$((i + 1))
done
printf 'FROM berth-test/base\n' >"$dir/Dockerfile"
for small in 1 "$MB"; do
	if [ "$small" = 1 ]; then
		# The same client with a 1 MB context: the baseline memory.
		mkdir -p "$dir/one"
		cp "$dir/data/f0.bin" "$dir/one/"
		cp "$dir/Dockerfile" "$dir/one/"
		"$BUILD/tests/bench/bench_build" "$dir/one" Dockerfile || exit 1
	else
		"$BUILD/tests/bench/bench_build" "$dir" Dockerfile || exit 1
	fi
done
t0=$(date +%s%N)
DOCKER_BUILDKIT=0 docker build -q -f "$dir/Dockerfile" "$dir" >/dev/null 2>&1 ||
	echo "docker build failed"
t1=$(date +%s%N)
echo "docker build (CLI, same folder): $(((t1 - t0) / 1000000)) ms"
