"""Plan stage: every page of the site as (URL, template, context), before anything renders."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sitegen.config import CONFIG_FILE
from sitegen.content.dates import rfc3339
from sitegen.content.model import Article
from sitegen.errors import Problem, quoted
from sitegen.site.collect import Site
from sitegen.site.facets import Facet, facets
from sitegen.site.paginate import Pager, paginate
from sitegen.site.pictures import Picture
from sitegen.site.related import Lists
from sitegen.site.views import ArticleView, Link, Topic, article_views, taxonomy_view, topics
from sitegen.swedish import sort_key


@dataclass(frozen=True)
class Page:
    """One output file: its URL, the template that renders it and everything it is rendered
    with (`context`, plain data and views: the build cache fingerprints all of it)."""

    url: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True
    owner: Problem | None = None  # what makes this page, for messages: where, and what


SEARCH_PAGE = "/sok/"  # the contract's search page


@dataclass(frozen=True)
class PlanSettings:
    per_page: int
    page_pattern: str
    home_url: str
    feed_size: int
    base_path: str = ""  # the path of base_url without its last '/' ("/bilaga"), or ""
    sizes: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # photo URL → (w, h)
    search: bool = False  # `search: true`: the search page too
    base_url: str = ""  # where the site is published, for the sitemap's size
    home_owner: Problem | None = None  # where the home page's address is set, for messages
    index_owners: Mapping[str, Problem] = field(default_factory=dict)  # each taxonomy's index's, by field
    search_owner: Problem | None = None  # the search page's (`search: true`)


FEED = "feed.xml"  # each archive's feed, at its root: /feed.xml, /etikett/{slug}/feed.xml
SITE_FEED = "/" + FEED


def plan(site: Site, settings: PlanSettings, now: datetime,
         pictures: dict[str, Picture] | None = None, lists: Lists | None = None) -> list[Page]:  # fmt: skip
    """Every page of the site, in a stable order: home and its pages, articles, pages of
    content/sidor/, each taxonomy's index and term archives with their feeds, the facets
    (kommun × tag), 404, the site's feed, the web manifest, robots.txt and the sitemap.
    `now` (timezone-aware) marks articles dated after it as scheduled; `pictures` (site
    URL → Picture) are the variants of the images articles show; `lists` works out related
    reading (see `site.related`)."""
    views = article_views(site, now, settings.base_path, settings.sizes, pictures, lists, settings.base_url)
    ordered = [views[a.source] for a in site.articles]
    # Drafts and scheduled articles are built only for a preview (--drafts, --future):
    # never in the feeds or the sitemap, which tell the world what is published.
    public = [view for view in ordered if view.public]
    cover = topics(site, "tags", limit=6, newest=3)
    home = Link("Start", settings.home_url)
    pages = list(_archive(ordered, settings, settings.home_url, "Senaste artiklarna", "home",
                          owner=settings.home_owner, feed=SITE_FEED, cover=cover))  # fmt: skip
    pages += [_article(views[a.source], "article", home) for a in site.articles]
    pages += [_article(views[a.source], "page", home) for a in site.pages]
    pages += [_alias(a, i) for a in (*site.articles, *site.pages) for i in range(len(a.aliases))]
    crossed = facets(site)
    narrowing = _facet_links(crossed)
    for taxonomy in site.taxonomies:
        index = taxonomy_view(taxonomy)
        crumbs = (home, Link(index.title, index.url))
        pages.append(Page(index.url, "terms.html",
                          {"page": _page(index.title, index.url, kind="index", crumbs=crumbs),
                           "taxonomy": index},
                          owner=_index_owner(settings, taxonomy.config.field)))  # fmt: skip
        for term in taxonomy.terms:
            entries = [views[a.source] for a in term.articles]
            title = taxonomy.config.title.format(term=term.name)
            owner = _term_owner(term.articles, taxonomy.config.field, term.name,
                                f"the {taxonomy.config.field} archive {quoted(term.name)}", settings)  # fmt: skip
            if (setting := settings.index_owners.get(taxonomy.config.field)) and setting.line is not None:
                # where its address comes from, for a clash that moving the taxonomy mends
                owner = replace(owner, message=f"{owner.message} (under {index.url}, as {setting.location} sets)")
            published = [entry for entry in entries if entry.public]
            # A term of drafts or scheduled articles alone (a preview) has no feed to follow.
            feed = term.url + FEED if published else None
            narrower = {"facets": narrowing.get(term.url), "term": Link(term.name, term.url)}
            pages += _archive(entries, settings, term.url, title, "term", crumbs, owner, narrower,
                              feed=feed, in_sitemap=bool(published))  # fmt: skip
            if feed:
                pages.append(_feed(feed, title, term.url, published[: settings.feed_size],
                                   replace(owner, message=f"the feed of {owner.message}")))  # fmt: skip
    for facet in crossed:
        entries = [views[a.source] for a in facet.articles]
        owner = _term_owner(facet.articles, "tags", facet.tag.name,
                            f"the archive of {quoted(facet.tag.name)} in {quoted(facet.kommun.name)}", settings)  # fmt: skip
        both = {"facet": (Link(facet.kommun.name, facet.kommun.url), Link(facet.tag.name, facet.tag.url))}
        shown = any(entry.public for entry in entries)
        pages += _archive(entries, settings, facet.url, f"{facet.tag.name} i {facet.kommun.name}",
                          "facet", (home, Link(facet.kommun.name, facet.kommun.url)), owner, both,
                          in_sitemap=shown)  # fmt: skip
    if settings.search:
        indexes = tuple(taxonomy_view(taxonomy) for taxonomy in site.taxonomies)
        pages.append(Page(SEARCH_PAGE, "search.html",
                          {"page": _page("Sök", SEARCH_PAGE, kind="search"), "indexes": indexes,
                           "indexed": bool(site.articles)},  # no index without an article page
                          owner=settings.search_owner or Problem(CONFIG_FILE, None, None, "search", "the search page")))  # fmt: skip
    search = SEARCH_PAGE if settings.search and site.articles else None  # a box needs an index
    pages.append(Page("/404.html", "404.html",
                      {"page": _page("Sidan finns inte", "/404.html", kind="404"), "search": search},
                      in_sitemap=False))  # fmt: skip
    pages.append(_feed(SITE_FEED, None, settings.home_url, public[: settings.feed_size],
                       Problem("sitegen", None, None, None, f"the site's feed {SITE_FEED}")))  # fmt: skip
    pages.append(Page("/site.webmanifest", "site.webmanifest",
                      {"page": _page("Manifest", "/site.webmanifest", kind="manifest")},
                      in_sitemap=False))  # fmt: skip
    pages.append(Page("/robots.txt", "robots.txt",
                      {"page": _page("robots.txt", "/robots.txt", kind="robots"),
                       "sitemap": SITEMAP}, in_sitemap=False))  # fmt: skip
    pages += _sitemaps([(p.url, _lastmod(p)) for p in pages if p.in_sitemap], settings.base_url)
    return pages


SITEMAP = "/sitemap.xml"  # the sitemap; when one file cannot hold it, the index of its files
SITEMAP_URLS = 50_000  # sitemaps.org: a sitemap file lists at most 50,000 addresses…
SITEMAP_BYTES = 50 * 1024 * 1024  # …in at most 50 MiB (52,428,800 bytes) uncompressed
_SITEMAP_FRAME, _SITEMAP_ENTRY = 256, 64  # bytes around the entries, and around one's address


def _sitemaps(listed: list[tuple[str, str | None]], base_url: str) -> list[Page]:
    """The sitemap of the pages `listed` (URL, lastmod), to be written under `base_url`: one
    SITEMAP file while it holds SITEMAP_URLS addresses and SITEMAP_BYTES at most, else the
    files /sitemap-1.xml, /sitemap-2.xml, … (`sitemap.xml` each) and at SITEMAP their index
    (`sitemapindex.xml`: `sitemaps`, each file's URL and the newest lastmod in it), which
    robots.txt names as it names a single sitemap."""
    parts = _split(listed, len(base_url.encode()))
    if len(parts) == 1:
        return [Page(SITEMAP, "sitemap.xml", {"urls": listed, "page": _page("Sitemap", SITEMAP, kind="sitemap")},
                     in_sitemap=False)]  # fmt: skip
    files = [Page(f"/sitemap-{n}.xml", "sitemap.xml",
                  {"urls": part, "page": _page(f"Sitemap {n}", f"/sitemap-{n}.xml", kind="sitemap")},
                  in_sitemap=False) for n, part in enumerate(parts, 1)]  # fmt: skip
    newest = [max((m for _, m in part if m), key=datetime.fromisoformat, default=None) for part in parts]
    index = Page(SITEMAP, "sitemapindex.xml",
                 {"sitemaps": [(f.url, lastmod) for f, lastmod in zip(files, newest, strict=True)],
                  "page": _page("Sitemap", SITEMAP, kind="sitemapindex")}, in_sitemap=False)  # fmt: skip
    return [index, *files]


def _split(listed: list[tuple[str, str | None]], origin: int) -> list[list[tuple[str, str | None]]]:
    """`listed` in runs that a sitemap file can hold: SITEMAP_URLS entries at most, and
    SITEMAP_BYTES at most as the theme's template writes them, counted from above (each
    address %-escaped at 3 bytes a byte after an `origin` of that many bytes); at least one
    run, empty for no page."""
    parts: list[list[tuple[str, str | None]]] = [[]]
    size = _SITEMAP_FRAME
    for url, lastmod in listed:
        entry = _SITEMAP_ENTRY + origin + 3 * len(url.encode()) + len(lastmod or "")
        if len(parts[-1]) >= SITEMAP_URLS or (parts[-1] and size + entry > SITEMAP_BYTES):
            parts.append([])
            size = _SITEMAP_FRAME
        parts[-1].append((url, lastmod))
        size += entry
    return parts


def _article(view: ArticleView, kind: str, home: Link) -> Page:
    """An article's page, or a page of content/sidor/ (`kind` "page")."""
    owner = Problem(view.source, *view.article.slug_from[1:], view.article.slug_from[0],
                    f"the {'page' if kind == 'page' else 'article'} {quoted(view.title)}")  # fmt: skip
    page = _page(view.title, view.url, kind=kind, crumbs=(home,))
    template = "page.html" if kind == "page" else "article.html"
    return Page(view.url, template, {"page": page, "article": view}, in_sitemap=view.public,
                owner=owner)  # fmt: skip


