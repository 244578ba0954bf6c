#!/usr/bin/env python3
"""Validates exported notebooks (`lessons export ipynb`) with the `nbformat` package: each
file must be nbformat 4.5 (the version that requires cell ids), pass nbformat's JSON schema,
and have unique cell ids. Arguments are .ipynb files or folders of them. Prints one line per
notebook and a closing `notebooks: N passed, M failed`; exits 1 if any failed or none was found."""
import json
import pathlib
import sys

import nbformat


def problems(path):
    with open(path, encoding="utf-8") as file:
        raw = json.load(file)
    if (raw.get("nbformat"), raw.get("nbformat_minor")) != (4, 5):
        return [f"nbformat {raw.get('nbformat')}.{raw.get('nbformat_minor')}, expected 4.5"]
    # Checked on the file as written: nbformat's reader would quietly add missing ids.
    ids = [cell.get("id") for cell in raw.get("cells", [])]
    found = []
    if None in ids:
        found.append(f"{ids.count(None)} cells without an id")
    if len(set(ids)) != len(ids):
        found.append("cell ids repeat")
    try:
        nbformat.validate(nbformat.from_dict(raw), version=4, version_minor=5)
    except nbformat.ValidationError as error:
        found.append(f"schema: {error.message}")
    return found


def notebooks(arguments):
    for argument in arguments:
        path = pathlib.Path(argument)
        yield from sorted(path.glob("*.ipynb")) if path.is_dir() else [path]


passed = failed = 0
for path in notebooks(sys.argv[1:]):
    found = problems(path)
    if found:
        failed += 1
        print(f"✗ {path}: " + "; ".join(found))
    else:
        passed += 1
        print(f"✓ {path}")
print(f"notebooks: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
