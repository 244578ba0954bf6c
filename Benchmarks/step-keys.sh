#!/usr/bin/env bash
# The stepper's answer times at a real terminal (issue 14), medians of REPEATS:
#   enter-stored   a new `lessons step` session, key `n` on the first cell of a chapter that
#                  has run: the key to the cell's outputs on the screen (store, no compile)
#   enter-next     `n` on a later cell of the same session (the run is in memory)
#   rerun          `r` on the first cell: that cell alone compiled and run afresh
#   whole-chapter  `lessons run --no-cache` of the same chapter, for the ratio with rerun
#   save-seen      `lessons watch`: the exercise file saved to "· checking FILE…" on screen
#   save-checked   the file saved to the check's outcome on screen (the compile included)
# on a copy of the stepper tests' tiny chapter (or BOOK_DIR's CHAPTER) in a temporary folder.
#
#   Benchmarks/step-keys.sh [REPEATS]     (default: 7)
#
# Uses the release `lessons` (built if missing), or the binary named by $LESSONS.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-7}"
source Benchmarks/release-lessons.sh
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM HUP
mkdir -p "$scratch/book"
cp Tests/StepperTests/Fixtures/01-tiny.md "$scratch/book/01-tiny.md"
cd "$scratch"
export NO_COLOR=1 COLUMNS=80 LESSONS_DB="$scratch/lessons.sqlite"
unset EDITOR VISUAL
"$LESSONS" run tiny --book book >/dev/null

LESSONS="$LESSONS" REPEATS="$repeats" python3 - <<'PY'
import os, pty, select, statistics, subprocess, time

lessons, repeats = os.environ["LESSONS"], int(os.environ["REPEATS"])

class Terminal:
    """`lessons ARGS` on a pseudo-terminal; `until` reads the screen until a text shows."""
    def __init__(self, *args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(lessons, [lessons, *args])
        self.screen = b""
    def until(self, text, after=0, limit=300):
        start = time.monotonic()
        while text.encode() not in self.screen[after:]:
            if time.monotonic() - start > limit:
                raise SystemExit(f"no {text!r} within {limit} s:\n{self.screen.decode(errors='replace')[-2000:]}")
            ready, _, _ = select.select([self.fd], [], [], 0.01)
            if ready:
                try:
                    self.screen += os.read(self.fd, 65536)
                except OSError:
                    pass
        return time.monotonic()
    def key(self, key, shows):
        """Seconds from typing `key` to `shows` on the screen after it."""
        mark = len(self.screen)
        start = time.monotonic()
        os.write(self.fd, key.encode())
        return self.until(shows, mark) - start

times = {name: [] for name in ["enter-stored", "enter-next", "rerun", "whole-chapter", "save-seen", "save-checked"]}
prompt = "\u203a "
for i in range(repeats):
    t = Terminal("step", "tiny", "--book", "book", "--learner", f"bench{i}")
    t.until(prompt)
    time.sleep(0.2)  # raw mode set after the prompt is drawn
    times["enter-stored"].append(t.key("n", "weights: 18"))
    t.until("r re-run")
    times["rerun"].append(t.key("r", "weights: 18"))
    t.until("r re-run", len(t.screen) - 200)
    t.key("n", "Cell 2/3")
    t.until(prompt, len(t.screen) - 5)
    time.sleep(0.05)
    times["enter-next"].append(t.key("n", "Weights against kernel size"))
    os.write(t.fd, b"q")
    os.waitpid(t.pid, 0)
    os.close(t.fd)
    start = time.monotonic()
    subprocess.run([lessons, "run", "tiny", "--book", "book", "--no-cache"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times["whole-chapter"].append(time.monotonic() - start)

w = Terminal("watch", "--book", "book", "--learner", "watcher")
w.until("[save the file to check")
text = w.screen.decode(errors="replace")
path = text[text.index("Your turn: edit ") + len("Your turn: edit "):].splitlines()[0].strip()
original = open(path).read()
time.sleep(0.3)
for i in range(repeats):
    mark = len(w.screen)
    start = time.monotonic()
    with open(path, "w") as f:  # the exercise as written, which fails: the watch stays on it
        f.write(original + f"\n// save {i}\n")
    # The status line (stderr, the same terminal) says "checking FILE…" as the check starts.
    times["save-seen"].append(w.until("\u00b7 checking ", mark) - start)
    times["save-checked"].append(w.until("not yet", mark) - start)
    w.until("[save the file to check", mark)
    time.sleep(0.3)
os.write(w.fd, b"q")
os.waitpid(w.pid, 0)

print(f"medians of {repeats} (ms); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
for name, values in times.items():
    print(f"  {name:14} {statistics.median(values) * 1000:9.1f}   (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})")
print(f"  rerun / whole-chapter, same run: {statistics.median(times['rerun']) / statistics.median(times['whole-chapter']):.2f}")
PY
