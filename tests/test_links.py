"""Markdown links between articles become permalinks; broken ones are warned about."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOW, REPO, article, parse, told

from sitegen.build import BuildOptions, build
from sitegen.cli import main


def test_links_to_articles_become_permalinks(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "2016/ale.md": article("Ale", "2016-01-20", "Läs om [Åmål](../2017/amal.md#kontakt)."),
            "2017/amal.md": article("Åmål", "2017-03-01", "Tillbaka till [Ale](../2016/ale.md)."),
        }
    )
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert report.warnings == []
    ale = parse(tmp_path / "out/2016/01/ale/index.html")
    assert ale.select_one(".body a")["href"] == "/2017/03/amal/#kontakt"
    amal = parse(tmp_path / "out/2017/03/amal/index.html")
    assert amal.select_one(".body a")["href"] == "/2016/01/ale/"


def test_a_changed_target_url_updates_the_linking_page(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "a.md": article("Ale", "2016-01-20", "Se [Borås](b.md)."),
            "b.md": article("Borås", "2016-02-01"),
        }
    )
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    (root / "content" / "b.md").write_text(article("Borås", "2016-05-01"), encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=out))
    assert parse(out / "2016/01/ale/index.html").select_one(".body a")["href"] == "/2016/05/boras/"


def test_broken_and_draft_links_are_warned_about_with_their_line(make_site) -> None:  # type: ignore[no-untyped-def]
    body = "Första stycket.\n\nSe [saknas](saknas.md) och [utkastet](utkast.md)."
    root = make_site(
        {"a.md": article("Ale", body=body), "utkast.md": article("Utkast", draft="true")}
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0
    assert (
        "content/a.md:7:13: warning: the link (saknas.md) points at content/saknas.md, "
        "which does not exist" in result.output
    )
    assert (
        "content/a.md:7:39: warning: the link (utkast.md) points at content/utkast.md, which is a draft"
        in (result.output)
    )
    strict = CliRunner().invoke(main, ["check", "--root", str(root), "--strict"])
    assert strict.exit_code == 1  # check checks what build builds: both links lead nowhere
    assert "error: the link (saknas.md)" in strict.output and "error: the link (utkast.md)" in strict.output
    with_drafts = CliRunner().invoke(main, ["check", "--root", str(root), "--strict", "--drafts"])
    assert with_drafts.exit_code == 1  # as built with --drafts: only the missing target is left
    assert "error: the link (saknas.md)" in with_drafts.output and "utkast.md" not in with_drafts.output


def test_other_links_are_left_alone(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "[webb](https://www.ale.se/x.md) [rot](/om/) [fil](images/karta.pdf) [trasig](http://[)"
    root = make_site({"a.md": article("Ale", body=body)})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    hrefs = [a.get("href") for a in parse(tmp_path / "out/2016/01/ale/index.html").select(".body a")]
    # An href that is no URL at all is dropped by the sanitizer (raw_html: sanitize, the
    # default): the link's text stays.
    assert hrefs == ["https://www.ale.se/x.md", "/om/", "images/karta.pdf", None]


def test_check_links_finds_broken_internal_links_and_anchors(make_site) -> None:  # type: ignore[no-untyped-def]
    body = "## Kontakt\n\n[bra](#kontakt) [fel ankare](#saknas) [ingen sida](/finns-inte/) [ok](/etikett/) [trasig](//[)"
    root = make_site({"a.md": article("Ale", body=body, tags="[A]")})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    # Told where the text writes each link (a helper session found them told at the page's
    # address, which an editor cannot open).
    assert errors == [
        "content/a.md:8:30: error: #saknas: no element with id 'saknas' on that page",
        "content/a.md:8:52: error: /finns-inte/: no such page or file",
        "content/a.md:8:91: error: //[: not a valid address",
    ]
    assert "Check failed: 3 errors." in result.output
    assert not (root / "public").exists()


def test_check_links_passes_on_the_test_site() -> None:
    from conftest import TEST_SITE

    result = CliRunner().invoke(main, ["check", "--root", str(TEST_SITE), "--links"])
    assert result.exit_code == 0, result.output
    assert "every internal link" in result.output


def test_check_links_understands_a_base_path(tmp_path: Path) -> None:
    from conftest import TEST_SITE

    from sitegen.output.linkcheck import check_links

    out = tmp_path / "out"
    build(BuildOptions(root=TEST_SITE, now=NOW, output=out, base_url="https://x.se/bilaga",
                       use_cache=False))  # fmt: skip
    assert check_links(out, "/bilaga") == []
    assert check_links(out, "") != []  # the same links without the prefix would be broken


def test_check_links_tells_a_link_to_another_articles_missing_part_at_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    """A link written `b.md#saknas` is published as the other article's address: found by
    its fragment. A broken link the text does not hold (a template's) is told at the page."""
    root = make_site({"a.md": article("Ale", body="Först.\n\nSe [Åmål](b.md#saknas)."),
                      "b.md": article("Åmål", "2016-01-21", body="## Jobb\n\nText.")})  # fmt: skip
    (root / "layouts").mkdir()
    (root / "layouts" / "404.html").write_text('<a href="/finns-inte/">x</a>\n')
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "content/a.md:7:15: error: /2016/01/amal/#saknas: no element with id 'saknas' on that page",
        "/404.html: error: /finns-inte/: no such page or file",
    ]


