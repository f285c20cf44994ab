"""The magazine theme's rules, on small sites built into tmp_path and read back as HTML:
the cover, cards, the byline's credit, the call to action said once, kommun archives that do
not repeat their kommun, counts in words, and archive_full_text's heading outline and ids.
The body rewrites behind them (`sitegen/output/fragments.py`) are tested alone first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.content.engines import ENGINES
from sitegen.output import fragments
from sitegen.output.fragments import (
    nest_headings,
    rooted,
    scope_ids,
    without_final_link,
)
from tests.conftest import NOW, article, parse

CTA = '{text: "Sök jobb hos oss!", url: "https://www.alingsas.se"}'


# --- the rewrites ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "levels", "expected"),
    [
        ('<h2 id="a">A</h2><p>x</p>', 1, '<h3 id="a">A</h3><p>x</p>'),
        ("<h1>A</h1><H3>B</H3>", 2, "<h3>A</h3><h5>B</h5>"),
        ("<h5>A</h5><h6>B</h6>", 1, "<h6>A</h6><h6>B</h6>"),  # there is no <h7>
        ("<h2>A</h2>", 0, "<h2>A</h2>"),
        ("<pre><code>&lt;h2&gt;kod&lt;/h2&gt;</code></pre><hr>", 1,
         "<pre><code>&lt;h2&gt;kod&lt;/h2&gt;</code></pre><hr>"),
        ("<header><h2>A</h2></header>", 1, "<header><h3>A</h3></header>"),
    ],
)  # fmt: skip
def test_nest_headings(html: str, levels: int, expected: str) -> None:
    assert str(nest_headings(html, levels)) == expected


def test_scope_ids_prefixes_ids_and_the_links_to_them_only() -> None:
    html = (
        '<h2 id="kontakt">K</h2><p>Se <a href="#kontakt">ovan</a>, <a href="/x/#kontakt">där</a>'
        '<sup id="fnref:1"><a href="#fn:1">1</a></sup></p><li id="fn:1">Not.</li>'
    )
    assert str(scope_ids(html, "ale")) == (
        '<h2 id="ale-kontakt">K</h2><p>Se <a href="#ale-kontakt">ovan</a>, '
        '<a href="/x/#kontakt">där</a><sup id="ale-fnref:1"><a href="#ale-fn:1">1</a></sup>'
        '</p><li id="ale-fn:1">Not.</li>'
    )


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        ('<p>Text.</p>\n<p><a href="https://a.se">Sök här!</a></p>\n', "https://a.se",
         "<p>Text.</p>\n"),
        ('<p>Text.</p>\n<p><a href="https://a.se/">Sök</a></p>', "https://a.se", "<p>Text.</p>\n"),
        ('<p>Text.</p>\n<p><a href="https://a.se/?a=1&amp;b=2">Sök</a></p>',
         "https://a.se/?a=1&b=2", "<p>Text.</p>\n"),
        # compared as URIs: cmark escapes the href's letters, the CTA is written as typed
        ('<p>Text.</p>\n<p><a href="https://a.se/s%C3%B6ka">Sök</a></p>', "https://a.se/söka", "<p>Text.</p>\n"),
        # another address, a link inside a sentence, a link that is not last: all kept
        ('<p>Text.</p>\n<p><a href="https://b.se">Sök</a></p>', "https://a.se", None),
        ('<p>Läs <a href="https://a.se">här</a>.</p>', "https://a.se", None),
        ('<p><a href="https://a.se">Sök</a></p>\n<p>Slut.</p>', "https://a.se", None),
        # in bold or italics, or with emphasis inside (WordPress exports): dropped too
        ('<p>Text.</p>\n<p><strong><a href="https://a.se">Sök</a></strong></p>', "https://a.se",
         "<p>Text.</p>\n"),
        ('<p>Text.</p>\n<p><em><strong> <a href="https://a.se">Sök <em>här</em>!</a></strong></em></p>\n',
         "https://a.se", "<p>Text.</p>\n"),
        # emphasis around other words than the link's: a sentence, kept
        ('<p>Text.</p>\n<p><strong>Obs:</strong> <a href="https://a.se">Sök</a></p>', "https://a.se", None),
        ('<p>Text.</p>\n<p><strong><a href="https://a.se">Sök</a> nu</strong></p>', "https://a.se", None),
    ],
)  # fmt: skip
def test_without_final_link(html: str, url: str, expected: str | None) -> None:
    assert str(without_final_link(html, url)) == (html if expected is None else expected)


SITE = "https://bilaga.example.se/del/"


@pytest.mark.parametrize(
    ("href", "url", "dropped"),
    [
        # the site's own page, whole or from the root, its host in any case, its port written
        ("https://bilaga.example.se/del/jobb/", "/del/jobb/", True),
        ("https://BILAGA.example.se:443/del/jobb/", "/del/jobb/", True),
        ("//bilaga.example.se/del/jobb/", "/del/jobb/", True),
        ("/del/jobb/", "https://bilaga.example.se/del/jobb/", True),
        # http or https, a folder's index.html, a final '/', %-escapes in either case
        ("http://bilaga.example.se/del/jobb/", "https://bilaga.example.se/del/jobb/", True),
        ("/del/jobb/index.html", "/del/jobb/", True),
        ("https://bilaga.example.se/del/jobb/index.html", "/del/jobb", True),
        ("/del/jobb/s%c3%b6ka/", "/del/jobb/söka/", True),
        ("/del/%7Ejobb/", "/del/~jobb/", True),
        # relative to the article's page (/del/2016/01/a/)
        ("../../../jobb/", "/del/jobb/", True),
        # another host: http or https, its name's case, %-escapes are one; index.html is its own
        ("http://www.ale.se/jobb", "https://WWW.ale.se/jobb/", True),
        ("https://www.ale.se/s%C3%B6ka", "https://www.ale.se/s%c3%b6ka", True),
        ("https://www.ale.se/jobb/index.html", "https://www.ale.se/jobb/", False),
        # other pages: kept
        ("https://other.example.se/del/jobb/", "/del/jobb/", False),
        ("https://bilaga.example.se:8080/del/jobb/", "/del/jobb/", False),
        ("/del/jobb/?id=2", "/del/jobb/", False),
        ("/del/jobb/#ansok", "/del/jobb/", False),
        ("/del/jobb/andra/", "/del/jobb/", False),
        ("ftp://bilaga.example.se/del/jobb/", "/del/jobb/", False),
    ],
)  # fmt: skip
def test_a_final_link_naming_the_buttons_page_otherwise_is_dropped(href: str, url: str, dropped: bool) -> None:
    """Found by the last session: the final link was dropped only when written exactly as
    `cta.url`; `https://{host}/…` against `/…`, `index.html`, http against https, a
    lower-case escape each showed the button's link twice."""
    html = f'<p>Text.</p>\n<p><a href="{href}">Sök</a></p>\n'
    shown = str(without_final_link(html, url, SITE, "/del/2016/01/a/"))
    assert shown == ("<p>Text.</p>\n" if dropped else html)


