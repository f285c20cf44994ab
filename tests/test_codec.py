"""The cache's codec: what goes in comes out equal and of the same kinds, and anything else
is refused with CodecError, never a traceback or an object of a kind the model lacks."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.content.links import ArticleLink
from sitegen.content.model import Article, CallToAction, Contact, Person, ReadResult
from sitegen.errors import Problem
from sitegen.incremental.codec import Codec, CodecError

CODEC = Codec(ReadResult)

plain = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text() | st.dates()
    | st.floats(allow_nan=False, allow_infinity=False) | st.binary(max_size=20)
    | st.datetimes(timezones=st.just(ZoneInfo("Europe/Stockholm"))),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text() | st.integers(-(2**63), 2**63 - 1), inner, max_size=4)
    | st.frozensets(st.integers(-(2**63), 2**63 - 1), max_size=3),
    max_leaves=20,
)  # fmt: skip


def article(**extra: object) -> Article:
    return Article(
        source="content/a.md", title="Åmål", published=datetime(2016, 1, 20, tzinfo=ZoneInfo("Europe/Stockholm")),
        has_time=False, slug="amal", url="/2016/01/amal/", body="<p>Brödtext – ja</p>".encode(),
        kommun="Åmål", tags=("A", "B"), cta=CallToAction(text="Sök", url="https://amal.se/"),
        contact=Contact(web="https://amal.se", people=(Person(name="Iréne", role="Chef"),)),
        extra=extra, links=(ArticleLink("b.md#x", "content/b.md", "x", 7),),
        slug_from=("title", 2, 8), positions={"title": (2, 8), "tags.0": (5, 8)},
    )  # fmt: skip


def shape(value: object) -> object:
    """The value's kinds, all the way down (sets in a stable order)."""
    if isinstance(value, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [shape(v) for v in value])
    if isinstance(value, frozenset | set):
        return (type(value).__name__, sorted(map(repr, value)))
    return (type(value).__name__, repr(value))


@given(extra=st.dictionaries(st.text(), plain, max_size=5))
def test_what_goes_in_comes_out_equal_and_of_the_same_kinds(extra: dict[str, object]) -> None:
    result = ReadResult(article(**extra), (), (Problem("content/a.md", 3, None, "image", "saknas"),))
    data, raw = CODEC.encode({"a": result})
    back = CODEC.decode(data, raw)["a"]
    assert back == result
    assert shape(back.article.extra) == shape(result.article.extra)  # tuples stay tuples, …
    assert back.article.positions == result.article.positions  # kept outside equality
    assert back.article.published.tzinfo == ZoneInfo("Europe/Stockholm")


def test_what_comes_out_is_what_init_makes() -> None:
    """Dataclasses are filled in without `__init__` when it only sets fields: the same
    fields, hash and flags; one with a `__post_init__` still gets it run."""
    result = ReadResult(article(), (), ())
    back = CODEC.decode(*CODEC.encode({"a": result}))["a"]
    assert hash(back.article.cta) == hash(result.article.cta)
    assert vars(back.article) == vars(result.article)
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.article.title = "x"  # type: ignore[misc]

    @dataclasses.dataclass(frozen=True)
    class Checked:
        n: int
        double: int = 0

        def __post_init__(self) -> None:
            object.__setattr__(self, "double", self.n * 2)

    assert Codec(Checked).decode(b'{"a":[2,0]}', b"")["a"].double == 4


def test_a_fixed_offset_survives_as_an_offset() -> None:
    when = datetime(2016, 1, 20, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    result = ReadResult(article(when=when, day=date(2016, 1, 1), utc=datetime(2016, 1, 1, tzinfo=UTC)))
    back = CODEC.decode(*CODEC.encode({"a": result}))["a"]
    assert back.article.extra["when"].utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf"), 2**64, -(2**63) - 1])
def test_a_number_json_cannot_hold_is_refused(number: float) -> None:
    """orjson writes NaN and infinity as null, and holds whole numbers of 64 bits: a front
    matter value of `.nan` would come back from the cache as None, so it is refused, as
    a number too large (the file is then read again each build)."""
    with pytest.raises(CodecError):
        CODEC.encode({"a": ReadResult(article(x=number), (), ())})
    with pytest.raises(CodecError):
        CODEC.encode({"a": ReadResult(article(x=[1, {"y": number}]), (), ())})


def test_a_value_of_another_kind_is_refused() -> None:
    with pytest.raises(CodecError):
        CODEC.encode({"a": ReadResult(article(x=object()))})


@given(data=st.binary(max_size=300), raw=st.binary(max_size=50))
def test_anything_else_is_refused_with_codec_error(data: bytes, raw: bytes) -> None:
    try:
        decoded = CODEC.decode(data, raw)
    except CodecError:
        return
    assert all(isinstance(v, ReadResult) for v in decoded.values())


@pytest.mark.parametrize(
    "data",
    [b'{"a": [null]}', b'{"a": [1, [], []]}', b'{"a": [null, [], [["p", 1, 2, 3]]]}',
     b'{"a": [[1, 2]]}', b'[]', b'{"a": [null, [], [["p", 1, null, null, "m", 5]]]}'],
)  # fmt: skip
def test_malformed_structures_are_refused(data: bytes) -> None:
    with pytest.raises(CodecError):
        CODEC.decode(data, b"")
