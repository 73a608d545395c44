#!/usr/bin/env bash
# `make bench-serve`: `tusk serve` under wrk, then bench/serve_reference.py under the same load.
#
#   bench/serve.sh TUSK SECONDS CONNECTIONS THREADS
#
# A fresh store gets the census model live and the vendor model as a shadow (one-shot tusk
# commands, as a person would type them); wrk posts one Seldon payload per request on loopback
# for SECONDS; the server is then stopped with SIGTERM, and the requests it logged are counted
# against the ones wrk saw answered. wrk, the server and its log share this machine's cores.
set -euo pipefail
tusk=$1 seconds=${2:-10} connections=${3:-32} threads=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
store=$work/store

t() { "$tusk" "$@" --store "$store" > /dev/null; }
t create repo data
t put file data@master:/census.csv -f "$root/datasets/census.csv"
t put file data@master:/vendor.csv -f "$root/datasets/vendor.csv"
t create repo models
t train logistic on data@master:/census.csv --target income -o models@master:/census.json
t train logistic on data@master:/vendor.csv --target income -o models@master:/vendor.json
t create deployment production
t release production models@master:/census.json
t shadow production models@master:/vendor.json

# Starts a server whose first line of output says where it listens; waits for that line.
start() {
    "$@" > "$work/server.out" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
        url=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/server.out" | head -1 || true)
        [ -n "$url" ] && return 0
        kill -0 "$server" 2>/dev/null || { cat "$work/server.out" >&2; return 1; }
        sleep 0.1
    done
    echo "error: the server did not start" >&2
    return 1
}

stop() {
    kill -TERM "$server"
    wait "$server" || true
    server=""
}

# wrk's summary: requests/s, p50, p99, and how many requests were answered (not non-2xx).
load() {
    wrk --latency -t"$threads" -c"$connections" -d"${seconds}s" -s "$here/serve_load.lua" "$url" > "$work/wrk.out"
    local rps p50 p99 total bad
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    total=$(awk '/requests in/ {print $1}' "$work/wrk.out")
    bad=$(awk '/Non-2xx/ {print $5}' "$work/wrk.out")
    answered=$((total - ${bad:-0}))
    printf '%-24s %10s req/s   p50 %8s   p99 %8s   %d answered, %s non-2xx\n' \
        "$1" "$rps" "$p50" "$p99" "$answered" "${bad:-0}"
    grep -i "socket errors" "$work/wrk.out" || true
}

echo "bench-serve: $threads wrk threads, $connections connections, ${seconds} s, one Seldon row per request;"
echo "census model live, vendor model shadow, every request logged; wrk and the server share $(nproc) cores"
port=$((20000 + RANDOM % 20000))
start "$tusk" serve production --store "$store" --port "$port"
"$tusk" predict production '{"age": 26, "workclass": "Private", "fnlwgt": 166905, "education": "HS-grad",
    "education-num": 9, "marital-status": "Married-spouse-absent", "occupation": "Other-service",
    "relationship": "Not-in-family", "race": "White", "sex": "Male", "capital-gain": 0, "capital-loss": 0,
    "hours-per-week": 40, "native-country": "Germany"}' --store "$store" > /dev/null
# The deployment's log: its table (requestLogDeployment names it), its requests and its rows.
logged() {
    python3 - "$store/store.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
number = db.execute("SELECT number FROM requestLogDeployment WHERE name = 'production'").fetchone()[0]
print(*db.execute(f"SELECT COALESCE(SUM(count), 0), COUNT(*) FROM requestLog{number}").fetchone())
PY
}
count() { logged | cut -d' ' -f1; }
before=$(count)
load "tusk serve"
stop
logged=$(($(count) - before))
tail -1 "$work/server.out"
if [ "$logged" -lt "$answered" ]; then
    echo "error: wrk saw $answered answers but the log holds $logged requests" >&2
    exit 1
fi
echo "log: $logged requests logged for $answered answered (wrk does not count the ones cut off at the end)"
# What the log costs once the server stopped (its small chunks merged as it ran), and monitor on it.
read -r requests rows < <(logged)
bytes=$(stat -c %s "$store/store.sqlite")
start_ns=$(date +%s%N)
"$tusk" monitor production --store "$store" > /dev/null
monitor_ms=$((($(date +%s%N) - start_ns) / 1000000))
echo "store: $((bytes / requests)) bytes per logged request ($bytes bytes of store.sqlite, models included," \
    "for $requests requests in $rows rows); monitor on it: $monitor_ms ms"

if python3 -c "import sklearn, pandas" 2>/dev/null; then
    start python3 "$here/serve_reference.py" "$root/datasets" "$port" "$work/reference.sqlite"
    load "python reference"
    stop
    tail -1 "$work/server.out"
else
    echo "reference skipped: python3 with scikit-learn and pandas is missing (pip install scikit-learn pandas)"
fi
