"""What templates see: view models built from the site's data, never the internal objects.

Views are frozen dataclasses whose fields are everything they are made from; whatever else
they offer templates (a Swedish date, the resolved body) is a property computed from those
fields alone. The build cache fingerprints a page's context field by field, so a view
cannot show a template anything its page's key leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from sitegen.content.dates import rfc3339
from sitegen.content.files import nfc
from sitegen.content.links import resolve, under_base_path
from sitegen.content.model import Article
from sitegen.output.fragments import without_final_link
from sitegen.site.collect import Site, Taxonomy
from sitegen.site.facets import KOMMUN, by_initial
from sitegen.site.pictures import Picture, responsive
from sitegen.site.related import Lists, related
from sitegen.swedish import format_date
from sitegen.urls import address


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Teaser:
    """Another article as a list of links shows it ("Läs också"): only what it shows, so
    that a page's key changes with these fields, not with the other article's body."""

    title: str
    url: str
    kicker: str | None
    kommun: str | None
    date_iso: str  # 2016-01-20, or the full ISO datetime when the article has a time
    date_text: str  # 20 januari 2016


def teaser(article: Article) -> Teaser:
    """What a list of links shows of `article`."""
    published = rfc3339(article.published) if article.has_time else article.date.isoformat()
    return Teaser(article.title, article.url, article.kicker, article.kommun, published,
                  format_date(article.published))  # fmt: skip


class _Teasers:
    """`teaser` kept by article object for one build and the next (`serve` reads an
    unchanged file's article into the same object): the same article gives the same
    `Teaser` object, whose fingerprint the page keys then have memoised. Holds each
    article, so an id is never reused while kept; pure, as `teaser` is."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[Article, Teaser]] = {}
        self._now: dict[int, tuple[Article, Teaser]] = {}

    def start(self) -> None:
        """A new build: keep only what the last one used."""
        self._last, self._now = self._now, {}

    def __call__(self, article: Article) -> Teaser:
        known = self._now.get(id(article)) or self._last.get(id(article))
        if known is None or known[0] is not article:
            known = (article, teaser(article))
        self._now[id(article)] = known
        return known[1]


_teasers = _Teasers()


@dataclass(frozen=True)
class ArticleView:
    """An article as templates see it: every front matter field of `article` (`title`,
    `lead`, `photographer`, `extra`, …, read through to it), its term links, its
    neighbours in the archive, and where its links to other articles lead now."""

    article: Article
    terms: dict[str, tuple[Link, ...]]  # every taxonomy's links, by front matter field
    newer: Link | None
    older: Link | None
    targets: tuple[tuple[str, str], ...]  # (linked source, its URL) of each link that leads
    scheduled: bool  # dated after the build's `now`, shown only with --future
    base_path: str = ""  # of the site's addresses ("/bilaga"), for the body's images
    related: tuple[Teaser, ...] = ()  # "Läs också", best first (see `site.related`)
    image_size: tuple[int, int] | None = None  # the photo's (width, height) in pixels, if known
    picture: Picture | None = None  # `image:` in its responsive variants (output.images)
    pictures: tuple[Picture, ...] = ()  # the body's images in their variants
    base_url: str = ""  # where the site is published, whose host is the site's own

    def __getattr__(self, name: str) -> Any:
        # Only for names the view does not define: the article's own fields. The article
        # is frozen, so its value is kept on the view, where the next look-up finds it
        # first (a build reads the view's fields some 130 times each: its page, the
        # archives and feeds listing it), as `cached_property` keeps its values.
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.article, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"ArticleView({self.article.url!r})"

    def __dir__(self) -> list[str]:
        # The article's fields too, as `__getattr__` reads them: what a template may ask
        # (`output.missing` lists them when a template asks for one that is not there).
        return sorted({*super().__dir__(), *dir(self.article)})

    @property
    def public(self) -> bool:
        """Neither a draft nor scheduled: may be in feeds and the sitemap."""
        return not self.article.draft and not self.scheduled

    @property
    def date(self) -> datetime:
        return self.article.published

    @cached_property
    def date_text(self) -> str:  # 20 januari 2016
        return format_date(self.article.published)

    @cached_property
    def date_iso(self) -> str:
        article = self.article
        return rfc3339(article.published) if article.has_time else article.date.isoformat()

    @cached_property
    def modified_iso(self) -> str:
        """When it last changed (`updated`, else `date`), as ISO 8601 with its time zone."""
        return rfc3339(self.article.modified)

    @cached_property
    def published_iso(self) -> str:
        """The publication moment, as ISO 8601 with its time zone (midnight when undated)."""
        return rfc3339(self.article.published)

    @cached_property
    def kommun(self) -> Link | None:
        links = self.terms.get("kommun", ())
        return links[0] if links else Link(self.article.kommun) if self.article.kommun else None

    @cached_property
    def alt(self) -> str:
        return self.article.alt or self.article.caption or ""

    @property  # not kept: it is as large as the article, and each page asks once
    def body(self) -> Markup:
        body = under_base_path(self.article.body.decode(), self.base_path)
        if self.pictures:
            body = responsive(body, {p.source: p for p in self.pictures}, self.base_path)
        return Markup(resolve(body, self.article.links, dict(self.targets), self.base_path))

    @property
    def shown(self) -> Markup:
        """The body as the article's page shows it, and so what its description is made
        from: without a final paragraph that only links to the call-to-action's address,
        which the button below the body gives (`output.fragments.without_final_link`),
        the two compared as the page writes them: the body's links lead under the base
        path (`/bilaga/jobb/`), and so does the button (`cta.url` through `address`),
        by the page they name (`urls.page_key`: `https://{base_url's host}/bilaga/jobb/`
        is that page too). A page of content/sidor/ shows no button, and its body whole."""
        cta = self.article.cta
        if not cta or self.article.page:
            return self.body
        here = address(self.article.url, self.base_path)
        return without_final_link(self.body, address(cta.url, self.base_path), self.base_url, here)

    @cached_property
    def tags(self) -> tuple[Link, ...]:
        return self.terms.get("tags", ())


@dataclass(frozen=True)
class TaxonomyView:
    title: str
    label: str
    url: str
    field: str
    terms: tuple[tuple[Link, int], ...]  # (term, article count), Swedish order
    # The terms by initial letter (A–Z, Å, Ä, Ö), for the Kommuner index; else empty.
    groups: tuple[tuple[str, tuple[tuple[Link, int], ...]], ...] = ()


def article_views(
    site: Site,
    now: datetime,
    base_path: str = "",
    sizes: Mapping[str, tuple[int, int]] | None = None,
    pictures: dict[str, Picture] | None = None,
    lists: Lists | None = None,
    base_url: str = "",
) -> dict[str, ArticleView]:
    """One view per shown article and page (content/sidor/), keyed by source path, with
    neighbours, term links and related reading (articles only; `lists` as `related` takes
    it); links in bodies to other articles lead to their URLs under `base_path`
    ("/bilaga"); `sizes`: each photo's (width, height) by its site-relative URL."""
    sizes = sizes or {}
    pictures = pictures or {}  # site URL → the image's variants (output.images)
    reading = related(site, lists=lists)
    _teasers.start()
    term_links = [
        (t.config.field, {name: Link(term.name, term.url) for name, term in t.by_name.items()})
        for t in site.taxonomies
    ]
    articles = site.articles
    urls = {nfc(a.source): a.url for a in (*articles, *site.pages)}  # links name sources in NFC
    views = {}
    for i, article in enumerate((*articles, *site.pages)):
        page = i >= len(articles)
        terms = {field: () if page else _links(article, field, links) for field, links in term_links}
        newer = articles[i - 1] if i > 0 and not page else None
        older = articles[i + 1] if i + 1 < len(articles) else None
        targets = tuple(
            (link.target, address(urls[link.target], base_path))
            for link in article.links
            if link.target in urls
        )
        views[article.source] = ArticleView(
            article,
            terms,
            Link(newer.title, newer.url) if newer else None,
            Link(older.title, older.url) if older else None,
            targets,
            article.published > now,
            base_path,
            tuple(_teasers(other) for other in reading.get(article.source, ())),
            sizes.get(article.image or ""),
            pictures.get(article.image) if article.image else None,
            tuple(pictures[url] for url in article.images if url in pictures),
            base_url,
        )
    return views


def _links(article: Article, field: str, links: dict[str, Link]) -> tuple[Link, ...]:
    found: dict[str | None, Link] = {}
    for name in article.values(field):
        link = links.get(name)
        if link is not None:
            found.setdefault(link.url, link)  # each term once, in the article's order
    return tuple(found.values())


def taxonomy_view(taxonomy: Taxonomy) -> TaxonomyView:
    """A taxonomy's index; the kommun taxonomy's terms are also grouped by initial letter."""
    config = taxonomy.config
    terms = tuple((Link(t.name, t.url), len(t.articles)) for t in taxonomy.terms)
    groups: tuple[tuple[str, tuple[tuple[Link, int], ...]], ...] = ()
    if config.field == KOMMUN:
        groups = tuple((letter, tuple(terms[i] for i in found))
                       for letter, found in by_initial([t.name for t in taxonomy.terms]))  # fmt: skip
    return TaxonomyView(config.index_title, config.label, taxonomy.url, config.field, terms, groups)


@dataclass(frozen=True)
class Topic:
    """A section of the cover page: a term, how many articles it files, and its newest few."""

    term: Link
    count: int
    articles: tuple[Link, ...]  # newest first


def topics(site: Site, field: str, limit: int, newest: int) -> tuple[Topic, ...]:
    """The cover's sections: the `limit` terms of the taxonomy on `field` ("tags") filing the
    most articles (ties in Swedish order), each with its `newest` articles. A term every
    article carries (the sample site's Socialförvaltning) is left out: as a section it would
    only repeat the cover. Empty when no taxonomy files `field`."""
    taxonomy = next((t for t in site.taxonomies if t.config.field == field), None)
    if taxonomy is None:
        return ()
    shown = len(site.articles)
    chosen = sorted(
        (t for t in taxonomy.terms if len(t.articles) < shown),
        key=lambda t: -len(t.articles),  # stable: equal counts stay in Swedish order
    )[:limit]
    return tuple(
        Topic(Link(t.name, t.url), len(t.articles),
              tuple(Link(a.title, a.url) for a in t.articles[:newest]))
        for t in chosen
    )  # fmt: skip
