"""What templates see: view models built from the site's data, never the internal objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from .cache import digest
from .collect import Site, Taxonomy
from .links import resolve
from .model import Article, CallToAction, Contact, FactBox
from .swedish import format_date
from .urls import slugify


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class ArticleView:
    url: str
    title: str
    kicker: str | None
    date: datetime
    date_text: str  # 20 januari 2016
    date_iso: str
    kommun: Link | None
    lead: str | None
    image: str | None
    alt: str
    caption: str | None
    photographer: str | None
    body: Markup
    cta: CallToAction | None
    factbox: FactBox | None
    contact: Contact | None
    tags: tuple[Link, ...]
    terms: Mapping[str, tuple[Link, ...]]  # every taxonomy's links, by front matter field
    draft: bool
    scheduled: bool  # dated after the build's `now`, shown only with --future
    extra: Mapping[str, Any]
    newer: Link | None = None
    older: Link | None = None
    key: str = ""  # identifies everything above, for the build cache


@dataclass(frozen=True)
class TaxonomyView:
    title: str
    label: str
    url: str
    field: str
    terms: tuple[tuple[Link, int], ...]  # (term, article count), Swedish order


def article_views(
    site: Site, now: datetime, source_keys: Mapping[str, str] | None = None
) -> dict[str, ArticleView]:
    """One view per shown article, keyed by source path, with neighbours and term links."""
    term_links = {
        (t.config.field, term.slug): Link(term.name, term.url)
        for t in site.taxonomies
        for term in t.terms
    }
    views = {}
    articles = site.articles
    urls = {a.source: a.url for a in articles}
    for i, article in enumerate(articles):
        terms = {t.config.field: _links(article, t, term_links) for t in site.taxonomies}
        newer = articles[i - 1] if i > 0 else None
        older = articles[i + 1] if i + 1 < len(articles) else None
        known = (source_keys or {}).get(article.source)
        views[article.source] = _view(article, terms, now, newer, older, known, urls)
    return views


def _links(
    article: Article, taxonomy: Taxonomy, known: dict[tuple[str, str], Link]
) -> tuple[Link, ...]:
    field = taxonomy.config.field
    found = (known.get((field, slugify(name))) for name in article.values(field))
    return tuple(dict.fromkeys(link for link in found if link))


def _view(
    article: Article,
    terms: dict[str, tuple[Link, ...]],
    now: datetime,
    newer: Article | None,
    older: Article | None,
    source_key: str | None = None,
    urls: Mapping[str, str] | None = None,
) -> ArticleView:
    targets = tuple((urls or {}).get(link.target) for link in article.links)
    # The source file's hash stands for the article when the caller knows it: cheaper than repr.
    key = digest(
        repr(
            (
                source_key or article,
                terms,
                newer and newer.url,
                newer and newer.title,
                older and older.url,
                older and older.title,
                article.published > now,
                targets,  # where links to other articles lead now
            )
        ).encode()
    )
    kommun_links = terms.get("kommun", ())
    kommun = kommun_links[0] if kommun_links else Link(article.kommun) if article.kommun else None
    return ArticleView(
        url=article.url,
        title=article.title,
        kicker=article.kicker,
        date=article.published,
        date_text=format_date(article.published),
        date_iso=article.published.isoformat() if article.has_time else article.date.isoformat(),
        kommun=kommun,
        lead=article.lead,
        image=article.image,
        alt=article.alt or article.caption or "",
        caption=article.caption,
        photographer=article.photographer,
        body=Markup(resolve(article.body, article.links, urls or {})),
        cta=article.cta,
        factbox=article.factbox,
        contact=article.contact,
        tags=terms.get("tags", ()),
        terms=terms,
        draft=article.draft,
        scheduled=article.published > now,
        extra=article.extra,
        newer=Link(newer.title, newer.url) if newer else None,
        older=Link(older.title, older.url) if older else None,
        key=key,
    )


def taxonomy_view(taxonomy: Taxonomy) -> TaxonomyView:
    config = taxonomy.config
    terms = tuple((Link(t.name, t.url), len(t.articles)) for t in taxonomy.terms)
    return TaxonomyView(config.index_title, config.label, taxonomy.url, config.field, terms)
