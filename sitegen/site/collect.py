"""Collect stage: drop drafts and future articles, sort, and file articles under their terms."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sitegen.config import TaxonomyConfig
from sitegen.content.model import Article
from sitegen.errors import Problem, quoted
from sitegen.site.review import kommuner
from sitegen.swedish import sort_key
from sitegen.urls import normalise, slugify, term_key, visible


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
    pages: tuple[Article, ...] = ()  # content/sidor/: in no archive, taxonomy or feed; by URL
    # When the first article dated after now (a scheduled one, not a draft unless drafts are
    # built) becomes due, timezone-aware; None when there is none.
    next_due: datetime | None = None


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
    districts: Iterable[str] = (),
) -> tuple[Site, list[Problem], list[Problem]]:
    """The shown articles in order and filed, and the shown pages (content/sidor/), with
    errors (clashing URLs) and warnings. `districts`: config.yaml's `stadsdelar`, shown by
    the name given there as a municipality is by its own."""
    considered = [a for a in articles if drafts or not a.draft]
    shown = sorted((a for a in considered if future or a.published <= now), key=article_order)
    pages = tuple(sorted((a for a in shown if a.page), key=lambda a: a.url))
    shown = [a for a in shown if not a.page]
    due = [a.published for a in considered if a.published > now]
    problems, warnings = _clashes([*shown, *pages]), _ahead(shown, now)
    filed = []
    for config in taxonomies:
        taxonomy, found, variants = _file(shown, config, tuple(districts))
        filed.append(taxonomy)
        problems += found
        warnings += variants
    site = Site(tuple(shown), tuple(filed), pages, min(due) if due else None)
    return site, problems, warnings


def _ahead(articles: list[Article], now: datetime) -> list[Problem]:
    """A warning at each `updated:` later than now (2061 for 2016): the feeds' `<updated>`
    and the sitemap's `lastmod` would tell the world of a change that has not happened."""
    return [Problem(a.source, *a.place("updated"), "updated",
                    f"{a.updated.date().isoformat()} lies ahead of the time of the build; "
                    "the feeds and the sitemap would give it as the day the article changed: "
                    "write the day it was changed")
            for a in articles if a.updated is not None and a.updated > now]  # fmt: skip


def _clashes(articles: list[Article]) -> list[Problem]:
    """An error at each article whose URL another article (or page) has too, at what made
    its URL (its slug, else its title), saying how to give it another."""
    by_url: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_url[article.url].append(article)
    return [
        Problem(a.source, *a.slug_from[1:], a.slug_from[0], f"{a.url} is also the URL of "
                f"{', '.join(o.source for o in same if o is not a)}; {_another_url(a)}")
        for same in by_url.values() if len(same) > 1 for a in same
    ]  # fmt: skip


def _another_url(article: Article) -> str:
    """How to give `article` a URL of its own: another slug where it has one; else another
    title, or a slug, written in the empty `slug:` line it has (`sitegen new` writes one)."""
    if article.slug_from[0] == "slug":
        return "give one of them another slug"
    if "slug" in article.positions:
        return (f"change one of the titles, or fill in the slug: line of one of them (this "
                f"file's, line {article.positions['slug'][0]}, is empty)")  # fmt: skip
    return "change one of the titles, or give one of them a line 'slug: …'"


def _file(
    articles: list[Article], config: TaxonomyConfig, districts: tuple[str, ...] = ()
) -> tuple[Taxonomy, list[Problem], list[Problem]]:
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    problems = []
    for article in articles:
        for name in article.values(config.field):
            if not slugify(name):
                problems.append(Problem(article.source, *article.place(config.field, name),
                                        config.field, f"{quoted(name)} has no letters or digits to "
                                        "make a URL of"))  # fmt: skip
                continue
            key = term_key(name)
            if not members[key] or members[key][-1] is not article:
                members[key].append(article)
            spellings[key][name] += 1
    root = normalise(f"/{config.path}/")
    slugs, collided = term_slugs(list(members), {term_key(n): s for n, s in config.slugs},
                                 {key: len(found) for key, found in members.items()})  # fmt: skip
    chosen_names = {term_key(n): n for n, s in config.slugs}  # for telling whose a kept slug is
    # A municipality's own name wins over a district's written like it (stadsdelar: [ALE]).
    official = {**{term_key(d): d for d in districts}, **_official_names()} if config.field == "kommun" else {}
    terms = [
        Term(_spelling(key, spellings[key], official), slugs[key], f"{root}{slugs[key]}/", tuple(found))
        for key, found in members.items()
    ]
    terms.sort(key=lambda t: (sort_key(t.name), t.slug))
    by_key = {term_key(term.name): term for term in terms}
    by_name = {name: by_key[key] for key, counts in spellings.items() for name in counts}
    taxonomy = Taxonomy(config, root, tuple(terms), by_name)
    warnings = _variants(members, spellings, config, official)
    near, told = _near_duplicates(by_key, members, config, chosen_names)
    warnings += near
    collided = [(wanted, group) for wanted, group in collided if told.isdisjoint(group)]
    warnings += _collisions(collided, by_key, members, spellings, config, chosen_names)
    return taxonomy, problems, warnings


