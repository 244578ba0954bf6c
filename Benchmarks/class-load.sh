#!/usr/bin/env bash
# A class writing at once, on each backend: LEARNERS `store-stress progress` processes (the
# store's load-test child, release build) each record EVENTS progress steps and EVENTS
# exercise attempts, one transaction each, into one new store. Prints the median wall time
# of REPEATS runs on SQLite and, when a PostgreSQL URL is given (or $LESSONS_TEST_POSTGRES_URL
# is set), on PostgreSQL, with the PostgreSQL/SQLite ratio of medians from the same run.
#
#   Benchmarks/class-load.sh [REPEATS] [LEARNERS] [EVENTS] [POSTGRES_URL]   (defaults: 5 30 200)
#
# Needs the release store-stress with the Postgres trait for the PostgreSQL half:
#   swift build -c release --product store-stress --traits Postgres --scratch-path .build-postgres-release
# ($STORE_STRESS names another binary). `bash .ci/postgres.sh start` prints a server's URL.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}" learners="${2:-30}" events="${3:-200}" url="${4:-${LESSONS_TEST_POSTGRES_URL:-}}"
stress="${STORE_STRESS:-.build-postgres-release/release/store-stress}"
[ -x "$stress" ] || { echo "no release store-stress at $stress: build it as the header says" >&2; exit 2; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM HUP

# One run: every learner's process at once; prints the wall time in seconds. A failed
# process fails the benchmark (set -e through wait).
one_run() {
    local address="$1" start pids=()
    start=$(date +%s.%N)
    for n in $(seq 1 "$learners"); do
        "$stress" progress "$address" "learner-$n" "$events" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    echo "$(date +%s.%N) - $start" | bc -l
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

sqlite=() postgres=()
for r in $(seq 1 "$repeats"); do
    # Interleaved, so both backends see the same load on the machine.
    sqlite+=("$(one_run "$scratch/class-$r.sqlite")")
    if [ -n "$url" ]; then postgres+=("$(one_run "$url?schema=bench_$$_$r")"); fi
done
rows=$((learners * events))
s=$(printf '%s\n' "${sqlite[@]}" | median)
printf 'SQLite      %d learners x %d events (%d steps + %d attempts): median %.2f s of %d runs (%s)\n' \
    "$learners" "$events" "$rows" "$rows" "$s" "$repeats" "${sqlite[*]}"
if [ -n "$url" ]; then
    p=$(printf '%s\n' "${postgres[@]}" | median)
    printf 'PostgreSQL  same: median %.2f s of %d runs (%s); PostgreSQL/SQLite %.2f\n' \
        "$p" "$repeats" "${postgres[*]}" "$(echo "$p / $s" | bc -l)"
    if command -v psql >/dev/null; then
        for r in $(seq 1 "$repeats"); do psql -q "$url" -c "SET client_min_messages = warning; DROP SCHEMA bench_$$_$r CASCADE"; done
    else
        echo "(drop the schemas bench_$$_1..$repeats on the server, or the throwaway server)"
    fi
fi
