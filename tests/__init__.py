"""Cross-app tests: browser (Playwright), and later load and fuzz suites."""
