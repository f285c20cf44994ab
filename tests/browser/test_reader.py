"""What a reader does on the sample site, in a real browser over HTTP.

Open the home page, page through the Socialförvaltning tag archive by its links, follow an
article, use the keyboard only, read with JavaScript off, hit the 404 page. The expected
articles come from the front matter in content/, not from sitegen, so the archive is checked
against what the editors wrote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import BrowserContext, Locator, Page, Response, expect

pytestmark = pytest.mark.browser

ARCHIVE = "/etikett/socialforvaltning/"
ARCHIVE_2 = "/etikett/socialforvaltning/sida/2/"
H1 = "Etikettarkiv: Socialförvaltning"
H1_2 = "Etikettarkiv: Socialförvaltning – Sida 2"
SITE_TITLE = "Socionom i kommunen"
ALE = "Lätt att leva för socionomer i Ale"
REPO = Path(__file__).resolve().parents[2]
MONTHS = "januari februari mars april maj juni juli augusti september oktober november december"


# --- what the editors wrote ------------------------------------------------------------------


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    _, head, _ = text.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict), path
    return data


def published(now: datetime) -> list[dict[str, Any]]:
    """Front matter of every article a reader can see at `now` (no drafts, nothing scheduled)."""
    articles = []
    for path in sorted((REPO / "content").rglob("*.md")):
        if path.parent.name == "sidor":  # pages, not articles: in no archive
            continue
        data = front_matter(path)
        when = data["date"]
        day = when.date() if isinstance(when, datetime) else when
        if not data.get("draft") and day <= now.date():
            articles.append(data)
    return articles


def tagged(tag: str, now: datetime) -> list[str]:
    """Titles of the published articles carrying `tag`, compared case-insensitively."""
    return [
        a["title"]
        for a in published(now)
        if tag.casefold() in {t.casefold() for t in a.get("tags") or []}
    ]


def swedish(day: date) -> str:
    return f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}"


# --- helpers ---------------------------------------------------------------------------------


def path_of_url(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def entry_links(page: Page) -> Locator:
    """The links to articles in an archive's entries (not the kommun links beside them)."""
    return page.locator("main article.entry h2 a")


