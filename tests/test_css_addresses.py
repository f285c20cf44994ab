"""The addresses of CSS in an article's raw HTML (a style attribute's `url()`, a `<style>`
element's, a string in `image-set()`) are read as CSS reads them, its escapes undone (CSS
Syntax Level 3, §4.3.5-4.3.7), then as the URL parser reads the result, the same way on the
page, in the feeds and by `check --links` (`urls.css_addresses`); an address that changes
is written back escaped for CSS and the HTML around it, the rest byte for byte."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from conftest import article, parse, told

from sitegen.urls import css_addresses, rewrite_addresses

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.se/bilaga/"


@pytest.mark.parametrize(("css", "expected"), [
    (r"background: url(bilder\ale.jpg)", ["bilderle.jpg"]),  # `\a` is a line break, which URLs drop
    (r"background: url('bilder\5c ale.jpg')", ["bilder/ale.jpg"]),  # `\5c ` is a '\', read as '/'
    (r"background: url(/filer\a.png)", ["/filer.png"]),
    (r"background: url( /a\ b.png )", ["/a b.png"]),  # an escaped space is part of the name
    (r'background: url("/a\"b.png")', ['/a"b.png']),
    (r"background: URL(\2f x.png)", ["/x.png"]),
    (r'background: image-set("/a.png" 1x, url(/b\2e png) 2x)', ["/a.png", "/b.png"]),
    (r"content: 'url(/x.png)'", []),  # a string, no address
    ("background: url(data:image/gif;base64,R0lG)", ["data:image/gif;base64,R0lG"]),
])  # fmt: skip
def test_css_addresses_reads_escapes_as_css_and_the_url_parser_do(css: str, expected: list[str]) -> None:
    assert [address for _, address in css_addresses(css)] == expected


@pytest.mark.parametrize(("html", "expected"), [
    # Before, the '\' of `/filer\a.png` was read as a '/' (`X/filer/a.png`).
    ('<div style="background: url(/filer\\a.png)">', '<div style="background: url(X/filer.png)">'),
    ("<div style=\"background: url('/b\\5c a.jpg')\">", "<div style=\"background: url('X/b/a.jpg')\">"),
    # The style's other text and its quotes stay as written.
    ('<p style="font-family: &quot;A B&quot;; background:url(&quot;/bg.jpg&quot;)">',
     '<p style="font-family: &quot;A B&quot;; background:url(&quot;X/bg.jpg&quot;)">'),
    ("<style>.a{background:url(/\\61 .png)} .b{content:'url(/x)'}</style>",
     "<style>.a{background:url(X/a.png)} .b{content:'url(/x)'}</style>"),
    ('<div style="background: image-set(\'/a.png\' 1x)">', '<div style="background: image-set(\'X/a.png\' 1x)">'),
])  # fmt: skip
def test_rewrite_addresses_reads_a_styles_addresses_as_css(html: str, expected: str) -> None:
    assert rewrite_addresses(html, lambda url: "X" + url) == expected


def test_a_new_css_address_is_escaped_for_css_and_html() -> None:
    changed = rewrite_addresses('<div style="background: url(/a.png)">', lambda url: "/a (1)'.png")
    assert changed == '<div style="background: url(/a\\ \\(1\\)\\&#39;.png)">'
    assert [address for _, address in css_addresses("background: url(/a\\ \\(1\\)\\'.png)")] == ["/a (1)'.png"]


def test_rewrite_addresses_in_a_feed_reads_a_styles_addresses_as_css() -> None:
    """In a feed's content the style is escaped twice: as HTML, then as the feed's XML."""
    xml = ('<content type="html">&lt;div style=&#34;background: url(&amp;quot;/b\\5c a.jpg&amp;quot;)&#34;&gt;'
           "&lt;style&gt;p{background:url(/filer\\a.png)}&lt;/style&gt;</content>")  # fmt: skip
    assert rewrite_addresses(xml, lambda url: "X" + url, escaped=True) == (
        '<content type="html">&lt;div style=&#34;background: url(&amp;quot;X/b/a.jpg&amp;quot;)&#34;&gt;'
        "&lt;style&gt;p{background:url(X/filer.png)}&lt;/style&gt;</content>"
    )


BODY = r"""Text.

<div class="a" style="background: url(bilder\ale.jpg)">A</div>

<div class="b" style="background: url('bilder\5c ale.jpg')">B</div>

<div class="c" style="background: url(/filer\a.png)">C</div>
"""


def test_a_styles_url_means_the_same_on_the_page_and_in_the_feed(make_site, run_build) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: the page kept `url(bilder\\ale.jpg)` and the feed made it
    …/2016/01/ale/bilder%5Cale.jpg (CSS reads `\\a` as a line break: bilderle.jpg), and
    `url('bilder\\5c ale.jpg')` …/bilder%5C5c ale.jpg (`\\5c ` is a '\\': bilder/ale.jpg);
    `url(/filer\\a.png)` became /bilaga/filer/a.png on both, where CSS reads /filer.png."""
    root = make_site({"2016/ale.md": article("Ale", body=BODY)},
                     f"title: T\nbase_url: {BASE}\nmarkdown: {{raw_html: allow}}\n")  # fmt: skip
    run_build(root)
    page = parse(root.parent / "public/2016/01/ale/index.html")
    styles = [page.select_one(f"div.{name}")["style"] for name in "abc"]  # type: ignore[index]
    assert styles == ["background: url(bilder\\ale.jpg)", "background: url('bilder\\5c ale.jpg')",
                      "background: url(/bilaga/filer.png)"]  # fmt: skip
    content = next(ElementTree.parse(root.parent / "public/feed.xml").getroot().iter(f"{ATOM}content")).text
    assert content is not None
    assert 'style="background: url(https://example.se/bilaga/2016/01/ale/bilderle.jpg)"' in content
    assert "style=\"background: url('https://example.se/bilaga/2016/01/ale/bilder/ale.jpg')\"" in content
    assert 'style="background: url(https://example.se/bilaga/filer.png)"' in content


def test_check_links_reads_a_styles_url_as_css_and_tells_it_at_its_place(make_site) -> None:  # type: ignore[no-untyped-def]
    """Before, `check --links` looked for `bilder\\ale.jpg` (the second url(), `\\5c ` read)
    as a file named so, told it at the first url(), whose text only looks the same, and
    told the third at the page's address."""
    root = make_site({"2016/ale.md": article("Ale", body=BODY)},
                     f"title: T\nbase_url: {BASE}\nmarkdown: {{raw_html: allow}}\n")  # fmt: skip
    status, errors = told(root, "--links", command="check")
    assert status == 1
    assert errors == [
        "content/2016/ale.md:7:39: error: bilder\\ale.jpg (read as bilderle.jpg): no such page or file",
        "content/2016/ale.md:9:40: error: bilder\\5c ale.jpg (read as bilder/ale.jpg): no such page or file",
        "content/2016/ale.md:11:39: error: /filer\\a.png (read as /bilaga/filer.png): no such page or file",
    ]
