"""Both Markdown engines give the same heading ids and article links; the post-pass that
places them, unit by unit; the `markdown: {engine: …}` setting end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NOW, REPO, TEST_SITE, article, parse
from hypothesis import given, settings
from hypothesis import strategies as st
from test_golden import GOLDEN, pages

from sitegen.build import BuildOptions, build
from sitegen.config import load_config
from sitegen.content.engines import ENGINES, engine, engine_version, postpass, render
from sitegen.content.engines.postpass import Rendered, as_written, finish, unique_id

SOURCES = sorted([*REPO.glob("content/**/*.md"), *TEST_SITE.glob("content/**/*.md")])

EDGE_CASES = {
    "same-heading-twice": "## Ale\n\nText.\n\n## Ale\n\nMer.\n\n## Ale\n",
    "swedish-letters": "## Åmål, Älvkarleby och Öckerö\n\n### Kön är lång\n",
    "inline-markup": "## Ale *kommun* och `kod` och [länk](https://ale.se)\n",
    "entities": "## Ale &amp; Kungälv\n",
    "no-letters": "## ???\n\n## !!!\n",
    "setext": "Rubrik\n======\n\nUnderrubrik\n-----------\n",
    "article-links": (
        "Se [Ale](../2016/ale.md), [kontakt](../2017/amal.md#kontakt) och [här](amal.md).\n"
    ),
    "non-ascii-link": "Se [Åmål](../2017/åmål.md#kön).\n",
    "other-links": (
        "[pdf](images/karta.pdf) [webb](https://www.ale.se/x.md) [rot](/om/) [trasig](http://[)\n"
    ),
    "link-in-heading": "## Läs [Ale](../2016/ale.md)\n",
    "reference-link": "Se [Ale][a].\n\n[a]: ../2016/ale.md#fakta\n",
    "list-after-heading": "## Punkter\n\n- ett\n- två\n\n## Punkter\n",
}


def body_of(path: Path) -> str:
    """The Markdown after a file's front matter."""
    lines = path.read_text(encoding="utf-8").split("\n")
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    return "\n".join(lines[end + 1 :])


def found(rendered: Rendered) -> tuple[object, ...]:
    return rendered.heading_ids, rendered.links


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_engines_agree_on_the_sites_own_articles(path: Path) -> None:
    source = path.relative_to(path.parents[2]).as_posix()
    body = body_of(path)
    results = [found(render(body, source, name)) for name in ENGINES]
    assert results[0] == results[1]


def test_the_articles_have_headings_to_compare() -> None:
    rendered = [render(body_of(p), "content/x/a.md") for p in SOURCES]
    assert sum(len(r.heading_ids) for r in rendered) >= 10  # links: see the edge cases