@pytest.mark.parametrize(
    ("href", "url", "dropped"),
    [
        # '.' and '..' parts, in a whole address too (RFC 3986 §5.2.4), %2E as '.'
        ("https://bilaga.example.se/del/./jobb/", "/del/jobb/", True),
        ("https://www.ale.se/a/../jobb/", "https://www.ale.se/jobb/", True),
        ("/del/%2E/jobb/", "https://bilaga.example.se/del/jobb/", True),
        ("https://www.ale.se/jobb/.", "https://www.ale.se/jobb/", True),
        # a host with its final '.', the same name in DNS, on the site's host or another
        ("https://bilaga.example.se./del/jobb/", "/del/jobb/", True),
        ("https://WWW.ale.se./jobb/", "https://www.ale.se/jobb", True),
        # '//' on the site's own host: no page of it has an empty part; another host's may
        ("https://bilaga.example.se/del//jobb/", "/del/jobb/", True),
        ("https://www.ale.se//jobb/", "https://www.ale.se/jobb/", False),
        # only a folder may be written without its final '/': a file is another address
        ("/del/plan.pdf/", "/del/plan.pdf", False),
        ("https://www.ale.se/plan.pdf", "https://www.ale.se/plan.pdf/", False),
        ("/del/plan.pdf", "https://bilaga.example.se/del/plan.pdf", True),
        ("https://www.ale.se/jobb?id=2", "https://www.ale.se/jobb/?id=2", True),
    ],
)  # fmt: skip
def test_a_final_link_is_compared_by_dot_parts_host_dot_and_folder_slash(href: str, url: str, dropped: bool) -> None:
    """Found by a tester: `urls.page_key` left `.` parts in whole addresses and a host's
    final `.`, so the button's link was shown twice, and took `/x.pdf/` for `/x.pdf`,
    dropping a link to another address than the button's."""
    html = f'<p>Text.</p>\n<p><a href="{href}">Sök</a></p>\n'
    shown = str(without_final_link(html, url, SITE, "/del/2016/01/a/"))
    assert shown == ("<p>Text.</p>\n" if dropped else html)


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture
def magazine(make_site: Callable[..., Path], run_build: Callable[..., object], tmp_path: Path
             ) -> Callable[..., Path]:  # fmt: skip
    """Build a site of `files` (and `config`), and return its output folder."""

    def make(files: dict[str, str], config: str = "title: Test\nper_page: 10\n") -> Path:
        run_build(make_site(files, config))
        return tmp_path / "public"

    return make


