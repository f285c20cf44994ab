"""Plain-data encoding of read results for the build cache: JSON, never pickle.

A CI cache may be restored from anyone's pull request, so loading it must not be able to
run code: the cache holds JSON, and decoding builds only the frozen dataclasses reachable
from one root type's annotations (an `Article` and its parts, a `Problem`, …), found
mechanically, so a field or class added to the model needs no change here.

Every value that is not a JSON string, number, boolean, null or list is a one-key object
whose key names its kind: `{"$t": […]}` a tuple, `{"$d": [[k, v], …]}` a dict, `{"$c":
["Article", …fields]}` a dataclass, `{"$u": "…"}` bytes that are UTF-8 text, `{"$b": "…"}`
other bytes (Base64), `{"$dt": [iso, zone]}`, `{"$da": iso}`, `{"$fs": […]}`, `{"$st": […]}`.
"""

from __future__ import annotations

import base64
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
        self._collect(root)

    def _collect(self, kind: Any) -> None:
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            if self._classes.setdefault(kind.__qualname__, kind) is not kind:
                return
            for hint in typing.get_type_hints(kind).values():
                self._collect(hint)
        for argument in typing.get_args(kind):
            self._collect(argument)

    def encode(self, value: object) -> bytes:
        """JSON bytes for `value`; raises `CodecError` for a value of an unknown kind."""
        return json.dumps(self._plain(value), ensure_ascii=False, separators=(",", ":")).encode()

    def decode(self, data: bytes) -> Any:
        """The value `encode` was given; raises `CodecError` for anything else."""
        try:
            return json.loads(data, object_hook=self._revive)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise CodecError(str(exc)) from None

    def _plain(self, value: Any) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is float or kind is bool or value is None:
            return value
        if kind is list:
            return [self._plain(v) for v in value]
        if kind is tuple:
            return {"$t": [self._plain(v) for v in value]}
        if kind is dict:
            return {"$d": [[self._plain(k), self._plain(v)] for k, v in value.items()]}
        if kind is bytes:
            try:
                return {"$u": value.decode()}
            except UnicodeDecodeError:
                return {"$b": base64.b64encode(value).decode()}
        if kind is datetime:
            zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
            return {"$dt": [value.isoformat(), zone]}
        if kind is date:
            return {"$da": value.isoformat()}
        if kind is frozenset or kind is set:
            return {"$fs" if kind is frozenset else "$st": [self._plain(v) for v in value]}
        if self._classes.get(kind.__qualname__) is kind:
            fields = dataclasses.fields(value)
            return {"$c": [kind.__qualname__, *(self._plain(getattr(value, f.name)) for f in fields)]}
        raise CodecError(f"cannot store a {kind.__qualname__} in the build cache")

    def _revive(self, tagged: dict[str, Any]) -> Any:
        ((tag, value),) = tagged.items()
        if tag == "$t":
            return tuple(value)
        if tag == "$c":
            kind = self._classes[value[0]]
            return kind(*value[1:])
        if tag == "$d":
            return {k: v for k, v in value}
        if tag == "$u":
            return value.encode()
        if tag == "$dt":
            found = datetime.fromisoformat(value[0])
            return found.astimezone(ZoneInfo(value[1])) if value[1] else found
        if tag == "$da":
            return date.fromisoformat(value)
        if tag == "$b":
            return base64.b64decode(value, validate=True)
        if tag in ("$fs", "$st"):
            return frozenset(value) if tag == "$fs" else set(value)
        raise CodecError(f"unknown kind {tag!r}")
