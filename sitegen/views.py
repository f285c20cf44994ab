"""What templates see: view models built from the site's data, never the internal objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass
class ViewMemo:
    """Article views kept between rebuilds by `serve`, each with what it was made from."""

    term_links: dict[tuple[str, str], Link] = field(default_factory=dict)
    views: dict[str, tuple[Article, tuple[Any, ...], ArticleView]] = field(default_factory=dict)


def article_views(
    site: Site,
    now: datetime,
    source_keys: Mapping[str, str] | None = None,
    memo: ViewMemo | None = None,
) -> dict[str, ArticleView]:
    """One view per shown article, keyed by source path, with neighbours and term links.

    With a `memo`, a view is reused when its article is the same object (read from the same
    bytes) and its neighbours, terms and link targets are unchanged."""
    memo = ViewMemo() if memo is None else memo
    term_links = {
        (t.config.field, term.slug): Link(term.name, term.url)
        for t in site.taxonomies
        for term in t.terms
    }
    same_terms, memo.term_links = term_links == memo.term_links, term_links
    views = {}
    articles = site.articles
    urls = {a.source: a.url for a in articles}
    for i, article in enumerate(articles):
        kept = memo.views.get(article.source)
        if kept is not None and kept[0] is article and same_terms:
            terms = kept[2].terms
        else:
            terms = {t.config.field: _links(article, t, term_links) for t in site.taxonomies}
        newer = articles[i - 1] if i > 0 else None
        older = articles[i + 1] if i + 1 < len(articles) else None
        targets = tuple(urls.get(link.target) for link in article.links)
        inputs = (tuple(terms.items()), newer and (newer.url, newer.title),
                  older and (older.url, older.title), article.published > now, targets)  # fmt: skip
        if kept is not None and kept[0] is article and kept[1] == inputs:
            views[article.source] = kept[2]
            continue
        known = (source_keys or {}).get(article.source)
        views[article.source] = view = _view(article, terms, now, newer, older, known, urls)
        memo.views[article.source] = (article, inputs, view)
    for gone in memo.views.keys() - views.keys():
        del memo.views[gone]
    return views


def _links(
    article: Article, taxonomy: Taxonomy, known: dict[tuple[str, str], Link]
) -> tuple[Link, ...]:
    field = taxonomy.config.field
    slugs = dict.fromkeys(slugify(name) for name in article.values(field))  # each term once
    return tuple(known[(field, slug)] for slug in slugs if (field, slug) in known)


def _view(
    article: Article,
    terms: Mapping[str, tuple[Link, ...]],
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
                tuple(
                    (f, tuple((link.text, link.url) for link in links))
                    for f, links in terms.items()
                ),
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
