"""Collect stage: drop drafts and future articles, sort, and file articles under their terms."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sitegen.config import TaxonomyConfig
from sitegen.content.model import Article
from sitegen.errors import Problem
from sitegen.swedish import sort_key
from sitegen.urls import normalise, slugify


@dataclass(frozen=True)
class Term:
    name: str  # the most common spelling among the articles
    slug: str
    url: str
    articles: tuple[Article, ...]  # newest first


@dataclass(frozen=True)
class Taxonomy:
    config: TaxonomyConfig
    url: str
    terms: tuple[Term, ...]  # Swedish alphabetical order
    by_name: dict[str, Term]  # every spelling found in the articles → its term


@dataclass(frozen=True)
class Site:
    articles: tuple[Article, ...]  # newest first
    taxonomies: tuple[Taxonomy, ...]


def article_order(article: Article) -> tuple[object, ...]:
    """Newest date first; one date's articles by title, the Swedish way; then by file."""
    return (-article.date.toordinal(), sort_key(article.title), article.source)


def collect(
    articles: Iterable[Article],
    *,
    now: datetime,
    drafts: bool,
    future: bool,
    taxonomies: Iterable[TaxonomyConfig],
) -> tuple[Site, list[Problem], list[Problem]]:
    """The shown articles in order and filed; with errors (clashing URLs) and warnings."""
    shown = sorted(
        (a for a in articles if (drafts or not a.draft) and (future or a.published <= now)),
        key=article_order,
    )
    problems, warnings = _clashes(shown), []
    filed = []
    for config in taxonomies:
        taxonomy, found, variants = _file(shown, config)
        filed.append(taxonomy)
        problems += found
        warnings += variants
    return Site(tuple(shown), tuple(filed)), problems, warnings


def _clashes(articles: list[Article]) -> list[Problem]:
    by_url: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_url[article.url].append(article)
    return [
        Problem(a.source, *a.slug_from[1:], a.slug_from[0], f"{a.url} is also the URL of "
                f"{', '.join(o.source for o in same if o is not a)}; " + (
                    "give one of them another slug" if a.slug_from[0] == "slug"
                    else "change one of the titles, or give one of them a line 'slug: …'"))
        for same in by_url.values() if len(same) > 1 for a in same
    ]  # fmt: skip


def _file(
    articles: list[Article], config: TaxonomyConfig
) -> tuple[Taxonomy, list[Problem], list[Problem]]:
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    problems = []
    for article in articles:
        for name in article.values(config.field):
            slug = slugify(name)
            if not slug:
                problems.append(Problem(article.source, *article.place(config.field, name),
                                        config.field, f"{name!r} has no letters or digits to "
                                        "make a URL of"))  # fmt: skip
                continue
            if not members[slug] or members[slug][-1] is not article:
                members[slug].append(article)
            spellings[slug][name] += 1
    root = normalise(f"/{config.path}/")
    terms = [
        Term(_spelling(spellings[slug]), slug, f"{root}{slug}/", tuple(found))
        for slug, found in members.items()
    ]
    terms.sort(key=lambda t: sort_key(t.name))
    by_slug = {term.slug: term for term in terms}
    by_name = {name: by_slug[slug] for slug, counts in spellings.items() for name in counts}
    taxonomy = Taxonomy(config, root, tuple(terms), by_name)
    return taxonomy, problems, _variants(members, spellings, config)


def _variants(
    members: dict[str, list[Article]], spellings: dict[str, Counter[str]], config: TaxonomyConfig
) -> list[Problem]:
    """Warn where one term is written in several ways (case, accents, punctuation)."""
    warnings = []
    for slug, counts in spellings.items():
        if len(counts) < 2:
            continue
        chosen = _spelling(counts)
        for article in members[slug]:
            for name in article.values(config.field):
                if name != chosen and slugify(name) == slug:
                    message = (f"{name!r} is shown as {chosen!r}, the spelling of "
                               f"{counts[chosen]} article(s); write it the same way everywhere")  # fmt: skip
                    where = article.place(config.field, name)
                    warnings.append(Problem(article.source, *where, config.field, message))
    return warnings


def _spelling(counts: Counter[str]) -> str:
    """The most used spelling; ties go to the one with capitals, then alphabetical order."""
    return min(counts, key=lambda s: (-counts[s], s == s.lower(), sort_key(s)))