def pagination(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Sidor")


def read_entries(page: Page) -> list[tuple[str, str, str]]:
    """(title, href, ISO date) of every entry on an archive page, in page order."""
    rows: list[list[str]] = page.locator("main article.entry").evaluate_all(
        """els => els.map(e => [
            e.querySelector('h2 a').textContent.trim(),
            e.querySelector('h2 a').getAttribute('href'),
            e.querySelector('time').getAttribute('datetime'),
        ])"""
    )
    return [(title, href, iso) for title, href, iso in rows]


def url_for(path: str) -> re.Pattern[str]:
    """Matches the full URL of `path` on the test server, whatever its port."""
    return re.compile(r"^http://127\.0\.0\.1:\d+" + re.escape(path) + "$")


def expect_archive_page(page: Page, path: str, h1: str) -> None:
    expect(page).to_have_url(url_for(path))
    expect(page.locator("h1")).to_have_text(h1)
    expect(page).to_have_title(f"{h1} – {SITE_TITLE}")


def focused(page: Page) -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || '').trim(),
                href: el.getAttribute('href'),
                inMain: !!el.closest('main'),
                inPagination: !!el.closest('nav.pagination'),
                outline: getComputedStyle(el).outlineStyle,
            };
        }"""
    )
    return info


# --- the tests -------------------------------------------------------------------------------


def test_home_page_is_swedish_and_titled(page: Page) -> None:
    response = page.goto("/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page).to_have_title(f"Senaste artiklarna – {SITE_TITLE}")
    expect(page.get_by_role("link", name=SITE_TITLE)).to_be_visible()
    expect(entry_links(page)).to_have_count(10)


def test_page_loads_every_resource_it_asks_for(page: Page) -> None:
    """A reader should get the styled page: no stylesheet, image or script answered 404."""
    failed: list[str] = []

    def note(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {path_of_url(response.url)}")

    page.on("response", note)
    for path in ("/", ARCHIVE, "/2016/01/latt-att-leva-for-socionomer-i-ale/", "/404.html"):
        page.goto(path, wait_until="load")
    assert not failed, f"requests that failed while loading pages: {sorted(set(failed))}"


def test_tag_archive_pages_through_every_article_once(
    page: Page, artifacts: Path, site_now: datetime
) -> None:
    page.goto(ARCHIVE)
    expect_archive_page(page, ARCHIVE, H1)
    expect(page.locator('head link[rel="next"]')).to_have_attribute("href", ARCHIVE_2)
    expect(page.locator('head link[rel="prev"]')).to_have_count(0)
    page.screenshot(path=str(artifacts / "archive.png"), full_page=True)
    first = read_entries(page)
    assert len(first) == 10  # per_page in config.yaml

    pagination(page).get_by_role("link", name="Äldre inlägg").click()
    expect_archive_page(page, ARCHIVE_2, H1_2)
    expect(page.locator('head link[rel="prev"]')).to_have_attribute("href", ARCHIVE)
    expect(page.locator('head link[rel="next"]')).to_have_count(0)
    expect(pagination(page).get_by_role("link", name="Äldre inlägg")).to_have_count(0)
    second = read_entries(page)

    pagination(page).get_by_role("link", name="Nyare inlägg").click()
    expect_archive_page(page, ARCHIVE, H1)
    expect(pagination(page).get_by_role("link", name="Nyare inlägg")).to_have_count(0)
    assert read_entries(page) == first  # the same page 1 as before

    entries = first + second
    titles = Counter(title for title, _, _ in entries)
    expected = tagged("Socialförvaltning", site_now)
    assert len(expected) == 15  # the sample site: every article carries the tag
    assert titles == Counter(expected), "each tagged article exactly once across the pages"
    hrefs = [href for _, href, _ in entries]
    assert len(set(hrefs)) == len(hrefs)
    dates = [iso for _, _, iso in entries]
    assert dates == sorted(dates, reverse=True), "newest first, across page boundaries"


def test_numbered_page_links(page: Page) -> None:
    page.goto(ARCHIVE)
    nav = pagination(page)
    expect(nav.locator("[aria-current=page]")).to_have_text("1")

    nav.get_by_role("link", name="Sida 2", exact=True).click()
    expect_archive_page(page, ARCHIVE_2, H1_2)
    expect(pagination(page).locator("[aria-current=page]")).to_have_text("2")

    pagination(page).get_by_role("link", name="Sida 1", exact=True).click()
    expect_archive_page(page, ARCHIVE, H1)  # page 1 is the archive's root, never /sida/1/


def test_article_from_the_archive(page: Page, artifacts: Path, site_now: datetime) -> None:
    ale = next(a for a in published(site_now) if a["title"] == ALE)
    page.goto(ARCHIVE_2)  # the oldest article is on the last page
    entry_links(page).filter(has_text=ALE).click()

    expect(page).to_have_url(url_for("/2016/01/latt-att-leva-for-socionomer-i-ale/"))
    expect(page.locator("h1")).to_have_text(ALE)
    expect(page).to_have_title(f"{ALE} – {SITE_TITLE}")
    meta = page.locator("main .article-header .meta")
    expect(meta).to_contain_text(f"Publicerad {swedish(ale['date'])}")
    expect(meta.locator("time")).to_have_attribute("datetime", "2016-01-20")
    # Ale has a photographer but no photo in the sample site: no credit under nothing.
    expect(page.get_by_text(f"Foto: {ale['photographer']}")).to_have_count(0)

    contact = page.get_by_role("region", name="Kontakt")
    expect(contact).to_be_visible()
    expect(contact.get_by_role("heading", name="Kontakt")).to_be_visible()
    phone = contact.locator('a[href^="tel:"]').first
    expect(phone).to_have_text(ale["contact"]["phone"])
    expect(phone).to_have_attribute("href", re.compile(r"^tel:\+?[0-9]+$"))
    mail = contact.locator('a[href^="mailto:"]').first
    expect(mail).to_have_attribute("href", f"mailto:{ale['contact']['email']}")
    page.screenshot(path=str(artifacts / "article.png"), full_page=True)

    page.locator('main a[rel="tag"]', has_text="Socialförvaltning").click()
    expect_archive_page(page, ARCHIVE, H1)


def in_viewport(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert viewport is not None
    return (
        box is not None
        and box["width"] > 1
        and box["height"] > 1
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )


def test_keyboard_skip_link_then_pagination(page: Page) -> None:
    page.goto(ARCHIVE)
    skip = page.locator("a.skip-link")
    assert not in_viewport(page, skip), "the skip link should stay out of sight until focused"

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Hoppa till innehållet", f"first Tab stop is {first}"
    assert first["href"] == "#innehall"
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert in_viewport(page, skip), f"focused skip link is not on screen: {skip.bounding_box()}"

    page.keyboard.press("Enter")
    expect(page.locator("main#innehall")).to_be_focused()

    stops: list[dict[str, Any]] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if stops[-1]["inPagination"]:
            break
    assert stops[0]["inMain"], f"after the skip link, Tab left main: {stops[0]}"
    assert stops[-1]["inPagination"], "never reached the pagination with Tab"
    assert stops[-1]["outline"] != "none", "the focused pagination link shows no focus outline"
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(focused(page))
    in_pagination = [s["text"] for s in stops if s["inPagination"]]
    assert in_pagination == ["1", "2", "Äldre inlägg →"], in_pagination

    page.keyboard.press("Shift+Tab")  # back to "2"
    page.keyboard.press("Enter")
    expect_archive_page(page, ARCHIVE_2, H1_2)


def test_archive_pages_through_without_javascript(
    new_context: Callable[..., BrowserContext], site_now: datetime
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(ARCHIVE)
    assert page.evaluate("1 + 1") == 2  # (evaluate still works; page scripts do not run)
    expect_archive_page(page, ARCHIVE, H1)
    expect(entry_links(page)).to_have_count(10)

    pagination(page).get_by_role("link", name="Äldre inlägg").click()
    expect_archive_page(page, ARCHIVE_2, H1_2)
    expect(entry_links(page)).to_have_count(len(tagged("Socialförvaltning", site_now)) - 10)

    pagination(page).get_by_role("link", name="Sida 1", exact=True).click()
    expect_archive_page(page, ARCHIVE, H1)
    entry_links(page).first.click()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .article-header .meta")).to_contain_text("Publicerad ")


def test_404_page_in_swedish(page: Page) -> None:
    response = page.goto("/404.html")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("h1")).to_have_text("Sidan finns inte")
    expect(page).to_have_title(f"Sidan finns inte – {SITE_TITLE}")
    expect(page.locator("main")).to_contain_text("Sidan du letade efter finns inte här.")
    page.locator("main").get_by_role("link", name="Start").click()
    expect(page).to_have_url(url_for("/"))
    expect(page).to_have_title(f"Senaste artiklarna – {SITE_TITLE}")
