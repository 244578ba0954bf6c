#!/usr/bin/env bash
# Hostile chapters through the release `lessons` (issue 13): 4 MB (the chapter size limit)
# of deeply nested block quotes, of `a*` emphasis delimiters and of `a[` brackets, each read
# by `lessons list` (parse) and shown by `lessons step` (parse + terminal prose), REPEATS
# times interleaved. Prints the median seconds and seconds per MB of each; the goal is
# under 1 s per MB. Usage: Benchmarks/hostile-chapters.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/release-lessons.sh
repeats="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
size = 4 * 1024 * 1024 - 4096
bodies = {
    "quotes": ("> " * 120 + "x\n"),
    "emphasis": "a*",
    "brackets": "a[",
}
for name, unit in bodies.items():
    os.makedirs(f"{work}/{name}", exist_ok=True)
    # A cell at the end: `step` steps through cells and shows the prose before each.
    text = "# " + name + "\n\n" + unit * (size // len(unit)) + "\n\n```swift norun\nprint(1)\n```\n"
    with open(f"{work}/{name}/01-{name}.md", "w") as f:
        f.write(text)
PY
declare -A times
for round in $(seq "$repeats"); do
    for name in quotes emphasis brackets; do
        for command in list step; do
            start=$(date +%s.%N)
            if [ "$command" = list ]; then
                "$LESSONS" list --book "$work/$name" >/dev/null
            else
                printf 'q\n' | "$LESSONS" step 1 --book "$work/$name" --db "$work/db.sqlite" --learner bench >/dev/null 2>&1 || true
            fi
            end=$(date +%s.%N)
            times["$name $command"]+="$(echo "$end - $start" | bc) "
        done
    done
done
for key in "quotes list" "quotes step" "emphasis list" "emphasis step" "brackets list" "brackets step"; do
    median=$(echo ${times[$key]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-15s median %6.2f s  %5.2f s/MB  (%s)\n' "$key" "$median" "$(echo "$median / 4" | bc -l)" "${times[$key]}"
done