def test_cover_leads_with_the_newest_article_then_cards(magazine: Callable[..., Path]) -> None:
    files = {f"{i}.md": article(f"Artikel {i}", date=f"2016-01-{10 + i}", kommun="Ale",
                                tags="[Barn och unga]" if i % 2 else "[Arbetsmiljö]")
             for i in range(1, 6)}  # fmt: skip
    out = magazine(files)
    home = parse(out / "index.html")
    lead = home.select_one("main article.card-featured")
    assert lead.h2.a.get_text() == "Artikel 5"
    assert [a.get_text() for a in home.select("main .cards article.card h2 a")] == [
        "Artikel 4", "Artikel 3", "Artikel 2", "Artikel 1"]  # fmt: skip
    assert home.h1.get_text() == "Senaste artiklarna"
    # Sections by topic: each tag with its newest three and a link to all of them.
    topics = {t.h3.get_text(): t for t in home.select("section.topic")}
    assert list(topics) == ["Barn och unga", "Arbetsmiljö"]  # 3 articles before 2
    assert [a.get_text() for a in topics["Barn och unga"].select("li a")] == [
        "Artikel 5", "Artikel 3", "Artikel 1"]  # fmt: skip
    assert topics["Barn och unga"].h3.a["href"] == "/etikett/barn-och-unga/"
    assert topics["Arbetsmiljö"].select_one(".topic-more") is None  # both already listed
    # An archive is a grid of cards, no lead story, no topics.
    tag = parse(out / "etikett/barn-och-unga/index.html")
    assert tag.select_one(".card-featured") is None and tag.select_one(".topics") is None
    assert len(tag.select("main .cards article.card")) == 3


def test_a_term_every_article_has_is_no_section(magazine: Callable[..., Path]) -> None:
    files = {f"{i}.md": article(f"A{i}", tags="[Socialförvaltning]") for i in range(3)}
    home = parse(magazine(files) / "index.html")
    assert home.select_one(".topics") is None


def test_card_and_article_without_a_photo_show_no_frame_and_no_credit(
    magazine: Callable[..., Path],
) -> None:
    fields = {"caption": "Tre socionomer.", "photographer": "Patrik B", "kommun": "Ale"}
    out = magazine({"ale.md": article("Ale", **fields)})
    page = parse(out / "2016/01/ale/index.html").main
    assert page.select_one("figure, img, .credit") is None
    assert "Foto" not in page.get_text() and "Tre socionomer" not in page.get_text()
    card = parse(out / "index.html").select_one("main article.card")
    assert "no-photo" in card["class"] and card.img is None


