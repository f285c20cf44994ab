"""Fingerprints: a hash of everything a value holds, derived mechanically from the value.

A page's key is the fingerprint of the context it is rendered with, so the key cannot fall
behind what its template can see: a field added to a view or to the site object is part of
the key the moment it exists. Frozen dataclasses are walked field by field (their
properties are functions of those fields and of sitegen's code, which is hashed on its
own); containers and plain values by their contents. Any other type is refused, so that
nothing a template sees can escape the key by being of an unexpected kind.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from markupsafe import Markup

__all__ = ["Fingerprints", "Unfingerprintable", "digest"]


def digest(data: bytes) -> str:
    """A 128-bit BLAKE2b hash of `data`, as 32 hex digits."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Unfingerprintable(TypeError):
    """A value of a type the build cache cannot see into (a programming error, not the
    editor's: views and contexts must be plain data or frozen dataclasses)."""


_SCALARS = (str, int, float, bool, type(None), date, datetime, time, timedelta)
_SHARED_FROM = 8  # containers at least this long are hashed once per build and then reused


class Fingerprints:
    """Fingerprints of values, each object hashed once: a view on fifty archive pages is
    walked once, not fifty times.

    The memo is keyed by object identity and holds the objects themselves, so an identity
    is never reused while it is in the memo. Objects must not change while they are in it:
    dataclasses must be frozen, and lists and dicts long enough to be memoised must not be
    mutated after they are first fingerprinted (the plan builds them once and keeps them).
    `known` seeds the memo with fingerprints computed earlier by this same function (for
    example stored beside a read result in the build cache).
    """

    def __init__(self, known: dict[int, tuple[object, str]] | None = None) -> None:
        self._memo: dict[int, tuple[object, str]] = {} if known is None else known

    def of(self, value: object) -> str:
        """The fingerprint of `value`, 32 hex digits; raises `Unfingerprintable`."""
        kind = type(value)
        if kind in _SCALARS:
            return digest(f"{kind.__name__}:{value!r}".encode())
        parts: list[str] = []
        self._walk(value, parts)
        return digest("\x1f".join(parts).encode())

    def remember(self, value: object, fingerprint: str) -> None:
        """Take `fingerprint` as `value`'s (it must have been made by `of`)."""
        self._memo[id(value)] = (value, fingerprint)

    def forget_all_but(self, keep: set[int]) -> None:
        """Drop memo entries of objects whose ids are not in `keep` (for long-lived memos)."""
        for key in self._memo.keys() - keep:
            del self._memo[key]

    def _walk(self, value: Any, out: list[str]) -> None:
        kind = type(value)
        if kind is str or kind is Markup:  # length first: no two strings' parts run together
            out.append(f"{'M' if kind is Markup else 's'}{len(value)}:{value}")
        elif kind is bool or kind is int or kind is float or value is None:
            out.append(repr(value))
        elif kind is bytes:
            out.append("b" + digest(value))
        elif kind is tuple or kind is list or kind is frozenset or kind is dict:
            self._container(value, out)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
                out.append(self._shared(value))
            else:  # may change: walked each time, never memoised
                out.append(self._open(value))
                self._items(value, out)
                out.append(")")
        elif isinstance(value, date | time | timedelta):
            out.append(f"{kind.__name__}:{value!r}")
        else:
            raise Unfingerprintable(
                f"a page's context holds a {kind.__qualname__}, which the build cache cannot "
                "see into; give templates frozen dataclasses or plain data"
            )

    def _container(self, value: Any, out: list[str]) -> None:
        if len(value) >= _SHARED_FROM:
            out.append(self._shared(value))
        else:
            out.append(self._open(value))
            self._items(value, out)
            out.append(")")

    def _shared(self, value: Any) -> str:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        parts = [self._open(value)]
        self._items(value, parts)
        found = "#" + digest("\x1f".join(parts).encode())
        self._memo[id(value)] = (value, found)
        return found

    def _open(self, value: Any) -> str:
        kind = type(value)
        if dataclasses.is_dataclass(value):
            return f"{kind.__module__}.{kind.__qualname__}("
        return f"{kind.__name__}("

    def _items(self, value: Any, out: list[str]) -> None:
        if dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                out.append(field.name)
                self._walk(getattr(value, field.name), out)
        elif type(value) is dict:
            for key, item in value.items():
                self._walk(key, out)
                self._walk(item, out)
        elif type(value) is frozenset:
            for part in sorted(self.of(item) for item in value):
                out.append(part)
        else:
            for item in value:
                self._walk(item, out)
