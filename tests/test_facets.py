"""Facets (kommun × tag with two or more articles) and the Kommuner index by initial letter."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article, parse
from test_collect import make, run

from sitegen.site.facets import by_initial, facets, initial


def test_a_facet_needs_two_articles_of_one_kommun_sharing_a_tag() -> None:
    site, _ = run([
        make("A1", "2016-01-01", kommun="Malmö", tags=("Introduktion", "Lön")),
        make("A2", "2016-02-01", kommun="Malmö", tags=("introduktion",)),
        make("B1", "2016-03-01", kommun="Ale", tags=("Introduktion",)),
        make("B2", "2016-04-01", kommun="Ale", tags=("Lön",)),
    ])  # fmt: skip
    found = facets(site)
    assert [(f.kommun.name, f.tag.name, f.url) for f in found] == [
        ("Malmö", "Introduktion", "/kommun/malmo/etikett/introduktion/")
    ]
    assert [a.title for a in found[0].articles] == ["A2", "A1"]  # newest first


@pytest.mark.parametrize(("name", "letter"), [
    ("Ale", "A"), ("alingsås", "A"), ("Åmål", "Å"), ("Ängelholm", "Ä"), ("Östhammar", "Ö"),
    ("Émile", "E"), ("Ørby", "Ö"), ("Ümeå", "Y"), ("Zeta", "Z"), ("2000-talet", "#"),
])  # fmt: skip
def test_the_initial_letter_is_the_swedish_one(name: str, letter: str) -> None:
    assert initial(name) == letter


def test_groups_come_in_swedish_order() -> None:
    names = ["Ale", "Borås", "Zeta", "Åmål", "Ängelholm", "Östhammar", "Östra Göteborg"]
    assert [(letter, [names[i] for i in found]) for letter, found in by_initial(names)] == [
        ("A", ["Ale"]), ("B", ["Borås"]), ("Z", ["Zeta"]), ("Å", ["Åmål"]),
        ("Ä", ["Ängelholm"]), ("Ö", ["Östhammar", "Östra Göteborg"]),
    ]  # fmt: skip


SITE = {
    "a1.md": article("Malmö ett", "2016-01-01", kommun="Malmö", tags="[Introduktion, Lön]"),
    "a2.md": article("Malmö två", "2016-02-01", kommun="Malmö", tags="[Introduktion]"),
    "a3.md": article("Malmö tre", "2016-03-01", kommun="Malmö", tags="[Lön, Arbetsmiljö]"),
    "b1.md": article("Åmål ett", "2016-04-01", kommun="Åmål", tags="[Introduktion]"),
    "b2.md": article("Östhammar ett", "2016-05-01", kommun="Östhammar", tags="[Lön]"),
}


def test_facet_archives_are_built_and_linked_from_both_sides(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make_site(SITE, config="title: T\nbase_url: https://x.se/bilaga/\n"))
    out = tmp_path / "public"
    facet = parse(out / "kommun/malmo/etikett/introduktion/index.html")
    assert facet.h1.get_text() == "Introduktion i Malmö"
    assert [a.get_text() for a in facet.select("article.entry h2 a")] == ["Malmö två", "Malmö ett"]
    links = {a["href"] for a in facet.select(".facet-links a")}
    assert links == {"/bilaga/kommun/malmo/", "/bilaga/etikett/introduktion/"}
    assert (out / "kommun/malmo/etikett/lon/index.html").is_file()
    assert not (out / "kommun/malmo/etikett/arbetsmiljo").exists()  # one article only
    assert not (out / "kommun/amal/etikett").exists()
    kommun = parse(out / "kommun/malmo/index.html")
    assert [(a.get_text(), a["href"]) for a in kommun.select(".facets a")] == [
        ("Introduktion", "/bilaga/kommun/malmo/etikett/introduktion/"),
        ("Lön", "/bilaga/kommun/malmo/etikett/lon/"),
    ]
    tag = parse(out / "etikett/lon/index.html")
    assert [(a.get_text(), a["href"]) for a in tag.select(".facets a")] == [
        ("Malmö", "/bilaga/kommun/malmo/etikett/lon/")
    ]
    assert parse(out / "etikett/arbetsmiljo/index.html").select(".facets") == []
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://x.se/bilaga/kommun/malmo/etikett/introduktion/" in sitemap


def test_the_kommuner_index_is_grouped_by_letter_with_counts(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make_site(SITE))
    index = parse(tmp_path / "public/kommun/index.html")
    groups = [
        (section.h2.contents[0].strip(), [(li.a.get_text(), li.select_one(".term-count").get_text())
                                          for li in section.select("li")])
        for section in index.select(".term-group")
    ]  # fmt: skip
    assert groups == [
        ("M", [("Malmö", "3 artiklar")]),
        ("Å", [("Åmål", "1 artikel")]),
        ("Ö", [("Östhammar", "1 artikel")]),
    ]
    letters = [a.get_text() for a in index.select(".term-letters a")]
    assert letters == ["M", "Å", "Ö"]
    tags = parse(tmp_path / "public/etikett/index.html")
    assert tags.select(".term-group") == []  # only the kommun index is grouped


def test_related_reading_on_the_article_page(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make_site(SITE))
    page = parse(tmp_path / "public/2016/01/malmo-ett/index.html")
    related = page.select_one("section.related")
    assert related.h2.get_text() == "Läs också"
    # Malmö tre and två share the kommun and one tag each (both tags on three articles):
    # the newer first; then Östhammar (Lön) is newer than Åmål (Introduktion).
    assert [a.get_text() for a in related.select("h3 a")] == ["Malmö tre", "Malmö två", "Östhammar ett"]
    assert related.select("time")[0]["datetime"] == "2016-03-01"
    assert page.select_one(".article-nav")  # previous/next stays