def test_the_call_to_action_is_said_once(magazine: Callable[..., Path]) -> None:
    body = "Text.\n\n[Sök jobb hos oss!](https://www.alingsas.se)\n"
    out = magazine({"a.md": article("Alingsås", body=body, cta=CTA)})
    main = parse(out / "2016/01/alingsas/index.html").main
    links = [a for a in main.find_all("a") if a["href"].startswith("https://www.alingsas.se")]
    assert [(a["class"], a.get_text()) for a in links] == [(["button"], "Sök jobb hos oss!")]
    assert main.select_one(".body").get_text().strip() == "Text."


@pytest.mark.parametrize("last", ["[Läs mer och ansök här!](https://www.alingsas.se)", "<https://www.alingsas.se>",
                                  "**[Sök jobb hos oss!](https://www.alingsas.se/)**", "_[Sök **jobb**](https://www.alingsas.se)_"])
def test_the_description_is_the_text_the_page_shows(magazine: Callable[..., Path], last: str) -> None:
    """Found by a tester: the final paragraph that only links to the button's address was
    not shown, but the description (and og:, twitter:) said it ("Text om Ale. Läs mer och
    ansök här!", or the bare address); one in bold, as WordPress exports it, was shown twice."""
    out = magazine({"a.md": article("Alingsås", body=f"Text om Alingsås.\n\n{last}\n", cta=CTA)})
    page = parse(out / "2016/01/alingsas/index.html")
    said = [page.find("meta", attrs={key: value})["content"] for key, value in
            (("name", "description"), ("property", "og:description"), ("name", "twitter:description"))]  # fmt: skip
    assert said == ["Text om Alingsås."] * 3
    assert page.main.select_one(".body").get_text().strip() == "Text om Alingsås."
    links = [a["class"] for a in page.main.find_all("a") if a["href"].startswith("https://www.alingsas.se")]
    assert links == [["button"]]


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("relative", ["false", "true"])
@pytest.mark.parametrize("url", ["/jobb/", "https://www.ale.se/jobb/söka"])
def test_a_final_link_to_the_buttons_address_is_dropped_under_a_base_path(
    magazine: Callable[..., Path], engine_name: str, relative: str, url: str
) -> None:
    """Found by a tester: under `base_url: …/bilaga/`, a final link to a CTA that is a site
    path (`/jobb/`, a page) stayed beside the button and in the description ("Text om jobb.
    Sök jobbet"): the body's link, resolved, leads to `/bilaga/jobb/`, and was compared
    with `cta.url` as written. Both are compared as the page writes them."""
    files = {"a.md": article("Jobbet", body=f"Text om jobb.\n\n[Sök jobbet]({url})", cta=f'{{text: "Sök jobbet", url: "{url}"}}'),
             "sidor/jobb.md": "---\ntitle: Jobb\nslug: jobb\n---\nJobbsidan.\n"}  # fmt: skip
    config = (f"title: Test\nbase_url: https://test.example.se/bilaga/\nrelative_urls: {relative}\n"
              f"markdown: {{engine: {engine_name}}}\n")  # fmt: skip
    page = parse(magazine(files, config) / "2016/01/jobbet/index.html")
    assert page.find("meta", attrs={"name": "description"})["content"] == "Text om jobb."
    assert page.main.select_one(".body").get_text().strip() == "Text om jobb."
    assert [a["class"] for a in page.main.find_all("a") if a.get_text() == "Sök jobbet"] == [["button"]]