def _index_owner(settings: PlanSettings, field: str) -> Problem:
    """Who makes the index page of the taxonomy of `field`, for messages: its `path:` in
    config.yaml where config.yaml sets it (`settings.index_owners`), else `taxonomies`."""
    found = settings.index_owners.get(field)
    return found or Problem(CONFIG_FILE, None, None, "taxonomies", f"the index of {field}")


def _term_owner(articles: Sequence[Article], field: str, name: str, what: str, settings: PlanSettings) -> Problem:
    """Who makes a term's pages, for messages: the term where the first of its articles
    writes it (an address too long is mended there), else the taxonomy in config.yaml."""
    if not articles:
        return replace(_index_owner(settings, field), message=what)
    return Problem(articles[0].source, *articles[0].place(field, name), field, what)


def _alias(article: Article, index: int) -> Page:
    """The page at an earlier address of `article` (its `aliases`, the `index`th), which
    sends readers on to the article: an HTML redirect (`<meta http-equiv="refresh">`) with
    the article as its canonical address, as Hugo's and Zola's aliases are; never in the
    sitemap."""
    alias = article.aliases[index]
    owner = Problem(article.source, *article.place(f"aliases.{index}"), "aliases",
                    f"the earlier address {alias} of {quoted(article.title)}")  # fmt: skip
    context = {"page": _page(article.title, alias, kind="alias"), "target": Link(article.title, article.url)}
    return Page(alias, "alias.html", context, in_sitemap=False, owner=owner)


