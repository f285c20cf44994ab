"""Schemas as dataclasses: each field of the front matter and of config.yaml is defined once.

A field is an annotated dataclass field whose metadata (`entry()`) holds what people need to
know about it: what it is for (English, for the README), a Swedish comment for `sitegen new`'s
archetype, a line to copy when it is missing, a rule beyond its type (`kind`, `choices`), and
the names an editor may reach for instead. `entries()` resolves a dataclass's fields with their
shape (text, number, true/false, date, list of text, mapping, group, list of groups); the
readers (content/validate.py for articles, config.py for settings), the archetype
(content/scaffold.py) and the README's tables (sitegen/reference.py) all walk it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

Shape = Literal["text", "number", "flag", "moment", "texts", "mapping", "section", "sections"]


@dataclass(frozen=True)
class Spec:
    """What one field means, beyond its type."""

    doc: str = ""  # for the README's reference table
    sv: str = ""  # Swedish comment beside the field in `sitegen new`'s archetype
    example: str = ""  # a line to copy, shown when the field is missing or malformed
    kind: str = ""  # a rule beyond the type: "url", "email", "phone", "slug", "path", "timezone", …
    key: str = ""  # the name in the file, when it differs from the attribute's
    required: bool = False  # must be given in the file (not: must have a value in Python)
    aliases: tuple[str, ...] = ()  # other names editors reach for (Swedish), for "did you mean"
    choices: tuple[str, ...] = ()  # the only values allowed, when there are a few
    type_doc: str = ""  # the README's type column, when the shape does not say it
    default_doc: str = ""  # the README's default column, when repr(default) does not say it


@dataclass(frozen=True)
class Entry:
    """One field of a schema dataclass, resolved: its names, shape and spec."""

    name: str  # the attribute
    key: str  # the name in the file
    shape: Shape
    item: type | None  # the dataclass of a `section` or of each of `sections`
    spec: Spec
    default: Any  # the field's default value, or dataclasses.MISSING


def entry(default: Any = MISSING, *, factory: Callable[[], Any] | None = None, **spec: Any) -> Any:
    """A dataclass field with a schema `Spec` (keyword arguments) as its metadata."""
    metadata = {"spec": Spec(**spec)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@cache
def entries(cls: type) -> tuple[Entry, ...]:
    """The schema fields of dataclass `cls`, in the order they are declared."""
    hints = typing.get_type_hints(cls)
    found = []
    for field in dataclasses.fields(cls):
        spec = field.metadata.get("spec")
        if spec is None:
            continue
        shape, item = _shape(hints[field.name])
        default = field.default
        if field.default_factory is not MISSING:
            default = field.default_factory()
        found.append(Entry(field.name, spec.key or field.name, shape, item, spec, default))
    return tuple(found)


@cache
def keys(cls: type) -> tuple[str, ...]:
    """The names a file may use for `cls`'s fields (worked out once a class: every
    section read checks its keys against them)."""
    return tuple(e.key for e in entries(cls))


def chain(cls: type, path: str) -> list[Entry]:
    """The entries a dotted path passes through: `contact.people.0.name` → contact, people,
    name. A list's item numbers are skipped; the chain stops at an unknown name."""
    found: list[Entry] = []
    current: type | None = cls
    for part in path.split("."):
        if part.isdigit():
            continue
        match = next((e for e in entries(current) if e.key == part), None) if current else None
        if match is None:
            break
        found.append(match)
        current = match.item
    return found


def _shape(hint: Any) -> tuple[Shape, type | None]:
    """What kind of value an annotation asks for; `X | None` counts as X (the field may be
    left out)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if len(args) != 1:
            raise TypeError(f"a schema field may be one type or None, not {hint}")
        hint, args = args[0], list(typing.get_args(args[0]))
    if hint is str:
        return "text", None
    if hint is bool:
        return "flag", None
    if hint is int:
        return "number", None
    if hint is datetime:
        return "moment", None
    origin = typing.get_origin(hint)
    item: Any = args[0] if args else None
    if origin is tuple and item is str:
        return "texts", None
    if origin is tuple and isinstance(item, type) and dataclasses.is_dataclass(item):
        return "sections", item
    if origin is dict:
        return "mapping", None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return "section", hint
    raise TypeError(f"no schema shape for {hint}")
