#!/usr/bin/env bash
# The author's loop of issue #15, measured: under the release `lessons serve`, the time from
# saving a chapter to the page's reload event arriving on the server-sent events stream (what
# the browser's reload script waits for), for
#   prose    a paragraph edited (every cell's code unchanged: the run comes from the store)
#   cell     one cell's code edited (the chapter compiles and runs again)
# Medians (and min/max) of REPEATS edits each, on a temporary book of one chapter with a few
# cells, never the real one. The watcher polls every 100 ms and waits 50 ms for the file to
# settle, so ~100 ms of each figure is the wait for the next scan.
#
#   Benchmarks/serve-loop.sh [REPEATS]     (default: 7)
#
# Uses the release `lessons` (built if missing), or the binary named by $LESSONS.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-7}"
source Benchmarks/release-lessons.sh
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT INT TERM HUP
mkdir -p "$scratch/Lessons"

python3 - "$LESSONS" "$scratch" "$repeats" <<'PY'
import http.client, os, re, signal, statistics, subprocess, sys, time

lessons, scratch, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
chapter = os.path.join(scratch, "Lessons", "01-loop.md")

def write(prose, value):
    with open(chapter, "w") as f:
        f.write(f"""---
title: Loop
summary: The serve benchmark's chapter.
---

# Loop

{prose}

```swift
let base = {value}
print("base:", base)
```

```swift
var total = 0
for i in 1...base {{ total += i }}
record("total", total)
```

```swift
print("total:", total)
```
""")

write("Prose, round 0.", 100)
server = subprocess.Popen(
    [lessons, "serve", "--book", os.path.join(scratch, "Lessons"), "--db", os.path.join(scratch, "lessons.sqlite"), "--port", "0"],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = None
rebuilt = []
while port is None:
    line = server.stdout.readline()
    if not line:
        sys.exit("lessons serve ended before serving")
    found = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", line)
    if found:
        port = int(found.group(1))

events = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
events.request("GET", "/__lessons/events")
stream = events.getresponse()
assert stream.status == 200, stream.status

def next_reload():
    """The data of the next `reload` event on the stream."""
    name = None
    while True:
        line = stream.fp.readline().decode()
        if line.startswith("event: "):
            name = line[7:].strip()
        elif line.startswith("data: ") and name == "reload":
            return line[6:].strip()

next_reload()  # the build being served, sent on connecting

def timed(edit):
    start = time.monotonic()
    edit()
    next_reload()
    return (time.monotonic() - start) * 1000

# Warm up: the first compile after a build reads ConvLab's objects from disk.
timed(lambda: write("Prose, warm-up.", 99))
prose, cell = [], []
for round in range(1, repeats + 1):
    prose.append(timed(lambda: write(f"Prose, round {round}.", 99)))
    cell.append(timed(lambda: write(f"Prose, round {round}.", 1000 + round)))

server.send_signal(signal.SIGINT)
out, _ = server.communicate(timeout=30)
rebuilt = [int(m) for m in re.findall(r"rebuilt in (\d+) ms", out)]

def row(label, values, target):
    print(f"{label:28}{statistics.median(values):>8.0f}{min(values):>8.0f}{max(values):>8.0f}   target < {target} ms")
print(f"save → reload event, ms, {repeats} edits each")
print(f"{'':28}{'median':>8}{'min':>8}{'max':>8}")
row("prose edit (from the store)", prose, 1000)
row("one-cell edit (compile+run)", cell, 3000)
# The server's own build time of each edit (after the warm-up), without the watcher's wait.
builds = rebuilt[1:]
print(f"server-side rebuilds, ms: prose median {statistics.median(builds[0::2]):.0f}, cell median {statistics.median(builds[1::2]):.0f}")
PY
