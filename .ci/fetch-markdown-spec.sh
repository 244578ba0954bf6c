#!/usr/bin/env bash
# Makes the markdown differential test's inputs available:
#   - cmark-gfm (Debian package), the reference renderer;
#   - the CommonMark spec examples as JSON, from markdown-it-py's source distribution
#     (tests/test_cmark_spec/commonmark.json), at .build/commonmark-spec/commonmark.json.
# Idempotent, and offline-safe once both are present. Neither is committed.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cmark-gfm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq cmark-gfm >/dev/null
fi

dest=.build/commonmark-spec
json="$dest/commonmark.json"
if [ ! -s "$json" ]; then
    mkdir -p "$dest"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    python3 -m pip download --quiet --no-deps --no-binary :all: markdown-it-py -d "$work"
    sdist="$(ls "$work"/markdown_it_py-*.tar.gz | head -n 1)"
    member="$(tar -tzf "$sdist" | grep '/tests/test_cmark_spec/commonmark.json$' | head -n 1)"
    tar -xzf "$sdist" -C "$work" "$member"
    mv "$work/$member" "$json.tmp" && mv "$json.tmp" "$json"
fi
echo "cmark-gfm: $(command -v cmark-gfm); spec examples: $json"