@pytest.mark.parametrize(
    ("href", "url"),
    [("https://test.example.se/bilaga/jobb/", "/jobb/"), ("/jobb/index.html", "https://test.example.se/bilaga/jobb/"),
     ("http://test.example.se/bilaga/jobb", "/jobb/")],
)  # fmt: skip
def test_a_final_link_to_the_buttons_page_written_otherwise_is_dropped(
    magazine: Callable[..., Path], href: str, url: str
) -> None:
    """A final link naming the button's page in another spelling than `cta.url` (whole on
    base_url's host against from the site's root, `index.html`, http) is not shown twice."""
    files = {"a.md": article("Jobbet", body=f"Text om jobb.\n\n[Sök jobbet]({href})", cta=f'{{text: "Sök jobbet", url: "{url}"}}'),
             "sidor/jobb.md": "---\ntitle: Jobb\nslug: jobb\n---\nJobbsidan.\n"}  # fmt: skip
    page = parse(magazine(files, "title: Test\nbase_url: https://test.example.se/bilaga/\n") / "2016/01/jobbet/index.html")
    assert page.main.select_one(".body").get_text().strip() == "Text om jobb."
    assert [a["class"] for a in page.main.find_all("a") if a.get_text() == "Sök jobbet"] == [["button"]]


def test_kommun_archive_does_not_repeat_its_kommun(magazine: Callable[..., Path]) -> None:
    files = {"a.md": article("A", kommun="Malmö"), "b.md": article("B", kommun="Malmö"),
             "c.md": article("C", kommun="Ale")}  # fmt: skip
    out = magazine(files)
    malmo = parse(out / "kommun/malmo/index.html")
    assert len(malmo.select("main article.card")) == 2
    assert malmo.select("main article.card .place") == []
    assert "Malmö" not in " ".join(m.get_text() for m in malmo.select("main .card .meta"))
    home = parse(out / "index.html")  # elsewhere each card names its kommun
    places = [p.get_text() for p in home.select("main article.card .place")]
    assert Counter(places) == Counter({"Malmö": 2, "Ale": 1})


def test_term_index_counts_in_words(magazine: Callable[..., Path]) -> None:
    files = {"a.md": article("A", kommun="Malmö", tags="[X, Y]"), "b.md": article("B", tags="[X]")}
    out = magazine(files)
    assert parse(out / "etikett/index.html").select_one(".archive-count").get_text() == (
        "2 etiketter"
    )
    kommuner = parse(out / "kommun/index.html")  # one kommun: no "1 kommuner"
    assert kommuner.select_one(".archive-count") is None
    assert " ".join(kommuner.select_one(".term-list li").get_text().split()) == "Malmö 1 artikel"


FULL_TEXT = "title: Test\nper_page: 10\narchive_full_text: true\n"


