"""Accessibility as a gate, and what every kind of page must hold for every reader.

Every page kind (`sites.PAGE_KINDS`: the cover, archives, indexes, articles with and without
a photo, a full-text archive, 404) at 1280 and 390 px, in the light and the dark scheme:
axe-core (from npm, installed by .ci/run into tests/browser/node_modules) finds no serious or
critical violation, every id is unique, nothing scrolls sideways and the console stays free
of errors. Then at 320 px, the narrowest phone, nothing scrolls sideways either; and
aria-current marks the page and the section the reader is in, visibly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from sitegen.build import BuildOptions, build

from .sites import NOW, PAGE_KINDS, PageKind, build_sites, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 390}
GATED = {"serious", "critical"}


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The sample, photo and full-text sites, built once and each served: name → address."""
    folders = build_sites(tmp_path_factory.mktemp("a11y-sites"))
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(folder)) for name, folder in folders.items()}


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE}). Install it with "
            "`npm install --prefix tests/browser` (bash .ci/run does).",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


class Visit:
    """A page opened in a fresh context, with every console error and page error noted."""

    def __init__(self, browser: Browser, url: str, width: int, scheme: str) -> None:
        self.context: BrowserContext = browser.new_context(
            viewport={"width": width, "height": 800},
            color_scheme=scheme,  # type: ignore[arg-type]
            locale="sv-SE",
        )
        self.context.set_default_timeout(5_000)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")


@pytest.fixture
def visit(browser: Browser, sites: dict[str, str]) -> Iterator[Callable[..., Visit]]:
    visits: list[Visit] = []

    def open_page(kind: PageKind, width: int, scheme: str = "light") -> Visit:
        visits.append(Visit(browser, sites[kind.site] + kind.path, width, scheme))
        return visits[-1]

    yield open_page
    for opened in visits:
        opened.context.close()


def axe_violations(page: Page, axe: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page (all its default rules: WCAG 2.x A and AA and
    best practices), each with its id, impact, help text and up to five elements."""
    page.add_script_tag(content=axe)
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return found


def duplicate_ids(page: Page) -> list[str]:
    found: list[str] = page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll('[id]')) {
                seen.set(el.id, (seen.get(el.id) || 0) + 1);
            }
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
        }"""
    )
    return found


