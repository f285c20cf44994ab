"""Browser fixtures: the sample site built once, served over HTTP, read by one headless Chromium.

The site is this repository itself, built with a fixed `now` into a temporary directory and
served by the standard library on 127.0.0.1 and a free port. One Chromium runs for the whole
session; every test gets a fresh context (no cookies, history or focus left over).
Chromium must be Debian's (/usr/bin/chromium, or $SITEGEN_CHROMIUM): these tests never
download a browser, and they fail, not skip, when it is missing, because CI installs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Error, Page, Playwright, sync_playwright

from sitegen.build import BuildOptions, build
from tests.browser.sites import serve

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 5_000  # a static page on localhost: anything slower is a failure, not a wait


@pytest.fixture(scope="session")
def site_now() -> datetime:
    """The moment the sample site is built at: drafts and later-dated articles are left out."""
    return NOW


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site (this repository), built once."""
    output = tmp_path_factory.mktemp("browser-site") / "public"
    build(BuildOptions(root=REPO, now=NOW, output=output))
    return output


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """`http://127.0.0.1:<free port>` serving the built site."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's Chromium: "
            "`apt-get install chromium`, or set SITEGEN_CHROMIUM to its path. "
            "(Do not run `playwright install`.)",
            pytrace=False,
        )
    try:
        browser = playwright_instance.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Error as error:
        pytest.fail(f"Chromium at {CHROMIUM} would not start: {error}", pytrace=False)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """Open a browser context on the site (options as for `Browser.new_context`); closed after."""
    contexts: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        options.setdefault("locale", "sv-SE")
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A fresh page with JavaScript on, as most readers have it."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (gitignored): screenshots for humans to look at, never compared."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