def _feed(url: str, title: str | None, archive: str, entries: list[ArticleView],
          owner: Problem | None = None) -> Page:  # fmt: skip
    """The Atom feed at `url` of the archive at `archive` (`title` None: the site's own);
    `updated` is its newest entry's change, compared as moments (as text, 10:30+02:00 would
    sort after 09:45Z), or the start of 1970 for a feed with no entry (RFC 4287 asks for one)."""
    page = _page(title or "Flöde", url, kind="feed", alternate=archive)
    newest = max((entry.article.modified for entry in entries), default=None)
    updated = rfc3339(newest) if newest else "1970-01-01T00:00:00+00:00"
    context = {"page": page, "entries": entries, "feed_title": title, "updated": updated}
    return Page(url, "feed.xml", context, in_sitemap=False, owner=owner)


def _archive(
    entries: list[ArticleView],
    settings: PlanSettings,
    root: str,
    title: str,
    kind: str,
    crumbs: tuple[Link, ...] = (),
    owner: Problem | None = None,
    extra: dict[str, Any] | None = None,
    feed: str | None = None,
    in_sitemap: bool = True,
    cover: tuple[Topic, ...] = (),
) -> Iterator[Page]:
    """The pages of one archive; the first of them gets `cover` as `topics` (sections by
    topic, shown on the home page), the others an empty tuple."""
    for pager in paginate(entries, settings.per_page, root, settings.page_pattern):
        page_title = title if pager.number == 1 else f"{title} – Sida {pager.number}"
        page = _page(page_title, pager.url, kind=kind, crumbs=crumbs, heading=title,
                     pager=pager, feed=feed, alternate=root)  # fmt: skip
        context = {"page": page, "pager": pager, "entries": pager.items, "total": len(entries),
                   "topics": cover if pager.number == 1 else ()}  # fmt: skip
        context.update(extra or {})
        # The home page's own, when config.yaml does not set its address (no other archive lacks one)
        named = Problem("sitegen", None, None, None, "the home page" if pager.number == 1
                        else f"page {pager.number} of the home page")  # fmt: skip
        yield Page(pager.url, "list.html", context, in_sitemap, owner or named)