def term_slugs(
    keys: list[str], chosen: dict[str, str], articles: dict[str, int] | None = None
) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Each term's slug (term key → slug) and the groups of terms whose slugs collided.

    A slug the editor chose (`chosen`, term key → slug: config.yaml's `slugs:`, and for
    kommun the shipped data's, which gives every municipality its own) is used as it is, and
    kept for its term even where no article has that term yet: `Amal` never takes Åmål's
    `amal`. Distinct terms whose own slugs would be equal (`C++` and `C#` → `c`) are ranked
    by how many articles file them (`articles`: term key → count), most first, then in
    Swedish alphabetical order of their keys: the first keeps the slug, the n-th gets
    `slug-n` (the lowest n not taken by another term). So a misspelling on one article
    (`Socialforvaltning`) never takes the address of the tag fifty articles spell right.
    A collided group lists the chosen term first, even one no article has."""
    count = articles or {}
    slugs = {key: chosen[key] for key in keys if key in chosen}
    kept = {slug: key for key, slug in chosen.items()}  # chosen, whether used or not
    wanted: dict[str, list[str]] = defaultdict(list)
    for key in sorted((k for k in keys if k not in chosen), key=lambda k: (-count.get(k, 0), sort_key(k), k)):
        wanted[slugify(key)].append(key)
    taken = set(kept) | set(wanted)
    collided = []
    for slug, group in wanted.items():
        holders = [key for key, given in slugs.items() if given == slug]  # chosen: first
        if not holders and slug in kept:
            holders = [kept[slug]]  # a chosen slug of a term no article has (yet)
        if not holders:
            slugs[group[0]] = slug
            holders, group = group[:1], group[1:]
        n = 2
        for key in group:
            while f"{slug}-{n}" in taken:
                n += 1
            slugs[key] = f"{slug}-{n}"
            taken.add(slugs[key])
        if group:
            collided.append((slug, holders + group))
    return slugs, collided


def _collisions(
    collided: list[tuple[str, list[str]]], terms: dict[str, Term], members: dict[str, list[Article]],
    spellings: dict[str, Counter[str]], config: TaxonomyConfig, chosen: dict[str, str],
) -> list[Problem]:  # fmt: skip
    """Tell the editor which distinct terms wanted one slug, and where each went: at the
    first article of each term that did not get the slug it wanted. A term no article has
    keeps its chosen slug (`chosen`: term key → its name as config.yaml or the list of
    municipalities writes it)."""
    warnings = []
    root = normalise(f"/{config.path}/")
    for wanted, group in collided:
        name_of = {key: terms[key].name if key in terms else chosen.get(key, key) for key in group}
        url_of = {key: terms[key].url if key in terms else f"{root}{wanted}/" for key in group}
        names = " and ".join(quoted(name_of[key]) for key in sorted(group, key=sort_key))
        where = ", ".join(f"{quoted(name_of[key])} at {url_of[key]}" for key in group)
        for key in group:
            if key not in terms or terms[key].slug == wanted:
                continue
            article = members[key][0]
            name = next(n for n in spellings[key] if n in article.values(config.field))
            holder = group[0]
            message = (f"{names} are different terms whose addresses would be the same "
                       f"(…/{wanted}/); they get {where}. To choose another address, add to "
                       f"config.yaml: slugs: {{{config.field}: {{{quoted(name)}: …}}}}")  # fmt: skip
            right = terms[holder].name if holder in terms else ""
            if right and _without_marks(name, right) and len(members[holder]) > len(members[key]):  # a typo, most likely
                n = len(members[holder])
                message = (f"{quoted(name)} is {quoted(right)} without its å, ä, ö or other marks: menade du "
                           f"{quoted(right)} (as {n} article{' writes' if n == 1 else 's write'} it)? As written "
                           f"it is a term of its own, at {url_of[key]}, beside {quoted(right)} at {url_of[holder]}")  # fmt: skip
            warnings.append(Problem(article.source, *article.place(config.field, name),
                                    config.field, message))  # fmt: skip
    return warnings


_AND = re.compile(r"(?<=\w)\s*[&+]\s*(?=\w)")  # 'Barn & unga', 'Barn+unga': 'och'
_JOINERS = re.compile(r"[\s_\-\u2010-\u2015]+")  # a space, hyphen or dash between words


def near_key(name: str) -> str:
    """What a reader takes for one term although `term_key` does not: '&' and '+' between
    words read as 'och', and a hyphen, dash or underscore between words as a space
    ('Barn & unga', 'Barn + unga', 'Barn-och-unga' and 'Barn och unga' are alike). Other
    marks count ('C++' and 'C#' are not alike), and so do å, ä, ö ('Far', 'Får')."""
    return _JOINERS.sub(" ", _AND.sub(" och ", term_key(name))).strip()


def _near_duplicates(terms: dict[str, Term], members: dict[str, list[Article]], config: TaxonomyConfig,
                     chosen: dict[str, str]) -> tuple[list[Problem], set[str]]:  # fmt: skip
    """Warn at each article that writes a term another term is alike (`near_key`) and at
    least as many articles write, with the spelling they use and where: 'Barn & unga' on
    one article is most likely 'Barn och unga' of three. A term given its own address in
    config.yaml's `slugs:` (`chosen`: term key → name) is meant as it is; kommun is left to
    `review_kommun`, which knows the municipalities' names. Also the keys of the terms told
    (their slug collision, if any, is told here instead). Slugs are not changed: a term's
    address stays what it was."""
    if config.field == "kommun":
        return [], set()
    alike: dict[str, list[str]] = defaultdict(list)
    for key in terms:
        alike[near_key(key)].append(key)
    warnings, told = [], set()
    for group in (g for g in alike.values() if len(g) > 1):
        for key in group:
            meant = min((k for k in group if k != key), key=lambda k: (-len(members[k]), sort_key(terms[k].name)))
            if key in chosen or len(members[meant]) < len(members[key]):
                continue
            told.add(key)
            for article in members[key]:
                warnings.append(_near_duplicate(article, terms[key], terms[meant], config))
    return warnings, told


def _near_duplicate(article: Article, term: Term, meant: Term, config: TaxonomyConfig) -> Problem:
    """The warning at `article`, which writes `term`, that it most likely means `meant`."""
    name = next(n for n in article.values(config.field) if term_key(n) == term_key(term.name))
    others = sorted({a.source for a in meant.articles if a is not article})
    shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    where = " and ".join(([f"in {len(others)} other article{'' if len(others) == 1 else 's'} ({shown})"] if others else [])
                         + (["in this one too"] if article in meant.articles else []))  # fmt: skip
    message = (f"{name!r} and {meant.name!r} are different terms ({term.url} and {meant.url}); menade du "
               f"{meant.name!r}? It is written {meant.name!r} {where}; write it so, or, to keep it a term of "
               f"its own, give it its address in config.yaml: slugs: {{{config.field}: {{{name!r}: {term.slug}}}}}")  # fmt: skip
    return Problem(article.source, *article.place(config.field, name), config.field, message)


def _without_marks(written: str, meant: str) -> bool:
    """Whether `written` is `meant` with none of the marks on its letters (`Socialforvaltning`
    for `Socialförvaltning`), up to capitals: `written` has no marks, `meant` has some."""
    def bare(name: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))

    return bare(written) == written.casefold() != meant.casefold() and bare(meant) == bare(written)


def _variants(members: dict[str, list[Article]], spellings: dict[str, Counter[str]], config: TaxonomyConfig,
              official: dict[str, str]) -> list[Problem]:  # fmt: skip
    """Warn where one term is written in several ways (capitals, decomposed letters), or
    a municipality otherwise than by its own name (`official`: see `_spelling`)."""
    warnings = []
    for key, counts in spellings.items():
        if len(counts) < 2 and key not in official:
            continue
        chosen = _spelling(key, counts, official)
        whose = ("the district's name in config.yaml" if key in official and key not in _official_names()
                 else "the municipality's own name" if key in official
                 else f"the spelling of {counts[chosen]} article(s)")  # fmt: skip
        for article in members[key]:
            for name in article.values(config.field):
                if name != chosen and term_key(name) == key:
                    message = f"{quoted(name)} is shown as {quoted(chosen)}, {whose}; write it the same way everywhere"
                    where = article.place(config.field, name)
                    warnings.append(Problem(article.source, *where, config.field, message))
    return warnings


def _spelling(key: str, counts: Counter[str], official: dict[str, str] | None = None) -> str:
    """How the term `key` is shown: a municipality by its own name (`official`: term key →
    name of Sweden's municipalities, for `kommun`), however the articles write it ('malmö',
    'MALMÖ'); else a spelling without what `term_key` leaves out (a no-break space, a soft
    hyphen, two spaces: pasted, not chosen) where there is one, the most used of those, a
    tie going to mixed capitals ('Ale'), then all capitals ('LSS', an acronym), then none,
    then alphabetical order."""
    if official and key in official:
        return official[key]
    return min(counts, key=lambda s: (_pasted(s), -counts[s], _case_rank(s), sort_key(s)))


def _pasted(spelling: str) -> bool:
    """Whether `spelling` holds white space other than single spaces, or an invisible
    format character (Unicode category Cf), as text pasted from Word or a web page does."""
    return visible(spelling) != spelling


def _case_rank(spelling: str) -> int:
    """0 for mixed capitals ('Ale'), 1 for all capitals ('LSS'), 2 for none ('lss')."""
    if spelling == spelling.lower():
        return 2
    return 1 if spelling == spelling.upper() else 0


@cache
def _official_names() -> dict[str, str]:
    return {term_key(name): name for name in kommuner()}

