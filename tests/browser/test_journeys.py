"""A reader's journeys through the sample site served over HTTP, by mouse and by keyboard.

From the cover to a tag, on to its older articles, into an article, to its kommun, to one
topic in a kommun (a facet) and back;
the same through an archive with the keyboard alone, where every stop is visible.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARCHIVE = "/etikett/socialforvaltning/"


def at(path: str) -> re.Pattern[str]:
    return re.compile(r"^http://127\.0\.0\.1:\d+" + re.escape(path) + "$")


def test_home_tag_older_article_kommun_and_back(page: Page) -> None:
    page.goto("/")
    lead = page.locator("main article.card-featured h2 a")
    expect(lead).to_have_text("Gör skillnad för barn och ungdomar i Uppsala!")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Etiketter").click()
    expect(page).to_have_url(at("/etikett/"))
    page.locator("main").get_by_role("link", name="Socialförvaltning").click()
    expect(page).to_have_url(at(ARCHIVE))

    page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Äldre inlägg").click()
    expect(page).to_have_url(at(ARCHIVE + "sida/2/"))
    entry = page.locator("main article.entry").filter(has_text="Lätt att leva för socionomer i Ale")
    entry.get_by_role("link", name="Lätt att leva för socionomer i Ale").click()
    article = "/2016/01/latt-att-leva-for-socionomer-i-ale/"
    expect(page).to_have_url(at(article))
    expect(page.locator("main h1")).to_have_text("Lätt att leva för socionomer i Ale")

    page.locator("main .article-header").get_by_role("link", name="Ale", exact=True).click()
    expect(page).to_have_url(at("/kommun/ale/"))
    expect(page.locator("main h1")).to_have_text("Kommun: Ale")
    cards = page.locator("main article.entry")
    expect(cards).to_have_count(1)
    expect(cards.locator(".place")).to_have_count(0)  # the kommun is the page's heading

    # One kommun on one topic (a facet), from the Malmö archive, then back the way we came.
    page.goto("/kommun/malmo/")
    page.get_by_role("navigation", name="Ämnen i Malmö").get_by_role("link", name="Arbetsmiljö").click()
    expect(page).to_have_url(at("/kommun/malmo/etikett/arbetsmiljo/"))
    expect(page.locator("main article.entry")).to_have_count(2)
    page.go_back()
    expect(page).to_have_url(at("/kommun/malmo/"))
    page.go_back()
    expect(page).to_have_url(at("/kommun/ale/"))
    page.go_back()
    expect(page).to_have_url(at(article))
    page.go_back()
    expect(page).to_have_url(at(ARCHIVE + "sida/2/"))


def the_focus(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {
                text: (el.textContent || '').trim().replace(/\\s+/g, ' '),
                href: el.getAttribute('href'), tag: el.tagName.toLowerCase(),
                visible: box.width > 0 && box.height > 0,
                ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
            };
        }"""
    )
    return found


def tab_to(page: Page, text: str, limit: int = 80) -> list[dict[str, Any]]:
    """Press Tab until the focused element's text is `text`; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(the_focus(page))
        if stops[-1]["text"] == text:
            return stops
    raise AssertionError(f"never reached {text!r} with Tab; stops: {[s['text'] for s in stops]}")


def test_keyboard_only_through_an_archive(page: Page) -> None:
    page.goto(ARCHIVE)
    stops = tab_to(page, "Äldre inlägg →")
    assert stops[0]["text"] == "Hoppa till innehållet"
    assert all(s["visible"] and s["ring"] for s in stops), [s for s in stops if not s["ring"]]
    titles = [s["text"] for s in stops if s["href"] and re.match(r"^/20\d\d/", s["href"])]
    assert len(titles) >= 10  # every card's title is a stop on the way
    page.keyboard.press("Enter")
    expect(page).to_have_url(at(ARCHIVE + "sida/2/"))

    stops = tab_to(page, "Lätt att leva för socionomer i Ale")
    page.keyboard.press("Enter")
    expect(page).to_have_url(at("/2016/01/latt-att-leva-for-socionomer-i-ale/"))

    tab_to(page, "Ale")  # the kommun over the headline
    page.keyboard.press("Enter")
    expect(page).to_have_url(at("/kommun/ale/"))
    expect(page.locator("main h1")).to_have_text("Kommun: Ale")


def test_pager_labels_keep_the_space_before_their_arrows(page: Page) -> None:
    """"Äldre inlägg→" read as one word: the space between a label and its arrow shows."""
    page.goto(ARCHIVE + "sida/2/")
    newer = page.locator("a.pagination-newer span")
    page.goto(ARCHIVE)
    older = page.locator("a.pagination-older span")
    arrow, label = older.nth(1).bounding_box(), older.nth(0).bounding_box()
    assert arrow and label and arrow["x"] - (label["x"] + label["width"]) >= 4
    page.goto(ARCHIVE + "sida/2/")
    arrow, label = newer.nth(0).bounding_box(), newer.nth(1).bounding_box()
    assert arrow and label and label["x"] - (arrow["x"] + arrow["width"]) >= 4


def test_print_leaves_out_the_menus_and_spells_out_the_button(page: Page) -> None:
    """The print stylesheet: no menu, pager or footer on paper, and the call to action's
    address printed after its text."""
    page.goto("/2019/05/i-alingsas-samlas-verksamheten-runt-klienten/")
    page.emulate_media(media="print")
    for hidden in ("nav.site-nav", "footer.site-footer", "nav.article-nav"):
        expect(page.locator(hidden)).to_be_hidden()
    after = page.locator(".cta .button").evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert "https://www.alingsas.se" in after
    page.emulate_media(media="screen")
    expect(page.locator("nav.site-nav")).to_be_visible()


def test_dark_scheme_follows_the_system(page: Page) -> None:
    """prefers-color-scheme: dark gives light text on a dark page, and the other way round."""

    def colours() -> list[str]:
        found: list[str] = page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
        return found

    def luminance(css: str) -> float:
        r, g, b = (int(n) for n in re.findall(r"\d+", css)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    page.goto("/")
    page.emulate_media(color_scheme="light")
    background, text = colours()
    assert luminance(background) > 0.9 and luminance(text) < 0.2
    page.emulate_media(color_scheme="dark")
    background, text = colours()
    assert luminance(background) < 0.15 and luminance(text) > 0.8