def _facet_links(crossed: list[Facet]) -> dict[str, dict[str, Any]]:
    """Term archive URL → the facets narrowing it: `title` and `links`, (link, article
    count) in Swedish order. A kommun archive links its tags ("Ämnen i Ale"), a tag
    archive its kommuner ("Socialförvaltning per kommun")."""
    found: dict[str, tuple[str, list[tuple[Link, int]]]] = {}
    for f in crossed:
        kommun = found.setdefault(f.kommun.url, (f"Ämnen i {f.kommun.name}", []))
        kommun[1].append((Link(f.tag.name, f.url), len(f.articles)))
        tag = found.setdefault(f.tag.url, (f"{f.tag.name} per kommun", []))
        tag[1].append((Link(f.kommun.name, f.url), len(f.articles)))
    return {url: {"title": title, "links": tuple(sorted(links, key=lambda link: sort_key(link[0].text)))}
            for url, (title, links) in found.items()}  # fmt: skip


def _page(
    title: str,
    url: str,
    *,
    kind: str,
    crumbs: tuple[Link, ...] = (),
    heading: str | None = None,
    pager: Pager[ArticleView] | None = None,
    feed: str | None = None,
    alternate: str | None = None,
) -> dict[str, Any]:
    """What templates know of the page as `page`: `kind` is home, term, index, article,
    page, search, alias, 404, feed, manifest, robots, sitemap or sitemapindex; `crumbs` the links above it (Start, the
    taxonomy's index), `parent` the nearest of them; `feed` the feed of the archive it
    belongs to; `alternate` the archive a feed or archive page stands for."""
    return {
        "title": title,
        "heading": heading or title,
        "url": url,
        "kind": kind,
        "crumbs": crumbs,
        "parent": crumbs[-1] if len(crumbs) > 1 else None,
        "feed": feed,
        "alternate": alternate,
        "prev_url": pager.newer_url if pager else None,
        "next_url": pager.older_url if pager else None,
    }


def _lastmod(page: Page) -> str | None:
    """The sitemap's `lastmod` (W3C datetime) of a page: when its article last changed, or
    the newest change among the published articles it lists; None for an undated page and
    indexes."""
    article = page.context.get("article")
    if isinstance(article, ArticleView):
        return article.modified_iso if article.article.dated else None
    # The published ones alone: a preview lists scheduled articles, whose dates lie ahead.
    newest = max((entry.article.modified for entry in page.context.get("entries") or () if entry.public), default=None)
    return rfc3339(newest) if newest else None
