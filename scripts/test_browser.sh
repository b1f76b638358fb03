#!/usr/bin/env bash
# Run the browser tests (marker `browser`) in the system Chromium, on the SQLite test database.
#
#   scripts/test_browser.sh [pytest args...]
#
# No Chromium on the machine: a loud SKIPPED line and exit 0 -- unless CI=true, then exit 1.
# QUALIFT_CHROMIUM=/path/to/chrome picks the binary (tests/browser/conftest.py reads it too).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTEST=${PYTEST:-.venv/bin/pytest}

chromium=""
if [[ -n "${QUALIFT_CHROMIUM:-}" ]]; then
    [[ -x "$QUALIFT_CHROMIUM" ]] && chromium=$QUALIFT_CHROMIUM
else
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$name" >/dev/null 2>&1; then
            chromium=$(command -v "$name")
            break
        fi
    done
fi

if [[ -z "$chromium" ]]; then
    echo "=================================================================="
    echo "SKIPPED: browser tests (chromium not found)"
    echo "  install it (Debian: apt-get install chromium) to run them"
    echo "=================================================================="
    if [[ "${CI:-}" == "true" ]]; then
        echo "CI=true: a missing Chromium is a failure" >&2
        exit 1
    fi
    exit 0
fi

echo "browser leg: $chromium"
set +e
QUALIFT_CHROMIUM=$chromium DATABASE_URL="" "$PYTEST" -m browser tests/browser "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
    echo "browser leg: pytest collected no browser tests (exit 5) -- treated as a failure" >&2
fi
exit "$status"
