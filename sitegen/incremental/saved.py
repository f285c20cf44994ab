"""The last whole build's plan, saved for the next build from the command line.

`serve` keeps its last plan in memory, and rebuilds after edits to article bodies alone by
rendering only the pages that show those articles (`incremental.bodies`). A build from
the command line starts with nothing but `.sitegen-cache/`, so every whole build that
saves a cache also saves its plan there (`plan.json`): each page's URL, template and
context, and which pages show each article (its key is the one the cache keeps for its
output file). The next build, when the only change is
to article bodies, decodes only the pages that show the edited articles and renders
them again; every other page is known by its key alone and is never decoded.

Contexts are plain data: JSON, never pickle, as everything in the cache (a CI cache may
come from anyone's pull request). Decoding makes only the dataclasses that sitegen's
views and plan are made of (those of `_MODULES`); a context holding any other kind of value is
not saved, and the next build is a whole one. An article view names its article by its
source, whose reading the cache keeps: the view is made again around that reading (the
edited one for an edited source), so nothing of an article is saved twice.

The file belongs to one snapshot (`incremental.unchanged`): both carry the same random
token, so a plan whose snapshot was not saved, or replaced since, is never used.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from sitegen.content.model import Article
from sitegen.errors import Problem
from sitegen.incremental import jsonio
from sitegen.incremental.jsonio import finite
from sitegen.site.plan import Page
from sitegen.site.views import ArticleView
from sitegen.urls import output_path

PLAN_FILE = "plan.json"

# The modules whose dataclasses page contexts and site values are made of: decoding makes
# these and no others.
_MODULES = ("sitegen.site.views", "sitegen.site.paginate", "sitegen.site.pictures",
            "sitegen.site.facets", "sitegen.errors", "sitegen.output.render")  # fmt: skip


@functools.cache
def _classes() -> dict[str, type]:
    """The classes decoding may make, by module and name (never changed: shared)."""
    found: dict[str, type] = {}
    for name in _MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
                    and value is not ArticleView and all(f.init for f in dataclasses.fields(value))):  # fmt: skip
                found[f"{name}.{value.__qualname__}"] = value
    return found


class DamagedPlan(ValueError):
    """A piece of the plan file whose checksum does not match: damaged since it was saved."""


class Unsavable(TypeError):
    """A value the saved plan cannot hold: the plan is not saved, and the next build is a
    whole one."""


@dataclass(frozen=True)
class SavedPage:
    """A page as the saved plan lists it, without its context."""

    url: str
    template: str
    in_sitemap: bool


_SHARED_FROM = 32  # containers at least this long are written once, however many pages hold them


class _Encoder:
    """Values to plain JSON values: `{"$t": [...]}` a tuple, `{"$d": [[k, v], ...]}` a dict,
    `{"$s"|"$f": [...]}` a set or frozenset, `{"$m": text}` Markup, `{"$da": iso}` a date,
    `{"$c": [class, [fields...]]}` a dataclass, `{"$v": n}` the n-th article view, `{"$r":
    n}` the n-th shared container (one of many pages, as an archive's page addresses);
    lists, text, numbers, flags and null as they are. Views and shared containers are
    written once each, into `raw`, and listed in `views` and `shared` ([start, end])."""

    def __init__(self, sources: Mapping[int, str]) -> None:
        self._sources = sources  # id(article) → its source
        self._names = {cls: name for name, cls in _classes().items()}
        self._fields = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in self._names}
        self._view_fields = tuple(f.name for f in dataclasses.fields(ArticleView))[1:]
        self.raw = bytearray()
        self.views: list[list[Any]] = []  # [source, start, end] of each view
        self.shared: list[list[int]] = []  # [start, end] of each shared container
        # By identity (holding the object, so that the id is not reused): the index, and the
        # sources of the views inside.
        self._known: dict[int, tuple[object, int, frozenset[str]]] = {}
        self.shown: set[str] = set()  # the sources of the views met since last emptied

    def value(self, value: Any) -> Any:  # noqa: C901 (one branch per kind of value)
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            return value
        if kind is float:
            try:
                return finite(value)
            except TypeError as exc:
                raise Unsavable(str(exc)) from None
        if kind is ArticleView:
            return {"$v": self._once(value, self._view, self.views)}
        if kind in _CONTAINERS and len(value) >= _SHARED_FROM:
            return {"$r": self._once(value, self._container, self.shared)}
        if kind in _CONTAINERS:
            return self._container(value)
        if kind is Markup:
            return {"$m": str(value)}
        if kind is datetime:  # as ISO 8601: a zone's name (Europe/Stockholm) would be lost
            raise Unsavable(f"a datetime in a page's context: {value!r}")
        if kind is date:
            return {"$da": value.isoformat()}
        name = self._names.get(kind)
        if name is None:
            raise Unsavable(f"a {kind.__module__}.{kind.__qualname__} in a page's context")
        return {"$c": [name, [self.value(getattr(value, field)) for field in self._fields[kind]]]}

    def _container(self, value: Any) -> Any:
        kind = type(value)
        if kind is list:
            return [self.value(item) for item in value]
        if kind is dict:
            return {"$d": [[self.value(k), self.value(v)] for k, v in value.items()]}
        return {_TAGS[kind]: [self.value(item) for item in value]}

    def _view(self, view: ArticleView) -> Any:
        source = self._sources.get(id(view.article))
        if source is None:
            raise Unsavable(f"a view of an article not read from a source ({view.article.url})")
        self.shown.add(source)
        return [source, [self.value(getattr(view, field)) for field in self._view_fields]]

    def _once(self, value: Any, encode: Callable[[Any], Any], table: list[Any]) -> int:
        """The index in `table` of `value`, written into `raw` the first time it is met
        (its row ends with [start, end, checksum] of what was written)."""
        known = self._known.get(id(value))
        if known is None or known[0] is not value:
            outer, self.shown = self.shown, set()
            plain = encode(value)
            piece = self.write(_dumps(plain))
            table.append([plain[0], *piece] if table is self.views else piece)
            known = self._known[id(value)] = (value, len(table) - 1, frozenset(self.shown))
            self.shown = outer
        self.shown |= known[2]
        return known[1]

    def write(self, data: bytes) -> list[int]:
        """Add `data` to `raw`: its [start, end, CRC-32], which decoding checks (the plan
        file's own checksum covers its JSON part alone, see `Cache.keep_file`)."""
        start = len(self.raw)
        self.raw += data
        return [start, len(self.raw), zlib.crc32(data)]


_CONTAINERS = (list, tuple, dict, set, frozenset)
_TAGS: dict[type, str] = {tuple: "$t", set: "$s", frozenset: "$f"}


def _dumps(plain: Any) -> bytes:
    try:
        return jsonio.dumps(plain)
    except TypeError as exc:  # text with lone surrogates, a number beyond 64 bits
        raise Unsavable(str(exc)) from None


def encode_plan(token: str, pages: list[Page], articles: Mapping[str, Article], values: Any,
                assets: Mapping[str, str]) -> tuple[bytes, bytes]:  # fmt: skip
    """The plan file's (JSON part, raw part): `token` ties it to its snapshot; `pages` in
    order; `articles` each source's article as read (the articles the views hold, by
    identity); `values` the site values templates get; `assets` each copied file's output
    path → key. Page keys are not in it: the cache keeps each output file's. Raises
    `Unsavable` for a context holding a value of another kind than `_Encoder` writes."""
    encoder = _Encoder({id(article): source for source, article in articles.items()})
    listed = []
    holders: dict[str, list[int]] = {}
    for index, page in enumerate(pages):
        encoder.shown = set()
        piece = encoder.write(_dumps([encoder.value(page.context), encoder.value(page.owner)]))
        listed.append([page.url, page.template, page.in_sitemap, output_path(page.url), *piece])
        for source in sorted(encoder.shown):
            holders.setdefault(source, []).append(index)
    plain = {"token": token, "pages": listed, "views": encoder.views, "shared": encoder.shared,
             "holders": holders, "values": encoder.value(values), "assets": dict(assets)}  # fmt: skip
    return _dumps(plain), bytes(encoder.raw)


class SavedPlan:
    """A saved plan, from a plan file's (JSON part, raw part), decoded page by page on
    demand. Data that is not what `encode_plan` wrote raises ValueError, TypeError,
    KeyError or IndexError, when the plan is made or when the part is decoded."""

    def __init__(self, data: bytes, raw: bytes | memoryview) -> None:
        plain = jsonio.loads(data)
        self.token: str = _text(plain["token"])
        self._raw = raw
        self._classes = _classes()
        # Rows are checked as they are used: most of them are never looked at.
        self._rows: list[Any] = _list(plain["pages"])
        self._views: list[Any] = _list(plain["views"])
        self._shared: list[Any] = _list(plain["shared"])
        self._shared_made: dict[int, Any] = {}
        self._holders = plain["holders"]
        if type(self._holders) is not dict:
            raise ValueError("not a plan's list of the pages showing each article")
        self.assets: dict[str, str] = {_text(k): _text(v) for k, v in plain["assets"].items()}
        self._values = plain["values"]
        self._made: dict[int, ArticleView] = {}
        self._article_of: Callable[[str], Article] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def listed(self, index: int) -> SavedPage:
        """Page `index` as listed, without its context; raises ValueError (or IndexError)."""
        url, template, sitemap, _path, _start, _end, _crc = self._rows[index]
        return SavedPage(_text(url), _text(template), sitemap is True)

    def url(self, index: int) -> str:
        """The URL of page `index`; raises ValueError (or IndexError)."""
        return _text(self._rows[index][0])

    def path(self, index: int) -> str:
        """The output path of page `index` (`urls.output_path` of its URL, worked out when
        the plan was saved); raises ValueError (or IndexError)."""
        return _text(self._rows[index][3])

    def holders_of(self, sources: Iterable[str]) -> list[int]:
        """The indexes of the pages showing any of `sources`, in order; raises ValueError."""
        found: set[int] = set()
        for source in sources:
            for index in _list(self._holders.get(source, [])):
                if type(index) is not int or not 0 <= index < len(self._rows):
                    raise ValueError("not a page of the plan")
                found.add(index)
        return sorted(found)

    def _piece(self, row: Any) -> bytes:
        return _checked(row, self._raw)

    def values(self) -> Any:
        """The site values the pages were rendered with."""
        return self._decode(self._values)

    def page(self, index: int, article_of: Callable[[str], Article]) -> Page:
        """Page `index` with its context decoded, each article view made around the article
        `article_of(source)` gives (raises KeyError when it has none)."""
        self._article_of = article_of
        listed = self.listed(index)
        context, owner = jsonio.loads(self._piece(self._rows[index][4:]))
        context, owner = self._decode(context), self._decode(owner)
        if type(context) is not dict or not (owner is None or isinstance(owner, Problem)):
            raise ValueError("a page's context that is not a mapping")
        return Page(listed.url, listed.template, context, listed.in_sitemap, owner)

    def _decode(self, value: Any) -> Any:  # noqa: C901 (one branch per kind of value)
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float or value is None:
            return value
        if kind is list:
            return [self._decode(item) for item in value]
        if kind is not dict or len(value) != 1:
            raise ValueError(f"not a value of a saved plan: {value!r:.80}")
        tag, inner = next(iter(value.items()))
        if tag == "$t":
            return tuple(self._decode(item) for item in inner)
        if tag == "$d":
            return {self._decode(k): self._decode(v) for k, v in inner}
        if tag == "$s":
            return {self._decode(item) for item in inner}
        if tag == "$f":
            return frozenset(self._decode(item) for item in inner)
        if tag == "$m":
            return Markup(_text(inner))
        if tag == "$da":
            return date.fromisoformat(_text(inner))
        if tag == "$v":
            return self._view(_index(inner, len(self._views)))
        if tag == "$r":
            index = _index(inner, len(self._shared))
            if index not in self._shared_made:
                self._shared_made[index] = self._decode(jsonio.loads(self._piece(self._shared[index])))
            return self._shared_made[index]
        if tag == "$c":
            name, fields = inner
            return self._classes[_text(name)](*[self._decode(item) for item in fields])
        raise ValueError(f"not a value of a saved plan: {tag!r}")

    def _view(self, index: int) -> ArticleView:
        made = self._made.get(index)
        if made is None:
            assert self._article_of is not None
            source = _text(self._views[index][0])
            found, rest = jsonio.loads(self._piece(self._views[index][1:]))
            if found != source:
                raise ValueError("a view saved under another source")
            made = self._made[index] = ArticleView(self._article_of(source), *[self._decode(v) for v in rest])
        return made


def _checked(row: Any, raw: bytes | memoryview) -> bytes:
    """The piece of `raw` that `row` ([start, end, CRC-32]) names, checked against its
    checksum; raises ValueError for one outside `raw` or damaged."""
    start, end, checksum = row
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(raw)):
        raise ValueError("a part outside the plan")
    piece = bytes(raw[start:end])
    if zlib.crc32(piece) != checksum:
        raise DamagedPlan("a part of the plan that is damaged (checksum mismatch)")
    return piece


def _index(value: Any, size: int) -> int:
    """An index into a table of `size` entries; raises ValueError."""
    if type(value) is not int or not 0 <= value < size:
        raise ValueError(f"not an entry of the plan: {value!r:.40}")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"expected a list, got {value!r:.40}")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, got {value!r:.40}")
    return value
