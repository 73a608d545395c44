#!/usr/bin/env bash
# The first minutes of a new user, timed from `git clone`: a fresh clone of this repository (beside
# it, so ../shared is the same), `make demo` until the story's first line and until its end, then
# `make test`. With SERVER=1, then `make serve` and `make test-serve` (what `make check` adds).
# Run it on a quiet machine: every figure is wall-clock time. The clone is removed afterwards.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
clone=$(mktemp -d "$(dirname "$repo")/tusk-first-minutes.XXXXXX")
trap 'rm -rf "$clone"' EXIT
start=$(date +%s.%N)
since() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.0f}')" "$(date +%s.%N)" "$start"; }

git clone -q "$repo" "$clone/tusk"
cd "$clone/tusk"
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
make test >"$clone/test.log" 2>&1 || { tail -40 "$clone/test.log"; echo "make test failed" >&2; exit 1; }
echo "make test: ends at $(since) s ($(grep -o 'Test run with [0-9]* tests in [0-9]* suites passed' "$clone/test.log" | head -1))"
if [ "${SERVER:-0}" = 1 ]; then
    make serve >"$clone/serve.log" 2>&1 || { tail -40 "$clone/serve.log"; exit 1; }
    echo "make serve: ends at $(since) s"
    make test-serve >"$clone/test-serve.log" 2>&1 || { tail -40 "$clone/test-serve.log"; exit 1; }
    echo "make test-serve: ends at $(since) s"
fi
