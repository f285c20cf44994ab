"""Issue 10, cases 2 and 6: every address the site emits goes through one function that knows
the base path; `relative_urls: true` gives output that works from disk and under any path;
drafts and scheduled articles never reach the feed or the sitemap."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import article, parse

from sitegen.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BILAGA = "title: T\nbase_url: https://example.se/bilaga/\n"
FILES = {
    "2020/alfa.md": article("Alfa", "2020-03-01", body="Se [Beta](beta.md).", tags="[Jobb]"),
    "2020/beta.md": article("Beta", "2020-03-02", kommun="Ale"),
}


def build(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1", *args])
    assert result.exit_code == 0, result.output


def addresses(page: BeautifulSoup) -> list[str]:
    return [str(t.get("href") or t.get("src")) for t in page.select("[href], [src]")]


def feed_links(path: Path) -> list[str]:
    feed = ElementTree.parse(path).getroot()
    contents = "".join(c.text or "" for c in feed.iter(f"{ATOM}content"))
    return re.findall(r'(?:href|src)="([^"]*)"', contents)


def test_a_link_in_a_body_carries_the_base_path_on_the_page_and_in_the_feed(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(FILES, BILAGA)
    build(root)
    page = parse(root / "public/2020/03/alfa/index.html")
    assert page.select_one(".article-body a, article a[href*=beta]")["href"] == "/bilaga/2020/03/beta/"
    # the feed's entry is the whole article: its body's link, and its tag's, all absolute
    assert feed_links(root / "public/feed.xml") == [
        "https://example.se/bilaga/2020/03/beta/", "https://example.se/bilaga/etikett/jobb/",
    ]  # fmt: skip
    internal = [a for a in addresses(page) if "://" not in a and not a.startswith(("#", "tel:", "mailto:"))]
    assert internal and all(a.startswith("/bilaga/") for a in internal)


def test_relative_urls_work_from_disk_and_keep_feed_sitemap_and_canonical_absolute(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(FILES, BILAGA + "relative_urls: true\nper_page: 1\n")
    build(root)
    out = root / "public"
    checked = 0
    missing = parse(out / "404.html")  # shown at any address: links from the root
    assert missing.select_one("link[rel=stylesheet]")["href"].startswith("/bilaga/css/")
    for file in out.rglob("*.html"):
        if file.name == "404.html":
            continue
        page = parse(file)
        for href in addresses(page):
            if "://" in href or href.startswith(("#", "tel:", "mailto:")):
                continue
            assert not href.startswith("/"), (file, href)
            target = posixpath.normpath(posixpath.join(file.parent.as_posix(), href.split("#")[0]))
            assert Path(target).is_file(), (file, href)  # as file:// opens it: no folder index
            checked += 1
        canonical = page.select_one("link[rel=canonical]")
        if canonical is not None:
            assert canonical["href"].startswith("https://example.se/bilaga/")
    assert checked > 50
    alfa = parse(out / "2020/03/alfa/index.html")
    assert alfa.select_one("article a[href*=beta]")["href"] == "../beta/index.html"
    assert re.fullmatch(r"\.\./\.\./\.\./css/site\.[0-9a-f]{10}\.css", alfa.select_one("link[rel=stylesheet]")["href"])
    assert feed_links(out / "feed.xml") == [
        "https://example.se/bilaga/2020/03/beta/", "https://example.se/bilaga/etikett/jobb/",
    ]  # fmt: skip
    locs = [e.text for e in ElementTree.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert locs and all(loc and loc.startswith("https://example.se/bilaga/") for loc in locs)


def test_relative_urls_is_a_flag(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(FILES, "title: T\nrelative_urls: ja\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1 and "relative_urls: expected true or false" in result.output


DRAFTS = {
    "klar.md": article("Klar", "2020-01-01", tags="[Jobb]"),
    "utkast.md": article("Utkast", "2020-01-02", draft="true", tags="[Hemligt]"),
    "sen.md": article("Sen", "2030-01-01", tags="[Jobb]"),
}


def test_drafts_and_scheduled_articles_never_reach_the_feed_or_sitemap(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(DRAFTS)
    build(root, "--drafts", "--future")
    out = root / "public"
    assert (out / "2020/01/utkast/index.html").is_file() and (out / "2030/01/sen/index.html").is_file()
    titles = [e.text for e in ElementTree.parse(out / "feed.xml").getroot().iter(f"{ATOM}title")]
    assert titles == ["Test", "Klar"]
    # A preview's sitemap lists nothing (a helper session found it listing its noindex pages).
    assert list(ElementTree.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}url")) == []
    for file in out.rglob("*.html"):
        robots = parse(file).select('meta[name="robots"]')
        assert [m["content"] for m in robots] == ["noindex"], file


def test_a_term_of_drafts_or_scheduled_articles_alone_has_no_feed_in_a_preview(make_site) -> None:  # type: ignore[no-untyped-def]
    """Such a term's feed was empty, updated on 1 January 1970, and its archive linked it."""
    root = make_site(DRAFTS)
    build(root, "--drafts", "--future")
    out = root / "public"
    assert (out / "etikett/hemligt/index.html").is_file()  # the draft's term
    assert not (out / "etikett/hemligt/feed.xml").exists()
    archive = parse(out / "etikett/hemligt/index.html")
    assert not archive.select('a[href$="/hemligt/feed.xml"], link[href$="/hemligt/feed.xml"]')
    assert (out / "etikett/jobb/feed.xml").is_file()  # a published article's term keeps its feed
    assert len(parse(out / "etikett/jobb/index.html").select('[href$="/jobb/feed.xml"]')) == 2
    assert [e.text for e in ElementTree.parse(out / "feed.xml").getroot().iter(f"{ATOM}title")] == ["Test", "Klar"]