def test_full_text_archive_nests_headings_and_keeps_ids_unique(
    magazine: Callable[..., Path],
) -> None:
    body = "Text[^1].\n\n## Kontakt\n\n### Mer\n\nSe [kontakt](#kontakt).\n\n[^1]: Not.\n"
    fields = {"factbox": "{title: Fakta, text: Fem.}", "contact": "{organisation: Ale kommun}"}
    files = {"a.md": article("Ale", body=body, **fields), "b.md": article("Borås", body=body)}
    out = magazine(files, FULL_TEXT)
    home = parse(out / "index.html")
    outline = [(h.name, h.get_text(" ", strip=True)) for h in home.main.find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6"])]  # fmt: skip
    assert outline == [
        ("h1", "Senaste artiklarna"),
        ("h2", "Ale"), ("h3", "Kontakt"), ("h4", "Mer"), ("h3", "Fakta"), ("h3", "Kontakt"),
        ("h2", "Borås"), ("h3", "Kontakt"), ("h4", "Mer"),
    ]  # fmt: skip
    ids = [tag["id"] for tag in home.find_all(id=True)]
    assert len(ids) == len(set(ids)), Counter(ids).most_common(3)
    own = {a["href"] for a in home.main.select('.body a[href^="#"]')}
    assert own <= {f"#{i}" for i in ids}  # every link inside a body still finds its target
    assert "#ale-kontakt" in own and "#boras-kontakt" in own
    # The article's own page is unchanged: its subheadings are h2 under its h1 (the id
    # `kontakt` is its contact card's).
    page = parse(out / "2016/01/ale/index.html")
    assert page.select_one(".body h2")["id"] == "kontakt_1"
    assert page.select_one("#kontakt")["class"] == ["contact"]


@pytest.mark.parametrize("base_url", ["https://example.se/bilaga/", "https://example.se/"])
def test_full_text_archive_leads_a_bodys_relative_addresses_where_its_page_does(
    magazine: Callable[..., Path], base_url: str
) -> None:
    """Found by a helper session: with archive_full_text, a body's relative link
    (`../../../om-bilagan/`, written for the article's page) was resolved against the
    archive's page: from /bilaga/ it led to /om-bilagan/, outside the site, and from
    /etikett/x/sida/2/ to /etikett/om-bilagan/; a relative image and a query alike."""
    body = "Läs [om bilagan](../../../om-bilagan/), [sidan 2](?sida=2) och ![x](saknas.jpg)[^1].\n\n[^1]: Not.\n"
    files = {f"{n}.md": article(f"Artikel {n}", f"2016-01-{n:02d}", body=body, tags="[Jobb]", kommun="Ale")
             for n in range(1, 13)}
    files["sidor/om-bilagan.md"] = article("Om bilagan")
    out = magazine(files, f"title: Test\nper_page: 10\narchive_full_text: true\nbase_url: {base_url}\n")
    base = base_url.removeprefix("https://example.se").rstrip("/")
    for where in ("index.html", "etikett/jobb/sida/2/index.html", "kommun/ale/index.html"):
        entry = parse(out / where).main.select(".entry .body")[-1]
        one = {a.get_text(): a["href"] for a in entry.select("a")}
        assert one["om bilagan"] == f"{base}/om-bilagan/", where
        assert one["sidan 2"].endswith("?sida=2") and one["sidan 2"].startswith(f"{base}/2016/01/artikel-"), where
        assert entry.select_one("img")["src"].startswith(f"{base}/2016/01/artikel-"), where
        assert one["1"].startswith("#artikel-"), where  # a footnote stays on the archive's page
        assert entry.select_one(f'[id="{one["1"][1:]}"]') is not None, where
    page = parse(out / "2016/01/artikel-1/index.html").main.select_one(".body")
    assert {a.get_text(): a["href"] for a in page.select("a")}["om bilagan"] == "../../../om-bilagan/"


def test_once_tells_two_macros_of_the_same_name_apart(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`once(view, macro)` keeps a result per view and macro object: a site's own macro
    named `content` (as the theme's feed macro is) gets its own HTML in its own pages, and
    the output is the same whichever page renders first, in one process or two."""
    root = make_site({f"{n}.md": article(f"Artikel {n}", f"2016-01-{n:02d}") for n in range(1, 13)})
    (root / "layouts" / "partials").mkdir(parents=True)
    (root / "layouts" / "partials" / "cards.html").write_text(
        '{% macro content(entry) %}<div class="card">{{ entry.title }}</div>{% endmacro %}\n', encoding="utf-8")
    (root / "layouts" / "list.html").write_text(
        '{% import "partials/cards.html" as cards %}<title>{{ page.title }}</title>\n'
        "{% for entry in entries %}{{ once(entry, cards.content) }}{% endfor %}\n", encoding="utf-8")  # fmt: skip
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}"
        build(BuildOptions(root=root, now=NOW, output=out, jobs=jobs, use_cache=False))
        outputs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert outputs[1] == outputs[2]
    feed, home = outputs[1]["feed.xml"].decode(), outputs[1]["index.html"].decode()
    assert "card" not in feed and "Brödtext." in feed  # the feed's entries: the articles, escaped
    assert '<div class="card">Artikel 12</div>' in home


def test_each_archive_has_its_own_description_and_shows_its_feed(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An archive's description names it (search engines ask one per page), and the feed
    of a term's archive is a visible link, not only a <link> in the head that browsers no
    longer show; the cover keeps the site's own description and the site's feed."""
    root = make_site({"a.md": article("Ale", tags="[Socialförvaltning, Öppenvård]", kommun="Ale"),
                      "b.md": article("Borås", "2016-01-21")},
                     config="title: T\ndescription: Om socialt arbete.\nper_page: 1\n")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    described = {}
    for path in ("index.html", "sida/2/index.html", "etikett/oppenvard/index.html", "kommun/ale/index.html",
                 "etikett/index.html"):
        page = parse(tmp_path / "out" / path)
        described[path] = page.select_one('meta[name="description"]')["content"]
        feed = page.select_one(".archive-feed a")
        if path.startswith(("etikett/", "kommun/")) and path.count("/") == 2:  # a term's archive
            assert feed is not None and feed["href"] == "/" + path.replace("index.html", "feed.xml")
            term = page.select_one("h1").get_text().split(": ", 1)[1]  # "Kommun: Ale"
            assert feed.get_text() == f"Följ {term} via flöde (Atom)"
        else:
            assert feed is None
    assert described == {
        "index.html": "Om socialt arbete.",
        "sida/2/index.html": "Senaste artiklarna – Sida 2 – Om socialt arbete.",
        "etikett/oppenvard/index.html": "Etikettarkiv: Öppenvård – Om socialt arbete.",
        "kommun/ale/index.html": "Kommun: Ale – Om socialt arbete.",
        "etikett/index.html": "Etiketter – Om socialt arbete.",
    }


def test_a_table_scrolls_in_a_region_the_keyboard_can_reach(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A table wider than a phone scrolls sideways; Safari lets the keyboard reach a
    scrolling box only when it is focusable: each table of a body is in a named region
    with tabindex, on the page and in the feed, and nothing else is wrapped."""
    table = "| Enhet | Socionomer |\n| --- | --- |\n| Försörjningsstöd | 12 |\n"
    root = make_site({"a.md": article("Ale", body=f"Text.\n\n{table}\nMer text med `<table>`."),
                      "b.md": article("Borås", "2016-01-21", body=f"{table}\nText.\n\n{table}")})  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    body = parse(tmp_path / "out/2016/01/ale/index.html").select_one(".body")
    regions = body.select("div.table-scroll")
    assert len(regions) == 1 and regions[0]["tabindex"] == "0" and regions[0]["role"] == "region"
    assert regions[0]["aria-label"] == "Tabell" and regions[0].find("table").find("td").get_text() == "Försörjningsstöd"
    two = parse(tmp_path / "out/2016/01/boras/index.html").select(".body div.table-scroll")
    assert [region["aria-label"] for region in two] == ["Tabell 1", "Tabell 2"]  # regions told apart (axe: landmark-unique)
    assert body.find("code").get_text() == "<table>"  # text about tables is not a table
    assert "table-scroll" in (tmp_path / "out/feed.xml").read_text(encoding="utf-8")


def test_an_email_address_breaks_between_its_parts_not_inside_a_word(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In the narrow contact card a long address broke as '…goteborg.s' / 'e': it now offers
    a break before each '@' and '.', and reads (and links) as it is written."""
    contact = '{organisation: Göteborgs Stad, people: [{name: Jessica Svanström, email: jessica.svanstrom@ostra.goteborg.se}]}'
    root = make_site({"a.md": article("Ale", contact=contact)})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    link = parse(tmp_path / "out/2016/01/ale/index.html").select_one('.contact a[href^="mailto:"]')
    assert link["href"] == "mailto:jessica.svanstrom@ostra.goteborg.se"
    assert link.get_text() == "jessica.svanstrom@ostra.goteborg.se"
    assert str(link).count("<wbr/>") == 4


def test_an_archive_without_the_sites_description_is_described_by_its_title(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", kommun="Ale")})  # config.yaml without description
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert parse(tmp_path / "out/kommun/ale/index.html").select_one('meta[name="description"]')["content"] == "Kommun: Ale"
    assert parse(tmp_path / "out/index.html").select_one('meta[name="description"]') is None  # nothing to say


def test_phone_numbers_are_dialled_as_read_without_libphonenumber_at_render(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each phone number's tel: address is worked out once, when the article is read
    (`contact.tel`, `person.tel`), so rendering a page (as a build after a body edit does,
    from the saved plan) needs no libphonenumber: importing it was a tenth of such a build."""
    contact = ('{organisation: Ale kommun, phone: "0303-33 00 00", people: [{name: Anna, phone: "+46 (0)31-365 34 85 ankn. 12"},'
               ' {name: Bo, phone: "1177"}, {name: Cia}]}')  # fmt: skip
    root = make_site({"a.md": article("Ale", contact=contact)})
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    links = [a["href"] for a in parse(out / "2016/01/ale/index.html").select('.contact a[href^="tel:"]')]
    assert links == ["tel:+46303330000", "tel:+46313653485;ext=12", "tel:1177;phone-context=+46"]

    def refuse(text: str) -> None:
        raise AssertionError(f"dialled {text!r} while rendering")

    monkeypatch.setattr("sitegen.output.render.phone_uri", refuse)
    monkeypatch.setattr("sitegen.content.validate.phone_uri", refuse)
    # Rendered again from what was read (the cache's readings), with no number dialled.
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "again", jobs=1))
    assert [a["href"] for a in parse(tmp_path / "again/2016/01/ale/index.html").select('.contact a[href^="tel:"]')] == links


@given(st.lists(st.sampled_from(["=", " ", "\n", "\u2028", "\xa0", '"', "'", "/", "//", "#", ",", "1x", "href", "HREF",
                                 "Src", "\u017frc", "\u212a:", "x:", "h", "a", "<a ", "<img ", ">", "http:", "srcset",
                                 "poster", "data-src", "Cite", "action", "style", "url(", "URL(", "(", ")",
                                 "http-equiv", "refresh", "content", "0;"]),
                max_size=16).map("".join), st.booleans())  # fmt: skip
def test_rooted_reads_every_tag_that_holds_an_address_it_resolves(text: str, fragments_too: bool) -> None:
    """`rooted` reads only the tags near a place `_NEAR_RELATIVE` finds, a speed-up: it
    must change what reading every tag changes."""
    page = "https://x.se/bilaga/2016/01/ale/"
    with patch.object(fragments, "_NEAR_RELATIVE", ()):
        everywhere = rooted(text, page, fragments_too)
    assert rooted(text, page, fragments_too) == everywhere


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="#fn:1">1</a>', '<a href="/bilaga/2016/01/ale/#fn:1">1</a>'),
        ("<img SRC = 'bild.jpg'>", "<img SRC = '/bilaga/2016/01/ale/bild.jpg'>"),
        # Each way a name may meet its '=' (found from the character before it).
        ('<img alt="" src="bild.jpg">', '<img alt="" src="/bilaga/2016/01/ale/bild.jpg">'),
        ("<a class=x HREF=sida.html>", "<a class=x HREF=/bilaga/2016/01/ale/sida.html>"),
        ('<a href\t="#a">', '<a href\t="/bilaga/2016/01/ale/#a">'),
        ('<a\nhref=../../om/>Om</a>', '<a\nhref=/bilaga/2016/om/>Om</a>'),
        ('<a href="/x/">x</a> <a href="https://ale.se/">Ale</a> a = b', None),  # nothing to resolve
        ('<p>href=x src = "y"</p>', None),  # not in a tag: text
        ('<a href=" ../../om/">Om</a>', '<a href="/bilaga/2016/om/">Om</a>'),  # spaces a browser drops
        ('<a href="\n#fn:1">1</a>', '<a href="/bilaga/2016/01/ale/#fn:1">1</a>'),
    ],
)
def test_rooted_resolves_fragments_and_relative_addresses_in_tags(html: str, expected: str | None) -> None:
    assert rooted(html, "/bilaga/2016/01/ale/") == (html if expected is None else expected)
