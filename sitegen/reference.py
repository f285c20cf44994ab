"""The README's reference tables, made from the schemas so that they cannot fall behind.

`python -m sitegen.reference [README.md]` rewrites each table between its markers;
tests/test_reference.py fails when the README's tables differ from what this makes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from sitegen.config import Config
from sitegen.content.model import Article
from sitegen.content.schema import Entry, entries

_TYPES = {"text": "text", "flag": "true/false", "texts": "list of text", "number": "whole number"}


def front_matter_table() -> str:
    """One row per front matter field: its name, type and what to know about it."""
    rows = ["| field | type | notes |", "| --- | --- | --- |"]
    for entry in entries(Article):
        listed, required = _parts(entry)
        notes = "; ".join(filter(None, ("required" if entry.spec.required else "", listed,
                                        entry.spec.doc, required)))  # fmt: skip
        rows.append(f"| `{entry.key}` | {_type(entry)} | {notes} |")
    return "\n".join(rows)


def _type(entry: Entry) -> str:
    if entry.spec.type_doc:
        return entry.spec.type_doc
    if entry.item is None:
        return _TYPES[entry.shape]
    fields = "{" + ", ".join(e.key for e in entries(entry.item)) + "}"
    if entry.shape == "sections":
        return f"list of `{fields}`"
    return f"`{fields}`" if len(entries(entry.item)) <= 3 else "mapping"


def _parts(entry: Entry) -> tuple[str, str]:
    """A group's fields, when its type column does not list them, and which are required."""
    fields = entries(entry.item) if entry.item else ()
    listed = ""
    if len(fields) > 3:
        listed = ", ".join(f"`{e.key}`" + (f" ({_type(e)})" if e.item else "") for e in fields)
    required = [f"`{e.key}`" for e in fields if e.spec.required]
    verb = "is" if len(required) == 1 else "are"
    return listed, f"{' and '.join(required)} {verb} required" if required else ""


def settings_table() -> str:
    """One row per config.yaml setting (a group's settings as `group.setting`)."""
    rows = ["| setting | default | meaning |", "| --- | --- | --- |"]
    for entry in entries(Config):
        inner = entries(entry.item) if entry.shape == "section" and entry.item else ()
        for key, setting in [(f"{entry.key}.{e.key}", e) for e in inner] or [(entry.key, entry)]:
            rows.append(f"| `{key}` | {_default(setting)} | {setting.spec.doc} |")
    return "\n".join(rows)


def _default(entry: Entry) -> str:
    value = entry.default
    if entry.spec.default_doc:
        return entry.spec.default_doc
    if value in ("", (), {}):
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    return f"`{value}`" if isinstance(value, str) else str(value)


TABLES: dict[str, Callable[[], str]] = {
    "front matter": front_matter_table,
    "config.yaml": settings_table,
}


def update(text: str) -> str:
    """`text` (the README) with every generated table replaced by what the schemas make."""
    for name, table in TABLES.items():
        start, end = f"<!-- {name} table: python -m sitegen.reference -->", "<!-- end -->"
        found = re.search(re.escape(start) + r"\n.*?" + re.escape(end), text, re.S)
        if found is None:
            raise ValueError(f"no {start!r} … {end!r} in the README")
        text = f"{text[: found.start()]}{start}\n{table()}\n{end}{text[found.end() :]}"
    return text


def main(argv: list[str]) -> None:
    path = Path(argv[0] if argv else "README.md")
    path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