def test_a_published_build_is_indexed(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(DRAFTS)
    build(root)
    out = root / "public"
    assert not (out / "2020/01/utkast").exists()
    assert not [f for f in out.rglob("*.html") if parse(f).select('meta[name="robots"]')]


def test_a_feeds_updated_is_its_newest_entry_by_moment_not_by_text(make_site) -> None:  # type: ignore[no-untyped-def]
    """As text, 2016-07-01T10:30:00+02:00 (08:30 UTC) sorts after 2016-07-01T09:45:00+00:00."""
    root = make_site({"a.md": article("A", "2016-07-01T10:30:00+02:00"), "b.md": article("B", "2016-07-01T09:45:00+00:00")})
    build(root)
    feed = ElementTree.parse(root / "public/feed.xml").getroot()
    assert feed.find(f"{ATOM}updated").text == "2016-07-01T09:45:00+00:00"  # type: ignore[union-attr]


def test_a_feeds_entry_resolves_its_fragment_and_relative_links_against_the_article(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `#fn:1`, `#rubriken` and `../../../om-bilagan/` stayed as
    written, so a feed reader resolved them against feed.xml (RFC 4287)."""
    body = "## Rubriken\n\nSe [rubriken](#rubriken), en fotnot[^1] och [om](../../../om-bilagan/).\n\n[^1]: En not."
    root = make_site({"a.md": article("Ale", body=body)}, BILAGA)
    build(root)
    links = feed_links(root / "public/feed.xml")
    assert "https://example.se/bilaga/2016/01/ale/#rubriken" in links
    assert "https://example.se/bilaga/2016/01/ale/#fn:1" in links
    assert "https://example.se/bilaga/om-bilagan/" in links
    assert not [link for link in links if not link.startswith("https://")], links
    page = parse(root / "public/2016/01/ale/index.html")  # the page itself keeps them as written
    assert page.select_one('.body a[href="#rubriken"]') is not None


def test_a_feeds_entry_keeps_code_samples_and_prose_as_written(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `<a href="#kontakt">` in inline code, a fenced block's
    `<a href="../jobb/">` and 'href="sida.html"' in prose were resolved in the feed."""
    body = ('Skriv `<a href="#kontakt">` eller `<img src="bild.jpg">`.\n\nProsa: attributet href="sida.html" skrivs så.\n\n'
            '```\n<a href="../jobb/">\n```')  # fmt: skip
    root = make_site({"a.md": article("Ale", body=body)}, BILAGA)
    build(root)
    feed = ElementTree.parse(root / "public/feed.xml").getroot()
    content = "".join(c.text or "" for c in feed.iter(f"{ATOM}content"))
    page = parse(root / "public/2016/01/ale/index.html").select_one(".body")
    for written in ('<a href="#kontakt">', '<img src="bild.jpg">', 'href="sida.html"', '<a href="../jobb/">'):
        assert written in page.get_text() and written in BeautifulSoup(content, "html.parser").get_text(), written
