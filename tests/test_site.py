"""The test site built into tmp_path, its HTML parsed and checked the way a reader sees it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import parse


def entry_links(page: Path) -> list[str]:
    return [a["href"] for a in parse(page).select("article.entry h2 a")]


def test_every_article_appears_once_across_a_tags_pages(built_test_site: Path) -> None:
    root = built_test_site / "etikett" / "socialforvaltning"
    pages = [root / "index.html", root / "sida" / "2" / "index.html"]
    links = [link for page in pages for link in entry_links(page)]
    assert links == [
        "/2017/03/zeta-forst-i-alfabetet-sist-i-tiden/",
        "/2016/09/bred-introduktion-i-ostra-goteborg/",
        "/2016/01/attraktivt-att-arbeta-i-amal/",  # same day as Ale: Swedish title order
        "/2016/01/latt-att-leva-for-socionomer-i-ale/",
    ]
    assert not (root / "sida" / "3").exists()
    assert not (root / "sida" / "1").exists()


def test_archive_titles_and_rel_links(built_test_site: Path) -> None:
    first = parse(built_test_site / "etikett/socialforvaltning/index.html")
    second = parse(built_test_site / "etikett/socialforvaltning/sida/2/index.html")
    assert first.h1.get_text() == "Etikettarkiv: Socialförvaltning"
    assert first.title.get_text().startswith("Etikettarkiv: Socialförvaltning – ")
    assert second.h1.get_text() == "Etikettarkiv: Socialförvaltning – Sida 2"
    assert first.find("link", rel="prev") is None
    assert first.find("link", rel="next")["href"] == "/etikett/socialforvaltning/sida/2/"
    assert second.find("link", rel="prev")["href"] == "/etikett/socialforvaltning/"
    assert second.find("link", rel="next") is None
    nav = second.select_one("nav.pagination")
    assert nav.select_one("a.pagination-newer")["href"] == "/etikett/socialforvaltning/"
    assert nav.select_one("a.pagination-newer").get_text() == "← Nyare inlägg"
    assert nav.select_one("a.pagination-older") is None
    assert [a.get_text() for a in nav.select("ol a")] == ["1", "2"]
    assert nav.select_one("[aria-current=page]").get_text() == "2"


def test_archive_entry_shows_link_date_kommun_and_lead(built_test_site: Path) -> None:
    page = parse(built_test_site / "etikett/socialforvaltning/sida/2/index.html")
    ale = page.select("article.entry")[1]
    assert ale.h2.a["href"] == "/2016/01/latt-att-leva-for-socionomer-i-ale/"
    assert ale.time.get_text() == "20 januari 2016" and ale.time["datetime"] == "2016-01-20"
    assert ale.find("a", string="Ale")["href"] == "/kommun/ale/"
    assert "Ale lätt att leva" in ale.select_one(".entry-lead").get_text()


def test_article_page_shows_everything_the_supplement_shows(built_test_site: Path) -> None:
    page = parse(built_test_site / "2016/01/latt-att-leva-for-socionomer-i-ale/index.html")
    assert page.html["lang"] == "sv"
    article = page.select_one("main article")
    assert article.select_one(".kicker").get_text() == "Presentation"
    assert article.h1.get_text() == "Lätt att leva för socionomer i Ale"
    assert " ".join(article.select_one(".byline").get_text().split()) == (
        "Publicerad 20 januari 2016"  # no photo: no credit ("Foto: …") for it
    )
    assert article.select_one(".eyebrow a.place")["href"] == "/kommun/ale/"
    # Ale has a caption and a photographer but no image: no empty frame, no orphan credit.
    assert article.figure is None and "Foto:" not in article.get_text()
    assert "Fredrik Broberg" not in article.get_text()
    assert article.select_one(".lead").get_text() == "Ale kommuns vision är ”Ale lätt att leva”."
    body = article.select_one(".body")
    assert body.h2.get_text() == "Ska vara roligt på jobbet"
    assert body.find("p", string=re.compile("^– Jag ser mig")) is not None
    assert [li.get_text() for li in body.select("li")] == ["introduktionsprogram", "handledning"]
    assert article.select_one(".cta a")["href"] == "https://www.ale.se/jobb"
    assert article.select_one(".factbox h2").get_text() == "Ale kommun"
    contact = article.select_one(".contact")
    hrefs = [a["href"] for a in contact.find_all("a")]
    assert hrefs == ["tel:+46303330000", "mailto:kommun@ale.se", "tel:+46303330001",
                     "mailto:irene@ale.se", "https://www.ale.se"]  # fmt: skip
    assert "Iréne Blomqvist" in contact.get_text() and "Verksamhetschef" in contact.get_text()
    tags = article.select(".terms-tags a")
    assert [(a.get_text(), a["href"]) for a in tags] == [
        ("Socialförvaltning", "/etikett/socialforvaltning/"),
        ("Barn och unga", "/etikett/barn-och-unga/"),
    ]
    newer = page.select_one("nav.article-nav a[rel=prev]")
    assert newer["href"] == "/2016/01/attraktivt-att-arbeta-i-amal/"
    assert page.select_one("nav.article-nav a[rel=next]") is None  # the oldest article


def test_term_indexes_count_and_sort_the_swedish_way(built_test_site: Path) -> None:
    page = parse(built_test_site / "kommun/index.html")
    items = [" ".join(li.get_text().split()) for li in page.select("ul.term-list li")]
    assert items == [
        "Ale 1 artikel",
        "Borås 1 artikel",
        "Åmål 1 artikel",
        "Östra Göteborg 1 artikel",
    ]
    tags = parse(built_test_site / "etikett/index.html")
    names = [a.get_text() for a in tags.select("ul.term-list a")]
    assert names == ["Barn och unga", "Ekonomiskt bistånd", "Introduktion",
                     "Missbruk & beroende", "Socialförvaltning"]  # fmt: skip
    assert "4 artiklar" in tags.select("ul.term-list li")[-1].get_text()


def test_kommun_archive_and_home_paginate(built_test_site: Path) -> None:
    kommun = parse(built_test_site / "kommun/ostra-goteborg/index.html")
    assert kommun.h1.get_text() == "Kommun: Östra Göteborg"
    home = [built_test_site / "index.html", built_test_site / "sida/2/index.html"]
    assert sum(len(entry_links(p)) for p in home) == 4
    assert parse(home[1]).h1.get_text().endswith("– Sida 2")


def test_drafts_and_future_articles_are_left_out(built_test_site: Path) -> None:
    everything = " ".join(p.read_text() for p in built_test_site.rglob("*.html"))
    assert "Ett utkast" not in everything and "Publiceras i framtiden" not in everything


def test_feed_and_sitemap_are_well_formed_and_absolute(built_test_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built_test_site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 4
    assert entries[0].find(f"{atom}link").get("href") == (
        "https://test.example.se/2017/03/zeta-forst-i-alfabetet-sist-i-tiden/"
    )
    assert feed.find(f"{atom}updated").text == "2017-03-01T10:30:00+01:00"
    assert "<p>Text.</p>" in entries[0].find(f"{atom}content").text
    sitemap = ET.parse(built_test_site / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://test.example.se/etikett/socialforvaltning/sida/2/" in locs
    assert all(loc.startswith("https://test.example.se/") for loc in locs)
    assert not any(loc.endswith("404.html") for loc in locs)
    html_pages = [p for p in built_test_site.rglob("index.html")]
    assert len(locs) == len(html_pages)


def test_404_page_is_swedish(built_test_site: Path) -> None:
    page = parse(built_test_site / "404.html")
    assert page.h1.get_text() == "Sidan finns inte"


def test_unknown_front_matter_reaches_templates_as_extra(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import article

    root = make_site({"a.md": article("Ale", region="Västra Götaland")})
    (root / "layouts").mkdir()
    (root / "layouts" / "article.html").write_text(
        "{{ article.title }} i {{ article.extra.region }}", encoding="utf-8"
    )
    run_build(root)
    text = (tmp_path / "public/2016/01/ale/index.html").read_text()
    assert text == "Ale i Västra Götaland"
