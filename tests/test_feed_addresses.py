"""Every address in a feed is whole and leads where it does on the article's page: a feed
reader shows an entry away from the site, and resolves a relative address against the
feed's own (RFC 4287 §5), or not at all. Sites built into tmp_path; each feed parsed as a
reader parses it, the XML, then the entry's HTML."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from conftest import article

from sitegen.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.se/bilaga/"
PAGE = BASE + "2016/01/ale/"
# HTML's attributes that hold an address (and names ending so), as a reader loads or follows them.
_URL_ATTRIBUTE = re.compile(r"(?:^|[-:])(?:poster|action|formaction|cite|data|background|longdesc)$|(?:href|src|srcset)$")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]*)""", re.IGNORECASE)


def build(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1", "--base-url", BASE, *args])
    assert result.exit_code == 0, result.output


def addresses(html: Tag) -> list[tuple[str, str, str]]:
    """Each address `html` holds, as (tag, attribute, address): each candidate of a srcset,
    each url( of a style attribute or element, a refresh's target."""
    found = []
    for tag in html.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name == "style":
                found += [(tag.name, name, url) for url in _CSS_URL.findall(value)]
            elif name == "content" and str(tag.get("http-equiv", "")).lower() == "refresh":
                found.append((tag.name, name, value.split("url=", 1)[1]))
            elif name.endswith("srcset"):
                found += [(tag.name, name, candidate.split()[0]) for candidate in value.split(", ")]
            elif _URL_ATTRIBUTE.search(name):
                found.append((tag.name, name, value))
        if tag.name == "style":
            found += [(tag.name, "url(", url) for url in _CSS_URL.findall(tag.get_text())]
    return found


def entries(feed: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Each entry of the feed at `feed` by its link: the addresses of its content."""
    found = {}
    for entry in ElementTree.parse(feed).getroot().iter(f"{ATOM}entry"):
        link = next(e.get("href") for e in entry.iter(f"{ATOM}link") if e.get("rel") == "alternate")
        content = entry.find(f"{ATOM}content")
        assert link and content is not None and content.text
        found[link] = addresses(BeautifulSoup(content.text, "html.parser"))
    return found


# Raw HTML (markdown: {raw_html: allow}) with relative addresses in each place a reader
# loads or follows one, and what each leads to from the article's page.
RAW = """Brödtext.

<img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x" alt="a" longdesc="beskrivning.html">

<video poster="p.jpg" src="v.mp4"><source srcset="v.webm"><track src="sv.vtt"></video>

<picture><source srcset="c.webp 1x, ../d.webp 2x"><img src="c.jpg" alt="c"></picture>

<blockquote cite="kalla.html"><p>Citat</p></blockquote>

<object data="karta.svg"></object>

<audio src="ljud.mp3"></audio>

<p style="background: url('bg.png')">Text</p>

<form action="sok/"><button formaction="skicka/">Skicka</button></form>

<style>.x { background: url(rand.png) }</style>
"""
RESOLVED = {
    ("img", "src", "a.jpg"), ("img", "srcset", "a.jpg"), ("img", "srcset", "b.jpg"),
    ("img", "longdesc", "beskrivning.html"), ("video", "poster", "p.jpg"), ("video", "src", "v.mp4"),
    ("source", "srcset", "v.webm"), ("track", "src", "sv.vtt"), ("source", "srcset", "c.webp"),
    ("source", "srcset", "../d.webp"), ("img", "src", "c.jpg"), ("blockquote", "cite", "kalla.html"),
    ("object", "data", "karta.svg"), ("audio", "src", "ljud.mp3"), ("p", "style", "bg.png"),
    ("form", "action", "sok/"), ("button", "formaction", "skicka/"), ("style", "url(", "rand.png"),
}  # fmt: skip


def _whole(relative: str) -> str:
    return PAGE.removesuffix("ale/") + relative[3:] if relative.startswith("../") else PAGE + relative


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_every_relative_address_of_raw_html_is_whole_in_the_feeds(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: with raw_html: allow, a srcset's candidates, a poster,
    a cite, an object's data, a form's action and a style's url() stayed relative in the
    feeds' content (only href and src were resolved), so a feed reader looked for them
    beside feed.xml."""
    root = make_site({"2016/ale.md": article("Ale", tags="[Jobb]", body=RAW)},
                     f"title: T\nmarkdown: {{engine: {engine}, raw_html: allow}}\n")  # fmt: skip
    build(root)
    for feed in ("feed.xml", "etikett/jobb/feed.xml"):
        found = set(entries(root / "public" / feed)[PAGE])
        assert {(tag, name, _whole(url)) for tag, name, url in RESOLVED} <= found, feed
        assert [url for _, _, url in found if not url.startswith("https://")] == [], feed


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_every_relative_address_of_raw_html_leads_where_it_does_in_a_full_text_archive(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """The same, where an archive shows whole articles (`archive_full_text: true`): the
    tag's archive page is elsewhere than the article's, and its srcsets, posters, … led
    to files beside the archive."""
    root = make_site({"2016/ale.md": article("Ale", tags="[Jobb]", body=RAW)},
                     f"title: T\narchive_full_text: true\nmarkdown: {{engine: {engine}, raw_html: allow}}\n")  # fmt: skip
    build(root)
    archive = BeautifulSoup((root / "public/etikett/jobb/index.html").read_text(encoding="utf-8"), "html.parser")
    entry = archive.select_one("main article")
    assert entry is not None
    found = set(addresses(entry))
    assert {(tag, name, _whole(url).removeprefix("https://example.se")) for tag, name, url in RESOLVED} <= found


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_an_address_on_another_host_without_its_scheme_gets_the_sites_in_the_feeds(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `//cdn.se/x` (a link, an image, a srcset's candidate)
    stayed so in the feeds, which a reader showing an entry away from the site (or from
    a file) cannot resolve; on the page it is https://cdn.se/x, as the site is https."""
    body = ('Se [filmen](//cdn.se/film/) och ![bild](//cdn.se/bild.jpg).\n\n'
            '<img src="//cdn.se/a.jpg" srcset="//cdn.se/a.jpg 1x, b.jpg 2x" alt="a">\n')  # fmt: skip
    root = make_site({"2016/ale.md": article("Ale", body=body)},
                     f"title: T\nmarkdown: {{engine: {engine}, raw_html: allow}}\n")  # fmt: skip
    build(root)
    found = {url for _, _, url in entries(root / "public/feed.xml")[PAGE]}
    assert {"https://cdn.se/film/", "https://cdn.se/bild.jpg", "https://cdn.se/a.jpg", PAGE + "b.jpg"} <= found
    assert [url for url in found if not url.startswith("https://")] == []
    page = BeautifulSoup((root / "public/2016/01/ale/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one('.body a[href="//cdn.se/film/"]') is not None  # the page keeps it as written


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_an_empty_link_leads_to_the_article_in_the_feeds_and_a_full_text_archive(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `[Läs mer]()` is `<a href="">`, the page itself; in a
    feed a reader resolved it against feed.xml, and in an archive with whole articles it
    led to the archive. An empty image address is no image, and stays so."""
    body = '[Läs mer]() och <a href=" ">här</a>.\n\n<img src="" alt="tom">\n'
    root = make_site({"2016/ale.md": article("Ale", tags="[Jobb]", body=body)},
                     f"title: T\narchive_full_text: true\nmarkdown: {{engine: {engine}, raw_html: allow}}\n")  # fmt: skip
    build(root)
    found = entries(root / "public/feed.xml")[PAGE]
    assert [url for tag, _, url in found if tag == "a"][:2] == [PAGE, PAGE]
    assert ("img", "src", "") in found
    archive = BeautifulSoup((root / "public/etikett/jobb/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in archive.select("main article .body a")] == ["/bilaga/2016/01/ale/"] * 2


def test_a_scripts_attributes_are_no_addresses_in_the_feeds_or_a_full_text_archive(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: once every attribute named like a URL attribute was
    resolved, Alpine's `x-data`, Stimulus's `data-action` and Vue's `:src` were made
    addresses (`x-data="../../2016/01/ale/%7B%20open…"`) in an archive with whole
    articles, and the script stopped working there; lazy loading's data-src is one."""
    body = ('<div x-data="{ open: false }" data-action="click->meny#visa"><img :src="bild" ng-src="{{bild}}"'
            ' data-src="lazy.jpg" src="a.jpg" alt="a"><a v-bind:href="lank" href="b/">b</a></div>\n')  # fmt: skip
    root = make_site({"2016/ale.md": article("Ale", tags="[Jobb]", body=body)},
                     "title: T\narchive_full_text: true\nmarkdown: {raw_html: allow}\n")  # fmt: skip
    build(root)
    archive = BeautifulSoup((root / "public/etikett/jobb/index.html").read_text(encoding="utf-8"), "html.parser")
    feed = ElementTree.parse(root / "public/feed.xml").getroot().find(f"{ATOM}entry/{ATOM}content")
    assert feed is not None and feed.text
    for html, page in ((archive.select_one("main article"), "/bilaga/2016/01/ale/"),
                       (BeautifulSoup(feed.text, "html.parser"), PAGE)):  # fmt: skip
        assert html is not None
        div, img, a = html.select_one("div[x-data]"), html.select_one("img[alt=a]"), html.select_one("a[v-bind\\:href]")
        assert div is not None and img is not None and a is not None
        assert (div["x-data"], div["data-action"], img[":src"], img["ng-src"], a["v-bind:href"]) == (
            "{ open: false }", "click->meny#visa", "bild", "{{bild}}", "lank")  # fmt: skip
        assert (img["data-src"], img["src"], a["href"]) == (page + "lazy.jpg", page + "a.jpg", page + "b/")
