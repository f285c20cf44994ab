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
    assert not [f for f in out.rglob("*.html") if parse(f).select('meta[name="robots"]') and f.name != "404.html"]
    assert parse(out / "404.html").select_one('meta[name="robots"]')["content"] == "noindex"  # (not a page to index)


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


_URI = re.compile(r"(?:[A-Za-z0-9:/?#@!$&'()*+,;=._~-]|%[0-9A-Fa-f]{2})*")  # RFC 3986's characters


def _written_addresses(out: Path) -> dict[str, list[str]]:
    """Each HTML page's addresses as written (href, src, each srcset candidate, a refresh's)."""
    found = {}
    for path in out.rglob("*.html"):
        page = parse(path)
        values = [str(t["href"]) for t in page.select("[href]")] + [str(t["src"]) for t in page.select("[src]")]
        values += [c.strip().split(" ")[0] for t in page.select("[srcset]") for c in str(t["srcset"]).split(",")]
        values += [str(m["content"]).split("url=", 1)[1] for m in page.select("meta[http-equiv=refresh]")]
        found[path.relative_to(out).as_posix()] = values
    return found


ESCAPING = """{% extends "base.html" %}{% block content %}
<a id="a" href="{{ '/a b/' | url }}">a</a><a id="b" href="{{ '/g%C3%B6teborg/' | url }}">b</a>
<a id="c" href="{{ '/50%rabatt/' | url }}">c</a><a id="d" href="{{ 'https://x.se/a b/?q=å' | url }}">d</a>
<img id="e" src="{{ asset('bilder/min logga.png') }}" alt=""><a id="f" href="{{ 'https://x.se/a b' | absolute }}">f</a>
{% endblock %}
"""