@pytest.mark.parametrize("body", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_engines_agree_on_edge_cases(body: str) -> None:
    results = [found(render(body, "content/2016/ale.md", name)) for name in ENGINES]
    assert results[0] == results[1]


@pytest.mark.parametrize("name", ENGINES)
def test_heading_ids_and_links_of_the_edge_cases(name: str) -> None:
    def ids(case: str) -> tuple[str, ...]:
        return render(EDGE_CASES[case], "content/2016/ale.md", name).heading_ids

    assert ids("same-heading-twice") == ("ale", "ale_1", "ale_2")
    assert ids("swedish-letters") == ("amal-alvkarleby-och-ockero", "kon-ar-lang")
    assert ids("inline-markup") == ("ale-kommun-och-kod-och-lank",)
    assert ids("entities") == ("ale-kungalv",)
    assert ids("no-letters") == ("_1", "_2")
    assert ids("setext") == ("rubrik", "underrubrik")
    links = render(EDGE_CASES["article-links"], "content/2016/ale.md", name)
    assert links.links == (
        ("../2016/ale.md", "content/2016/ale.md", ""),
        ("../2017/amal.md#kontakt", "content/2017/amal.md", "kontakt"),
        ("amal.md", "content/2016/amal.md", ""),
    )
    assert 'href="sitegen-article:content/2017/amal.md#kontakt"' in links.html
    assert render(EDGE_CASES["other-links"], "content/a.md", name).links == ()
    odd = render(EDGE_CASES["non-ascii-link"], "content/2016/ale.md", name)
    assert odd.links == (("../2017/åmål.md#kön", "content/2017/åmål.md", "kön"),)


def test_engine_is_made_once_per_process() -> None:
    assert engine("python-markdown") is engine("python-markdown")
    assert engine("commonmark") is engine("commonmark")
    with pytest.raises(ValueError, match="known: python-markdown, commonmark"):
        engine("markdown2")


@pytest.mark.parametrize("name", ENGINES)
def test_tables_and_footnotes_are_on_in_both_engines(name: str) -> None:
    html = engine(name).convert("| a | b |\n| --- | --- |\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Not.\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert "<sup" in html and "Not." in html


# The post-pass on its own -------------------------------------------------------------


def test_finish_changes_only_heading_and_article_link_tags() -> None:
    html = (
        '<h2>Ale</h2>\n<p class=\'x\'>Se <a href="../b.md#k" title="B &amp; C">B</a>'
        ' &amp; <a href="https://a.se/">a</a>.</p>\n<h3 class="c">Ale</h3>\n'
        '<pre><code>&lt;h2&gt;kod&lt;/h2&gt;\n</code></pre>\n<h2 id="egen">Egen</h2>\n<hr />\n'
    )
    result = finish(html, "content/2016/a.md", "Se [B](../b.md#k)")
    assert result.html == (
        '<h2 id="ale">Ale</h2>\n<p class=\'x\'>Se <a href="sitegen-article:content/b.md#k" '
        'title="B &amp; C">B</a> &amp; <a href="https://a.se/">a</a>.</p>\n'
        '<h3 class="c" id="ale_1">Ale</h3>\n'
        '<pre><code>&lt;h2&gt;kod&lt;/h2&gt;\n</code></pre>\n<h2 id="egen">Egen</h2>\n<hr />\n'
    )
    assert result.heading_ids == ("ale", "ale_1", "egen")
    assert result.links == (("../b.md#k", "content/b.md", "k"),)


def test_ids_already_on_the_page_are_not_given_again() -> None:
    html = '<h2>Ale</h2><div id="ale_1"></div><h2>Ale</h2><h2 id="ale">Ale</h2>'
    assert finish(html, "content/a.md", "").heading_ids == ("ale_2", "ale_3", "ale")


def test_html_without_headings_or_links_is_returned_as_it_is() -> None:
    html = "<p>Brödtext &amp; <em>mer</em>.</p>\n"
    assert finish(html, "content/a.md", "") == Rendered(html, (), ())


def test_a_tag_over_several_lines_is_found_at_its_place() -> None:
    html = '<p>a\nb</p>\n<h2\n  class="x">Östra\nGöteborg</h2>\n<p>\n<a\nhref="b.md">b</a></p>'
    result = finish(html, "content/a.md", "")
    assert result.html == (
        '<p>a\nb</p>\n<h2\n  class="x" id="ostra-goteborg">Östra\nGöteborg</h2>\n<p>\n'
        '<a href="sitegen-article:content/b.md#">b</a></p>'
    )


@pytest.mark.parametrize(
    ("base", "used", "expected"),
    [("ale", set(), "ale"), ("ale", {"ale"}, "ale_1"), ("ale", {"ale", "ale_1"}, "ale_2"),
     ("", set(), "_1"), ("", {"_1"}, "_2")],
)  # fmt: skip
def test_unique_id(base: str, used: set[str], expected: str) -> None:
    assert unique_id(base, used) == expected


@pytest.mark.parametrize(
    ("href", "body", "expected"),
    [("a.md", "[x](a.md)", "a.md"), ("%C3%A5.md", "[x](å.md)", "å.md"),
     ("a%20b.md", "[x](a%20b.md)", "a%20b.md"), ("%C3%A5.md", "", "%C3%A5.md")],
)  # fmt: skip
def test_as_written(href: str, body: str, expected: str) -> None:
    assert as_written(href, body) == expected


# The setting, end to end ----------------------------------------------------------------

COMMONMARK_CONFIG = "title: Test\nmarkdown:\n  engine: commonmark\n"


def test_config_reads_the_engine(make_site) -> None:  # type: ignore[no-untyped-def]
    assert load_config(make_site({})).markdown.engine == "python-markdown"
    assert load_config(make_site({}, COMMONMARK_CONFIG)).markdown.engine == "commonmark"


@pytest.mark.parametrize("config", ["title: Test\n", COMMONMARK_CONFIG])
def test_build_with_either_engine(make_site, run_build, tmp_path: Path, config: str) -> None:  # type: ignore[no-untyped-def]
    body = (
        "## Kontakt\n\nLäs om [Åmål](../2017/amal.md#kontakt).\n\n## Kontakt\n\n"
        "| Enhet | Antal |\n| --- | --- |\n| Barn | 12 |\n\nSe noten[^1].\n\n[^1]: Källa.\n"
    )
    root = make_site(
        {
            "2016/ale.md": article("Ale", "2016-01-20", body),
            "2017/amal.md": article("Åmål", "2017-03-01", "## Kontakt\n\nText."),
        },
        config,
    )
    report = run_build(root)
    assert report.warnings == []
    page = parse(tmp_path / "public/2016/01/ale/index.html")
    assert [h["id"] for h in page.select(".body h2")] == ["kontakt", "kontakt_1"]
    assert page.select_one(".body p a")["href"] == "/2017/03/amal/#kontakt"
    assert page.select_one(".body table td").text == "Barn"
    assert "Källa." in page.select_one(".body").text


def test_capital_tag_names_are_found_too() -> None:
    result = finish('<H2>Ale</H2><A HREF="b.md">b</A>', "content/a.md", "")
    assert result.html == '<H2 id="ale">Ale</H2><a href="sitegen-article:content/b.md#">b</A>'


# What README.md says differs between the engines (python-markdown, commonmark) -----------

DIFFERENCES = {
    "Tre saker:\n- ett\n- två\n": ("<p>Tre saker:\n- ett", "<li>ett</li>"),
    "Tabell:\n| a | b |\n| --- | --- |\n| 1 | 2 |\n": ("<p>Tabell:\n|", "<table>"),
    "- ett\n  - inre\n": ("<li>inre</li>\n</ul>", "<ul>\n<li>inre</li>\n</ul>\n</li>"),
    "- ett\n   - inre\n": ("<li>inre</li>\n</ul>", "<ul>\n<li>inre</li>\n</ul>\n</li>"),
    "1) ett\n2) två\n": ("<p>1) ett", "<ol>"),
    "#Rubrik\n": ("<h1>Rubrik</h1>", "<p>#Rubrik</p>"),
    "## Kontakt {#kontakta-oss}\n": ("<h2 id=", "<h2>Kontakt {#kontakta-oss}</h2>"),
    "rad ett\\\nrad två\n": ("rad ett\\\n", "rad ett<br />"),
    "**Obs:**text\n": ("<strong>Obs:</strong>text", "**Obs:**text"),
    "<div>\n\n*md*\n\n</div>\n": ("<div>\n\n*md*", "<p><em>md</em></p>"),
    '<div markdown="1">\n*md*\n</div>\n': ("<p><em>md</em></p>", "*md*"),
    "Term\n: Förklaring\n": ("<dl>", "<p>Term"),
    "Om IVO.\n\n*[IVO]: Inspektionen\n": ("<abbr", "*[IVO]"),
    "Text[^1].\n\n[^1]: Not.\n": ('<li id="fn:1">', '<li id="fn-1">'),
    "&copy;\n": ("&copy;", "©"),
}
SAME = ["- ett\n    - inre\n", "fem_procent_ och _a_ och *b*\n", "rad ett  \nrad två\n"]


@pytest.mark.parametrize(("text", "expected"), DIFFERENCES.items(), ids=range(len(DIFFERENCES)))
def test_documented_differences(text: str, expected: tuple[str, str]) -> None:
    for name, part in zip(ENGINES, expected, strict=True):
        assert part in engine(name).convert(text), name


@pytest.mark.parametrize("text", SAME)
def test_documented_likenesses(text: str) -> None:
    def squeezed(html: str) -> str:  # line breaks and <br> against <br /> aside
        return "".join(html.replace("<br />", "<br>").split())

    assert squeezed(engine(ENGINES[0]).convert(text)) == squeezed(engine(ENGINES[1]).convert(text))


def test_changing_the_engine_reads_the_articles_again(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", body="Tre saker:\n- ett\n- två\n")})
    run_build(root)
    assert parse(tmp_path / "public/2016/01/ale/index.html").select(".body li") == []
    (root / "config.yaml").write_text(COMMONMARK_CONFIG, encoding="utf-8")
    run_build(root)  # the same site root and cache: only the setting changed
    assert len(parse(tmp_path / "public/2016/01/ale/index.html").select(".body li")) == 2


def test_the_test_site_built_with_commonmark_matches_the_golden_pages(tmp_path: Path) -> None:
    """tests/site holds nothing the engines read differently (README's table), so the
    compiled engine must give the golden pages byte for byte; if content is added that
    they do read differently, compare those pages' heading ids and links instead."""
    root = tmp_path / "site"
    shutil.copytree(TEST_SITE, root)
    with open(root / "config.yaml", "a", encoding="utf-8") as config:
        config.write("\nmarkdown: {engine: commonmark}\n")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out", use_cache=False))
    assert pages(tmp_path / "out") == pages(GOLDEN)


@pytest.mark.parametrize("config", ["title: Test\n", COMMONMARK_CONFIG])
def test_a_link_to_a_file_with_an_ampersand(
    make_site, run_build, tmp_path: Path, config: str
) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {"a.md": article("Ale", body="Se [B](b&c.md)."), "b&c.md": article("B & C", "2016-02-01")},
        config,
    )
    run_build(root)
    link = parse(tmp_path / "public/2016/01/ale/index.html").select_one(".body a")
    assert link["href"] == "/2016/02/b-c/"


def test_engine_version_names_the_package_behind_it() -> None:
    assert engine_version("commonmark").startswith("commonmark cmarkgfm 20")
    assert engine_version("python-markdown").startswith("python-markdown markdown 3.")


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_a_heading_never_takes_an_id_the_theme_uses(make_site, tmp_path: Path, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `## Innehåll` got id="innehall", the id of the theme's <main>."""
    from sitegen.build import BuildOptions, build

    root = make_site({"a.md": article("Ale", body="## Innehåll\n\nText.")},
                     f"title: T\nmarkdown: {{engine: {engine}}}\n")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    page = (tmp_path / "out" / "2016/01/ale/index.html").read_text(encoding="utf-8")
    assert page.count('id="innehall"') == 1 and '<h2 id="innehall_1">' in page


_BOXES = {"contact": "{organisation: Ale kommun, phone: 0303-33 00 00}",
          "factbox": "{title: Ale kommun, text: Norr om Göteborg.}"}  # fmt: skip


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_a_link_to_an_articles_contact_card_or_fact_box_reaches_it(make_site, tmp_path: Path, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a newcomer: README's own example, `[Åmål](../2017/amal.md#kontakt)`, was a
    broken link (the card had no id); and a heading "Kontakt" in the article must not take
    the card's id. A page, which shows no card, and an article without one keep theirs."""
    from click.testing import CliRunner

    from sitegen.cli import main

    body = "## Kontakt\n\nText.\n\n## Fakta\n\nMer."
    root = make_site({
        "a.md": article("Ale", body=body, **_BOXES),
        "b.md": article("Åmål", "2016-01-21", body="Se [kontakt](a.md#kontakt) och [fakta](a.md#fakta)."),
        "c.md": article("Kil", "2016-01-22", body=body),
        "sidor/om.md": "---\ntitle: Om\n---\n" + body + "\n",
    }, f"title: T\narchive_full_text: true\nmarkdown: {{engine: {engine}}}\n")  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 0, result.output
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    page = parse(tmp_path / "out/2016/01/ale/index.html")
    assert [tag.name + "." + tag["class"][0] for tag in page.select("#kontakt, #fakta")] == [
        "aside.factbox", "section.contact"]  # fmt: skip
    assert [h["id"] for h in page.select(".body h2")] == ["kontakt_1", "fakta_1"]
    for other in ("2016/01/kil", "om"):
        assert [h["id"] for h in parse(tmp_path / "out" / other / "index.html").select(".body h2")] == [
            "kontakt", "fakta"]  # fmt: skip
    archive = parse(tmp_path / "out/index.html")  # whole articles: ids scoped to each
    assert [tag.name for tag in archive.select("#ale-kontakt, #ale-fakta")] == ["aside", "section"]
    assert archive.select_one("#amal-kontakt") is None


@pytest.mark.parametrize(("engine", "raw_html", "told"), [
    ("python-markdown", "sanitize", [("kontakt", 3, 15)]),  # {#kontakt}; the sanitizer drops <p id>
    ("python-markdown", "allow", [("kontakt", 3, 15), ("innehall", 7, 4)]),
    ("commonmark", "allow", [("innehall", 7, 4)]),  # {#kontakt} is text in CommonMark
    ("commonmark", "sanitize", []),
])  # fmt: skip
def test_an_id_the_editor_gives_that_the_page_uses_is_a_warning_at_its_place(
    make_site, engine: str, raw_html: str, told: list[tuple[str, int, int]]
) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: the editor's own `{#kontakt}` (Python-Markdown's
    attribute lists) or raw HTML's `id="innehall"` put the contact card's or <main>'s id
    on the page a second time, without a word, and links to it led to the first. Told
    where the published HTML keeps it (`told`: id, line in the body, column); an article
    without a card may use kontakt."""
    body = "Text.\n\n## Hör av dig {#kontakt}\n\nMer.\n\n<p id=\"innehall\">x</p>\n"
    root = make_site({"a.md": article("Ale", body=body, **_BOXES),
                      "b.md": article("Kil", "2016-01-21", body=body.replace("innehall", "annat"))},
                     f"title: T\nmarkdown: {{engine: {engine}, raw_html: {raw_html}}}\n")  # fmt: skip
    before_body = (root / "content/a.md").read_text(encoding="utf-8").splitlines().index("Text.")
    report = build(BuildOptions(root=root, now=NOW, output=root.parent / "out"))
    clashes = [w for w in report.warnings if "is also the id of" in w.message]
    assert [(w.path, w.line, w.column, w.message.split("'")[1]) for w in clashes] == [
        ("content/a.md", before_body + line, column, name) for name, line, column in told]  # fmt: skip
    for warning in clashes:
        name = warning.message.split("'")[1]
        assert warning.message.endswith(f"so a link to #{name} leads to whichever comes first: give this one another id")


# The post-pass's two ways of locating tags agree ---------------------------------------

_PIECES = [
    "<h2>", "</h2>", "<H3 class=\"x\">", "</h3 >", "<h2/>", "<a href=\"b.md\">", "<a name=\"x\">",
    "<A HREF=\"../c.md#k\" title=\"B &amp; C\">", "</a>", "</A>", "<p>", "</p>", "<em>", "</em>",
    "<div id=\"ale\">", "<span id=\"x\" id=\"y\">", "<input disabled>", "<br />", "<hr/>",
    "<p title=\"a id=\">", "<h4 id=\"egen\">", "<h2\n  class=\"c\">", "Ale", "Östra Göteborg",
    " &amp; ", "&lt;h2&gt;", "&#229;", "&aring", "\n", " ", "<!-- <h2>x</h2> -->", "<script>",
    "</script>", "<a href='b.md'>", "1 < 2", "<", ">", "\"", "<h1>", "</h1>", "<h6 id=\"\">",
    "<style>", "<a href=\"x.md\"/>", "<?x>", "<!doctype html>", "</ >", "<a href=b.md>",
    "<img src=\"bild.jpg\" alt=\"Bild &amp; text\" />", "<img alt=\"utan\">", "<IMG SRC=\"b.png\">",
]


def _located(tags: list, used: set[str]) -> tuple[list[tuple[object, ...]], set[str]]:  # type: ignore[type-arg]
    return [(t.start, t.text, t.name, t.attrs, t.heading_text) for t in tags], used


def _by_parser(html: str) -> tuple[list[tuple[object, ...]], set[str]]:
    locator = postpass._Locator(html)
    locator.feed(html)
    locator.close()
    return _located(locator.tags, locator.used_ids)


# The pieces the fast scanner accepts (most examples), and all of them (edge cases).
_SIMPLE = [piece for piece in _PIECES if postpass._scan(piece + "<p>") is not None]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_SIMPLE), max_size=30) | st.lists(st.sampled_from(_PIECES), max_size=30))
def test_the_fast_scanner_finds_what_the_parser_finds(pieces: list[str]) -> None:
    """Whatever HTML the regular expression accepts, it locates exactly the tags, offsets,
    attributes, heading texts and ids that the stdlib's tokenizer does."""
    html = "".join(pieces)
    scanned = postpass._scan(html)
    if scanned is not None:
        assert _located(*scanned) == _by_parser(html)


@pytest.mark.parametrize("name", ENGINES)
def test_the_fast_scanner_reads_what_the_engines_write(name: str) -> None:
    """The engines' HTML for the sample site and for bodies like the benchmark's takes the
    fast way, and it agrees with the parser there too."""
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
              for p in sorted((REPO / "content").rglob("*.md"))]  # fmt: skip
    bodies.append("## Ale & Kungälv\n\nSe [Öckerö](../2016/ockero.md#kontakt), "
                  "[extern](https://a.se/?a=1&b=2).\n\n> Citat\n\n- a\n  - b\n\n"
                  "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nFot[^1].\n\n[^1]: Not.\n\n"
                  "![Bild](bild.jpg \"Titel\")\n\n### Ale & Kungälv ![i](i.png)\n")  # fmt: skip
    for body in bodies:
        html = engine(name).convert(body)
        scanned = postpass._scan(html)
        assert scanned is not None, html[:200]
        assert _located(*scanned) == _by_parser(html)


@pytest.mark.parametrize("name", ENGINES)
def test_a_footnotes_way_back_is_named_in_swedish(name: str) -> None:
    """Found by a helper session: "Jump back to footnote 1 in the text" (Python-Markdown)
    and "Back to reference 1" (cmark-gfm) on a page in Swedish."""
    html = render("Text[^1].\n\n[^1]: Noten.\n", "content/2016/ale.md", name).html
    assert "Tillbaka till hänvisning 1" in html
    assert "Back to" not in html and "Jump back" not in html
