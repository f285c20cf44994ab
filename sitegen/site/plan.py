"""Plan stage: every page of the site as (URL, template, context), before anything renders."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitegen.incremental.cache import digest
from sitegen.site.collect import Site
from sitegen.site.paginate import Pager, paginate
from sitegen.site.views import ArticleView, Link, ViewMemo, article_views, taxonomy_view


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True
    identity: Any = None  # stands for the context in `key`, where it is known more cheaply

    def inputs(self) -> tuple[Any, ...]:
        """What the page is made from; equal inputs render equal bytes under one template."""
        identity = _identity(self.context) if self.identity is None else self.identity
        return (self.url, self.template, identity)


def page_keys(pages: list[Page], memo: dict[Any, str]) -> list[str]:
    """A hash of each page's inputs. `memo` maps inputs to keys between the builds of one
    process (`serve`) and is left holding this build's pages only."""
    keys, kept = [], {}
    for page in pages:
        inputs = page.inputs()
        key = memo.get(inputs) or digest(repr(inputs).encode())
        keys.append(key)
        kept[inputs] = key
    memo.clear()
    memo.update(kept)
    return keys


def _identity(value: Any) -> Any:
    """A cheap stand-in for a context value: articles by their key, the rest as they are."""
    if isinstance(value, ArticleView):
        return value.key
    if isinstance(value, Pager):
        return (value.number, value.urls, _identity(value.items))
    if isinstance(value, dict):
        return tuple((k, _identity(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_identity(v) for v in value)
    return value


@dataclass(frozen=True)
class PlanSettings:
    per_page: int
    page_pattern: str
    home_url: str
    feed_size: int


def plan(
    site: Site,
    settings: PlanSettings,
    now: datetime,
    source_keys: Mapping[str, str] | None = None,
    memo: ViewMemo | None = None,
) -> list[Page]:
    """`source_keys` (source → hash of its file) lets page keys skip hashing article bodies;
    `memo` keeps article views between rebuilds (see `article_views`)."""
    views = article_views(site, now, source_keys, memo)
    ordered = [views[a.source] for a in site.articles]
    pages = list(_archive(ordered, settings, settings.home_url, "Senaste artiklarna", "home"))
    pages += [
        Page(
            view.url,
            "article.html",
            {"page": _page(view.title, view.url), "article": view},
            identity=view.key,  # the page dict is made from the view alone
        )
        for view in ordered
    ]
    for taxonomy in site.taxonomies:
        index = taxonomy_view(taxonomy)
        pages.append(Page(index.url, "terms.html",
                          {"page": _page(index.title, index.url), "taxonomy": index}))  # fmt: skip
        for term in taxonomy.terms:
            entries = [views[a.source] for a in term.articles]
            title = taxonomy.config.title.format(term=term.name)
            pages += _archive(
                entries, settings, term.url, title, "term", Link(index.title, index.url)
            )
    pages.append(Page("/404.html", "404.html", {"page": _page("Sidan finns inte", "/404.html")},
                      in_sitemap=False))  # fmt: skip
    pages.append(Page("/feed.xml", "feed.xml",
                      {"entries": ordered[: settings.feed_size], "page": _page("Flöde", "/feed.xml")},
                      in_sitemap=False))  # fmt: skip
    listed = [(p.url, _lastmod(p)) for p in pages if p.in_sitemap]
    pages.append(Page("/sitemap.xml", "sitemap.xml",
                      {"urls": listed, "page": _page("Sitemap", "/sitemap.xml")}, in_sitemap=False,
                      identity=tuple(listed)))  # fmt: skip
    return pages


def _archive(
    entries: list[ArticleView],
    settings: PlanSettings,
    root: str,
    title: str,
    kind: str,
    parent: Link | None = None,
) -> Iterator[Page]:
    for pager in paginate(entries, settings.per_page, root, settings.page_pattern):
        page_title = title if pager.number == 1 else f"{title} – Sida {pager.number}"
        page = _page(page_title, pager.url, kind=kind, parent=parent, heading=title, pager=pager)
        context = {"page": page, "pager": pager, "entries": pager.items, "total": len(entries)}
        # What the context is made of, with articles by their key: cheaper than walking it.
        # The archive's page URLs follow from its first one, the count and the pattern; all
        # of them here would make the keys of an archive cost its page count squared.
        where = (pager.urls[0], pager.count, settings.page_pattern)
        identity = (page_title, title, kind, parent, pager.number, where,
                    tuple(view.key for view in pager.items), len(entries))  # fmt: skip
        yield Page(pager.url, "list.html", context, identity=identity)


def _page(
    title: str,
    url: str,
    *,
    kind: str = "page",
    parent: Link | None = None,
    heading: str | None = None,
    pager: Pager[ArticleView] | None = None,
) -> dict[str, Any]:
    return {
        "title": title,
        "heading": heading or title,
        "url": url,
        "kind": kind,
        "parent": parent,
        "prev_url": pager.newer_url if pager else None,
        "next_url": pager.older_url if pager else None,
    }


def _lastmod(page: Page) -> str | None:
    article = page.context.get("article")
    return article.date_iso[:10] if isinstance(article, ArticleView) else None
