"""config.yaml: the site's settings, validated all at once, with defaults for what is left out."""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.content import yamltext
from sitegen.content.engines import DEFAULT_ENGINE, ENGINES
from sitegen.errors import BuildError, Problem
from sitegen.urls import DEFAULT_PERMALINKS, UrlPattern, is_safe, slugify

CONFIG_FILE = "config.yaml"


@dataclass(frozen=True)
class TaxonomyConfig:
    """One way of filing articles: by a front matter field, under a URL segment."""

    field: str  # front matter key: tags, kommun, photographer, …
    path: str  # URL segment: etikett → /etikett/{slug}/
    title: str  # archive title, with {term}: "Etikettarkiv: {term}"
    index_title: str  # title of /etikett/: "Etiketter"
    label: str  # shown before the article's terms: "Taggar"


DEFAULT_TAXONOMIES = (
    TaxonomyConfig("tags", "etikett", "Etikettarkiv: {term}", "Etiketter", "Taggar"),
    TaxonomyConfig("kommun", "kommun", "Kommun: {term}", "Kommuner", "Kommun"),
)


@dataclass(frozen=True)
class Config:
    title: str = "sitegen"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    per_page: int = 10
    output_dir: str = "public"
    archive_full_text: bool = False
    timezone: str = "Europe/Stockholm"
    feed_size: int = 20
    permalinks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PERMALINKS))
    taxonomies: tuple[TaxonomyConfig, ...] = DEFAULT_TAXONOMIES
    stadsdelar: tuple[str, ...] = ()  # city districts accepted as `kommun` besides the 290
    markdown_engine: str = DEFAULT_ENGINE  # `markdown: {engine: …}`, one of engines.ENGINES


_SCALARS: dict[str, type] = {
    "title": str, "description": str, "base_url": str, "per_page": int, "output_dir": str,
    "archive_full_text": bool, "timezone": str, "feed_size": int,
}  # fmt: skip
_KEYS = (*_SCALARS, "permalinks", "taxonomies", "stadsdelar", "markdown")
_MARKDOWN_KEYS = ("engine",)
_TAXONOMY_KEYS = ("field", "path", "title", "index_title", "label")
# What each permalink pattern may use; the first name listed must be used.
_PLACEHOLDERS = {"article": ("slug", "year", "month", "day"), "page": ("n",), "home": ()}


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read `root/config.yaml`; raise BuildError listing every problem in it."""
    config, problems = read_config(root, overrides)
    if problems:
        raise BuildError(problems)
    return config


def read_config(
    root: Path, overrides: dict[str, Any] | None = None
) -> tuple[Config, list[Problem]]:
    """The settings, with the default in place of each one that is wrong, and what is wrong,
    so that a build can go on to find the content's problems too. A file that cannot be
    read as settings at all gives the defaults and that one problem. A site root without
    config.yaml or content/ raises BuildError."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise BuildError([Problem(CONFIG_FILE, None, None, None,
                                  f"no {CONFIG_FILE} in {root}; is this a site root?")])  # fmt: skip
    if not (root / "content").is_dir():
        raise BuildError([Problem("content/", None, None, None,
                                  f"no content/ folder in {root}; is this a site root?")])  # fmt: skip
    unreadable = None
    try:
        data, positions = yamltext.load(yamltext.decode(path.read_bytes()))
    except yamltext.TextError as exc:
        unreadable = Problem(CONFIG_FILE, exc.line, exc.column, None, exc.message)
    else:
        data = data or {}
        if not isinstance(data, dict):
            message = "expected settings, one per line, like 'title: Socionom i kommunen'"
            unreadable = Problem(CONFIG_FILE, 1, 1, None, message)
    if unreadable is not None:
        data, positions = {}, yamltext.Positions()
    data.update(overrides or {})
    checker = _Checker(positions)
    config = checker.config(data)
    return config, [unreadable] if unreadable else checker.problems


