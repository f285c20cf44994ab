"""The build cache's JSON (`incremental.jsonio`): what goes in comes out, and what JSON
cannot hold as written is refused rather than changed."""

from __future__ import annotations

import pytest

from sitegen.incremental.jsonio import dumps, finite, loads


def test_values_come_back_as_they_went_in() -> None:
    value = {"b": [1, 2.5, "åäö – ja", None, True, {"c": []}], "a": 2**63 - 1}
    assert loads(dumps(value)) == value
    assert loads(memoryview(dumps(value))) == value
    assert dumps({"b": 1, "a": 2}, sort_keys=True) == b'{"a":2,"b":1}'
    assert dumps({"b": 1, "a": 2}) == b'{"b":1,"a":2}'


@pytest.mark.parametrize("value", ["\udcff", 2**64, {1: "a"}, object()])
def test_what_json_cannot_hold_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        dumps(value)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_a_float_that_is_not_finite_is_refused(number: float) -> None:
    with pytest.raises(TypeError):
        finite(number)
    assert finite(1.5) == 1.5


@pytest.mark.parametrize("data", [b"{", b"\xff", b"[" * 2000 + b"]" * 2000, b""])
def test_what_is_not_json_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        loads(data)
