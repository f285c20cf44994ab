"""Plan stage: every page of the site as (URL, template, context), before anything renders."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitegen.config import CONFIG_FILE
from sitegen.errors import Problem
from sitegen.site.collect import Site
from sitegen.site.facets import Facet, facets
from sitegen.site.paginate import Pager, paginate
from sitegen.site.views import ArticleView, Link, Topic, article_views, taxonomy_view, topics
from sitegen.swedish import sort_key
from sitegen.urls import output_path


@dataclass(frozen=True)
class Page:
    """One output file: its URL, the template that renders it and everything it is rendered
    with (`context`, plain data and views: the build cache fingerprints all of it)."""

    url: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True
    owner: Problem | None = None  # what makes this page, for messages: where, and what


MAX_NAME = 255  # bytes in one file or folder name, on every common file system


def clashes(pages: list[Page], files: dict[str, str]) -> list[Problem]:
    """Every page has one output path that a file system can hold: a second page (or a file
    copied from content/ or assets/, `files`: output path → source) claiming one is an
    error naming both (the contract's "two claimants are an error, never a silent
    overwrite"), and so is a path with a part longer than MAX_NAME bytes."""
    claimed: dict[str, Problem] = {}
    problems = []
    for page in pages:
        path = output_path(page.url)
        owner = page.owner or Problem("sitegen", None, None, None, f"the page {page.url}")
        longest = max(path.split("/"), key=lambda part: len(part.encode()))
        if len(longest.encode()) > MAX_NAME:
            problems.append(Problem(owner.path, owner.line, owner.column, owner.field,
                                    f"{owner.message} gets an address with a part of "
                                    f"{len(longest.encode())} bytes ({longest[:40]}…); file "
                                    f"systems allow {MAX_NAME}: make it shorter"))  # fmt: skip
            continue
        first = claimed.setdefault(path, owner)
        if first is not owner:
            problems.append(_clash(owner, path, first))
        if path in files:
            problems.append(_clash(owner, path, Problem(files[path], None, None, None,
                                                        f"the file {files[path]}")))  # fmt: skip
    return problems


def _clash(owner: Problem, path: str, other: Problem) -> Problem:
    """The error, told where an editor can act on it: at the claimant with a line."""
    if owner.line is None and other.line is not None:
        owner, other = other, owner
    where = other.location if other.line else other.path
    message = (f"{owner.message} would be written to {path}, where {other.message} ({where}) "
               "is written too; give one of them another address")  # fmt: skip
    return Problem(owner.path, owner.line, owner.column, owner.field, message)


@dataclass(frozen=True)
class PlanSettings:
    per_page: int
    page_pattern: str
    home_url: str
    feed_size: int
    base_path: str = ""  # the path of base_url without its last '/' ("/bilaga"), or ""


def plan(site: Site, settings: PlanSettings, now: datetime) -> list[Page]:
    """Every page of the site, in a stable order: home and its pages, articles, each
    taxonomy's index and term archives, the facets (kommun × tag), 404, feed, sitemap. `now` (timezone-aware) marks
    articles dated after it as scheduled."""
    views = article_views(site, now, settings.base_path)
    ordered = [views[a.source] for a in site.articles]
    # Drafts and scheduled articles are built only for a preview (--drafts, --future):
    # never in the feed or the sitemap, which tell the world what is published.
    public = [view for view in ordered if view.public]
    cover = topics(site, "tags", limit=6, newest=3)
    pages = list(
        _archive(ordered, settings, settings.home_url, "Senaste artiklarna", "home", cover=cover)
    )
    pages += [
        Page(
            view.url,
            "article.html",
            {"page": _page(view.title, view.url), "article": view},
            in_sitemap=view.public,
            owner=Problem(view.source, *view.article.slug_from[1:], view.article.slug_from[0],
                          f"the article {view.title!r}"),
        )
        for view in ordered
    ]
    crossed = facets(site)
    narrowing = _facet_links(crossed)
    for taxonomy in site.taxonomies:
        index = taxonomy_view(taxonomy)
        pages.append(Page(index.url, "terms.html",
                          {"page": _page(index.title, index.url), "taxonomy": index},
                          owner=Problem(CONFIG_FILE, None, None, "taxonomies",
                                        f"the index of {taxonomy.config.field}")))  # fmt: skip
        for term in taxonomy.terms:
            entries = [views[a.source] for a in term.articles]
            title = taxonomy.config.title.format(term=term.name)
            owner = Problem(CONFIG_FILE, None, None, "taxonomies",
                            f"the {taxonomy.config.field} archive {term.name!r}")
            published = any(entry.public for entry in entries)
            narrower = {"facets": narrowing.get(term.url)}
            pages += _archive(entries, settings, term.url, title, "term", Link(index.title, index.url),
                              owner, narrower, in_sitemap=published)  # fmt: skip
    for facet in crossed:
        entries = [views[a.source] for a in facet.articles]
        owner = Problem(CONFIG_FILE, None, None, "taxonomies",
                        f"the archive of {facet.tag.name!r} in {facet.kommun.name!r}")
        both = {"facet": (Link(facet.kommun.name, facet.kommun.url), Link(facet.tag.name, facet.tag.url))}
        published = any(entry.public for entry in entries)
        pages += _archive(entries, settings, facet.url, f"{facet.tag.name} i {facet.kommun.name}",
                          "facet", Link(facet.kommun.name, facet.kommun.url), owner, both,
                          in_sitemap=published)  # fmt: skip
    pages.append(Page("/404.html", "404.html", {"page": _page("Sidan finns inte", "/404.html")},
                      in_sitemap=False))  # fmt: skip
    pages.append(Page("/feed.xml", "feed.xml",
                      {"entries": public[: settings.feed_size], "page": _page("Flöde", "/feed.xml")},
                      in_sitemap=False))  # fmt: skip
    listed = [(p.url, _lastmod(p)) for p in pages if p.in_sitemap]
    pages.append(Page("/sitemap.xml", "sitemap.xml",
                      {"urls": listed, "page": _page("Sitemap", "/sitemap.xml")},
                      in_sitemap=False))  # fmt: skip
    return pages


def _archive(
    entries: list[ArticleView],
    settings: PlanSettings,
    root: str,
    title: str,
    kind: str,
    parent: Link | None = None,
    owner: Problem | None = None,
    extra: dict[str, Any] | None = None,
    in_sitemap: bool = True,
    cover: tuple[Topic, ...] = (),
) -> Iterator[Page]:
    """The pages of one archive; the first of them gets `cover` as `topics` (sections by
    topic, shown on the home page), the others an empty tuple."""
    for pager in paginate(entries, settings.per_page, root, settings.page_pattern):
        page_title = title if pager.number == 1 else f"{title} – Sida {pager.number}"
        page = _page(page_title, pager.url, kind=kind, parent=parent, heading=title, pager=pager)
        context = {"page": page, "pager": pager, "entries": pager.items, "total": len(entries),
                   "topics": cover if pager.number == 1 else ()}  # fmt: skip
        context.update(extra or {})
        yield Page(pager.url, "list.html", context, in_sitemap, owner)


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
