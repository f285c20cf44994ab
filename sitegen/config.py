"""config.yaml: the site's settings, validated all at once, with defaults for what is left out."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import yamltext
from .errors import BuildError, Problem
from .urls import DEFAULT_PERMALINKS, UrlPattern

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


_SCALARS: dict[str, type] = {
    "title": str, "description": str, "base_url": str, "per_page": int, "output_dir": str,
    "archive_full_text": bool, "timezone": str, "feed_size": int,
}  # fmt: skip
_KEYS = (*_SCALARS, "permalinks", "taxonomies")
_TAXONOMY_KEYS = ("field", "path", "title", "index_title", "label")


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read `root/config.yaml`; raise BuildError listing every problem in it."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise BuildError([Problem(CONFIG_FILE, None, None, None,
                                  f"no {CONFIG_FILE} in {root}; is this a site root?")])  # fmt: skip
    if not (root / "content").is_dir():
        raise BuildError([Problem("content/", None, None, None,
                                  f"no content/ folder in {root}; is this a site root?")])  # fmt: skip
    try:
        data, positions = yamltext.load(path.read_text(encoding="utf-8-sig"))
    except yamltext.YamlSyntaxError as exc:
        raise BuildError([Problem(CONFIG_FILE, exc.line, exc.column, None, exc.message)]) from None
    except UnicodeDecodeError:
        raise BuildError([Problem(CONFIG_FILE, None, None, None, "not UTF-8 text")]) from None
    data = data or {}
    if not isinstance(data, dict):
        raise BuildError([Problem(CONFIG_FILE, 1, None, None, "expected settings like 'title: …'")])
    data.update(overrides or {})
    checker = _Checker(positions)
    config = checker.config(data)
    if checker.problems:
        raise BuildError(checker.problems)
    return config


class _Checker:
    def __init__(self, positions: yamltext.Positions) -> None:
        self.positions = positions
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        line, column = self.positions.of(path)
        self.problems.append(Problem(CONFIG_FILE, line, column, path, message))

    def config(self, data: dict[str, Any]) -> Config:
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in _KEYS:
                hint = difflib.get_close_matches(str(key), _KEYS, n=1)
                self.error(str(key), f"unknown setting; did you mean {hint[0]!r}?" if hint
                           else f"unknown setting; known: {', '.join(_KEYS)}")  # fmt: skip
            elif key in _SCALARS:
                if self._typed(key, value, _SCALARS[key]):
                    values[key] = value
        values.update(self._ranges(values))
        if "permalinks" in data:
            values["permalinks"] = self._permalinks(data["permalinks"])
        if "taxonomies" in data:
            values["taxonomies"] = self._taxonomies(data["taxonomies"])
        return Config(**values)

    def _typed(self, key: str, value: Any, kind: type) -> bool:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            names = {str: "text", int: "a whole number", bool: "true or false"}
            self.error(key, f"expected {names[kind]}, got {value!r}")
        return ok

    def _ranges(self, values: dict[str, Any]) -> dict[str, Any]:
        for key in ("per_page", "feed_size"):
            if key in values and values[key] < 1:
                self.error(key, f"expected a number of at least 1, got {values.pop(key)}")
        if "base_url" in values and not re.match(r"^https?://[^/]+", values["base_url"]):
            self.error("base_url", f"expected an address like https://example.se/, got {values.pop('base_url')!r}")
        elif "base_url" in values and not values["base_url"].endswith("/"):
            values["base_url"] += "/"
        if "timezone" in values:
            try:
                ZoneInfo(values["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                self.error("timezone", f"unknown time zone {values.pop('timezone')!r}; "
                           "expected a name like Europe/Stockholm")  # fmt: skip
        return values

    def _permalinks(self, value: Any) -> dict[str, str]:
        result = dict(DEFAULT_PERMALINKS)
        if not isinstance(value, dict):
            self.error("permalinks", "expected a mapping like article: /{year}/{month}/{slug}/")
            return result
        allowed = {"article": {"year", "month", "day", "slug"}, "page": {"n"}, "home": set()}
        for key, pattern in value.items():
            if key not in allowed:
                self.error(f"permalinks.{key}", f"unknown permalink; known: {', '.join(allowed)}")
            elif not isinstance(pattern, str) or not pattern.endswith("/"):
                self.error(f"permalinks.{key}", f"expected a pattern ending in '/', got {pattern!r}")
            else:
                unknown = UrlPattern(pattern).fields - allowed[key]
                if unknown or (key == "article" and "slug" not in UrlPattern(pattern).fields):
                    self.error(f"permalinks.{key}", f"{pattern!r} may use only "
                               f"{{{'}, {'.join(sorted(allowed[key]))}}}")  # fmt: skip
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
                self.error(where, "expected a mapping with at least field and path")
                continue
            for key, entry in item.items():
                if key not in _TAXONOMY_KEYS:
                    self.error(f"{where}.{key}", f"unknown key; known: {', '.join(_TAXONOMY_KEYS)}")
                elif not isinstance(entry, str) or not entry.strip():
                    self.error(f"{where}.{key}", f"expected text, got {entry!r}")
            if not re.fullmatch(r"[a-z0-9-]+", str(item["path"])):
                self.error(f"{where}.path", "expected a URL segment of a-z, 0-9 and '-'")
            name = str(item["field"])
            result.append(TaxonomyConfig(
                field=name, path=str(item["path"]),
                title=str(item.get("title", "{term}")), index_title=str(item.get("index_title", name)),
                label=str(item.get("label", name)),
            ))  # fmt: skip
        return tuple(result)
