"""Playwright tests in Debian's Chromium; run with `make test-browser` (marker `browser`)."""
