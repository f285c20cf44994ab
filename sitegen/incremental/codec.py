"""Plain-data encoding of read results for the build cache: JSON, never pickle.

A CI cache may be restored from anyone's pull request, so loading it must not be able to
run code: the cache holds JSON, and decoding builds only the frozen dataclasses reachable
from one root type's annotations (an `Article` and its parts, a `Problem`, …), found
mechanically, so a field or class added to the model needs no change here.

Every value that is not a JSON string, number, boolean, null or list is a one-key object
whose key names its kind: `{"$t": […]}` a tuple, `{"$d": [[k, v], …]}` a dict, `{"$c":
["Article", …fields]}` a dataclass, `{"$r": [start, end]}` bytes (a slice of the raw bytes
stored after the JSON: article bodies, most of the cache's size, are never parsed as JSON),
`{"$dt": [iso, zone]}`, `{"$da": iso}`, `{"$fs": […]}`, `{"$st": […]}`.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo


class CodecError(ValueError):
    """The data is not what `Codec.encode` makes: damaged, foreign or from other code."""


class Codec:
    """Encodes values built from `root` (a dataclass) to JSON bytes and back."""

    def __init__(self, root: type) -> None:
        self._classes: dict[str, type] = {}
        self._names: dict[str, tuple[str, ...]] = {}  # each class's fields, in order
        self._collect(root)

    def _collect(self, kind: Any) -> None:
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            if self._classes.setdefault(kind.__qualname__, kind) is not kind:
                return
            fields = dataclasses.fields(kind)
            if not all(f.init for f in fields):
                raise TypeError(f"{kind.__qualname__} has fields __init__ does not take")
            self._names[kind.__qualname__] = tuple(f.name for f in fields)
            for hint in typing.get_type_hints(kind).values():
                self._collect(hint)
        for argument in typing.get_args(kind):
            self._collect(argument)

    def encode(self, value: object) -> tuple[bytes, bytes]:
        """(JSON bytes, raw bytes) for `value`; raises `CodecError` for a value of an unknown
        kind."""
        raw = bytearray()
        plain = self._plain(value, raw)
        return json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode(), bytes(raw)

    def decode(self, data: bytes, raw: bytes) -> Any:
        """The value `encode` was given as (`data`, `raw`); raises `CodecError` for anything
        else."""

        def revive(tagged: dict[str, Any]) -> Any:
            return self._revive(tagged, raw)

        try:
            return json.loads(data, object_hook=revive)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise CodecError(str(exc)) from None

    def _plain(self, value: Any, raw: bytearray) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is float or kind is bool or value is None:
            return value
        if kind is list:
            return [self._plain(v, raw) for v in value]
        if kind is tuple:
            return {"$t": [self._plain(v, raw) for v in value]}
        if kind is dict:
            return {"$d": [[self._plain(k, raw), self._plain(v, raw)] for k, v in value.items()]}
        if kind is bytes:
            start = len(raw)
            raw += value
            return {"$r": [start, len(raw)]}
        if kind is datetime:
            zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
            return {"$dt": [value.isoformat(), zone]}
        if kind is date:
            return {"$da": value.isoformat()}
        if kind is frozenset or kind is set:
            return {"$fs" if kind is frozenset else "$st": [self._plain(v, raw) for v in value]}
        if self._classes.get(kind.__qualname__) is kind:
            fields = [self._plain(getattr(value, f.name), raw) for f in dataclasses.fields(value)]
            return {"$c": [kind.__qualname__, *fields]}
        raise CodecError(f"cannot store a {kind.__qualname__} in the build cache")

    def _revive(self, tagged: dict[str, Any], raw: bytes) -> Any:
        ((tag, value),) = tagged.items()
        if tag == "$t":
            return tuple(value)
        if tag == "$c":
            names = self._names[value[0]]
            if len(value) != len(names) + 1:
                raise CodecError(f"{value[0]} with other fields")
            return self._classes[value[0]](**dict(zip(names, value[1:], strict=True)))
        if tag == "$d":
            return {k: v for k, v in value}
        if tag == "$r":
            start, end = value
            if not 0 <= start <= end <= len(raw):
                raise CodecError("bytes outside the raw part")
            return raw[start:end]
        if tag == "$dt":
            found = datetime.fromisoformat(value[0])
            return found.astimezone(ZoneInfo(value[1])) if value[1] else found
        if tag == "$da":
            return date.fromisoformat(value)
        if tag in ("$fs", "$st"):
            return frozenset(value) if tag == "$fs" else set(value)
        raise CodecError(f"unknown kind {tag!r}")
