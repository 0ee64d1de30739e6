"""Debian's Chromium driven by Playwright, as every browser test launches it (no browser download: the
flags keep it off the network this machine does not have)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def launched_browser():
    """A generator for a fixture: one headless Chromium, closed afterwards."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: apt-get install chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def watched_page(browser, viewport: dict | None = None):
    """A generator for a fixture: a page in a context of its own, whose ``problems`` list what went wrong
    while it was open: console errors and warnings, script errors, failed requests (not those the next
    navigation aborts, which are no failure of the page)."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url}")
            if r.failure != "net::ERR_ABORTED" else None)
    yield page
    context.close()


def served(folder, **options):
    """A generator for a fixture: the preview server of ``edition serve`` on ``folder`` (a free port),
    stopped afterwards."""
    from edition.publish.html.serve import PreviewServer

    preview = PreviewServer(folder, 0, **options)
    preview.start()
    yield preview
    preview.stop()
