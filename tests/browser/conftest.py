"""Fixtures for browser tests: one headless Chromium per session, a fresh page per test.

Playwright drives the system Chromium (Debian's `chromium`); it never downloads a browser.
Set QUALIFT_CHROMIUM to use another binary. Without a Chromium the tests skip, unless CI=true,
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI; Chromium's sandbox refuses root
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def chromium_path() -> str | None:
    explicit = os.environ.get("QUALIFT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "browser tests (chromium not found)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI=true requires it (apt-get install chromium)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse
    # the test's own ORM work ("You cannot call this from an async context"). Only while the
    # browser is up: the env var would otherwise relax that check for the whole session.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot_dir(settings) -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def reference_data(transactional_db):
    """Regions and IAF codes, which migrations load but a transactional test's flush removes."""
    from qualift.enterprises.models import IafCode
    from qualift.enterprises.reference_data import IAF_CODES
    from qualift.tenancy.models import Region
    from qualift.tenancy.regions_data import REGIONS

    if not Region.objects.exists():
        Region.objects.bulk_create(
            Region(code=code, name_en=name_en, name_zh=name_zh)
            for code, name_en, name_zh in REGIONS
        )
    from django.apps import apps

    from qualift.standards.models import ChecklistTemplate, Clause

    if not Clause.objects.exists():
        import importlib

        for module in ("0002_clauses", "0003_default_template"):
            importlib.import_module(f"qualift.standards.migrations.{module}").load(apps, None)
    assert ChecklistTemplate.objects.exists()
    if not IafCode.objects.exists():
        IafCode.objects.bulk_create(
            IafCode(code=code, name_en=name_en, name_zh=name_zh)
            for code, name_en, name_zh in IAF_CODES
        )


@pytest.fixture
def live_world(live_server, reference_data):
    """The persona world, in the database the live server reads."""
    from qualift.core.testing import build_world

    return build_world()
