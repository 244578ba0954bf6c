#!/usr/bin/env bash
# What ConvLab's API reference costs `lessons build`: the same build of a book (runs from
# the store, so only rendering is timed) with the kept symbol graph (the usual case), with
# the graph extracted afresh (the first build after ConvLab changed), and without the
# reference (a `swiftc` whose folder has no swift-symbolgraph-extract). Interleaved rounds;
# prints the median wall seconds of each and their ratios to the build without it.
# Usage: bash Benchmarks/api-reference.sh [BOOK] [ROUNDS]   (default: Lessons, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
book="${1:-Lessons}"
rounds="${2:-5}"
source Benchmarks/release-lessons.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec %q "$@"\n' "$(command -v swiftc)" > "$work/bin/swiftc"
chmod +x "$work/bin/swiftc"
kept="$(dirname "$LESSONS")/lessons-api"
# Fill the store once, so every timed build renders stored runs.
"$LESSONS" build --book "$book" --db "$work/db.sqlite" --out "$work/site" >/dev/null
timed() {
    python3 -c 'import subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(time.monotonic() - start)' "$@"
}
: > "$work/kept"; : > "$work/fresh"; : > "$work/none"
for _ in $(seq "$rounds"); do
    timed "$LESSONS" build --book "$book" --db "$work/db.sqlite" --out "$work/site" >> "$work/kept"
    rm -rf "$kept"
    timed "$LESSONS" build --book "$book" --db "$work/db.sqlite" --out "$work/site" >> "$work/fresh"
    PATH="$work/bin:$PATH" timed "$LESSONS" build --book "$book" --db "$work/db.sqlite" --out "$work/site-none" >> "$work/none"
done
python3 - "$work" <<'PY'
import statistics, sys
folder = sys.argv[1]
med = {k: statistics.median(float(x) for x in open(f"{folder}/{k}")) for k in ("kept", "fresh", "none")}
print(f"lessons build, median of the rounds (s): without the reference {med['none']:.2f}, "
      f"kept graph {med['kept']:.2f} ({med['kept'] / med['none']:.2f}×), "
      f"extracted afresh {med['fresh']:.2f} ({med['fresh'] / med['none']:.2f}×)")
PY
