"""A '\\' in an address of an article's body, as an editor on Windows writes a path
(`![Foto](bilder\\ale.jpg)`, `[PDF](..\\filer\\a.pdf)`), is read as browsers read it
(WHATWG URL: a '/' in an http(s) or relative address, itself in `mailto:` and other
schemes), on the page, in the feeds, under a base path and with relative_urls, with both
engines; the files it names are found, and the editor is told to write '/'. Sites built
into tmp_path, the HTML and the feeds parsed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import article, parse, told
from test_images import picture_bytes

from sitegen.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.se/bilaga/"
ENGINES = ["python-markdown", "commonmark"]
BODY = r"""Text.

![Foto](bilder\ale.jpg)

[PDF](..\filer\a.pdf), [från roten](/filer\a.pdf), [Åmål](..\2017\amal.md#kontakt),
[jobb](https://ale.se\jobb\x?q=a\b), [mejla](mailto:kommun@ale.se?subject=a\b)

<a href="\\cdn.se\film">cdn</a>

<video src="film\ale.mp4" poster="bilder\ale.jpg"></video>
"""


def site(make_site, engine: str, settings: str = ""):  # type: ignore[no-untyped-def]
    """A site with BODY in content/2016/ale.md, its photo in content/2016/bilder/, a PDF in
    content/filer/ and the article it links to in content/2017/."""
    root = make_site({"2016/ale.md": article("Ale", tags="[Jobb]", body=BODY),
                      "2017/amal.md": article("Åmål", "2017-01-10"), "filer/a.pdf": "%PDF-1.4\n"},
                     f"title: T\nmarkdown: {{engine: {engine}, raw_html: allow}}\n{settings}")  # fmt: skip
    (root / "content/2016/bilder/ale.jpg").parent.mkdir()
    (root / "content/2016/bilder/ale.jpg").write_bytes(picture_bytes(1200, 800))
    return root


def build(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1", "--base-url", BASE, *args])
    assert result.exit_code == 0, result.output
    return result.output


def links(html: BeautifulSoup) -> dict[str, str]:
    """Each link's href by its text."""
    return {a.get_text(): a.get("href") for a in html.find_all("a")}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_backslash_is_read_as_a_slash_on_the_page_under_a_base_path(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Before, Python-Markdown's page kept bilder\\ale.jpg (no photo found, no variants),
    cmark's wrote bilder%5Cale.jpg, which browsers ask for as a name with a '\\' in it (404);
    /filer\\a.pdf became /bilaga/filer%5Ca.pdf (404), and ..\\2017\\amal.md lost its href,
    as a link to an article that does not exist."""
    root = site(make_site, engine)
    build(root)
    body = parse(root / "public/2016/01/ale/index.html").select_one(".body")
    img = body.select_one("picture img")  # found, and shown in its variants
    assert img is not None and img["src"].startswith("/bilaga/img/") and img["alt"] == "Foto"
    assert (root / "public" / img["src"].removeprefix("/bilaga/")).is_file()
    found = links(body)
    assert found["PDF"] == found["från roten"] == "/bilaga/filer/a.pdf"
    assert (root / "public/filer/a.pdf").is_file()
    assert found["Åmål"] == "/bilaga/2017/01/amal/#kontakt"
    assert found["jobb"] == "https://ale.se/jobb/x?q=a\\b"  # the query's '\' is itself
    assert found["cdn"] == "//cdn.se/film"
    assert unquote(found["mejla"]) == "mailto:kommun@ale.se?subject=a\\b"  # not http(s): as written
    video = body.select_one("video")
    assert (video["src"], video["poster"]) == ("film/ale.mp4", "bilder/ale.jpg")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_backslash_is_read_as_a_slash_in_the_feeds(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Before, a feed resolved bilder\\ale.jpg against the article's address as a name:
    https://example.se/bilaga/2016/01/ale/bilder%5Cale.jpg, and \\\\cdn.se\\film as
    …/2016/01/ale/%5C%5Ccdn.se%5Cfilm, where the page leads to https://cdn.se/film."""
    root = site(make_site, engine)
    build(root)
    for feed in ("feed.xml", "etikett/jobb/feed.xml"):
        entry = next(e for e in ElementTree.parse(root / "public" / feed).getroot().iter(f"{ATOM}entry")
                     if e.find(f"{ATOM}link[@rel='alternate'][@href='{BASE}2016/01/ale/']") is not None)  # fmt: skip
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.text
        html = BeautifulSoup(content.text, "html.parser")
        found = links(html)
        assert found["PDF"] == found["från roten"] == BASE + "filer/a.pdf"
        assert found["Åmål"] == BASE + "2017/01/amal/#kontakt"
        assert found["cdn"] == "https://cdn.se/film"
        video = html.select_one("video")
        assert video is not None
        assert (video["src"], video["poster"]) == (BASE + "2016/01/ale/film/ale.mp4", BASE + "2016/01/ale/bilder/ale.jpg")
        assert html.select_one("picture img")["src"].startswith(BASE + "img/")  # type: ignore[index]
        assert "%5C" not in content.text.replace("subject=a%5Cb", ""), feed


@pytest.mark.parametrize("engine", ENGINES)
def test_a_backslash_is_read_as_a_slash_with_relative_urls_and_in_a_full_text_archive(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """With relative_urls the addresses work from disk; an archive with whole articles
    resolves the article's relative ones against its address, and found ..\\filer\\a.pdf
    as a name beside the archive before."""
    root = site(make_site, engine, "relative_urls: true\narchive_full_text: true\n")
    build(root)
    found = links(parse(root / "public/2016/01/ale/index.html").select_one(".body"))
    assert found["PDF"] == found["från roten"] == "../../../filer/a.pdf"
    assert found["Åmål"] == "../../../2017/01/amal/index.html#kontakt"
    archive = parse(root / "public/etikett/jobb/index.html")
    video = archive.select_one("video")
    assert video is not None and video["src"] == "../../2016/01/ale/film/ale.mp4"
    assert links(archive)["PDF"] == "../../filer/a.pdf"


@pytest.mark.parametrize("engine", ENGINES)
def test_each_address_with_a_backslash_is_told_at_its_place(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Before, nothing was said of bilder\\ale.jpg but, with Python-Markdown, "no image
    file 'bilder\\\\ale.jpg'" (and nothing at all with cmark, or of a link). Each says what
    the page does with it: a link to an article leads to the article (not to
    '../2017/amal.md', as it said before), a file found to the file's own address."""
    body = BODY + "\n[två](..\\..\\filer\\a.pdf) och [Foto][f], `[kod](a\\b.pdf)`\n\n[f]: bilder\\ale.jpg\n"
    root = site(make_site, engine)
    (root / "content/2016/ale.md").write_text(article("Ale", tags="[Jobb]", body=body), encoding="utf-8")
    status, warnings = told(root, kind="warning")
    assert status == 0
    said = "has a '\\', which browsers read as '/'"
    read = "and sitegen reads it so, as"
    at = "content/2016/ale.md"
    assert warnings == [
        f"{at}:8:9: warning: the address 'bilder\\ale.jpg' {said}, {read} the site's file /2016/bilder/ale.jpg: "
        "write 'bilder/ale.jpg', with '/' only",
        f"{at}:10:7: warning: the address '..\\filer\\a.pdf' {said}, {read} the site's file /filer/a.pdf: "
        "write '../filer/a.pdf', with '/' only",
        f"{at}:10:37: warning: the address '/filer\\a.pdf' {said}, and it is published so ('/filer/a.pdf'): "
        "write '/filer/a.pdf', with '/' only",
        f"{at}:10:59: warning: the address '..\\2017\\amal.md#kontakt' {said}, {read} a link to the article "
        "content/2017/amal.md: write '../2017/amal.md#kontakt', with '/' only",
        f"{at}:11:8: warning: the address 'https://ale.se\\jobb\\x?q=a\\b' {said}, and it is published so "
        "('https://ale.se/jobb/x?q=a\\b'): write 'https://ale.se/jobb/x?q=a\\b', with '/' only",
        f"{at}:13:10: warning: the address '\\\\cdn.se\\film' {said}, and it is published so ('//cdn.se/film', "
        "on another site): write 'https://cdn.se/film', with '/' only",
        f"{at}:15:13: warning: the address 'film\\ale.mp4' {said}, and it is published so ('film/ale.mp4'): "
        "write 'film/ale.mp4', with '/' only",
        f"{at}:15:35: warning: the address 'bilder\\ale.jpg' {said}, and it is published so ('bilder/ale.jpg'): "
        "write 'bilder/ale.jpg', with '/' only",
        f"{at}:17:7: warning: the address '..\\..\\filer\\a.pdf' {said}; Markdown reads a '\\' before a "
        "punctuation mark ('\\.') as the mark alone, so sitegen reads it as '..../filer/a.pdf', and it is "
        "published so: write '../../filer/a.pdf', with '/' only",
        f"{at}:19:6: warning: the address 'bilder\\ale.jpg' {said}, {read} the site's file /2016/bilder/ale.jpg: "
        "write 'bilder/ale.jpg', with '/' only",
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_with_a_backslash_to_no_article_says_the_page_drops_it(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Before, [t](..\\2017\\saknas.md) was told "it is published so ('../2017/saknas.md')"
    while the page held no link at all (its href dropped, as for any link to an article
    that is not published), and ..\\..\\2017\\amal.md, read by Markdown as
    ....\\2017\\amal.md, was told at no line and as ....\\2017\\amal.md, which the text
    does not hold."""
    body = "Text.\n\n[t](..\\2017\\saknas.md) och [v](..\\..\\2017\\amal.md).\n"
    root = site(make_site, engine)
    (root / "content/2016/ale.md").write_text(article("Ale", body=body), encoding="utf-8")
    status, warnings = told(root, kind="warning")
    assert status == 0
    said, at = "has a '\\', which browsers read as '/'", "content/2016/ale.md"
    unlinked = "the page shows the link's text without a link"
    assert warnings == [
        f"{at}:7:5: warning: the address '..\\2017\\saknas.md' {said}, and sitegen reads it so, as a link to "
        "the article content/2017/saknas.md: write '../2017/saknas.md', with '/' only",
        f"{at}:7:5: warning: the link (..\\2017\\saknas.md) points at content/2017/saknas.md, which does not "
        f"exist: {unlinked}",
        f"{at}:7:32: warning: the address '..\\..\\2017\\amal.md' {said}; Markdown reads a '\\' before a "
        "punctuation mark ('\\.') as the mark alone, so sitegen reads it as '..../2017/amal.md', a link to the "
        "article content/2016/..../2017/amal.md: write '../../2017/amal.md', with '/' only",
        f"{at}:7:32: warning: the link (..\\..\\2017\\amal.md) points at content/2016/..../2017/amal.md, which "
        f"does not exist: {unlinked}",
    ]
    build(root)
    assert [a.get("href") for a in parse(root / "public/2016/01/ale/index.html").select(".body a")] == [None, None]


@pytest.mark.parametrize("engine", ENGINES)
def test_check_links_tells_a_broken_link_with_a_backslash_at_its_line(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Before, `sitegen check --links` told [u](/etikett\\saknas/) and ![b](bilder\\saknas.jpg)
    at the page's address (/2016/01/ale/), not at the file and line, as it finds
    /etikett/saknas/ written with '/': it looked for the address the page holds, with '/'."""
    body = "Text.\n\n[u](/etikett\\saknas/) och ![b](bilder\\saknas.jpg) och [w](/etikett/saknas/).\n"
    root = site(make_site, engine)
    (root / "content/2016/ale.md").write_text(article("Ale", body=body), encoding="utf-8")
    status, errors = told(root, "--links", command="check")
    assert status == 1
    assert sorted(errors) == sorted([
        "content/2016/ale.md:7:32: error: no image file 'bilder\\saknas.jpg' (read as the file name "
        "'bilder/saknas.jpg') next to the article, in content/ or in assets/; the image will not show",
        "content/2016/ale.md:7:5: error: /etikett\\saknas/ (read as /etikett/saknas/): no such page or file",
        "content/2016/ale.md:7:59: error: /etikett/saknas/: no such page or file",
    ])


def test_an_image_not_found_is_named_as_the_address_reads(make_site) -> None:  # type: ignore[no-untyped-def]
    """The file a browser would ask for is bilder/saknas.jpg, and so the warning names it,
    with the address as written (before: 'bilder\\\\saknas.jpg', its '\\' doubled)."""
    root = make_site({"2016/ale.md": article("Ale", body="![Saknas](bilder\\saknas.jpg)")})
    expected = ("content/2016/ale.md:5:11: warning: no image file 'bilder\\saknas.jpg' (read as the file name "
                "'bilder/saknas.jpg') next to the article, in content/ or in assets/; the image will not show")
    assert expected in told(root, kind="warning")[1]


@pytest.mark.parametrize(("image", "fixed"), [
    ("bilder\\ale.jpg", "bilder/ale.jpg"),
    ("https://cdn.se\\bilder\\ale.jpg", "https://cdn.se/bilder/ale.jpg"),  # was published as written
])  # fmt: skip
def test_a_backslash_in_image_is_an_error_saying_what_to_write(make_site, image: str, fixed: str) -> None:  # type: ignore[no-untyped-def]
    """`image:` is one value, refused as cta.url and contact.web are: a full address with a
    '\\' went to og:image, JSON-LD and the page as written, where each reader reads it
    otherwise (a browser as https://cdn.se/bilder/ale.jpg, a scraper maybe not)."""
    root = make_site({"2016/ale.md": article("Ale", image=f"'{image}'")})
    assert told(root) == (1, [f"content/2016/ale.md:4:1: error: image: use '/' between folder names, "
                              f"not '\\': image: {fixed}"])  # fmt: skip


def test_the_url_and_absolute_filters_read_a_backslash_as_browsers_do(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A layout's own address (here from front matter, `article.extra`) went through `url`
    as /bilaga/filer%5Ca.pdf, and through `absolute` as …/filer%5Ca.pdf, where a browser
    reading the address as written goes to /bilaga/filer/a.pdf; \\\\cdn.se\\x was made
    no whole address on its host."""
    root = make_site({"2016/ale.md": article("Ale", bilaga="'/filer\\a.pdf'", film="'\\\\cdn.se\\x'")},
                     f"title: T\nbase_url: {BASE}\n")  # fmt: skip
    (root / "layouts").mkdir()
    (root / "layouts/article.html").write_text(
        '<a href="{{ article.extra.bilaga | url }}">{{ article.extra.bilaga | absolute }}</a>'
        '<a href="{{ article.extra.film | url }}">{{ article.extra.film | absolute }}</a>', encoding="utf-8")
    run_build(root)
    page = parse(tmp_path / "public/2016/01/ale/index.html")
    assert [(a["href"], a.get_text()) for a in page.find_all("a")] == [
        ("/bilaga/filer/a.pdf", BASE + "filer/a.pdf"), ("//cdn.se/x", "https://cdn.se/x")]


def test_a_backslash_in_a_query_fragment_or_mailto_of_front_matter_is_no_error(make_site) -> None:  # type: ignore[no-untyped-def]
    """Before, cta.url https://ale.se/jobb?q=a\\b, contact.web …#x\\y and a mailto:'s
    ?subject=a\\b were refused as having "a '\\', which browsers read as '/' (so '/\\host'
    leads to another site)": a browser keeps a '\\' in the query and the fragment, and in
    any address not http(s), so each leads where it seems to. They are published (%-escaped:
    the same address to a server, a browser and a mail program), while a '\\' before the
    '?' still is an error saying what to write."""
    fields = {"cta": '{text: Sök, url: "https://ale.se/jobb?q=a\\\\b"}',
              "contact": '{web: "https://ale.se/om#x\\\\y", email: "kommun@ale.se"}'}
    root = make_site({"2016/ale.md": article("Ale", **fields),
                      "2016/b.md": article("B", cta='{text: Mejla, url: "mailto:kommun@ale.se?subject=a\\\\b"}')})
    status, errors = told(root)
    assert (status, errors) == (0, [])
    assert [a["href"] for a in parse(root / "public/2016/01/ale/index.html").select("a.button, .contact a")
            if "ale.se/" in a["href"]] == ["https://ale.se/jobb?q=a%5Cb", "https://ale.se/om#x%5Cy"]
    assert parse(root / "public/2016/01/b/index.html").select_one("a.button")["href"] == (
        "mailto:kommun@ale.se?subject=a%5Cb")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("contact", '{web: "\\\\\\\\evil.se\\\\x"}', "contact.web: '\\\\evil.se\\x' leads to another site (evil.se) "
     "without saying so, as browsers read its '\\' as '/'; write it in full, https://evil.se/x, or a path on this "
     "site starting with a single '/'"),
    ("aliases", '["/om\\\\bilagan/"]', "aliases[1]: '/om\\bilagan/' has a '\\' before the '?' or '#', which "
     "browsers read as '/'; write /om/bilagan/"),
])  # fmt: skip
def test_a_backslash_read_as_a_slash_in_front_matter_says_what_to_write(make_site, field: str, value: str,
                                                                          message: str) -> None:  # type: ignore[no-untyped-def]
    """Before, both were told "write the address with '/' only", without the address to write."""
    root = make_site({"2016/ale.md": article("Ale", **{field: value})})
    status, errors = told(root)
    assert status == 1 and [error.split(": error: ")[1] for error in errors] == [message]
