"""Warnings an editor needs that no single field check can give: is `kommun` a real one?"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.content.files import nfc
from sitegen.content.model import Article
from sitegen.errors import Problem, quoted
from sitegen.urls import slugify, term_key

_KOMMUNER = Path(__file__).parent.parent / "data" / "kommuner.txt"


@cache
def _kommun_lines() -> tuple[tuple[str, str | None], ...]:
    """(name, slug or None) of each line of data/kommuner.txt: `Håbo | haabo` gives a slug."""
    lines = _KOMMUNER.read_text(encoding="utf-8").splitlines()
    found = []
    for line in lines:
        if line and not line.startswith("#"):
            name, _, slug = line.partition("|")
            found.append((name.strip(), slug.strip() or None))
    return tuple(found)


def kommuner() -> tuple[str, ...]:
    """Sweden's 290 municipalities, as SCB names them (without "kommun" or "stad")."""
    return tuple(name for name, _ in _kommun_lines())


def kommun_slugs() -> tuple[tuple[str, str], ...]:
    """(municipality, slug) of every municipality: the shipped data's slug where it gives
    one (two municipalities whose names make one slug, Habo and Håbo, get addresses that
    never depend on which of them a site happens to mention), else the name's. As chosen
    slugs they come first, so a misspelling (`Malmo`) never takes a real municipality's
    address (`/kommun/malmo/`, Malmö's): it gets `malmo-2`, and `check` warns about both."""
    return tuple((name, slug or slugify(name)) for name, slug in _kommun_lines())


def district_slugs(districts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(district, slug) of each of config.yaml's `stadsdelar` that is not a municipality
    (`stadsdelar: [ALE]` is Ale, at Ale's address) and has letters to make a slug of: its
    name's. Chosen as the municipalities' slugs are, so a misspelling (`Majorna-Linne`)
    never takes a listed district's address (`/kommun/majorna-linne/`, Majorna-Linné's)."""
    municipalities = {term_key(name) for name in kommuner()}
    return tuple((name, slugify(name)) for name in districts
                 if term_key(name) not in municipalities and slugify(name))  # fmt: skip


def review_kommun(articles: Iterable[Article], districts: Iterable[str]) -> list[Problem]:
    """Warn about a `kommun` that is neither a municipality nor a configured district."""
    districts = tuple(districts)
    known = {_fold(name): name for name in (*kommuner(), *districts)}
    messages: dict[str, str | None] = {}  # by kommun as written: most are repeated
    warnings = []
    for article in articles:
        if article.kommun is None:
            continue
        if article.kommun not in messages:
            messages[article.kommun] = _unknown(article.kommun, known, districts)
        message = messages[article.kommun]
        if message:
            warnings.append(Problem(article.source, *article.place("kommun"), "kommun", message))
    return warnings


def _unknown(kommun: str, known: dict[str, str], districts: tuple[str, ...] = ()) -> str | None:
    """What is wrong with `kommun` (None: nothing), `known`: every municipality and district
    by its folded name; `districts`: those of `known` that config.yaml's `stadsdelar` lists."""
    name = _known_as(kommun, known)
    if name is not None:
        if term_key(kommun) == term_key(name):  # a spelling of it: `_variants` tells that
            return None
        # `Ale kommun`, `Göteborgs stad`: a term (and an archive) of its own, apart from `Ale`.
        return (f"{quoted(kommun)} is filed as a kommun of its own, apart from {quoted(name)} (an archive at "
                f"/kommun/{slugify(kommun)}/): write kommun: {name}")  # fmt: skip
    # `Amal` (or `Amal kommun`) is Åmål written without å, ä, ö, not Malå, and `Haabo` is
    # Håbo written as its address is: the same letters first.
    wanted, chosen = slugify(_fold(kommun)), dict((slug, name) for name, slug in kommun_slugs())
    same = [name for name in known.values() if slugify(name) == wanted] or ([chosen[wanted]] if wanted in chosen else [])
    guess = same[:1] or [known[g] for g in difflib.get_close_matches(_fold(kommun), known, n=1, cutoff=0.7)]
    hint = f"; menade du {quoted(guess[0])}?" if guess else ""
    if guess and guess[0] in districts:  # the editor has listed it: no need to say it can be
        return (f"{quoted(kommun)} is neither one of Sweden's 290 municipalities nor a district listed under "
                f"stadsdelar: in config.yaml{hint}")  # fmt: skip
    return (
        f"{quoted(kommun)} is not one of Sweden's 290 municipalities{hint} "
        "(a city district can be listed under stadsdelar: in config.yaml)"
    )


def _fold(name: str) -> str:
    """A name as compared: as a term (`term_key`), without " kommun" or " stad"."""
    name = term_key(name)
    for suffix in (" kommun", " stad"):
        name = name.removesuffix(suffix)
    return name.removeprefix("region ")  # Region Gotland, as Gotland names itself


def _known_as(kommun: str, known: dict[str, str]) -> str | None:
    """The municipality (or district) `kommun` names, also as "Ale kommun", "Göteborgs
    stad" (the genitive s of "Göteborgs" dropped, but "Västerås stad" is Västerås)."""
    folded = _fold(kommun)
    if folded in known:
        return known[folded]
    if folded != term_key(kommun) and folded.endswith("s"):
        return known.get(folded[:-1])
    return None


def review_links(articles: Iterable[Article], known_sources: set[str], unreadable: Iterable[str] = ()) -> list[Problem]:
    """Warn about Markdown links to articles that do not exist or are not published
    (`known_sources`: every article read, drafts too; `unreadable`: the sources that have
    errors, which exist but are not read), saying what the page does with such a link:
    it shows its text without the link (`links.resolve` drops its href)."""
    shown = {nfc(article.source) for article in articles}  # links name sources in NFC
    known_sources = {nfc(source) for source in known_sources}
    broken = {nfc(source) for source in unreadable}
    warnings = []
    for article in articles:
        for link in article.links:
            if link.target in shown:
                continue
            if link.target in known_sources:
                why = "is a draft or dated in the future, so it is not published"
            elif link.target in broken:
                why = "has errors (listed with it), so it is not published"
            else:
                why = "does not exist"
            message = f"the link ({link.written}) points at {link.target}, which {why}: {_UNLINKED}"
            warnings.append(Problem(article.source, link.line, link.column, None, message))
    return warnings


_UNLINKED = "the page shows the link's text without a link"  # (`links.resolve` drops its href)


def review_aliases(articles: Iterable[Article], base_url: str) -> list[Problem]:
    """Warn about an alias that starts with the path of `base_url` (`/bilaga/2016/01/ale/`
    when the site is at https://example.se/bilaga/): aliases are paths on the site, written
    without it (the base path is added as to every address), so that page would answer at
    /bilaga/bilaga/2016/01/ale/ and the earlier address, the one readers' links hold, not at all."""
    base = nfc(unquote(urlsplit(base_url).path)).rstrip("/")
    if not base:
        return []
    return [Problem(article.source, *article.place(f"aliases.{i}"), "aliases",
                    f"{quoted(alias)} starts with {base}/, the path of base_url ({base_url}), which every "
                    f"address of the site is given anyway: as written the earlier address would be "
                    f"{base}{alias}, and links to {alias} would find nothing; write {alias[len(base):]}")
            for article in articles for i, alias in enumerate(article.aliases) if alias.startswith(f"{base}/")]  # fmt: skip
