#!/usr/bin/env bash
# Times `lessons build --no-cache` of the whole book with --jobs 1 and --jobs 2, interleaved
# (1, 2, 1, 2, …) so that a neighbour's load or a warm disk cache falls on both alike, and
# prints each time, the medians and their ratio (serial / parallel: above 1 is a speed-up).
# Each round also checks that the pages of chapters that do not time code agree, run times
# blanked, and shows any difference (exit status 1).
#
#   Benchmarks/parallel-build.sh [REPEATS] [BOOK]     (default: 3 Lessons)
#
# Uses the release `lessons` (built if missing), or the binary named by $LESSONS.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-3}"
book="${2:-Lessons}"
source Benchmarks/release-lessons.sh
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM HUP
blank_times() {
    # The only differences between two runs, serial or not: when chapters ran and how long they took.
    sed -E -e 's#ran <time datetime="[^"]*">[^<]*</time> in [^<"]*#ran …#g' \
           -e 's#<span class="time">[^<]*</span>#<span class="time"></span>#g' "$1"
}
differ=0
for round in $(seq 1 "$repeats"); do
    for jobs in 1 2; do
        start=$(date +%s.%N)
        "$LESSONS" build --book "$book" --no-cache --jobs "$jobs" --db "$scratch/j$jobs.sqlite" \
            --out "$scratch/site-$jobs" >/dev/null 2>"$scratch/err-$jobs" || true
        end=$(date +%s.%N)
        echo "$jobs $(echo "$end - $start" | bc)" >>"$scratch/times"
        printf 'round %d  --jobs %d  %6.1f s\n' "$round" "$jobs" "$(echo "$end - $start" | bc)"
    done
    # Chapters that time code measure afresh on every run, serial or not, and print.html and
    # search-index.js hold them too: only the other chapters' pages can be compared.
    for chapter in $(grep -LE 'compareTimes|cpuMilliseconds|measureThroughput|Roofline\.measure|measurePeakGFLOPs' "$book"/[0-9]*.md); do
        name="$(basename "$chapter" .md | sed -E 's/^[0-9]+-//').html"
        page="$scratch/site-1/$name"
        if ! cmp -s <(blank_times "$page") <(blank_times "$scratch/site-2/$name"); then
            echo "✗ round $round: $name differs between --jobs 1 and --jobs 2:" >&2
            diff <(blank_times "$page") <(blank_times "$scratch/site-2/$name") | head -20 >&2 || true
            differ=1
        fi
    done
done
python3 - "$scratch/times" <<'PY'
import statistics, sys
times = {"1": [], "2": []}
for line in open(sys.argv[1]):
    jobs, seconds = line.split()
    times[jobs].append(float(seconds))
one, two = statistics.median(times["1"]), statistics.median(times["2"])
print(f"median --jobs 1: {one:.1f} s   median --jobs 2: {two:.1f} s   ratio (1/2): {one / two:.2f}")
PY
exit "$differ"