def sideways_overflow(page: Page) -> dict[str, Any] | None:
    """None when the page fits its viewport's width; else how wide it is and the widest
    elements sticking out (to say what to fix)."""
    found: dict[str, Any] | None = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scroll = document.documentElement.scrollWidth;
            if (scroll <= width) return null;
            const out = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 5)
                .map(el => `${el.tagName.toLowerCase()}.${el.className}`);
            return {width, scroll, out};
        }"""
    )
    return found


CASES = [
    pytest.param(kind, size, scheme, id=f"{kind.name}-{size}-{scheme}")
    for kind in PAGE_KINDS
    for size in WIDTHS
    for scheme in ("light", "dark")
]


@pytest.mark.parametrize(("kind", "size", "scheme"), CASES)
def test_every_page_kind_is_accessible(
    visit: Callable[..., Visit], axe_source: str, kind: PageKind, size: str, scheme: str
) -> None:
    opened = visit(kind, WIDTHS[size], scheme)
    page = opened.page
    expect(page.locator("main h1")).to_have_count(1)
    assert duplicate_ids(page) == [], f"{kind.path}: ids used more than once"
    assert sideways_overflow(page) is None, f"{kind.path} scrolls sideways"
    gated = [v for v in axe_violations(page, axe_source) if v["impact"] in GATED]
    assert gated == [], f"{kind.path} ({size}, {scheme}):\n" + json.dumps(gated, indent=1)
    assert opened.errors == [], opened.errors


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=[k.name for k in PAGE_KINDS])
def test_nothing_scrolls_sideways_at_320_px(visit: Callable[..., Visit], kind: PageKind) -> None:
    page = visit(kind, 320).page
    assert sideways_overflow(page) is None, f"{kind.path} scrolls sideways at 320 px"


@contextmanager
def _small_site(tmp_path: Path, config: str, fields: list[str]) -> Iterator[str]:
    """A site of one article per item of `fields` (a front matter line, or ""), dated 1, 2,
    … January 2016, built and served: its address."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text(config, encoding="utf-8")
    for day, line in enumerate(fields, 1):
        extra = f"{line}\n" if line else ""
        (root / "content" / f"{day}.md").write_text(
            f"---\ntitle: Artikel {day}\ndate: 2016-01-{day:02d}\n{extra}---\nText.\n", encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    with serve(tmp_path / "out") as url:
        yield url


def test_long_compound_words_wrap_in_the_term_indexes_at_320_px(browser: Browser, tmp_path: Path) -> None:
    """Swedish compounds are long: a tag index with "Biståndshandläggningsenheten" fits a
    320 px phone, its count of articles beside it, without scrolling sideways."""
    tags = ["Biståndshandläggningsenheten", "Missbruksbehandlingsverksamheten"]
    with _small_site(tmp_path, "title: Test\n", [f"tags: [{tag}]" for tag in tags]) as url:
        context = browser.new_context(viewport={"width": 320, "height": 800})
        page = context.new_page()
        page.goto(url + "/etikett/")
        assert sideways_overflow(page) is None
        expect(page.locator(".term-count").first).to_be_in_viewport(ratio=1)
        context.close()


def test_a_very_long_tag_wraps_in_its_pill_on_the_article_page_at_320_px(browser: Browser, tmp_path: Path) -> None:
    """Found by a helper session: a 55-letter one-word tag made the article page 523 px wide."""
    tag = "Socialförvaltningsutvecklingsprojektledningsgruppsmedlemmarnasarbetsmiljö"
    with _small_site(tmp_path, "title: Test\n", [f"tags: [{tag}, Jobb]"]) as url:
        context = browser.new_context(viewport={"width": 320, "height": 800})
        page = context.new_page()
        page.goto(url + "/2016/01/artikel-1/")
        assert sideways_overflow(page) is None
        context.close()


def test_the_pager_of_a_long_archive_is_one_row_on_a_360_px_phone(browser: Browser, tmp_path: Path) -> None:
    """1 … 8 9 10 11 12 … 20: every page number on one line, none left alone below."""
    with _small_site(tmp_path, "title: Test\nper_page: 1\n", [""] * 20) as url:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        page = context.new_page()
        page.goto(url + "/sida/10/")
        tops = page.evaluate("() => [...document.querySelectorAll('.pagination-pages li')]"
                             ".map(item => Math.round(item.getBoundingClientRect().top))")
        assert len(tops) == 9 and len(set(tops)) == 1, tops
        context.close()


def test_pages_work_without_javascript(browser: Browser, sites: dict[str, str]) -> None:
    """Every page kind is whole with JavaScript off: the same headings and links."""
    read = "() => [...document.querySelectorAll('main h1, main h2, main a')].map(e => e.textContent.trim())"  # noqa: E501
    for kind in PAGE_KINDS:
        seen = []
        for javascript in (True, False):
            context = browser.new_context(java_script_enabled=javascript)
            page = context.new_page()
            page.goto(sites[kind.site] + kind.path)
            seen.append(page.evaluate(read))
            context.close()
        assert seen[0] and seen[1] == seen[0], kind.path


# --- aria-current: where am I? ----------------------------------------------------------------


def menu_current(page: Page) -> dict[str, str]:
    """The main menu's links that carry aria-current: text → value."""
    found: dict[str, str] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            'nav[aria-label=Huvudmeny] a[aria-current]')].map(
            a => [a.textContent.trim(), a.getAttribute('aria-current')]))"""
    )
    return found


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", {"Start": "page"}),
        ("/sida/2/", {"Start": "true"}),
        ("/etikett/", {"Etiketter": "page"}),
        ("/etikett/socialforvaltning/", {"Etiketter": "true"}),
        ("/etikett/socialforvaltning/sida/2/", {"Etiketter": "true"}),
        ("/kommun/", {"Kommuner": "page"}),
        ("/kommun/malmo/", {"Kommuner": "true"}),
        ("/2016/01/latt-att-leva-for-socionomer-i-ale/", {}),
    ],
)
def test_menu_marks_the_page_and_the_section(
    page: Page, path: str, expected: dict[str, str]
) -> None:
    page.goto(path)
    assert menu_current(page) == expected


def test_current_page_and_section_look_different(page: Page) -> None:
    """aria-current is styled: the current page's and the section's menu links are
    underlined, the others are not; the pager's current number is filled."""
    page.goto("/etikett/socialforvaltning/")
    style = """el => { const s = getComputedStyle(el);
        return [s.borderBottomStyle, s.borderBottomColor, s.color, s.backgroundColor]; }"""
    menu = page.get_by_role("navigation", name="Huvudmeny")
    section = menu.get_by_role("link", name="Etiketter").evaluate(style)
    other = menu.get_by_role("link", name="Kommuner").evaluate(style)
    assert section != other and section[1] != "rgba(0, 0, 0, 0)", (section, other)
    pager = page.get_by_role("navigation", name="Sidor")
    current = pager.locator("[aria-current=page]").evaluate(style)
    number = pager.get_by_role("link", name="Sida 2", exact=True).evaluate(style)
    assert current[3] != number[3], "the current page number should be filled"

    page.goto("/etikett/")
    index = menu.get_by_role("link", name="Etiketter").evaluate(style)
    assert index != other and index != section  # the page itself differs from its section


def test_axe_finds_a_planted_fault(browser: Browser, axe_source: str) -> None:
    """The gate can fail: axe, injected as above, reports an image without alt text and an
    empty link as critical and serious."""
    page = browser.new_page()
    try:
        page.set_content('<html lang="sv"><title>x</title><main><h1>x</h1><img src="a.png">'
                         '<a href="/"></a></main></html>')  # fmt: skip
        found = {(v["id"], v["impact"]) for v in axe_violations(page, axe_source)}
        assert {("image-alt", "critical"), ("link-name", "serious")} <= found
    finally:
        page.close()
