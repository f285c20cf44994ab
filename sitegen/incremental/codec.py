"""Plain-data encoding of read results for the build cache: JSON, never pickle.

A CI cache may be restored from anyone's pull request, so loading it must not be able to
run code: the cache holds JSON, and decoding builds only the dataclasses reachable from one
root type's annotations (a `ReadResult`: an `Article` and its parts, `Problem`s), found
mechanically, so a field or class added to the model needs no change here.

The annotations also say how each value is written, so that loading thousands of articles
stays cheap: a dataclass is a list of its fields' values, a tuple a list, a datetime
`[iso, zone, fold]`, bytes `[start, end]` (a slice of the raw bytes stored after the JSON: article
bodies, most of the cache's size, are never parsed as JSON). A value annotated `Any`
(front matter's unknown fields) is written with tags instead: every value that is not a
JSON string, number, boolean, null or list is a one-key object naming its kind: `{"$t": …}`
a tuple, `{"$d": [[k, v], …]}` a dict, `{"$dt": [iso, zone, fold]}`, `{"$da": iso}`, `{"$r":
[start, end]}` bytes, `{"$fs": …}` a frozenset, `{"$st": …}` a set.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sitegen.incremental import jsonio
from sitegen.incremental.jsonio import finite

Encoder = Callable[[Any, bytearray], Any]
Decoder = Callable[[Any, bytes], Any]


class CodecError(ValueError):
    """The data is not what `Codec.encode` makes: damaged, foreign or from other code."""


class Codec:
    """Encodes values of type `root` (a dataclass) to (JSON bytes, raw bytes) and back."""

    def __init__(self, root: type) -> None:
        self._encoders: dict[Any, Encoder] = {}
        self._decoders: dict[Any, Decoder] = {}
        self._encode_root = self._encoder(root)
        self._decode_root = self._decoder(root)

    def encode(self, values: Mapping[str, Any]) -> tuple[bytes, bytes]:
        """(JSON bytes, raw bytes) for a mapping of names to values of the root type; raises
        `CodecError` for a value of a kind the annotations do not allow."""
        raw = bytearray()
        try:
            plain = {name: self._encode_root(value, raw) for name, value in values.items()}
            return jsonio.dumps(plain), bytes(raw)
        except (TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise CodecError(str(exc)) from None

    def decode(self, data: bytes, raw: bytes) -> dict[str, Any]:
        """The mapping `encode` was given as (`data`, `raw`); raises `CodecError` for
        anything else."""
        try:
            plain = jsonio.loads(data)
            if not isinstance(plain, dict):
                raise CodecError("not a mapping")
            return {str(name): self._decode_root(value, raw) for name, value in plain.items()}
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
            raise CodecError(str(exc)) from None

    def _encoder(self, kind: Any) -> Encoder:  # (the model has no recursive types)
        if kind not in self._encoders:
            self._encoders[kind] = self._make_encoder(kind)
        return self._encoders[kind]

    def _decoder(self, kind: Any) -> Decoder:
        if kind not in self._decoders:
            self._decoders[kind] = self._make_decoder(kind)
        return self._decoders[kind]

    def _make_encoder(self, kind: Any) -> Encoder:  # noqa: C901 (one branch per kind of type)
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        plain = _json_types(kind)
        if plain is not None and float in plain:
            allowed = plain

            def number(v: Any, raw: bytearray) -> Any:
                if type(v) not in allowed:
                    raise TypeError(f"unexpected {type(v).__name__}")
                return finite(v) if type(v) is float else v  # NaN would come back as None

            return number
        if plain is not None:
            return _checked(plain)  # type: ignore[return-value]
        if kind is datetime:
            return lambda v, raw: _datetime(v)
        if kind is date:
            return lambda v, raw: v.isoformat()
        if kind is bytes:
            return _bytes_encode
        if origin in (typing.Union, types.UnionType):
            options = [(typing.get_origin(a) or a, self._encoder(a)) for a in args]

            def either(value: Any, raw: bytearray) -> Any:
                for option, encode in options:
                    if isinstance(value, option):
                        return encode(value, raw)
                raise TypeError(f"{type(value).__name__} is none of {kind}")

            return either
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            items = _json_types(args[0])
            if items is not None:  # plain values: checked, written as they are
                return lambda v, raw: list(_all_of(_of(v, tuple), items))
            item = self._encoder(args[0])
            return lambda v, raw: [item(x, raw) for x in _of(v, tuple)]
        if origin is tuple:
            parts = [self._encoder(a) for a in args]
            return lambda v, raw: [e(x, raw) for e, x in zip(parts, _of(v, tuple), strict=True)]
        if origin in (dict, Mapping) and args and args[0] is str:
            item = self._encoder(args[1])
            return lambda v, raw: {_of(k, str): item(x, raw) for k, x in v.items()}
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            return self._dataclass_encoder(kind)
        return _any_encode

    def _dataclass_encoder(self, kind: type) -> Encoder:
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _unless_float(_json_types(hints[f.name])), self._encoder(hints[f.name]))
                  for f in dataclasses.fields(kind)]  # fmt: skip

        def encode(value: Any, raw: bytearray) -> list[Any]:
            _of(value, kind)
            found = []
            for name, plain, encoder in fields:
                field = getattr(value, name)
                if plain is None:
                    found.append(encoder(field, raw))
                elif type(field) in plain:  # most fields: text, numbers, flags, nothing
                    found.append(field)
                else:
                    raise TypeError(f"{kind.__qualname__}.{name}: {type(field).__name__}")
            return found

        return encode

    def _make_decoder(self, kind: Any) -> Decoder:  # noqa: C901 (one branch per kind of type)
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        plain = _json_types(kind)
        if plain is not None:
            return _checked(plain)
        if kind is datetime:
            return lambda v, raw: _revive_datetime(v)
        if kind is date:
            return lambda v, raw: date.fromisoformat(v)
        if kind is bytes:
            return _bytes_decode
        if origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) == 1 and len(args) == 2:  # X | None: null or an X
                item = self._decoder(rest[0])
                return lambda v, raw: None if v is None else item(v, raw)
            return _any_decode  # other unions are written with tags
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return self._sequence(args[0])
        if origin is tuple:
            return self._fixed(args)
        if origin in (dict, Mapping) and args and args[0] is str:
            item = self._decoder(args[1])
            return lambda v, raw: {k: item(x, raw) for k, x in _of(v, dict).items()}
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            return self._dataclass(kind)
        return _any_decode

    def _sequence(self, kind: Any) -> Decoder:
        plain = _json_types(kind)
        if plain is not None:  # plain values: checked, not converted one by one

            def values(v: Any, raw: bytes) -> tuple[Any, ...]:
                if not all(type(x) in plain for x in _of(v, list)):
                    raise TypeError(f"expected {kind} items")
                return tuple(v)

            return values
        item = self._decoder(kind)
        return lambda v, raw: tuple([item(x, raw) for x in _of(v, list)])

    def _fixed(self, kinds: tuple[Any, ...]) -> Decoder:
        plains = [_json_types(k) for k in kinds]
        first, second = (plains + [None, None])[:2]
        if len(plains) == 2 and first is not None and second is not None:
            # A pair, as a front matter value's (line, column): thousands of them.

            def pair(v: Any, raw: bytes) -> tuple[Any, Any]:
                if type(v) is not list or len(v) != 2 or type(v[0]) not in first or type(v[1]) not in second:
                    raise TypeError(f"expected {kinds}")
                return (v[0], v[1])

            return pair
        if all(p is not None for p in plains):

            def values(v: Any, raw: bytes) -> tuple[Any, ...]:
                if len(_of(v, list)) != len(plains):
                    raise TypeError("a tuple of another length")
                for x, allowed in zip(v, plains, strict=True):
                    if type(x) not in allowed:  # type: ignore[operator]
                        raise TypeError(f"expected {kinds}")
                return tuple(v)

            return values
        parts = [self._decoder(k) for k in kinds]
        return lambda v, raw: tuple([d(x, raw) for d, x in zip(parts, _of(v, list), strict=True)])

    def _dataclass(self, kind: type) -> Decoder:
        if not all(f.init for f in dataclasses.fields(kind)):
            raise TypeError(f"{kind.__qualname__} has fields __init__ does not take")
        hints = typing.get_type_hints(kind)
        fields = [
            (f.name, _json_types(hints[f.name]), self._decoder(hints[f.name]))
            for f in dataclasses.fields(kind)
        ]
        names = tuple(name for name, _, _ in fields)
        steps = tuple((plain, decode) for _, plain, decode in fields)
        make = _maker(kind, names)

        def revive(v: Any, raw: bytes) -> Any:
            if type(v) is not list or len(v) != len(steps):
                raise CodecError(f"{kind.__qualname__} with other fields")
            found = []
            for (plain, decode), value in zip(steps, v, strict=True):
                if plain is None:
                    found.append(decode(value, raw))
                elif type(value) in plain:  # most fields: text, numbers, flags, nothing
                    found.append(value)
                else:
                    raise TypeError(f"{kind.__qualname__}: {type(value).__name__} in {v!r:.80}")
            return make(found)

        return revive


def _maker(kind: type, names: tuple[str, ...]) -> Callable[[list[Any]], Any]:
    """Makes an instance of the dataclass `kind` from its fields' values, in the order of
    `names`. A dataclass whose `__init__` does no more than set its fields (no
    `__post_init__`, no `__slots__`; `_dataclass` checks that every field is in `__init__`)
    is filled in directly: a frozen dataclass's `__init__` sets each field through
    `object.__setattr__`, which made up a quarter of loading the cache's 5,000 articles
    (0.14 of 0.65 s). The instance is the same: equal, with the same hash, as `__init__`
    would have made it."""
    if hasattr(kind, "__post_init__") or hasattr(kind, "__slots__"):
        return lambda values: kind(**dict(zip(names, values, strict=True)))
    new = object.__new__

    def make(values: list[Any]) -> Any:
        made: Any = new(kind)
        made.__dict__.update(zip(names, values, strict=True))
        return made

    return make


_PLAIN = {str: str, int: int, float: float, bool: bool, type(None): type(None)}


def _json_types(kind: Any) -> frozenset[type] | None:
    """The JSON value types that stand for `kind` as they are, when it is plain (text, a
    number, a flag, None, or a union of those), else None."""
    options = typing.get_args(kind) if typing.get_origin(kind) in (typing.Union, types.UnionType) else (kind,)
    if not all(option in _PLAIN for option in options):
        return None
    found = {_PLAIN[option] for option in options}
    if float in found:
        found.add(int)  # JSON writes 2.0 as 2.0, but a hand-made file may say 2
    return frozenset(found)


def _unless_float(plain: frozenset[type] | None) -> frozenset[type] | None:
    """`plain`, or None for a type that holds floats: those go through their encoder,
    which refuses NaN and infinity (see `jsonio`)."""
    return None if plain is not None and float in plain else plain


def _checked(allowed: frozenset[type]) -> Decoder:
    def decode(value: Any, raw: bytes) -> Any:
        if type(value) not in allowed:
            raise TypeError(f"unexpected {type(value).__name__}")
        return value

    return decode


def _of(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _all_of(values: Any, allowed: frozenset[type]) -> Any:
    if not all(type(x) in allowed for x in values):
        raise TypeError("a value of another kind")
    return values


def _datetime(value: datetime) -> list[Any]:
    """[ISO text, zone name, fold]: with a named zone, the wall-clock time without offset,
    so that even a time in a daylight-saving gap comes back as it was."""
    zone = _of(value, datetime).tzinfo
    if isinstance(zone, ZoneInfo):
        return [value.replace(tzinfo=None).isoformat(), zone.key, value.fold]
    return [value.isoformat(), None, value.fold]


def _revive_datetime(value: Any) -> datetime:
    iso, zone, fold = _of(value, list)
    found = datetime.fromisoformat(iso)
    if zone:
        found = found.replace(tzinfo=ZoneInfo(zone))
    return found.replace(fold=1 if fold else 0)


def _bytes_encode(value: Any, raw: bytearray) -> list[int]:
    start = len(raw)
    raw += _of(value, bytes)
    return [start, len(raw)]


def _bytes_decode(value: Any, raw: bytes) -> bytes:
    start, end = _of(value, list)
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(raw)):
        raise CodecError("bytes outside the raw part")
    return raw[start:end]


def _any_encode(value: Any, raw: bytearray) -> Any:
    """A value of any plain kind, with a tag where JSON alone would lose its kind."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return finite(value)  # NaN would come back as None
    if kind is list:
        return [_any_encode(v, raw) for v in value]
    if kind is tuple:
        return {"$t": [_any_encode(v, raw) for v in value]}
    if kind is dict:
        return {"$d": [[_any_encode(k, raw), _any_encode(v, raw)] for k, v in value.items()]}
    if kind is bytes:
        return {"$r": _bytes_encode(value, raw)}
    if kind is datetime:
        return {"$dt": _datetime(value)}
    if kind is date:
        return {"$da": value.isoformat()}
    if kind is frozenset or kind is set:
        return {"$fs" if kind is frozenset else "$st": [_any_encode(v, raw) for v in value]}
    raise TypeError(f"cannot store a {kind.__qualname__} in the build cache")


def _any_decode(value: Any, raw: bytes) -> Any:
    if type(value) is list:
        return [_any_decode(v, raw) for v in value]
    if type(value) is not dict:
        return value
    ((tag, inner),) = value.items()
    if tag == "$t":
        return tuple(_any_decode(v, raw) for v in inner)
    if tag == "$d":
        return {_any_decode(k, raw): _any_decode(v, raw) for k, v in inner}
    if tag == "$r":
        return _bytes_decode(inner, raw)
    if tag == "$dt":
        return _revive_datetime(inner)
    if tag == "$da":
        return date.fromisoformat(inner)
    if tag in ("$fs", "$st"):
        items = [_any_decode(v, raw) for v in inner]
        return frozenset(items) if tag == "$fs" else set(items)
    raise CodecError(f"unknown kind {tag!r}")
