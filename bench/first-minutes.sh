#!/usr/bin/env bash
# The first minutes of a new user, timed from `git clone`: a fresh clone of this repository (beside
# it, so ../shared is the same), `make demo` until the story's first line and until its end, then
# `make test`. With SERVER=1, then `make serve` and `make test-serve` (what `make check` adds).
# Run it on a quiet machine: every figure is wall-clock time. The clone and the logs are removed
# when everything passed, and kept to look at when something failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
clone=$(mktemp -d "$(dirname "$repo")/tusk-first-minutes.XXXXXX")
logs=$(mktemp -d /tmp/tusk-first-minutes-logs.XXXXXX)
start=$(date +%s.%N)
since() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.0f}')" "$(date +%s.%N)" "$start"; }

rmdir "$clone"
git clone -q "$repo" "$clone"
cd "$clone"
echo "clone: $(since) s"
# The story starts at the first line after make echoes the `tusk run` it plays.
make demo 2>&1 | python3 -c '
import sys, time
start = float(sys.argv[1])
story = None
for line in sys.stdin:
    if story is None and line.lstrip().startswith(".build/release/tusk run"):
        story = False
    elif story is False:
        story = True
        print(f"make demo: the story starts at {time.time() - start:.0f} s", flush=True)
if story is not True:
    sys.exit("make demo did not play the story")
' "$start"
echo "make demo: the story ends at $(since) s"
make test >"$logs/test.log" 2>&1 || { tail -40 "$logs/test.log"; echo "make test failed: $logs/test.log, $clone" >&2; exit 1; }
echo "make test: ends at $(since) s ($(grep -o 'Test run with [0-9]* tests in [0-9]* suites passed' "$logs/test.log" | head -1))"
if [ "${SERVER:-0}" = 1 ]; then
    make serve >"$logs/serve.log" 2>&1 || { tail -40 "$logs/serve.log"; exit 1; }
    echo "make serve: ends at $(since) s"
    make test-serve >"$logs/test-serve.log" 2>&1 || { tail -40 "$logs/test-serve.log"; exit 1; }
    echo "make test-serve: ends at $(since) s"
fi
# Kept on failure (the logs in $logs too), removed when everything passed.
rm -rf "$clone" "$logs"