def test_check_links_tells_every_place_a_broken_link_is_written_and_only_there(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by the second helper session: a broken /ale/ was told inside the working
    /kommun/ale/ on an earlier line; the same broken link on two lines was told once; under
    a base path the link was told at the page, not in the text."""
    body = "Läs om [Ale](/kommun/ale/) här.\n\nOch om [Ale igen](/ale/) som saknas.\n\nIgen: [Ale](/ale/)."
    root = make_site({"a.md": article("Ale", body=body, kommun="Ale")},
                     "title: T\nbase_url: https://ex.se/bilaga/\n")  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "content/a.md:8:19: error: /bilaga/ale/: no such page or file",
        "content/a.md:10:13: error: /bilaga/ale/: no such page or file",
    ]


def test_check_links_places_relative_links_and_never_plain_text(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by the third helper session: with relative_urls a broken link in the text was
    told at the page (the page has ../../../finns-inte/); a template's broken link was told
    at a line of the text that only mentions /kontakt/ in passing; and under a %-escaped
    base path every link was 'outside the site's base path'."""
    body = "Läs mer på /kontakt/ om du vill.\n\n[x](/finns-inte/)"
    root = make_site({"a.md": article("Ale", body=body)}, "title: T\nrelative_urls: true\n")
    (root / "layouts").mkdir()
    article_html = (REPO / "layouts" / "article.html").read_text(encoding="utf-8")
    (root / "layouts" / "article.html").write_text(
        article_html.replace("{% endblock %}", '<a href="{{ \'/kontakt/\' | url }}">k</a>\n{% endblock %}', 1),
        encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "content/a.md:7:5: error: ../../../finns-inte/index.html: no such page or file",
        "/2016/01/ale/: error: ../../../kontakt/index.html: no such page or file",
    ]
    (root / "config.yaml").write_text("title: T\nbase_url: https://ex.se/s%C3%B6k/\n", encoding="utf-8")
    (root / "content/a.md").write_text(article("Ale"), encoding="utf-8")
    shutil.rmtree(root / "layouts")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 0, result.output


def test_links_to_and_from_the_pages_of_content_sidor_lead_somewhere(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An article may link a page of content/sidor/ (the README's `[Om bilagan](../sidor/om-bilagan.md)`)
    and a page an article: neither is warned about, both lead to the page's address; a
    page's broken link is warned about as an article's is."""
    root = make_site({
        "2016/ale.md": article("Ale", "2016-01-20", "Läs [om bilagan](../sidor/om.md)."),
        "sidor/om.md": "---\ntitle: Om bilagan\n---\nSe [Ale](../2016/ale.md) och [saknas](../saknas.md).\n",
    })  # fmt: skip
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out", strict=False))
    assert [(w.path, w.line, w.message) for w in report.warnings] == [
        ("content/sidor/om.md", 4, "the link (../saknas.md) points at content/saknas.md, which does not exist"
         ": the page shows the link's text without a link")]
    assert parse(tmp_path / "out/2016/01/ale/index.html").select_one(".body a")["href"] == "/om-bilagan/"
    assert parse(tmp_path / "out/om-bilagan/index.html").select_one(".body a")["href"] == "/2016/01/ale/"


def test_a_link_to_an_article_with_errors_says_so_not_that_it_does_not_exist(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", body="Se [Borås](b.md)."), "b.md": article("Borås", "2016-13-45")})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert ("content/a.md:5:12: warning: the link (b.md) points at content/b.md, which has errors (listed with it), "
            "so it is not published: the page shows the link's text without a link") in result.output  # fmt: skip


def test_a_link_to_a_file_whose_name_needs_encoding_stays_encoded(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `[R](../filer/%C3%85rsrapport%202024%20%231.pdf)` became
    `href="/bilaga/filer/Årsrapport 2024 #1.pdf"`, which the '#' cuts short (a 404), and a
    space became a raw space; `check --links` passes once they are encoded."""
    body = "[Plan](../filer/Plan%202024.pdf) [R](../filer/%C3%85rsrapport%202024%20%231.pdf) [Q](../filer/q%3F.txt)"
    root = make_site({"2016/ale.md": article("Ale", "2016-01-20", body)},
                     config="title: T\nbase_url: https://example.se/bilaga/\n")  # fmt: skip
    (root / "content" / "filer").mkdir()
    for name in ("Plan 2024.pdf", "Årsrapport 2024 #1.pdf", "q?.txt"):
        (root / "content" / "filer" / name).write_text("x\n", encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    hrefs = [a["href"] for a in parse(tmp_path / "out/2016/01/ale/index.html").select(".body a")]
    assert hrefs == ["/bilaga/filer/Plan%202024.pdf", "/bilaga/filer/%C3%85rsrapport%202024%20%231.pdf",
                     "/bilaga/filer/q%3F.txt"]  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 0, result.output


def test_check_checks_the_site_as_built_with_a_base_url(make_site) -> None:  # type: ignore[no-untyped-def]
    """A CI that builds with --base-url (GitLab's $CI_PAGES_URL) can check that very site:
    the links are built and checked under its path."""
    root = make_site({"a.md": article("Ale", body="Se [Borås](b.md)."), "b.md": article("Borås", "2016-01-21")})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links", "--base-url", "https://x.se/bilaga"])
    assert result.exit_code == 0, result.output
    wrong = CliRunner().invoke(main, ["check", "--root", str(root), "--base-url", "bilaga"])
    assert wrong.exit_code == 2 and "--base-url" in wrong.output


def test_check_strict_links_tells_warnings_and_broken_links_in_one_run(make_site) -> None:  # type: ignore[no-untyped-def]
    """A warning made an error by --strict used to stop the check before the links were
    checked: the editor mended it and only then heard of the broken anchor."""
    body = "## Kontakt\n\n[fel ankare](#saknas) och [saknas](saknas.md)"
    root = make_site({"a.md": article("Ale", body=body)})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--strict", "--links"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "content/a.md:7:36: error: the link (saknas.md) points at content/saknas.md, which does not exist: "
        "the page shows the link's text without a link",
        "content/a.md:7:14: error: #saknas: no element with id 'saknas' on that page",
    ]
    assert ": warning: " not in result.output
    assert "Check failed: 2 errors." in result.output


def test_a_menus_broken_link_is_told_once_with_how_many_pages_have_it(make_site) -> None:  # type: ignore[no-untyped-def]
    """A footer link to a page that does not exist was told once per page: 9,930 lines for
    the corpus of bench/, the same mistake each time."""
    config = "title: T\nmenu:\n  footer:\n    - {text: Om, url: /om-bilagan/}\n"
    root = make_site({"a.md": article("Ale", body="[fel](#saknas)"), "b.md": article("Borås", "2016-01-21")}, config)
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors[0] == "content/a.md:5:7: error: #saknas: no element with id 'saknas' on that page"
    assert len(errors) == 2, errors
    assert re.fullmatch(r"/2016/01/ale/: error: /om-bilagan/: no such page or file \(and on \d+ other pages\)", errors[1])
    others = int(re.search(r"and on (\d+) other", errors[1])[1])  # type: ignore[index]
    built = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert built.exit_code == 0
    assert others == len(list((root / "public").rglob("*.html"))) - 1  # every page has the footer


def test_a_link_to_an_article_written_from_the_root_is_found_in_content(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `[x](/2016/ale.md)` was 'points at /2016/ale.md, which does
    not exist' and lost its href, while body images written from the root are found in content/."""
    root = make_site({"2016/ale.md": article("Ale"),
                      "2017/b.md": article("Borås", "2017-01-02", "Se [Ale](/2016/ale.md#kontakt).")})  # fmt: skip
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert report.warnings == []
    assert parse(tmp_path / "out/2017/01/boras/index.html").select_one(".body a")["href"] == "/2016/01/ale/#kontakt"


def test_a_missing_body_image_is_told_once_by_check_links(make_site) -> None:  # type: ignore[no-untyped-def]
    """It was told twice at one place: as the build's warning and as the link check's error."""
    root = make_site({"a.md": article("Ale", body="Text.\n\nSe ![En bild](saknas.gif) här.")})
    for strict in ([], ["--strict"]):
        result = CliRunner().invoke(main, ["check", "--root", str(root), "--links", *strict])
        assert result.exit_code == 1
        told = [line for line in result.output.splitlines() if "saknas.gif" in line]
        assert told == ["content/a.md:7:15: error: no image file 'saknas.gif' next to the article, in content/ "
                        "or in assets/; the image will not show"], told  # in the warning's words
    plain = CliRunner().invoke(main, ["check", "--root", str(root)])  # without --links: the warning
    assert plain.exit_code == 0 and "content/a.md:7:15: warning: no image file 'saknas.gif'" in plain.output


def test_a_missing_image_written_in_html_is_told_once_at_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: told as the build's warning at its line and again as the
    link check's error at the page."""
    root = make_site({"a.md": article("Ale", body='Text.\n\n<img src="nope2.jpg" alt="x">')})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "nope2" in line] == [
        "content/a.md:7:11: error: no image file 'nope2.jpg' next to the article, in content/ or in assets/; "
        "the image will not show"]


def test_check_links_never_places_a_broken_link_in_code(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a fenced block's `<a href="/saknas/">` and an inline
    `<img src="borta.jpg">` were given as the places of the real links."""
    body = ('Se [sidan](/saknas/) för mer.\n\n```html\n<a href="/saknas/">sidan</a>\n```\n\n'
            'Eller inline: `<img src="borta.jpg">` och en riktig bild:\n\n<img src="borta.jpg" alt="x">')  # fmt: skip
    root = make_site({"a.md": article("Ale", body=body)})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert [line.split(": error: ")[0] for line in result.output.splitlines() if ": error: " in line] == [
        "content/a.md:5:12", "content/a.md:13:11"]


def test_check_links_never_places_a_broken_link_in_an_indented_code_block(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an example indented 4 spaces (a code block) was given as
    the place of the real link; an indented line that goes on with a paragraph, or is a
    list item's text, is no code and is found."""
    body = ("Skriv så här:\n\n    [sidan](/saknas/)\n\nSe [sidan](/saknas/).\n\n"
            "- En punkt\n\n    med [en bild](/borta/)\n\nText\n    [igen](/borta2/)")  # fmt: skip
    root = make_site({"a.md": article("Ale", body=body)})
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert [line.split(": error: ")[0] for line in result.output.splitlines() if ": error: " in line] == [
        "content/a.md:9:12", "content/a.md:13:19", "content/a.md:16:12"]


def test_a_missing_article_or_image_is_told_where_it_is_linked_not_where_code_shows_it(make_site, run_build) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: the warning for a link to an article that does not exist,
    and for an image whose file does not exist, was at the first place the address stood,
    which was an example in code."""
    body = ("Så länkar du: `[Åmål](saknas.md)` och `![Bild](borta.jpg)`.\n\n"
            "    [Åmål](saknas.md) ![Bild](borta.jpg)\n\nHär: [Åmål](saknas.md) och ![Bild](borta.jpg)")  # fmt: skip
    root = make_site({"2016/a.md": article("Ale", body=body)})
    warnings = run_build(root).warnings
    assert [(w.line, w.column, w.message.split(" ")[0]) for w in warnings] == [(9, 13, "the"), (9, 36, "no")]


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_links_to_one_address_are_each_told_at_their_own_place(make_site, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: every link to a missing article with the same address was told at
    the first real one's line:column, and the others never pointed to. A link written
    `](<…>)` or with its address on the next line is placed too, and one in a footnote
    (which Python-Markdown writes last) is at its own place."""
    from conftest import told

    body = ("Kod: `[text](saknas.md)`\n\nRiktig [text](saknas.md).\n\nAndra riktig [text](saknas.md).\n\n"
            "Tredje [text](<saknas.md>) och [fjärde](\nsaknas.md \"titel\").")  # fmt: skip
    footnote = engine == "python-markdown"  # cmark has no footnotes
    if footnote:
        body = "Fotnot[^1].\n\n[^1]: Se [text](saknas.md).\n\n" + body
    root = make_site({"2016/a.md": article("Ale", body=body)}, config=f"title: T\nmarkdown: {{engine: {engine}}}\n")
    status, warnings = told(root, kind="warning")
    places = sorted((int(line.split(":")[1]), int(line.split(":")[2])) for line in warnings)
    shift = 4 if footnote else 0  # the lines the footnote takes
    expected = [(7, 17)] * footnote + [(7 + shift, 15), (9 + shift, 21), (11 + shift, 16), (12 + shift, 1)]
    assert (status, places) == (0, expected)
    assert all(line.endswith("the link (saknas.md) points at content/2016/saknas.md, which does not exist: "
                             "the page shows the link's text without a link")
               for line in warnings)  # fmt: skip


def test_the_places_of_many_links_in_one_body_are_each_their_own() -> None:
    """Many links in one body (found by a tester: each link's place was looked for in the
    whole body, and its code counted over it again, 4.7 s for 10,000 links; one pass now,
    0.014 s; timed outside the tests): each is placed at its own paragraph."""
    from sitegen.content.links import find_links, without_code

    count = 2_000
    body = "\n\n".join(f"Stycke {n} med [länk](../2016/a{n}.md) och `kod`." for n in range(count))
    without_code.cache_clear()
    places = find_links(body, [f"../2016/a{n}.md" for n in range(count)], 5)
    assert places == [(5 + 2 * n, 21 + len(str(n)) - 1) for n in range(count)]


def test_a_body_with_many_links_has_each_written() -> None:
    """Many article links in one body (found by a helper session: each placeholder was
    replaced in the whole body, one after another, 21 of the 23 s one article with 10,000
    links took to build; one pass now, timed outside the tests): each is resolved, or
    left without an address when its article is not published."""
    from sitegen.content.links import ArticleLink, placeholder, quote_attribute, resolve

    count = 2_000
    links = tuple(ArticleLink(f"b.md#a{n}", f"content/b{n % 2}.md", f"a{n}", None) for n in range(count))
    html = "".join(f'<p><a href="{quote_attribute(placeholder(link.target, link.anchor))}">{n}</a></p>'
                   for n, link in enumerate(links))  # fmt: skip
    written = resolve(html, links, {"content/b0.md": "/2016/01/b/"}, "/bilaga")
    assert written.startswith('<p><a href="/2016/01/b/#a0">0</a></p><p><a>1</a></p><p><a href="/2016/01/b/#a2">')
    assert "sitegen-article:" not in written and written.count("<a href=") == count // 2


def test_check_links_tells_a_missing_photo_under_a_base_path_in_the_build_warnings_words(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: under base_url …/bilaga/ a missing body photo (kept as
    written, /bilder/x.jpg) was told 'outside the site's base path /bilaga/', and the
    build's warning at the same place, which says what was looked for and how to write a
    name with '#', was dropped."""
    from PIL import Image

    body = "Text.\n\n![Ett foto](/bilder/x.jpg)\n\n![Nr](/bilder/nr#1.jpg)"
    root = make_site({"2018/ale.md": article("Ale", date="2018-01-01", body=body)},
                     "title: T\nbase_url: https://example.se/bilaga/\n")  # fmt: skip
    (root / "content/bilder").mkdir()
    Image.new("RGB", (40, 30)).save(root / "content/bilder/nr#1.jpg")
    assert told(root, "--links", command="check") == (1, [
        "content/2018/ale.md:7:13: error: no image file '/bilder/x.jpg' next to the article, in content/ "
        "or in assets/; the image will not show",
        "content/2018/ale.md:9:7: error: no image file '/bilder/nr#1.jpg' (read as the file name '/bilder/nr') "
        "next to the article, in content/ or in assets/; the file 'bilder/nr#1.jpg' is there: in an address, "
        "'#' and '?' end the file's name and '%' starts an escape, so write it '/bilder/nr%231.jpg'; the image "
        "will not show",
    ])  # fmt: skip


def test_check_links_tells_a_missing_image_as_missing_and_its_other_warnings_as_ever(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: a broken image link took the words of whatever warning was last
    at its place (its width's), so the error never said the file was missing, and the
    image's other warnings (no alt text) were dropped."""
    root = make_site({"a.md": article("Ale", body='Text.\n\n<img src="saknas.jpg" width="0">')})
    code, errors = told(root, "--links", command="check")
    assert code == 1 and errors == ["content/a.md:7:11: error: no image file 'saknas.jpg' next to the article, "
                                    "in content/ or in assets/; the image will not show"]  # fmt: skip
    warnings = told(root, "--links", command="check", kind="warning")[1]
    assert [w.split(": warning: ")[1][:40] for w in warnings if w.startswith("content/a.md:7:11:")] == [
        "the image 'saknas.jpg' has no alt text, ", "the image 'saknas.jpg': width=\"0\": HTML "]


MAILTO_BODY = """Text [mejla oss](mailto:anna.ale.se) och [b](mailto:anna@ale).

Också <a href="mailto: anna@ale.se">c</a> och [d](mailto:Anna%20Svensson%20%3Canna@ale.se%3E).

Rätt: [e](mailto:anna@ale.se?subject=Hej%20d%C3%A5), <mailto:bo@ale.se>, [f](MAILTO:åsa@göteborg.se)
och [två](mailto:anna@ale.se,bo@ale.se).

    [i kod](mailto:inte.kollad)
"""


@pytest.mark.parametrize("engine_name", ["python-markdown", "commonmark"])
def test_a_mailto_link_to_no_e_mail_address_is_warned_about_at_its_line(make_site, engine_name: str) -> None:  # type: ignore[no-untyped-def]
    """Found by the last session: the front matter's e-mail was checked, but a body link
    `mailto:anna.ale.se` or `mailto: anna@ale.se` was published as it was, and neither
    check nor check --links said anything. A right one, with ?subject= too, is not told."""
    root = make_site({"a.md": article("Ale", body=MAILTO_BODY)}, f"title: T\nmarkdown: {{engine: {engine_name}}}\n")
    assert told(root, "--links", command="check", kind="warning") == (0, [
        "content/a.md:5:18: warning: the e-mail link (mailto:anna.ale.se) leads to no e-mail address: "
        "'anna.ale.se' has no '@'; write it like mailto:namn@kommun.se",
        "content/a.md:5:46: warning: the e-mail link (mailto:anna@ale) leads to no e-mail address: "
        "the domain 'ale' of 'anna@ale' has no ending like .se; write it like mailto:namn@kommun.se",
        "content/a.md:7:16: warning: the e-mail link (mailto: anna@ale.se) leads to no e-mail address: "
        "' anna@ale.se' has a space in it; write mailto:anna@ale.se",
        "content/a.md:7:51: warning: the e-mail link (mailto:Anna%20Svensson%20%3Canna@ale.se%3E) leads "
        "to no e-mail address: 'Anna Svensson <anna@ale.se>' is a name with an address, and a mailto: "
        "link takes the address alone; write mailto:anna@ale.se",
    ])  # fmt: skip
    assert told(root, "--strict", command="check")[0] == 1


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("mailto:", "has no e-mail address after 'mailto:'; write one, like mailto:namn@kommun.se"),
        ("mailto:%20anna@ale.se?subject=Hej", "leads to no e-mail address: ' anna@ale.se' has a space in it; "
         "write mailto:anna@ale.se?subject=Hej"),
        ("mailto:anna@ale.se;bo@ale.se", "has the addresses 'anna@ale.se;bo@ale.se'; separate them with ',' "
         "(RFC 6068), not ';'"),
        ("mailto://anna@ale.se", "leads to no e-mail address: 'mailto:' is followed by '//', which a web "
         "address has and an e-mail address has not; write mailto:anna@ale.se"),
        ("mailto:anna@ale.se,", "leads to no e-mail address: an address before or after a ',' is empty; "
         "write mailto:anna@ale.se"),
        ("mailto:anna%40ale.se", None), ("mailto:anna@ale.se,bo@ale.se?cc=c@ale.se", None),
        # RFC 6068 §6.1's own examples: the addresses in the query's to=, and a quoted local part
        ("mailto:?to=anna@ale.se&subject=Hej", None), ("mailto:?To=anna@ale.se,bo@ale.se", None),
        ("mailto:%22not%40me%22@example.org", None), ('mailto:"anna svensson"@ale.se', None),
        ("mailto:%22%5C%5C%5C%22it's%5C%20ugly%5C%5C%5C%22%22@example.org", None),
        ("mailto:?to=anna.ale.se", "leads to no e-mail address: 'anna.ale.se' has no '@'; "
         "write it like mailto:namn@kommun.se"),
        ("mailto:?subject=Hej", "has no e-mail address after 'mailto:'; write one, like mailto:namn@kommun.se"),
        ('mailto:"anna@ale', "leads to no e-mail address: the domain 'ale' of '\"anna@ale' has no "
         "ending like .se; write it like mailto:namn@kommun.se"),
        # found by a tester: a fragment ends the address (RFC 3986), and is no part of it
        ("mailto:anna@ale.se#x", None), ("mailto:anna@ale.se,bo@ale.se#", None),
        # found by a helper session: a '#' in the query ends the address there, and mail
        # programs drop the rest of the subject (RFC 6068 §2); %23 is the '#' itself
        ("mailto:jobb@ale.se?subject=Nr%20#1%20%C3%A5r&body=Hej", "has a '#' after its '?', where it ends the "
         "address: mail programs drop '#1%20%C3%A5r&body=Hej'; write the '#' as %23: "
         "mailto:jobb@ale.se?subject=Nr%20%231%20%C3%A5r&body=Hej"),
        ("mailto:jobb@ale.se?subject=Nr%231", None),
        ("mailto:#x", "has no e-mail address after 'mailto:'; write one, like mailto:namn@kommun.se"),
        ("mailto:anna.ale.se#x", "leads to no e-mail address: 'anna.ale.se' has no '@'; "
         "write it like mailto:namn@kommun.se"),
        # found by a tester: a space beside the ',' is said as such, with the addresses to write
        ("mailto:anna@ale.se, bo@ale.se", "has a space next to a ',' between its addresses, which RFC 6068 "
         "does not allow in a link; write mailto:anna@ale.se,bo@ale.se"),
        ("mailto:anna@ale.se%20,%20bo@ale.se?subject=Hej", "has a space next to a ',' between its addresses, "
         "which RFC 6068 does not allow in a link; write mailto:anna@ale.se,bo@ale.se?subject=Hej"),
        ("mailto:?to=anna@ale.se,%20bo@ale.se&subject=Hej", "has a space next to a ',' between its addresses, "
         "which RFC 6068 does not allow in a link; write mailto:?to=anna@ale.se,bo@ale.se&subject=Hej"),
        ("mailto:%20anna@ale.se,bo@ale.se", "has a space before or after its addresses, which RFC 6068 does "
         "not allow in a link; write mailto:anna@ale.se,bo@ale.se"),
        # found by helper sessions: the address to write dropped part of what was written
        ("mailto:anna svensson@ale.se", "leads to no e-mail address: 'anna svensson@ale.se' has a space in "
         "it; write it like mailto:namn@kommun.se"),
        ("mailto:anna@ale.se,bo.ale.se", "leads to no e-mail address: 'bo.ale.se' has no '@'; write each "
         "address whole, like mailto:anna@ale.se,namn@kommun.se"),
        ("mailto:anna@ale.se,%20bo.ale.se?subject=Hej", "leads to no e-mail address: ' bo.ale.se' has a space "
         "in it; write each address whole, like mailto:anna@ale.se,namn@kommun.se"),
        ("mailto:Anna%20%3Canna@ale.se%3E", "leads to no e-mail address: 'Anna <anna@ale.se>' is a name with "
         "an address, and a mailto: link takes the address alone; write mailto:anna@ale.se"),
        # found by a helper session: a wrong to= beside a right address was 'no e-mail address',
        # and the link to write was the same link (mailto:anna@ale.se?to=bo.ale.se)
        ("mailto:anna@ale.se?to=bo.ale.se&subject=Hej", "has an address in its to= that is no e-mail "
         "address: 'bo.ale.se' has no '@'; write it like to=namn@kommun.se"),
        ("mailto:anna@ale.se?cc=c@ale.se&to=bo@ale.se,bo%40ale", "has an address in its to= that is no "
         "e-mail address: the domain 'ale' of 'bo@ale' has no ending like .se; write it like to=namn@kommun.se"),
    ],
)  # fmt: skip
def test_mailto_problem(href: str, expected: str | None) -> None:
    from sitegen.content.addresses import mailto_problem

    assert mailto_problem(href) == expected


GLUED_BODY = """Ett [a](https://ale.se/"x") och ![bild](https://ale.se/b.jpg'Foto') två.

[h](https://ale.se/a"b"c) [i](https://ale.se/i "titel")

Rätt: [b](https://ale.se/sida "titel"), [c](https://ale.se/a"b), [d](https://ale.se/it's),
[e](<https://ale.se/"x">), [f](https://ale.se/%22x%22) och `[g](https://ale.se/"x")`.
"""


@pytest.mark.parametrize("engine_name", ["python-markdown", "commonmark"])
def test_an_address_python_markdown_cuts_at_a_quote_is_warned_about_at_its_line(  # type: ignore[no-untyped-def]
    make_site, tmp_path: Path, engine_name: str
) -> None:
    """Found by a helper session: with Python-Markdown, `[a](https://ale.se/"x")` linked to
    https://ale.se/ with the title "x", and `"b"c) [i](… "titel"` of the next line became
    one title, link i lost, with no word; CommonMark keeps the quotes in the address."""
    config = f"title: T\nmarkdown: {{engine: {engine_name}}}\n"
    root = make_site({"a.md": article("Ale", body=GLUED_BODY)}, config)
    code, warnings = told(root, "-o", str(tmp_path / "out"), kind="warning")
    page = parse(tmp_path / "out" / "2016/01/ale/index.html")
    hrefs = [a["href"] for a in page.select("main p a")]
    if engine_name == "commonmark":
        assert code == 0 and warnings == []
        assert hrefs[:3] == ["https://ale.se/%22x%22", "https://ale.se/a%22b%22c", "https://ale.se/i"]
        return
    assert hrefs[:2] == ["https://ale.se/", "https://ale.se/a"]  # what the warnings are about
    def cut(place: str, address: str, quote: str, title: str) -> str:
        escaped = "%22" if quote == '"' else "%27"
        return (f"content/a.md:{place}: warning: the address is cut at the {quote!r}: Python-Markdown links "
                f"to {address!r} and takes {quote}{title}{quote} for the link's title (a tooltip), as no space "
                f"stands before it (CommonMark keeps it in the address); if it belongs to the address, write "
                f"the {quote!r} as {escaped}, if it is a title, put a space before it")  # fmt: skip
    assert code == 0 and warnings == [
        cut("5:9", "https://ale.se/", '"', "x"),
        cut("5:41", "https://ale.se/b.jpg", "'", "Foto"),
        cut("7:5", "https://ale.se/a", '"', 'b"c) [i](https://ale.se/i "titel'),
    ]


def test_check_links_checks_every_address_a_page_loads_or_links_to(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session crawling the site under /bilaga/ as a host serves it:
    check --links looked only at a/link href and img/script/source src, so a video's
    src and poster, an iframe, an object's data, a style's url(), a refresh's target and a
    srcset's candidates (a site's own template) answered 404 on the host while the check
    said 'every internal link'. It now reads the attributes the base path is put on."""
    body = ('Text.\n\n<video src="/film.mp4" poster="/affisch.jpg" controls></video>\n\n'
            '<iframe src="/karta/"></iframe>\n\n<object data="/plan.pdf"></object>\n\n'
            '<div style="background: url(/bakgrund.png)">d</div>\n\n'
            '<meta http-equiv="refresh" content="30; url=/flyttad/">\n\n'
            '<img srcset="/logo.png 1x, /logo-3x.png 3x" alt="Logga">')  # fmt: skip
    config = "title: T\nbase_url: https://example.se/bilaga/\nmarkdown: {raw_html: allow}\n"
    root = make_site({"a.md": article("Ale", body=body)}, config)
    (root / "assets").mkdir()
    (root / "assets" / "logo.png").write_bytes((REPO / "assets" / "icon-192.png").read_bytes())
    (root / "layouts").mkdir()
    article_html = (REPO / "layouts" / "article.html").read_text(encoding="utf-8")
    logo = ('<img src="{{ \'/logo.png\' | url }}" srcset="{{ \'/logo.png\' | url }} 1x, '
            '{{ \'/logo-2x.png\' | url }} 2x" alt="">')  # fmt: skip
    (root / "layouts" / "article.html").write_text(article_html.replace("{% endblock %}", logo + "\n{% endblock %}", 1),
                                                   encoding="utf-8")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    page = parse(tmp_path / "out/2016/01/ale/index.html")  # what a host serves, and a browser asks for
    assert page.select_one("video")["poster"] == "/bilaga/affisch.jpg"
    assert page.select_one('img[alt="Logga"]')["srcset"] == "/bilaga/logo.png 1x, /bilaga/logo-3x.png 3x"
    assert page.select_one('img[alt=""]')["srcset"] == "/bilaga/logo.png 1x, /bilaga/logo-2x.png 2x"
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "content/a.md:7:13: error: /bilaga/film.mp4: no such page or file",
        "content/a.md:7:32: error: /bilaga/affisch.jpg: no such page or file",
        "content/a.md:9:14: error: /bilaga/karta/: no such page or file",
        "content/a.md:11:15: error: /bilaga/plan.pdf: no such page or file",
        "content/a.md:13:29: error: /bilaga/bakgrund.png: no such page or file",
        "content/a.md:15:45: error: /bilaga/flyttad/: no such page or file",
        "content/a.md:17:28: error: /bilaga/logo-3x.png: no such page or file",
        "/2016/01/ale/: error: /bilaga/logo-2x.png: no such page or file",
    ]
    # The alias pages' refresh, the pictures' srcsets and the theme's links all lead somewhere.
    (root / "content/a.md").write_text(article("Ale", aliases="[/gammal/]"), encoding="utf-8")
    shutil.rmtree(root / "layouts")
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 0, result.output
