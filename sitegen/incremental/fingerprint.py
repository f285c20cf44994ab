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
import operator
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import chain
from typing import Any

from markupsafe import Markup

__all__ = ["Fingerprints", "Unfingerprintable", "digest"]


def digest(data: bytes) -> str:
    """A 128-bit BLAKE2b hash of `data`, as 32 hex digits."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Unfingerprintable(TypeError):
    """A value of a type the build cache cannot see into (a programming error, not the
    editor's: views and contexts must be plain data or frozen dataclasses)."""


_SHARED_FROM = 8  # containers at least this long are hashed once per build and then reused
_Walker = Callable[["Fingerprints", Any, list[str]], None]


class Fingerprints:
    """Fingerprints of values, each large object hashed once: a view on fifty archive pages
    is walked once, not fifty times.

    Frozen dataclasses with more than a few fields and long containers are memoised by
    object identity; the memo holds the objects themselves, so an identity is never reused
    while it is in it. Objects must not change while they are in the memo: dataclasses
    must be frozen (others are walked every time), and long lists and dicts must not be
    mutated after they are first fingerprinted (the plan builds them once and keeps them).
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str]] = {}
        self._walkers = dict(_WALKERS)  # and the dataclasses met, once worked out

    def of(self, value: object) -> str:
        """The fingerprint of `value`, 32 hex digits; raises `Unfingerprintable`."""
        parts: list[str] = []
        self._walk(value, parts)
        if len(parts) == 1 and parts[0].startswith("#"):
            return parts[0][1:]  # a memoised object: its own hash
        return digest("\x1f".join(parts).encode())

    def remember(self, value: object, fingerprint: str) -> None:
        """Take `fingerprint` as the fingerprint of the frozen dataclass `value`: it must be
        what `of(value)` gives (for example computed when `value` was read and stored
        beside it in the build cache)."""
        self._memo[id(value)] = (value, "#" + fingerprint)

    def forget_all_but(self, keep: set[int]) -> None:
        """Drop memo entries of objects whose ids are not in `keep` (for long-lived memos)."""
        for key in self._memo.keys() - keep:
            del self._memo[key]

    def _walk(self, value: Any, out: list[str]) -> None:
        kind = type(value)
        walker = self._walkers.get(kind)
        if walker is None:
            walker = self._walkers[kind] = _walker_for(kind)
        walker(self, value, out)

    def _shared(self, value: Any, walk: _Walker) -> str:
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        parts: list[str] = []
        walk(self, value, parts)
        found = "#" + digest("\x1f".join(parts).encode())
        self._memo[id(value)] = (value, found)
        return found


def _text(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
    # Length first, so that no two strings' parts can run together.
    out.append(f"{'M' if type(value) is Markup else 's'}{len(value)}:{value}")


def _scalar(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
    out.append(f"{type(value).__name__}:{value!r}")


def _bytes(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
    out.append("b" + digest(value))


def _sequence_items(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
    out.append(f"{type(value).__name__}({len(value)}")
    _each(fingerprints, value, out)


def _each(fingerprints: Fingerprints, values: Any, out: list[str]) -> None:
    """Walk each of `values`, plain strings, None, whole numbers and short tuples inline
    (most values are: a front matter value's place is a tuple of two numbers), giving the
    parts their walkers give."""
    walk, add = fingerprints._walk, out.append
    for item in values:
        kind = type(item)
        if kind is str:
            add(f"s{len(item)}:{item}")
        elif item is None:
            add("NoneType:None")
        elif kind is int:
            add(f"int:{item!r}")
        elif kind is tuple and len(item) < _SHARED_FROM:
            add(f"tuple({len(item)}")
            _each(fingerprints, item, out)
        else:
            walk(item, out)


def _mapping_items(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
    out.append(f"dict({len(value)}")
    _each(fingerprints, chain.from_iterable(value.items()), out)  # in order, as templates see them


def _container(items: _Walker) -> _Walker:
    """A walker for lists, tuples or dicts whose contents `items` walks: a long one is
    hashed once per build (see `Fingerprints._shared`), a short one walked in place."""

    def walk(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
        if len(value) >= _SHARED_FROM:
            out.append(fingerprints._shared(value, items))
        else:
            items(fingerprints, value, out)

    return walk


_sequence, _mapping = _container(_sequence_items), _container(_mapping_items)


def _unordered(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
    out.append(f"{type(value).__name__}({len(value)}")
    out += sorted(fingerprints.of(item) for item in value)


def _walker_for(kind: type) -> _Walker:
    """How to walk values of `kind`, worked out once per type."""
    if dataclasses.is_dataclass(kind):
        names = tuple(field.name for field in dataclasses.fields(kind))
        opening = f"{kind.__module__}.{kind.__qualname__}("
        fields = operator.attrgetter(*names) if len(names) > 1 else None

        def items(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
            out.append(opening)
            if fields is not None:
                _each(fingerprints, fields(value), out)
            else:
                _each(fingerprints, [getattr(value, name) for name in names], out)

        if not kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            return items  # may change: walked each time, never memoised
        if len(names) < 4:
            return items  # small: cheaper to walk again than to hash and memoise

        def shared(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
            out.append(fingerprints._shared(value, items))

        return shared
    if issubclass(kind, date | time | timedelta):
        return _scalar

    def refuse(fingerprints: Fingerprints, value: Any, out: list[str]) -> None:
        raise Unfingerprintable(
            f"a page's context holds a {kind.__qualname__}, which the build cache cannot see "
            "into; give templates frozen dataclasses or plain data"
        )

    return refuse


_WALKERS: dict[type, _Walker] = {
    str: _text,
    Markup: _text,
    int: _scalar,
    float: _scalar,
    bool: _scalar,
    type(None): _scalar,
    datetime: _scalar,
    date: _scalar,
    bytes: _bytes,
    tuple: _sequence,
    list: _sequence,
    dict: _mapping,
    frozenset: _unordered,
    set: _unordered,
}
