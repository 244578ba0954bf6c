#!/usr/bin/env bash
# Exports every chapter of Lessons/ as a Jupyter notebook with the release `lessons`, then
# validates each with the `nbformat` package (Tests/Notebooks/validate.py), which closes with
# `notebooks: N passed, 0 failed` or fails. Usage: .ci/notebooks.sh [RESULTS.sqlite]; CI passes
# the database verify just filled, so the export reuses its runs and nothing runs again.
set -euo pipefail
cd "$(dirname "$0")/.."
db_args=()
if [ $# -ge 1 ]; then db_args=(--db "$1"); fi
# nbformat in a virtual environment of its own (git-ignored as .build*/), made once.
venv=.build-notebooks/venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check nbformat
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
source Benchmarks/release-lessons.sh
"$LESSONS" export ipynb --book Lessons "${db_args[@]}" --out "$scratch/notebooks"
"$venv/bin/python" Tests/Notebooks/validate.py "$scratch/notebooks"
