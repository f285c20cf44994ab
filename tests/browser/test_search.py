"""Search in a browser: the sample site built under a sub-path (/bilaga/) and served over
HTTP, with addresses from the root and with `relative_urls: true`; a word from one article
finds that article, and the kommun filter narrows a search.

What is expected is read from the sample site's own articles (which ones hold the word,
which are from the kommun), never written down here."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from sitegen.build import BuildOptions, build
from tests.browser.conftest import NOW, REPO, TIMEOUT_MS
from tests.browser.sites import QuietHandler, serve
from tests.browser.test_accessibility import AXE, GATED, axe_violations

PREFIX = "/bilaga"  # the site's base path, as on a host that serves it beside other things
SEARCH_MS = 15_000  # Pagefind loads its WebAssembly and index on the first search


class _UnderPrefix(QuietHandler):
    """Serves the built site at PREFIX/ and nothing at the server's root."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX + "/"):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path(path[len(PREFIX) :])


class _OneFilterLate(_UnderPrefix):
    """Serves the site as a slow phone network may: the first of Pagefind's filter files
    asked for at once, the search index's files SEARCH_S seconds late and the other filter
    files LATE_S seconds late, so that a search is done while one filter is loaded and the
    others are not."""

    SEARCH_S, LATE_S = 0.5, 3.0
    first: ClassVar[list[str]] = []  # the first filter file asked for, once asked
    lock = threading.Lock()

    def do_GET(self) -> None:
        if "/pagefind/filter/" in self.path:
            with self.lock:
                if not self.first:
                    self.first.append(self.path)
                late = self.path != self.first[0]
            if late:
                time.sleep(self.LATE_S)
        elif "/pagefind/index/" in self.path:
            time.sleep(self.SEARCH_S)
        super().do_GET()


