"""The schema.org graph of each kind of page (output/structured.py), as plain data.

tests/test_publish.py reads the JSON-LD of a built site with extruct; the golden pages hold
its bytes. These check each rule of the graph on its own.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sitegen.output.structured import graph
from sitegen.site.views import Link

BASE = "https://example.se/bilaga/"


def _absolute(path: str) -> str:
    return BASE + path.lstrip("/")


def _page(kind: str, url: str, title: str, crumbs: tuple[Link, ...] = (), alternate: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "url": url, "title": title, "heading": title, "crumbs": crumbs, "alternate": alternate}


def _article(**fields: Any) -> SimpleNamespace:
    values = {"title": "Lätt att leva i Ale", "url": "/2016/01/ale/", "lead": None, "tags": (), "kommun": None,
              "image": None, "image_size": None, "caption": None, "photographer": None,
              "published_iso": "2016-01-20T00:00:00+01:00", "modified_iso": "2016-02-03T00:00:00+01:00"}  # fmt: skip
    return SimpleNamespace(**{**values, **fields})


def _graph(page: dict[str, Any], item: Any = None, listed: Any = (), taxonomy: Any = None) -> dict[str, Any]:
    nodes = graph(page, item, listed, taxonomy, title="Bilagan", language="sv", logo=BASE + "icon-512.png",
                  absolute=_absolute)  # fmt: skip
    found = {node["@type"]: node for node in nodes}
    assert len(found) == len(nodes)  # one node of each type
    return found


def test_an_article_is_a_news_article_with_its_photo_kommun_and_tags() -> None:
    item = _article(lead="Ale kommuns vision.", tags=(Link("Socialförvaltning", "/etikett/socialforvaltning/"),),
                    kommun=Link("Ale", "/kommun/ale/"), image="/bilder/ale.jpg", image_size=(640, 427),
                    caption="Ale vid älven.", photographer="Patrik Bergenstav")  # fmt: skip
    nodes = _graph(_page("article", "/2016/01/ale/", "Lätt att leva i Ale", (Link("Start", "/"),)), item)
    news = nodes["NewsArticle"]
    assert news["headline"] == "Lätt att leva i Ale"
    assert news["url"] == news["mainEntityOfPage"] == BASE + "2016/01/ale/"
    assert (news["datePublished"], news["dateModified"], news["inLanguage"]) == (
        "2016-01-20T00:00:00+01:00", "2016-02-03T00:00:00+01:00", "sv")  # fmt: skip
    assert news["description"] == "Ale kommuns vision." and news["keywords"] == ["Socialförvaltning"]
    assert news["about"] == {"@type": "AdministrativeArea", "name": "Ale", "url": BASE + "kommun/ale/"}
    assert news["image"] == {"@type": "ImageObject", "url": BASE + "bilder/ale.jpg",
                             "contentUrl": BASE + "bilder/ale.jpg", "width": 640, "height": 427,
                             "caption": "Ale vid älven.", "creditText": "Patrik Bergenstav",
                             "creator": {"@type": "Person", "name": "Patrik Bergenstav"}}  # fmt: skip
    assert news["author"] == {"@type": "Organization", "name": "Bilagan", "url": BASE}
    assert news["publisher"]["logo"] == {"@type": "ImageObject", "url": BASE + "icon-512.png",
                                         "width": 512, "height": 512}  # fmt: skip
    trail = nodes["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in trail] == [
        (1, "Start", BASE), (2, "Lätt att leva i Ale", BASE + "2016/01/ale/")]  # fmt: skip


def test_what_an_article_lacks_is_left_out() -> None:
    """No lead, tags, photo size, caption or credit: no empty fields; a kommun that is not
    a taxonomy term has no address."""
    nodes = _graph(_page("article", "/a/", "A"), _article(kommun=Link("Ale"), image="/bilder/a.jpg"))
    news = nodes["NewsArticle"]
    assert "description" not in news and "keywords" not in news
    assert news["about"] == {"@type": "AdministrativeArea", "name": "Ale"}
    assert news["image"] == {"@type": "ImageObject", "url": BASE + "bilder/a.jpg", "contentUrl": BASE + "bilder/a.jpg"}
    assert "BreadcrumbList" not in nodes  # no crumbs above it


def test_a_page_of_sidor_is_a_web_page() -> None:
    nodes = _graph(_page("page", "/om/", "Om bilagan", (Link("Start", "/"),)), _article(title="Om bilagan"))
    assert nodes["WebPage"] == {"@type": "WebPage", "name": "Om bilagan", "url": BASE + "om/", "inLanguage": "sv",
                                "publisher": nodes["WebPage"]["publisher"]}  # fmt: skip
    assert "NewsArticle" not in nodes


def test_an_archive_lists_its_entries_and_an_index_its_terms() -> None:
    crumbs = (Link("Start", "/"), Link("Etiketter", "/etikett/"))
    page = _page("term", "/etikett/barn/sida/2/", "Barn – Sida 2", crumbs, alternate="/etikett/barn/")
    nodes = _graph(page, listed=[_article(), _article(title="B", url="/b/")])
    collection = nodes["CollectionPage"]
    assert collection["isPartOf"] == {"@type": "WebSite", "name": "Bilagan", "url": BASE}
    assert [(i["position"], i["url"], i["name"]) for i in collection["mainEntity"]["itemListElement"]] == [
        (1, BASE + "2016/01/ale/", "Lätt att leva i Ale"), (2, BASE + "b/", "B")]  # fmt: skip
    # The last crumb is the archive itself, whichever of its pages this is.
    assert nodes["BreadcrumbList"]["itemListElement"][-1] == {
        "@type": "ListItem", "position": 3, "name": "Barn – Sida 2", "item": BASE + "etikett/barn/"}  # fmt: skip
    taxonomy = SimpleNamespace(terms=((Link("Ale", "/kommun/ale/"), 3), (Link("Åmål", "/kommun/amal/"), 1)))
    index = _graph(_page("index", "/kommun/", "Kommuner", (Link("Start", "/"),)), taxonomy=taxonomy)
    assert [i["name"] for i in index["CollectionPage"]["mainEntity"]["itemListElement"]] == ["Ale", "Åmål"]
    home = _graph(_page("home", "/", "Senaste artiklarna"))
    assert "mainEntity" not in home["CollectionPage"] and "BreadcrumbList" not in home


def test_pages_that_are_not_documents_have_no_graph() -> None:
    for kind in ("404", "feed", "sitemap", "robots", "manifest", "search"):
        assert graph(_page(kind, "/x", "X", (Link("Start", "/"),)), None, (), None, title="Bilagan",
                     language="sv", logo="", absolute=_absolute) == []  # fmt: skip
