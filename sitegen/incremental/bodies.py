"""Edits to article bodies alone, in a session that keeps its memo (`serve`): only the pages
that show the edited articles are keyed and rendered again; nothing else is read,
collected or planned.

Whatever a page shows of an article's text comes through that article's `ArticleView`
(its `body` is a property of the article it holds), and everything else in the site
(terms, archives, related reading, facets, addresses, warnings) follows from the articles'
front matter, the links and images in their bodies and the other input files, never from
the body text itself. So when a save changes nothing but the body text of articles the
last build showed (every other input file as it was, each changed article equal to its
last reading in every field but `body`, its links, images, front matter positions and
warnings included, and no article coming due since), the last build's plan still holds
with each such article's view made anew around the new article: every page whose context
holds an old view gets the new one (and a new key), and every other page keeps its page
object and its key. Anything else is a whole build (`Planned.bodies_only` says None).

The incremental property test (tests/test_incremental.py) builds each of its steps this
way too, as `serve` does, and compares the bytes with a cold build.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.content.model import ReadResult
from sitegen.incremental.fingerprint import Fingerprints
from sitegen.incremental.unchanged import Survey, changed_files, markdown_source
from sitegen.output.spare import OutputEntry
from sitegen.site.plan import Page
from sitegen.site.views import ArticleView
from sitegen.urls import output_path

_CONTAINERS = (dict, list, tuple, set, frozenset)


@dataclass
class Planned:
    """What the last good build of a session planned, kept for a rebuild after body edits.

    `inputs` is the hash of sitegen's code and the options but the output folder;
    `files` the input files as that build found them; `published` the span of "now" in
    which the same articles are published (as `incremental.unchanged` keeps it); `pages`
    and `keys` the pages planned and each one's key (same order); `results` each source's
    read result; `publish` whatever else publishing again needs (assets, site values,
    settings: the build's own business, kept as it gave it)."""

    inputs: str
    files: Survey
    published: tuple[datetime | None, datetime | None]
    pages: list[Page]
    keys: list[str]
    results: dict[str, ReadResult]
    publish: Any
    # Each view's id → (the view, indexes of the pages whose context holds it); made on
    # first use, by `holders`.
    _holders: dict[int, tuple[ArticleView, list[int]]] | None = field(default=None, repr=False)

    def edited(self, inputs: str, files: Survey, places: dict[str, Path], when: datetime) -> list[str] | None:
        """The sources ("content/…md") whose bytes changed when nothing else did (the same
        options and code, the same set of files below `places`, no other file changed,
        `when` within the span of the same published articles), else None."""
        first, second = self.published
        if inputs != self.inputs or (first and when < first) or (second and when >= second):
            return None
        changed = changed_files(self.files, files, places)
        if changed is None or not all(markdown_source(name) for name in changed):
            return None
        sources = ["content/" + name.removeprefix("content:") for name in sorted(changed)]
        return sources if all(source in self.results for source in sources) else None

    def bodies_only(self, results: dict[str, ReadResult]) -> dict[int, ArticleView] | None:
        """For sources read again (`results`), each one's old view's id → its new view,
        when every one differs from its last reading in the body text alone; else None."""
        for source, result in results.items():
            old = self.results[source]
            if old.article is None or result.article is None or not body_alone(old, result):
                return None  # before looking for the pages: most saves that get here are whole builds
        wanted = set(results)
        views = {v.article.source: v for v, _ in self.holders().values() if v.article.source in wanted}
        new: dict[int, ArticleView] = {}
        for source, result in results.items():
            old = self.results[source]
            assert old.article is not None and result.article is not None
            if result.article.body == old.article.body:
                continue  # saved again as it was: nothing to show anew
            view = views.get(source)
            if view is not None:  # else shown nowhere (a draft, say): no page changes
                new[id(view)] = replace(view, article=result.article)
        return new

    def holders(self) -> dict[int, tuple[ArticleView, list[int]]]:
        """Each view's id → (view, indexes of the pages whose contexts hold it)."""
        if self._holders is None:
            self._holders = {}
            views_in = _Finder()
            for index, page in enumerate(self.pages):
                for view in {id(v): v for v in views_in(page.context)}.values():  # once a page
                    self._holders.setdefault(id(view), (view, []))[1].append(index)
        return self._holders

    def with_views(self, new: dict[int, ArticleView], key_of: Callable[[Page], str]) -> Planned:
        """This plan with the views `new` (old view's id → new view) in every page that
        held the old one: those pages are new objects with new keys (from `key_of`), the
        others the same objects with the same keys."""
        holders = self.holders()
        pages, keys = list(self.pages), list(self.keys)
        touched = sorted({i for old in new for i in holders[old][1]})
        substitute = _Substitute(new)
        for i in touched:
            pages[i] = replace(pages[i], context=substitute(pages[i].context))
            keys[i] = key_of(pages[i])
        moved = {id(new[old]): (new[old], holders[old][1]) for old in new}
        kept = {k: v for k, v in holders.items() if k not in new}
        return replace(self, pages=pages, keys=keys, _holders={**kept, **moved})


def keys_after_edits(pages: list[Page], edited: dict[str, tuple[ReadResult, ReadResult]],
                     last: Mapping[str, OutputEntry], key_of: Callable[[Page], str]) -> Callable[[Page], str]:  # fmt: skip
    """Page keys for a whole build that follows edits to article bodies alone, from the
    command line: the same rule as `Planned`'s, with the last build's keys read from the
    output it wrote rather than kept in memory.

    `edited`: each source whose bytes changed since the last build (and nothing else did,
    see `unchanged.edited_sources`) → (its read result in that build, its result now);
    `last`: each output path → the entry the last build wrote there, its page's key.
    When every edit changed the body text alone (see `body_alone`), the pages whose
    contexts hold no view of an edited article are the last build's pages, so they keep
    their last keys, and only the others are keyed (`key_of`); else every page is.

    Only for a build whose cache was just loaded from disk: a build that failed after
    reading keeps its readings in memory (`serve`), and they are then not the last good
    build's."""
    if not edited or any(not body_alone(old, new) for old, new in edited.values()):
        return key_of
    finder = _Finder()
    holding = {id(page) for page in pages if any(view.article.source in edited for view in finder(page.context))}

    def of(page: Page) -> str:
        entry = last.get(output_path(page.url))
        return key_of(page) if entry is None or id(page) in holding else entry.key

    return of


def body_alone(old: ReadResult, new: ReadResult) -> bool:
    """Whether `new` differs from `old` in nothing but its article's body text. Compared by
    fingerprint, as page keys are, not by `==`: 2017-03-02T00:30+01:00 and 2017-03-01T23:30Z
    are equal datetimes, but a page shows them as two different days. False when either
    is no article (a source that could not be read)."""
    before, after = old.article, new.article
    if before is None or after is None:
        return False
    same = Fingerprints().of
    return (
        old.errors == new.errors == ()
        and same(old.warnings) == same(new.warnings)
        and same(replace(after, body=before.body)) == same(before)  # `positions` included
    )


class _Finder:
    """The `ArticleView`s anywhere in a page context: in dicts, lists, tuples and sets, and
    in the fields of dataclasses whose annotations could hold one (not looking inside a
    view, and never into types that cannot, as `Link` or `Picture`)."""

    def __init__(self) -> None:
        self._may_hold: dict[type, tuple[str, ...] | None] = {str: None, int: None, type(None): None}
        # Long containers (shared by many pages: a taxonomy's terms) looked into once: by
        # identity, holding the container so that its id is not reused.
        self._seen: dict[int, tuple[object, list[ArticleView]]] = {}
        self._pending: set[type] = set()  # dataclasses whose fields are being looked at

    def __call__(self, value: object) -> list[ArticleView]:
        found: list[ArticleView] = []
        self._walk(value, found)
        return found

    def _walk(self, value: Any, found: list[ArticleView]) -> None:
        kind = type(value)
        if kind is str or value is None:
            return  # most values
        if kind is ArticleView:
            found.append(value)
        elif kind is dict or kind in _CONTAINERS:
            items = value.values() if kind is dict else value
            if len(items) < 8:
                for item in items:
                    self._walk(item, found)
                return
            known = self._seen.get(id(value))
            if known is None or known[0] is not value:
                inside: list[ArticleView] = []
                for item in items:
                    self._walk(item, inside)
                known = self._seen[id(value)] = (value, inside)
            found += known[1]
        elif (names := self.fields(kind)) is not None:
            for name in names:
                self._walk(getattr(value, name), found)

    def fields(self, kind: type) -> tuple[str, ...] | None:
        """The fields of dataclass `kind` that could hold a view, or None for none."""
        if kind not in self._may_hold:
            names: tuple[str, ...] = ()
            if dataclasses.is_dataclass(kind):
                try:
                    hints = typing.get_type_hints(kind)
                except Exception:  # noqa: BLE001 (an annotation that cannot be resolved: look in all)
                    hints = {f.name: Any for f in dataclasses.fields(kind)}
                self._pending.add(kind)  # a field of its own type (or a cycle) may hold one
                names = tuple(f.name for f in dataclasses.fields(kind) if self._could(hints.get(f.name, Any)))
                self._pending.discard(kind)
            self._may_hold[kind] = names or None
        return self._may_hold[kind]

    def _could(self, annotation: Any) -> bool:
        """Whether a value annotated `annotation` could be or hold an `ArticleView`."""
        if annotation is ArticleView or annotation is Any or annotation is object:
            return True
        if isinstance(annotation, typing.TypeVar):
            return True
        arguments = typing.get_args(annotation)
        if arguments:
            return any(self._could(a) for a in arguments if a is not Ellipsis)
        if isinstance(annotation, type):
            if annotation in _CONTAINERS:
                return True  # bare `dict`, `tuple`: anything inside
            if annotation in self._pending:
                return True
            return dataclasses.is_dataclass(annotation) and self.fields(annotation) is not None
        return True  # a form not understood here: look


class _Substitute:
    """A page context with each view of `new` (old view's id → new view) replaced, and
    every container and dataclass on the way to one made anew; the rest kept as is."""

    def __init__(self, new: dict[int, ArticleView]) -> None:
        self._new = new
        self._fields = _Finder().fields

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind is ArticleView:
            return self._new.get(id(value), value)
        if kind is dict:
            items = {k: self(v) for k, v in value.items()}
            return items if any(items[k] is not v for k, v in value.items()) else value
        if kind in _CONTAINERS:
            made = [self(item) for item in value]
            return kind(made) if any(a is not b for a, b in zip(made, value, strict=True)) else value
        names = self._fields(kind)
        if names is None:
            return value
        changed = {n: v for n in names if (v := self(getattr(value, n))) is not getattr(value, n)}
        return replace(value, **changed) if changed else value