@pytest.fixture(scope="module", params=["from the root", "relative"])
def output(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built for PREFIX, with addresses from the root or relative ones."""
    folder = tmp_path_factory.mktemp("search-site")
    root = REPO
    if request.param == "relative":  # the sample site's own copy, with relative_urls: true
        root = folder / "site"
        shutil.copytree(REPO / "content", root / "content")
        config = (REPO / "config.yaml").read_text(encoding="utf-8")
        (root / "config.yaml").write_text(config + "relative_urls: true\n", encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=folder / "public",
                       base_url=f"https://socionom.example.se{PREFIX}/"))  # fmt: skip
    return folder / "public"


@pytest.fixture(scope="module")
def site_url(output: Path) -> Iterator[str]:
    with serve(output, _UnderPrefix) as url:
        yield f"{url}{PREFIX}/"


def articles() -> list[tuple[dict[str, object], str]]:
    """(front matter, body) of every sample article (pages without a date left out)."""
    found = []
    for path in sorted((REPO / "content").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        if "date" in meta:  # articles; the pages of content/sidor/ are not searched
            found.append((meta, body))
    return found


def titles_holding(word: str, kommun: str | None = None) -> set[str]:
    return {str(meta["title"]) for meta, body in articles()
            if re.search(word, body, re.IGNORECASE) and kommun in (None, meta.get("kommun"))}  # fmt: skip


def search(page: Page, url: str, word: str) -> None:
    page.goto(url + "sok/")
    page.fill(".pagefind-ui__search-input", word)
    expect(page.locator(".pagefind-ui__message")).to_contain_text("träff", timeout=SEARCH_MS)


def open_kommun_filter(page: Page) -> None:
    """Opens the results' "Kommun" filter and waits for its options. Pagefind shows the
    filter once it has loaded the filter data, after the results, at its own pace: on a
    loaded machine (load average 10) more than TIMEOUT_MS, so each step waits for its
    condition as long as a search may take."""
    name = page.locator(".pagefind-ui__filter-name", has_text="Kommun")
    expect(name).to_be_visible(timeout=SEARCH_MS)
    name.click(timeout=SEARCH_MS)
    expect(page.get_by_label(re.compile(r"^Malmö"))).to_be_visible(timeout=SEARCH_MS)


def shown(page: Page) -> set[str]:
    """The titles of the results shown, after showing them all and waiting for each to
    load: Pagefind lists a result at once and fills in its title and link when it has
    loaded the result's data, which a loaded machine may take seconds over."""
    more = page.locator(".pagefind-ui__button")
    while more.count() and more.is_visible():
        more.click(timeout=SEARCH_MS)
    links = page.locator(".pagefind-ui__result-link")
    expect(links).to_have_count(page.locator(".pagefind-ui__result").count(), timeout=SEARCH_MS)
    return set(links.all_inner_texts())


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_a_word_from_one_article_finds_that_article(page: Page, site_url: str) -> None:
    expected = titles_holding("ambulanssjukvård")
    assert len(expected) == 1  # the sample site's one article about it
    search(page, site_url, "ambulanssjukvårdare")
    assert shown(page) == expected
    link = page.locator(".pagefind-ui__result-link").first
    assert link.get_attribute("href", timeout=TIMEOUT_MS).startswith(f"{PREFIX}/2017/")
    link.click()
    expect(page.locator("h1")).to_have_text(next(iter(expected)))


def test_the_kommun_filter_narrows_the_results(page: Page, site_url: str) -> None:
    everywhere, in_malmo = titles_holding("socialsekreterare"), titles_holding("socialsekreterare", "Malmö")
    assert len(everywhere) > len(in_malmo) > 0
    search(page, site_url, "socialsekreterare")
    assert shown(page) == everywhere
    open_kommun_filter(page)
    page.get_by_label(re.compile(r"^Malmö")).check()
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(len(in_malmo), timeout=SEARCH_MS)
    assert shown(page) == in_malmo
    tags = page.locator(".pagefind-ui__result-tag", has_text="Kommun:").all_inner_texts()
    assert tags and set(tags) == {"Kommun: Malmö"}  # each result shows its kommun


def test_without_javascript_the_search_page_offers_the_indexes(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "sok/")
    expect(page.locator(".search-nojs")).to_be_visible()
    page.get_by_role("link", name="Malmö").click()
    expect(page.locator("h1")).to_contain_text("Malmö")
    assert page.url.removesuffix("index.html").endswith(f"{PREFIX}/kommun/malmo/")
    context.close()


def test_every_filter_is_offered_when_the_first_search_beats_the_filter_files(browser: Browser, output: Path) -> None:
    """Pagefind's UI offers the filters its first search found loaded, and kept only
    "Etikett" when the "Kommun" file came later (a CI run, a slow phone); the search page
    loads every filter file as it opens and searches again once they have come."""
    _OneFilterLate.first.clear()
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    with serve(output, _OneFilterLate) as url:
        search(page, f"{url}{PREFIX}/", "socionom")
        names = page.locator(".pagefind-ui__filter-name")
        expect(names).to_have_count(2, timeout=SEARCH_MS)
        assert {name.strip().lower() for name in names.all_inner_texts()} == {"etikett", "kommun"}
        expect(page.get_by_role("textbox", name="Sök i artiklarna")).to_have_value("socionom")
        open_kommun_filter(page)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_and_its_results_are_accessible(browser: Browser, site_url: str, scheme: str, width: int) -> None:
    """With results and the filters shown, in either colour scheme: no serious axe-core
    violation (the dark scheme once left Pagefind's box white on white and its results at
    1.5:1), and the box has a name of its own (a placeholder is not a label)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,  # type: ignore[arg-type]
                                  locale="sv-SE")  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    search(page, site_url, "socionom")
    expect(page.get_by_role("textbox", name="Sök i artiklarna")).to_have_value("socionom")
    open_kommun_filter(page)  # the filters shown, all of them checked
    gated = [v for v in axe_violations(page, AXE.read_text(encoding="utf-8")) if v["impact"] in GATED]
    assert gated == [], json.dumps(gated, indent=1)
    context.close()


def test_opened_from_disk_the_search_page_says_it_needs_a_web_server(browser: Browser, tmp_path: Path) -> None:
    """With `relative_urls: true` the site works from file://, but a browser will not load
    Pagefind's index from disk: the page says so rather than searching for ever."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(config + "relative_urls: true\n", encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "public"))
    context = browser.new_context()
    page = context.new_page()
    page.goto((tmp_path / "public" / "sok" / "index.html").as_uri())
    expect(page.locator(".search-nojs")).to_contain_text("fungerar när webbplatsen visas från en webbserver")
    expect(page.locator(".pagefind-ui__search-input")).to_have_count(0)
    context.close()


def _contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two CSS colours given as rgb()/rgba() (alpha ignored)."""

    def luminance(css: str) -> float:
        channels = [int(n) / 255 for n in re.findall(r"[\d.]+", css)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_box_stands_apart_from_the_indexes_and_its_placeholder_reads(
    browser: Browser, site_url: str, scheme: str
) -> None:
    """The box once touched the "Etiketter" heading below it, and its placeholder, the box's
    only visible hint, was Pagefind's text at 20 % opacity (about 1.5:1)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(site_url + "sok/")
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible()
    gap = page.evaluate(
        """() => document.querySelector('.search-index h2').getBoundingClientRect().top
                 - document.querySelector('.pagefind-ui__form').getBoundingClientRect().bottom"""
    )
    assert gap >= 24, gap
    placeholder, opacity, background = box.evaluate(
        """el => [getComputedStyle(el, '::placeholder').color,
                  getComputedStyle(el, '::placeholder').opacity,
                  getComputedStyle(el).backgroundColor]"""
    )
    assert float(opacity) == 1
    assert _contrast(placeholder, background) >= 4.5, (placeholder, background)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_fields_edges_show_where_to_type_and_tick(browser: Browser, site_url: str, scheme: str) -> None:
    """WCAG 1.4.11 asks 3:1 of what shows a control: the search box's edge and the filters'
    checkboxes were drawn in the colour of the site's hairlines, 1.4:1, and so was the 404
    page's box. Each edge is measured against the page and against the field's own fill."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    edge = """el => [getComputedStyle(el).borderTopColor, getComputedStyle(el).backgroundColor,
                     getComputedStyle(document.body).backgroundColor]"""
    search(page, site_url, "socialsekreterare")
    open_kommun_filter(page)
    fields = {
        "search box": page.locator(".pagefind-ui__search-input").evaluate(edge),
        "checkbox": page.locator(".pagefind-ui__filter-checkbox").first.evaluate(edge),
    }
    page.goto(site_url + "404.html")
    fields["404 box"] = page.get_by_label("Sök bland artiklarna").evaluate(edge)
    for name, (line, fill, background) in fields.items():
        assert min(_contrast(line, fill), _contrast(line, background)) >= 3, (name, line, fill, background)
    context.close()


def test_the_results_wear_the_site_not_the_browser_defaults(page: Page, site_url: str) -> None:
    """Pagefind's UI without its reset styles once kept the browser's own frame round the
    filter panel (as tall as the results) and a bevelled "Rensa" button, and showed each
    result's title, a link, in the text colour; the title is in the colour of the site's
    other links to articles (the indexes below)."""
    search(page, site_url, "socialsekreterare")
    open_kommun_filter(page)
    panel = page.locator(".pagefind-ui__filter-panel")
    assert panel.evaluate("el => getComputedStyle(el).borderTopStyle") == "none"
    clear = page.locator(".pagefind-ui__search-clear")
    assert clear.evaluate("el => getComputedStyle(el).borderTopStyle") == "none"
    title = page.locator(".pagefind-ui__result-link").first
    expect(title).to_be_visible(timeout=SEARCH_MS)
    colour = title.evaluate("el => getComputedStyle(el).color")
    assert colour == page.locator(".search-index a").first.evaluate("el => getComputedStyle(el).color")


def test_the_404_pages_box_finds_the_article(page: Page, site_url: str) -> None:
    """A dead link's page: a word typed into its box and sent opens the search page with
    that word searched for, under the base path."""
    expected = titles_holding("ambulanssjukvård")
    page.goto(site_url + "404.html")
    page.get_by_label("Sök bland artiklarna").fill("ambulanssjukvårdare")
    page.get_by_label("Sök bland artiklarna").press("Enter")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("träff", timeout=SEARCH_MS)
    assert page.url.endswith(f"{PREFIX}/sok/?q=ambulanssjukv%C3%A5rdare")
    assert shown(page) == expected
