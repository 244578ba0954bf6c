#!/usr/bin/env python3
"""The book's own standard, checked on `lessons run --json` of the whole book (read on stdin):
every chapter has at least 2 plots, 3 claims in its regular cells, and 1 exercise whose
solution verify proved, and runs cold in under 60 s. Prints one line per chapter and fails
(exit 1) naming what a chapter lacks."""
import json
import sys

document = json.load(sys.stdin)
problems = []
for run in document["chapters"]:
    cells = run["cells"]
    plots = sum(1 for cell in cells for output in cell["outputs"] if output["type"] == "plot")
    claims = sum(len(cell["claims"]) for cell in cells if cell["status"] == "passed")
    # Exercise cells as the chapter writes them (verify has already run their solutions).
    with open(run["file"], encoding="utf-8") as chapter:
        fences = [line.split() for line in chapter if line.startswith("```swift")]
    exercises = sum(1 for words in fences if "exercise" in words[1:])
    seconds = run["durationMs"] / 1000
    print(f"{run['chapter']:<22} {plots:>2} plots  {claims:>3} claims  {exercises} exercises  {seconds:5.1f} s")
    if plots < 2:
        problems.append(f"{run['file']}: {plots} plots, the book's standard is at least 2")
    if claims < 3:
        problems.append(f"{run['file']}: {claims} claims, the book's standard is at least 3")
    if exercises < 1:
        problems.append(f"{run['file']}: no exercise, the book's standard is at least 1")
    if seconds >= 60:
        problems.append(f"{run['file']}: ran {seconds:.1f} s cold, the book's standard is under 60 s")
for problem in problems:
    print("error:", problem)
sys.exit(1 if problems else 0)