class _Checker:
    def __init__(self, positions: yamltext.Positions) -> None:
        self.positions = positions
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        line, column = self.positions.of(path)
        self.problems.append(Problem(CONFIG_FILE, line, column, yamltext.display(path), message))

    def config(self, data: dict[str, Any]) -> Config:
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in _KEYS:
                hint = difflib.get_close_matches(str(key), _KEYS, n=1)
                self.error(str(key), f"unknown setting; did you mean {hint[0]!r}?" if hint
                           else f"unknown setting; known: {', '.join(_KEYS)}")  # fmt: skip
            elif key in _SCALARS and self._typed(key, value, _SCALARS[key]):
                values[key] = value
        values.update(self._ranges(values))
        if "permalinks" in data:
            values["permalinks"] = self._permalinks(data["permalinks"])
        if "stadsdelar" in data:
            values["stadsdelar"] = self._names(data["stadsdelar"])
        if "taxonomies" in data:
            values["taxonomies"] = self._taxonomies(data["taxonomies"])
        if "markdown" in data:
            values["markdown_engine"] = self._markdown(data["markdown"])
        return Config(**values)

    def _typed(self, key: str, value: Any, kind: type) -> bool:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.error(key, self._wrong_type(key, value, kind))
        return ok

    def _wrong_type(self, key: str, value: Any, kind: type) -> str:
        names = {str: "text", int: "a whole number", bool: "true or false"}
        written = self.positions.source.get(key, repr(value))
        if isinstance(value, str) and kind is not str and _unquoted(value, kind):
            return f"expected {names[kind]} without quotes, got {value!r}; remove the quotes"
        if kind is str and isinstance(value, bool | int | float):
            return f'{written} is not read as text; put it in quotes: {key}: "{written}"'
        got = "a list" if isinstance(value, list) else "a group of settings" \
            if isinstance(value, dict) else repr(value)  # fmt: skip
        return f"expected {names[kind]}, got {got}"

    def _ranges(self, values: dict[str, Any]) -> dict[str, Any]:
        for key in ("per_page", "feed_size"):
            if key in values and values[key] < 1:
                self.error(key, f"expected a number of at least 1, got {values.pop(key)}")
        if "base_url" in values and not re.match(r"^https?://[^/]+", values["base_url"]):
            got = values.pop("base_url")
            self.error("base_url", f"expected an address like https://example.se/, got {got!r}")
        elif "base_url" in values and not values["base_url"].endswith("/"):
            values["base_url"] += "/"
        if "timezone" in values:
            try:
                ZoneInfo(values["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                self.error("timezone", f"unknown time zone {values.pop('timezone')!r}; "
                           "expected a name like Europe/Stockholm")  # fmt: skip
        return values

    def _names(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error("stadsdelar", "expected a list of names, like [Östra Göteborg, Hisingen]")
            return ()
        return tuple(value)

    def _markdown(self, value: Any) -> str:
        """The engine named in `markdown: {engine: …}`, or the default when it is wrong."""
        if not isinstance(value, dict):
            example = value if value in ENGINES else ENGINES[-1]
            self.error("markdown", f"expected settings, not {value!r}; "
                       f"write markdown: {{engine: {example}}}")  # fmt: skip
            return DEFAULT_ENGINE
        for key in value:
            if key not in _MARKDOWN_KEYS:
                hint = difflib.get_close_matches(str(key), _MARKDOWN_KEYS, n=1)
                self.error(f"markdown.{key}", f"unknown setting; did you mean {hint[0]!r}?"
                           if hint else f"unknown setting; known: {', '.join(_MARKDOWN_KEYS)}")  # fmt: skip
        name = value.get("engine", DEFAULT_ENGINE)
        if name in ENGINES:
            return str(name)
        known = f"expected {' or '.join(ENGINES)}"
        hint = difflib.get_close_matches(str(name), ENGINES, n=1)
        tip = f"did you mean {hint[0]!r}? ({known})" if hint else known
        self.error("markdown.engine", f"unknown Markdown engine {name!r}; {tip}")
        return DEFAULT_ENGINE

    def _permalinks(self, value: Any) -> dict[str, str]:
        result = dict(DEFAULT_PERMALINKS)
        if not isinstance(value, dict):
            self.error("permalinks", "expected patterns indented below it, like "
                       "article: \"/{year}/{month}/{slug}/\"")  # fmt: skip
            return result
        for key, pattern in value.items():
            where = f"permalinks.{key}"
            if key not in _PLACEHOLDERS:
                hint = difflib.get_close_matches(str(key), _PLACEHOLDERS, n=1)
                tip = f"did you mean {hint[0]!r}?" if hint else f"known: {', '.join(_PLACEHOLDERS)}"
                self.error(where, f"unknown address type; {tip}")
            elif not isinstance(pattern, str):
                self.error(where, f"expected a pattern in quotes, like {key}: "
                           f"\"{DEFAULT_PERMALINKS[key]}\"")  # fmt: skip
            elif problem := _pattern_problem(key, pattern):
                self.error(where, f"{pattern!r} {problem}")
            else:
                result[key] = pattern
        return result

    def _taxonomies(self, value: Any) -> tuple[TaxonomyConfig, ...]:
        if not isinstance(value, list):
            self.error("taxonomies", "expected a list of taxonomies (field, path, title, …)")
            return DEFAULT_TAXONOMIES
        result = []
        for i, item in enumerate(value):
            where = f"taxonomies.{i}"
            if not isinstance(item, dict) or not {"field", "path"} <= item.keys():
                self.error(where, "expected at least field: and path:, "
                           "like {field: tags, path: etikett}")  # fmt: skip
                continue
            for key, entry in item.items():
                if key not in _TAXONOMY_KEYS:
                    self.error(f"{where}.{key}", f"unknown key; known: {', '.join(_TAXONOMY_KEYS)}")
                elif not isinstance(entry, str) or not entry.strip():
                    self.error(f"{where}.{key}", f"expected text, got {entry!r}")
                elif key == "title" and not _formats(entry, {"term": "x"}):
                    self.error(f"{where}.title", f"{entry!r} may use only {{term}}, "
                               "like \"Etikettarkiv: {term}\"")  # fmt: skip
            if not re.fullmatch(r"[a-z0-9-]+", str(item["path"])):
                self.error(f"{where}.path", "expected lower-case letters a-z, digits and '-', "
                           f"like {slugify(str(item['path'])) or 'etikett'}")  # fmt: skip
            name = str(item["field"])
            result.append(TaxonomyConfig(
                field=name, path=str(item["path"]),
                title=str(item.get("title", "{term}")), index_title=str(item.get("index_title", name)),
                label=str(item.get("label", name)),
            ))  # fmt: skip
        return tuple(result)


def _pattern_problem(key: str, pattern: str) -> str | None:
    """Why a permalink pattern cannot be used, or None when it can."""
    allowed = _PLACEHOLDERS[key]
    sample = {name: "1" for name in allowed}
    names = ", ".join(f"{{{name}}}" for name in allowed) or "no {…} at all"
    if not _formats(pattern, sample):
        unknown = _placeholders(pattern) - set(allowed)
        if unknown:
            return f"uses {{{sorted(unknown)[0]}}}, which is not known; it may use {names}"
        return f"has a '{{' or '}}' out of place; it may use {names}, written just so"
    if allowed and f"{{{allowed[0]}}}" not in pattern:
        return f"must contain {{{allowed[0]}}}, or every {key} would get the same address"
    if not pattern.endswith("/"):
        return f"must end with '/', like \"{DEFAULT_PERMALINKS[key]}\""
    if not is_safe(UrlPattern(pattern).expand(**sample)):
        return "would put pages outside the site; remove the '..'"
    return None


def _placeholders(pattern: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        return set()


def _formats(pattern: str, values: dict[str, str]) -> bool:
    """True when `pattern` uses only `values`, as plain {name} placeholders."""
    try:
        fields = list(string.Formatter().parse(pattern))
        pattern.format(**values)
    except (ValueError, KeyError, IndexError, AttributeError):
        return False
    return all(name is None or (name in values and not spec and not conversion)
               for _, name, spec, conversion in fields)  # fmt: skip


def _unquoted(value: str, kind: type) -> bool:
    """True when text in quotes would have been a number or true/false without them."""
    text = value.strip().lower()
    return text.isdigit() if kind is int else text in ("true", "false", "yes", "no")
