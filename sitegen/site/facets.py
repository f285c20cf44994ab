"""Facets: one kommun's articles on one tag, and the Kommuner index by initial letter.

A facet archive exists for every kommun × tag that at least `MIN_ARTICLES` shown articles
share, at the kommun archive's address followed by the tag archive's
(`/kommun/malmo/etikett/introduktion/`, the contract's "facet" URL), so each is linked from
both archives it narrows.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sitegen.content.model import Article
from sitegen.site.collect import Site, Taxonomy, Term
from sitegen.swedish import sort_key

MIN_ARTICLES = 2  # fewer, and the facet would only repeat one article page
KOMMUN, TAGS = "kommun", "tags"  # the front matter fields of the two taxonomies crossed


@dataclass(frozen=True)
class Facet:
    """The articles of `kommun` filed under `tag` (newest first), at `url`."""

    kommun: Term
    tag: Term
    url: str
    articles: tuple[Article, ...]


def facets(site: Site) -> list[Facet]:
    """Every kommun × tag with at least MIN_ARTICLES articles, by kommun then tag in Swedish
    order; none when the site files articles by only one of the two fields."""
    kommuner, tags = _taxonomy(site, KOMMUN), _taxonomy(site, TAGS)
    if kommuner is None or tags is None:
        return []
    tag_of: dict[str, list[Term]] = {}
    for tag in tags.terms:
        for article in tag.articles:
            tag_of.setdefault(article.source, []).append(tag)
    found = []
    for kommun in kommuner.terms:
        shared: dict[str, list[Article]] = defaultdict(list)
        terms = {}
        for article in kommun.articles:  # newest first, and so each facet's list
            for tag in tag_of.get(article.source, ()):
                shared[tag.slug].append(article)
                terms[tag.slug] = tag
        for slug, articles in shared.items():
            if len(articles) >= MIN_ARTICLES:
                url = f"{kommun.url}{tags.url.lstrip('/')}{slug}/"
                found.append(Facet(kommun, terms[slug], url, tuple(articles)))
    found.sort(key=lambda f: (sort_key(f.kommun.name), sort_key(f.tag.name)))
    return found


def _taxonomy(site: Site, field: str) -> Taxonomy | None:
    return next((t for t in site.taxonomies if t.config.field == field), None)


SWEDISH_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
_FILED_AS = {"Æ": "Ä", "Ø": "Ö", "Ü": "Y"}  # as Swedish dictionaries file them (see swedish.py)


def initial(name: str) -> str:
    """The letter `name` is filed under in a Swedish index: A–Z, Å, Ä, Ö (É under E, Ü under
    Y); `#` for a name that starts with anything else (a digit, another script)."""
    first = unicodedata.normalize("NFC", name.strip()[:1]).upper()
    first = _FILED_AS.get(first, first)
    if first in SWEDISH_LETTERS:
        return first
    base = unicodedata.normalize("NFD", first)[:1]
    return base if base and base in SWEDISH_LETTERS[:26] else "#"


def by_initial(names: list[str]) -> list[tuple[str, list[int]]]:
    """The positions of `names` grouped by `initial`, letters in Swedish order (A–Z, Å, Ä,
    Ö, then `#`), each group in the order given."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        groups[initial(name)].append(i)
    order = SWEDISH_LETTERS + "#"
    return sorted(groups.items(), key=lambda g: order.index(g[0]))
