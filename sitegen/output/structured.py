"""Structured data: the schema.org graph (JSON-LD) that `partials/meta.html` puts in a page's head.

Built here rather than in the template: as Jinja statements (a dict made, then filled by
`update` calls) it took about a third of the time an article page takes to render. The
template still writes it (`{{ {"@context": …, "@graph": graph} | tojson }}`), so the bytes
are Jinja's `tojson`'s as before. The vocabulary is schema.org's
(https://schema.org/NewsArticle, CollectionPage, BreadcrumbList), as Google's
article and breadcrumb documentation asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Graph = list[dict[str, Any]]
ARCHIVES = ("home", "term", "facet", "index")  # page kinds that list things: a CollectionPage
CRUMBED = ("term", "facet", "index", "article", "page")  # page kinds with a BreadcrumbList


def graph(page: dict[str, Any], item: Any, listed: Sequence[Any], taxonomy: Any, *, title: str,
          language: str, logo: str, home: str = "/", absolute: Callable[[str], str]) -> Graph:  # fmt: skip
    """The nodes of a page's schema.org graph; empty for a page that has none (404, feeds).

    `page` is the template's `page`; `item` the article view of an article or page of
    content/sidor/ (else None); `listed` an archive page's entries (article views);
    `taxonomy` a taxonomy index's view (else None). `title` and `language` are the site's,
    `logo` the absolute address of its 512 px icon; `home` the home page's site path
    (`permalinks.home`); `absolute` makes a site path ("/etikett/") an absolute address
    under the base URL."""
    canonical, home = absolute(page["url"]), absolute(home)
    kind = page["kind"]
    publisher = {"@type": "Organization", "name": title, "url": home,
                 "logo": {"@type": "ImageObject", "url": logo, "width": 512, "height": 512}}  # fmt: skip
    nodes: Graph = []
    if kind == "article":
        nodes.append(_news(item, canonical, home, title, language, publisher, absolute))
    elif kind == "page":
        nodes.append({"@type": "WebPage", "name": item.title, "url": canonical, "inLanguage": language,
                      "publisher": publisher})  # fmt: skip
    elif kind in ARCHIVES:
        collection: dict[str, Any] = {"@type": "CollectionPage", "name": page["title"], "url": canonical,
                                      "inLanguage": language,
                                      "isPartOf": {"@type": "WebSite", "name": title, "url": home}}  # fmt: skip
        if listed:
            collection["mainEntity"] = _items((absolute(entry.url), entry.title) for entry in listed)
        elif taxonomy is not None:
            collection["mainEntity"] = _items((absolute(term.url), term.text) for term, _ in taxonomy.terms)
        nodes.append(collection)
    crumbs = page["crumbs"]
    if crumbs and kind in CRUMBED:
        trail = [{"@type": "ListItem", "position": number, "name": crumb.text, "item": absolute(crumb.url)}
                 for number, crumb in enumerate(crumbs, 1)]  # fmt: skip
        here = page["alternate"] or page["url"]
        if crumbs[-1].url != here:  # an index's crumbs end with itself (Start › Etiketter)
            trail.append({"@type": "ListItem", "position": len(crumbs) + 1, "name": page["heading"],
                          "item": absolute(here)})  # fmt: skip
        nodes.append({"@type": "BreadcrumbList", "itemListElement": trail})
    return nodes


def _news(item: Any, canonical: str, home: str, title: str, language: str, publisher: dict[str, Any],
          absolute: Callable[[str], str]) -> dict[str, Any]:  # fmt: skip
    """An article's NewsArticle: what it says, when, about which kommun, with which photo."""
    news: dict[str, Any] = {"@type": "NewsArticle", "headline": item.title, "url": canonical, "mainEntityOfPage": canonical,
            "inLanguage": language, "datePublished": item.published_iso, "dateModified": item.modified_iso,
            "author": {"@type": "Organization", "name": title, "url": home}, "publisher": publisher}  # fmt: skip
    if item.lead:
        news["description"] = item.lead
    if item.tags:
        news["keywords"] = [tag.text for tag in item.tags]
    if item.kommun:
        about: dict[str, Any] = {"@type": "AdministrativeArea", "name": item.kommun.text}
        if item.kommun.url:
            about["url"] = absolute(item.kommun.url)
        news["about"] = about
    if item.image:
        photo: dict[str, Any] = {"@type": "ImageObject", "url": absolute(item.image),
                                 "contentUrl": absolute(item.image)}  # fmt: skip
        if item.image_size:
            photo["width"], photo["height"] = item.image_size
        if item.caption:
            photo["caption"] = item.caption
        if item.photographer:
            photo["creditText"] = item.photographer
            photo["creator"] = {"@type": "Person", "name": item.photographer}
        news["image"] = photo
    return news


def _items(entries: Any) -> dict[str, Any]:
    """An ItemList of (absolute address, name) pairs, numbered from 1."""
    return {"@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": number, "url": url, "name": name}
        for number, (url, name) in enumerate(entries, 1)
    ]}  # fmt: skip
