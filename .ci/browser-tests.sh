#!/usr/bin/env bash
# Loads every page of a built site in headless Chromium (Selenium) and checks it: no console
# error, no request that leaves file://, no axe-core violation of WCAG 2.1 A/AA in the light
# and the dark theme, and that the sidebar, search, dark mode and print styles work.
# Usage: bash .ci/browser-tests.sh SITE_FOLDER
# Installs what it needs, idempotently: Debian's chromium and chromium-driver (only when
# missing), and a virtual environment in .build-browser/venv (git-ignored) with selenium,
# pytest and axe-playwright-python, used only for the axe.min.js it bundles (--no-deps:
# Playwright itself is not needed). Screenshots, one per page: .build-browser/screenshots.
set -euo pipefail
site="${1:?usage: browser-tests.sh SITE_FOLDER}"
test -s "$site/index.html" || { echo "no site at $site (run lessons build first)" >&2; exit 2; }
# Resolved before moving to the repository's root, so a relative SITE_FOLDER means what it says.
site="$(cd "$site" && pwd)"
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=.build-browser/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import selenium, pytest, axe_playwright_python' 2>/dev/null; then
    "$venv/bin/pip" install -q "selenium>=4.20" "pytest>=8"
    "$venv/bin/pip" install -q --no-deps "axe-playwright-python>=0.1.4"
fi
export SITE_DIR="$site"
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$PWD/.build-browser/screenshots}"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider Tests/Browser/test_site.py
