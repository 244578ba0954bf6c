#!/usr/bin/env bash
# A class in one store, measured: LEARNERS learner records (each STEPS progress steps, 20
# attempts and 10 hints) imported with `lessons progress --import`, imported again (every
# row already there: the idempotent path), then the teacher's `lessons progress --class
# --json` over them. Prints the median wall time of REPEATS runs of each, and the ratio of
# the second import to the first, from the same run. Nothing is compiled: no chapter runs.
#
#   Benchmarks/class-progress.sh [REPEATS] [LEARNERS] [STEPS]    (defaults: 5 30 200)
#
# Uses the release `lessons` (built if missing), or the binary named by $LESSONS.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}" learners="${2:-30}" steps="${3:-200}"
source Benchmarks/release-lessons.sh
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM HUP
book="$(pwd)/Lessons"

# The records: learner-NN.json, chapters and cells of the real book so that --class counts them.
python3 - "$scratch" "$learners" "$steps" <<'PY'
import json, sys
folder, learners, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def at(i): return "2026-12-05T%02d:%02d:%02d.%03dZ" % (8 + i // 3600000 % 10, i // 60000 % 60, i // 1000 % 60, i % 1000)
for n in range(learners):
    record = {"format": "lessonbook-learner-record", "version": 1, "learner": "learner-%02d" % n,
              "steps": [{"chapter": "two-3x3", "cell": "c%d" % (i % 10 + 1), "status": "seen", "at": at(i * 7 + n)} for i in range(steps)],
              "attempts": [{"chapter": "two-3x3", "cell": "c8", "code": "let x = %d\n" % i, "passed": i == 19, "at": at(i * 11 + n)} for i in range(20)],
              "help": [{"chapter": "two-3x3", "cell": "c8", "kind": "hint", "hint_index": i, "at": at(i * 13 + n)} for i in range(10)]}
    json.dump(record, open("%s/learner-%02d.json" % (folder, n), "w"))
PY

now() { date +%s.%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

: >"$scratch/first" ; : >"$scratch/again" ; : >"$scratch/class"
for r in $(seq 1 "$repeats"); do
    db="$scratch/class-$r.sqlite"
    start=$(now)
    for f in "$scratch"/learner-*.json; do "$LESSONS" progress --import "$f" --db "$db" --book "$book" >/dev/null; done
    echo "$(now) - $start" | bc >>"$scratch/first"
    start=$(now)
    for f in "$scratch"/learner-*.json; do "$LESSONS" progress --import "$f" --db "$db" --book "$book" >/dev/null; done
    echo "$(now) - $start" | bc >>"$scratch/again"
    start=$(now)
    "$LESSONS" progress --class --json --db "$db" --book "$book" >"$scratch/class.json"
    echo "$(now) - $start" | bc >>"$scratch/class"
done
rows=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$scratch/class.json")
first=$(median <"$scratch/first") again=$(median <"$scratch/again") class=$(median <"$scratch/class")
echo "$learners learners × ($steps steps, 20 attempts, 10 hints), medians of $repeats runs:"
printf '  import, all new        %8.3f s  (%s processes, %.3f s each)\n' "$first" "$learners" "$(echo "$first / $learners" | bc -l)"
printf '  import again, all kept %8.3f s  (%.3f s each; ratio to the first: %.2f)\n' "$again" \
    "$(echo "$again / $learners" | bc -l)" "$(echo "$again / $first" | bc -l)"
printf '  progress --class --json %7.3f s  (%s rows)\n' "$class" "$rows"
