#!/usr/bin/env bash
# The notebook loop of issue #17, measured: medians of REPEATS runs of
#   cold      one chapter of 10 trivial cells, --no-cache
#   edited    the same chapter after editing one cell (the cache misses)
#   cached    the unchanged book (every chapter from the store)
#   cells=N   one chapter of N trivial cells, --no-cache, for N = 10, 50, 200
#   ch1 cold  the real chapter 1 of Lessons/ (copied into a book of its own), --no-cache
#   ch1 edit  the same chapter after editing its first cell's text (the cache misses)
#   ch1 exer. then its exercise edited in place: only the exercise's program runs (ProgramCache)
#   book=K    a book of K chapters of 10 trivial cells, all cold (--no-cache, default --jobs),
#             for K = 1, 2, 4, 8: how a book's time grows with its chapters
# each with the `lessons run --timings` breakdown (medians per stage) and the wall time of
# the whole command (process start and book loading included), so the dominant stage shows.
# The chapters are generated into a temporary book, never the real one.
#
#   Benchmarks/notebook-loop.sh [REPEATS]     (default: 5)
#   KEEP_RUNS=runs.jsonl Benchmarks/notebook-loop.sh 3    (also keeps every run's numbers)
#
# Uses the release `lessons` (built if missing), or the binary named by $LESSONS.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}"
source Benchmarks/release-lessons.sh
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM HUP
book="$scratch/book"
mkdir -p "$book"

# A chapter of N trivial cells: each adds to a shared total, so they share state like a notebook.
chapter() {  # chapter FILE N [EDIT]
    {
        echo "# $2 trivial cells"
        for i in $(seq 1 "$2"); do
            printf '\n```swift\n'
            if [ "$i" -eq 1 ]; then echo "var total = ${3:-0}"; else echo "total += $i"; fi
            printf '```\n'
        done
        printf '\n```swift\nprint(total)\n```\n'
    } >"$1"
}
chapter "$book/01-cells-10.md" 10
chapter "$book/02-cells-50.md" 50
chapter "$book/03-cells-200.md" 200
chapter10="$book/01-cells-10.md"
# The real chapter 1, in a book of its own so that the rows above keep their meaning.
realbook="$scratch/real"
mkdir -p "$realbook"
real="$(ls Lessons/01-*.md | head -n 1)"
cp "$real" "$realbook/01-real.md"
# Books of K ten-cell chapters.
for k in 1 2 4 8; do
    mkdir -p "$scratch/book-$k"
    for i in $(seq 1 "$k"); do chapter "$scratch/book-$k/$(printf '%02d' "$i")-cells.md" 10 "$i"; done
done

# run LABEL ARGS…: one timed `lessons run --timings --json` of $BOOK (default: the trivial
# book), its breakdown appended to $scratch/runs. Exit status 1 (a failing claim: the real
# chapter's timing claims may fail on a busy machine) still counts; 2 and crashes do not.
run() {
    local label="$1"; shift
    local start end status=0
    start=$(date +%s.%N)
    "$LESSONS" run --book "${BOOK:-$book}" --db "$scratch/lessons.sqlite" --timings --json "$@" >"$scratch/out.json" 2>"$scratch/err" \
        || status=$?
    [ "$status" -le 1 ] || { echo "✗ $label: lessons run failed ($status)" >&2; cat "$scratch/err" >&2; exit 1; }
    end=$(date +%s.%N)
    python3 - "$label" "$(echo "$end - $start" | bc)" "$scratch/out.json" >>"$scratch/runs" <<'PY'
import json, sys
label, wall, path = sys.argv[1], float(sys.argv[2]) * 1000, sys.argv[3]
doc = json.load(open(path))
runs = doc.get("chapters", [doc])
stages = ["lookupMs", "generateMs", "compileMs", "runMs", "readMs", "storeMs", "totalMs"]
sums = {s: sum(r["timings"][s] for r in runs) for s in stages}
cached = all(r["timings"]["cached"] for r in runs)
print(json.dumps({"label": label, "wallMs": wall, "cached": cached, **sums}))
PY
}

# edit FILE REGEX TEXT: appends TEXT after the first match of REGEX (group 1) in FILE.
edit() {
    python3 - "$1" "$2" "$3" <<'PY'
import re, sys
path, pattern, text = sys.argv[1], sys.argv[2], sys.argv[3].replace("\\n", "\n")
source = open(path).read()
open(path, "w").write(re.sub(pattern, lambda m: m.group(1) + text, source, count=1))
PY
}

# Warm up: the first compile after a build reads ConvLab's objects from disk.
run warm-up cells-10 --no-cache >/dev/null
for round in $(seq 1 "$repeats"); do
    run cold cells-10 --no-cache
    # A fresh edit every round, so that each of these runs misses the cache.
    chapter "$chapter10" 10 "$round"
    run edited cells-10
    for n in 10 50 200; do run "cells=$n" "cells-$n" --no-cache; done
    # Every chapter has just been run and kept as it stands: the whole book comes from the store.
    run cached
    BOOK="$realbook" run "ch1 cold" 01-real --no-cache
    # Edit the first cell's text (a new statement after its fence): the cache misses.
    edit "$realbook/01-real.md" '(```swift[^\n]*\n)' "_ = $round  // edited\n"
    BOOK="$realbook" run "ch1 edit" 01-real
    # Edit the first exercise in place (its first line, so no cell moves): the chapter's cache
    # misses, but the main program and the other exercise's come from the program cache.
    edit "$realbook/01-real.md" '(```swift[^\n]*exercise[^\n]*\n[^\n]*)' "; _ = $round"
    BOOK="$realbook" run "ch1 exer." 01-real
    for k in 1 2 4 8; do BOOK="$scratch/book-$k" run "book=$k" --no-cache; done
done

# KEEP_RUNS=FILE keeps every run's breakdown (JSON lines), e.g. to pool interleaved runs of two builds.
if [ -n "${KEEP_RUNS:-}" ]; then cp "$scratch/runs" "$KEEP_RUNS"; fi
python3 - "$scratch/runs" "$repeats" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
rows = [r for r in rows if r["label"] != "warm-up"]
cols = ["lookupMs", "generateMs", "compileMs", "runMs", "readMs", "storeMs", "totalMs", "wallMs"]
names = ["lookup", "generate", "compile", "run", "read", "store", "total", "wall"]
print(f"load average at the end: {open('/proc/loadavg').read().split()[:3]}")
print(f"medians of {sys.argv[2]} runs, ms (wall: the whole `lessons run` command)")
print(f"{'':10}" + "".join(f"{n:>10}" for n in names) + "   cached")
for label in ["cold", "edited", "cached", "cells=10", "cells=50", "cells=200", "ch1 cold", "ch1 edit", "ch1 exer.",
              "book=1", "book=2", "book=4", "book=8"]:
    mine = [r for r in rows if r["label"] == label]
    medians = [statistics.median(r[c] for r in mine) for c in cols]
    cached = "all" if all(r["cached"] for r in mine) else ("none" if not any(r["cached"] for r in mine) else "some")
    print(f"{label:10}" + "".join(f"{m:>10.1f}" for m in medians) + f"   {cached}")
PY