def test_every_address_written_into_html_is_escaped_as_a_uri(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `{{ '/a b/' | url }}` wrote a raw space into an href (the
    `url` filter, `asset()`, a body's files, a base path with å and contact.web all wrote
    addresses as they were); now each is escaped as `uri()` escapes, once."""
    body = ("Se [filen](<min fil.pdf>), [Beta](beta.md#Kontakt%20oss) och <img src=\"logo en.gif\" alt=\"L\">.\n\n"
            "![Bild](<Åsa Öberg.gif>)")  # fmt: skip
    root = make_site({"2020/alfa.md": article("Alfa", "2020-03-01", body=body, aliases="[/gammal/]",
                                              cta='{text: Sök, url: "https://www.ale.se/jobb och karriär/"}',
                                              contact='{organisation: Ale, web: "https://www.ale.se/om oss/"}'),
                      "2020/beta.md": article("Beta", "2020-03-02"), "2020/min fil.pdf": "pdf",
                      "2020/logo en.gif": "", "2020/Åsa Öberg.gif": ""},
                     "title: T\nbase_url: https://example.se/bilagå/\n")  # fmt: skip
    (root / "layouts").mkdir()
    (root / "layouts/404.html").write_text(ESCAPING, encoding="utf-8")
    (root / "assets/bilder").mkdir(parents=True)
    (root / "assets/bilder/min logga.png").write_bytes(b"png")
    for relative in ("false", "true"):
        (root / "config.yaml").write_text(f"title: T\nbase_url: https://example.se/bilagå/\nrelative_urls: {relative}\n")
        build(root, "-o", str(tmp_path / relative))
        for page, values in _written_addresses(tmp_path / relative).items():
            assert [v for v in values if not _URI.fullmatch(v)] == [], page
    out = tmp_path / "false"
    missing = parse(out / "404.html")
    assert [missing.select_one(f"#{i}")["href"] for i in "abcdf"] == [
        "/bilag%C3%A5/a%20b/", "/bilag%C3%A5/g%C3%B6teborg/", "/bilag%C3%A5/50%25rabatt/",
        "https://x.se/a%20b/?q=%C3%A5", "https://x.se/a%20b"]  # fmt: skip
    assert missing.select_one("#e")["src"] == "/bilag%C3%A5/bilder/min%20logga.png"
    alfa = parse(out / "2020/03/alfa/index.html")
    hrefs = [a["href"] for a in alfa.select(".body a, .cta a, .contact-web a")]
    assert hrefs == ["/bilag%C3%A5/2020/min%20fil.pdf", "/bilag%C3%A5/2020/03/beta/#Kontakt%20oss",
                     "https://www.ale.se/jobb%20och%20karri%C3%A4r/", "https://www.ale.se/om%20oss/"]  # fmt: skip
    assert [img["src"] for img in alfa.select(".body img")] == ["/bilag%C3%A5/2020/logo%20en.gif",
                                                                "/bilag%C3%A5/2020/%C3%85sa%20%C3%96berg.gif"]  # fmt: skip
    # From disk, each relative address leads to a file that is there.
    here = tmp_path / "true/2020/03/alfa"
    for value in _written_addresses(tmp_path / "true")["2020/03/alfa/index.html"]:
        if not re.match(r"[a-z]+:|#", value):
            from urllib.parse import unquote

            assert (here / unquote(value.split("#")[0])).exists(), value


def test_check_links_finds_an_escaped_address_where_the_text_wrote_it(make_site) -> None:  # type: ignore[no-untyped-def]
    """The pages' addresses are %-escaped, the text's are as written: a broken link is still
    told at its line (found by this session: at the page instead, once hrefs were escaped)."""
    from conftest import told

    root = make_site({"2016/a.md": article("Ale", body="Se [w](/gammal sida/) nu.")},
                     "title: T\nbase_url: https://example.se/bilagå/\n")  # fmt: skip
    assert told(root, "--links", command="check") == (1, [
        "content/2016/a.md:5:8: error: /bilag%C3%A5/gammal%20sida/: no such page or file"])  # fmt: skip


def feed_sources(path: Path) -> list[str]:
    """Each href and src in the feed's entries, as a feed reader reads them: the XML parsed,
    then the entry's HTML parsed (its character references read)."""
    feed = ElementTree.parse(path).getroot()
    contents = "".join(c.text or "" for c in feed.iter(f"{ATOM}content"))
    return [str(t.get("href") or t.get("src")) for t in BeautifulSoup(contents, "html.parser").select("[href], [src]")]


def test_addresses_with_character_references_are_made_whole_as_the_text_they_stand_for(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by tests/test_fuzz.py: `![a](0'[x](` made the feed invalid XML (`0&amp#39;`),
    as an address was made whole as written (`0&#39;[x`: a '#' and a ';' to urljoin)
    rather than as the text it stands for. The whole kind: an address's `&`, quotes and a
    final `;` (which urljoin dropped), in the feed and in pages with relative_urls."""
    body = ("![a](0'[x](\n\n[Sök](/sok/?a=1&b=2) [Fil](/filer/a;) [Citat](/filer/o'brien.pdf)"
            ' [Q](/filer/"q".pdf)')
    files = {"2020/alfa.md": article("Alfa", "2020-03-01", body=body)}
    root = make_site(files, BILAGA)
    build(root)
    assert set(feed_sources(root / "public/feed.xml")) >= {
        "https://example.se/bilaga/2020/03/alfa/0'%5Bx", "https://example.se/bilaga/sok/?a=1&b=2",
        "https://example.se/bilaga/filer/a;", "https://example.se/bilaga/filer/o'brien.pdf",
        "https://example.se/bilaga/filer/%22q%22.pdf",
    }  # fmt: skip
    relative = make_site(files, BILAGA + "relative_urls: true\n")
    build(relative)
    page = parse(relative / "public/2020/03/alfa/index.html")
    assert {"../../../sok/index.html?a=1&b=2", "../../../filer/a;", "../../../filer/o'brien.pdf"} <= set(addresses(page))


def test_an_ampersand_before_a_name_in_an_address_is_read_as_a_browser_reads_it(make_site) -> None:  # type: ignore[no-untyped-def]
    """In an attribute, HTML reads `&region=vg` as it is written: `&reg` with a letter or
    '=' after it is no reference there (html.unescape, for text between tags, made it
    `®ion=vg`, an address that leads elsewhere). Raw HTML in double quotes (read by the
    post-pass's patterns) and in single quotes beside a comment (read by html.parser), in
    pages, the feed and with relative_urls; `&not/` is a reference there too."""
    body = ('<a href="/sok/?a=1&region=vg&section=2">A</a> <a href=\'/sok/?b=1&copy=2\'>B</a> <!-- x -->\n\n'
            '<a href="/sok/?c=1&not/">C</a> <a href="del/?d=1&para=2#x">D</a>')
    files = {"2020/alfa.md": article("Alfa", "2020-03-01", body=body)}
    root = make_site(files, BILAGA)
    build(root)
    page = (root / "public/2020/03/alfa/index.html").read_text()
    for written in ('href="/bilaga/sok/?a=1&amp;region=vg&amp;section=2"', 'href="/bilaga/sok/?b=1&amp;copy=2"',
                    'href="/bilaga/sok/?c=1%C2%AC/"'):  # fmt: skip
        assert written in page
    feed = ElementTree.parse(root / "public/feed.xml").getroot()
    contents = "".join(c.text or "" for c in feed.iter(f"{ATOM}content"))
    for written in ('href="https://example.se/bilaga/sok/?a=1&amp;region=vg&amp;section=2"',
                    'href="https://example.se/bilaga/sok/?b=1&amp;copy=2"',
                    'href="https://example.se/bilaga/2020/03/alfa/del/?d=1&amp;para=2#x"'):  # fmt: skip
        assert written in contents
    relative = make_site(files, BILAGA + "relative_urls: true\n")
    build(relative)
    assert 'href="../../../sok/index.html?a=1&amp;region=vg&amp;section=2"' in (relative / "public/2020/03/alfa/index.html").read_text()


def test_each_reader_of_a_tag_takes_an_ampersand_before_a_name_as_written() -> None:
    """The same rule where a body's tags are read one by one: a picture's attributes and
    the feed's resolution of relative addresses (`&para=2` is no '¶=2' in an attribute)."""
    from sitegen.output.fragments import rooted
    from sitegen.site.pictures import attributes
    from sitegen.urls import attribute_value

    assert attributes("<img src='a.jpg?x=1&region=2&amp;b=3' alt=x>")["src"] == "a.jpg?x=1&region=2&b=3"
    assert rooted('<a href="del/?d=1&para=2">D</a>', "/b/2016/01/ale/") == '<a href="/b/2016/01/ale/del/?d=1&amp;para=2">D</a>'
    assert [attribute_value(v) for v in ("&reg", "&reg;x", "&regx", "&reg=", "&reg/", "&#39;", "&amp")] == [
        "®", "®x", "&regx", "&reg=", "®/", "'", "&"]  # fmt: skip


def test_spaces_around_an_address_in_raw_html_are_dropped_as_a_browser_drops_them(make_site) -> None:  # type: ignore[no-untyped-def]
    """`<a href=" /om/">` leads to /om/ (the URL parser drops C0 controls and spaces around
    an address): it gets the base path as any address from the root, a link to an article's
    file is followed, and a relative one is resolved in the feed. They were left as written:
    /om/ on the host's root, a link to a .md file, `../02/` against the feed's address."""
    files = {"2020/alfa.md": article("Alfa", "2020-03-01", body='<a href=" /om/">Om</a> <a href="\t../2020/beta.md ">B</a>'
                                     ' <a href=" ../../02/">Feb</a>'),  # fmt: skip
             "2020/beta.md": article("Beta", "2020-03-02")}
    root = make_site(files, BILAGA)
    build(root)
    page = (root / "public/2020/03/alfa/index.html").read_text()
    assert 'href="/bilaga/om/"' in page and 'href="/bilaga/2020/03/beta/"' in page
    feed = ElementTree.parse(root / "public/feed.xml").getroot()
    contents = "".join(c.text or "" for c in feed.iter(f"{ATOM}content"))
    assert {'href="https://example.se/bilaga/om/"', 'href="https://example.se/bilaga/2020/02/"'} <= set(re.findall(r'href="[^"]*"', contents))
    relative = make_site(files, BILAGA + "relative_urls: true\n")
    build(relative)
    assert 'href="../../../om/index.html"' in (relative / "public/2020/03/alfa/index.html").read_text()
