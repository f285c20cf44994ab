"""What templates see: view models built from the site's data, never the internal objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from sitegen.content.links import resolve
from sitegen.content.model import Article
from sitegen.incremental.cache import digest
from sitegen.site.collect import Site, Taxonomy
from sitegen.swedish import format_date
from sitegen.urls import slugify


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None = None


class ArticleView:
    """An article as templates see it, with its neighbours and term links.

    Every build makes one for every article (its `key` says what its page is made from), but
    most builds render few of them, so the fields that take work are made on first use."""

    def __init__(
        self,
        article: Article,
        terms: Mapping[str, tuple[Link, ...]],
        scheduled: bool,
        newer: Article | None,
        older: Article | None,
        targets: Mapping[str, str],
        key: str,
    ) -> None:
        self._article, self._newer, self._older, self._targets = article, newer, older, targets
        self.url, self.title, self.date = article.url, article.title, article.published
        self.terms = terms  # every taxonomy's links, by front matter field
        self.scheduled = scheduled  # dated after the build's `now`, shown only with --future
        self.key = key  # identifies everything the view shows, for the build cache

    def __repr__(self) -> str:
        return f"ArticleView({self.url!r})"

    kicker = property(lambda self: self._article.kicker)
    lead = property(lambda self: self._article.lead)
    image = property(lambda self: self._article.image)
    caption = property(lambda self: self._article.caption)
    photographer = property(lambda self: self._article.photographer)
    cta = property(lambda self: self._article.cta)
    factbox = property(lambda self: self._article.factbox)
    contact = property(lambda self: self._article.contact)
    draft = property(lambda self: self._article.draft)
    extra = property(lambda self: self._article.extra)

    @cached_property
    def date_text(self) -> str:  # 20 januari 2016
        return format_date(self._article.published)

    @cached_property
    def date_iso(self) -> str:
        article = self._article
        return article.published.isoformat() if article.has_time else article.date.isoformat()

    @cached_property
    def kommun(self) -> Link | None:
        links = self.terms.get("kommun", ())
        return links[0] if links else Link(self._article.kommun) if self._article.kommun else None

    @cached_property
    def alt(self) -> str:
        return self._article.alt or self._article.caption or ""

    @property  # not kept: it is as large as the article, and each page asks once
    def body(self) -> Markup:
        return Markup(resolve(self._article.body.decode(), self._article.links, self._targets))

    @cached_property
    def tags(self) -> tuple[Link, ...]:
        return self.terms.get("tags", ())

    @cached_property
    def newer(self) -> Link | None:
        return Link(self._newer.title, self._newer.url) if self._newer else None

    @cached_property
    def older(self) -> Link | None:
        return Link(self._older.title, self._older.url) if self._older else None


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
        scheduled = article.published > now
        inputs = (tuple(terms.items()), newer and (newer.url, newer.title),
                  older and (older.url, older.title), scheduled, targets)  # fmt: skip
        if kept is not None and kept[0] is article and kept[1] == inputs:
            views[article.source] = kept[2]
            continue
        known = (source_keys or {}).get(article.source)
        view = _view(article, terms, scheduled, newer, older, known, targets)
        views[article.source] = view
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
    scheduled: bool,
    newer: Article | None,
    older: Article | None,
    source_key: str | None,
    targets: tuple[str | None, ...],  # the URL each of the article's links leads to now
) -> ArticleView:
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
                scheduled,
                targets,
            )
        ).encode()
    )
    leads = {link.target: url for link, url in zip(article.links, targets, strict=True) if url}
    return ArticleView(article, terms, scheduled, newer, older, leads, key)


def taxonomy_view(taxonomy: Taxonomy) -> TaxonomyView:
    config = taxonomy.config
    terms = tuple((Link(t.name, t.url), len(t.articles)) for t in taxonomy.terms)
    return TaxonomyView(config.index_title, config.label, taxonomy.url, config.field, terms)
