"""yamltext's one-pass walk gives what PyYAML's safe constructor gives, with the same positions,
and hands anything unusual (aliases, merge keys, other tags) to PyYAML itself."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.content import yamltext

REPO = Path(__file__).resolve().parent.parent


def stock(text: str) -> tuple[Any, yamltext.Positions]:
    """PyYAML's constructor, then `_record`: what `load` did before it had `_walk`."""
    loader = yamltext._Loader(text)
    try:
        node = loader.get_single_node()
        positions = yamltext.Positions(line_offset=1)
        if node is None:
            return None, positions
        data = loader.construct_document(node)
        yamltext._record(node, "", positions)
        return data, positions
    finally:
        loader.dispose()


def outcome(parse: Callable[[str], object], text: str) -> str:
    try:
        return repr(parse(text))
    except (ValueError, TypeError, ArithmeticError, LookupError, yamltext._BadTag):
        return "a value that its !!tag does not fit"  # load() reports both alike ('!!int ')
    except Exception as exc:  # noqa: BLE001 (any other failure must be the same failure)
        return type(exc).__name__


def guarded(parse: Callable[[str], object], text: str) -> bool:
    """Whether `_parse` refused `text` by its own guard (MAX_DEPTH, MAX_VALUES) first."""
    try:
        parse(text)
    except yamltext.TextError as exc:
        return "levels deep" in str(exc) or "values once their aliases" in str(exc)
    except Exception:  # noqa: BLE001 (any other failure is compared by `same`)
        return False
    return False


def same(text: str) -> None:
    """`_parse` gives what PyYAML gives; where sitegen's guard refuses an alias that holds
    itself, PyYAML must fail too or build a self-referencing value (its repr shows `...`)."""
    ours = lambda t: yamltext._parse(t, 1)  # noqa: E731
    if guarded(ours, text):
        theirs = outcome(stock, text)
        assert "..." in theirs or not theirs.startswith(("(", "[", "{")), (text, theirs)
        return
    assert outcome(ours, text) == outcome(stock, text), text


def test_an_alias_inside_itself_is_refused_by_the_guard() -> None:
    """Found by the random test: `&x` used as its own key. PyYAML says 'unhashable key';
    sitegen refuses the endless nesting first, with a message an editor can act on."""
    same("&x \n*x: ")
    with pytest.raises(yamltext.TextError, match="levels deep"):
        yamltext._parse("&x \n*x: ", 1)


def front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[0].removeprefix("---\n")


@pytest.mark.parametrize(
    "path", sorted((REPO / "content").rglob("*.md")), ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_site_front_matter(path: Path) -> None:
    same(front_matter(path))


@pytest.mark.parametrize(
    "text",
    [
        "title: Ale\ndate: 2016-01-20\ntags: [A, B]\n",
        "n: 3\nx: 0x1F\no: 0o17\nf: 1.5e3\ninf: .inf\nb: yes\nB: off\nnothing: ~\nempty:\n",
        "contact:\n  people:\n    - {name: A, phone: '1'}\n    - name: B\n      email: b@c.se\n",
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # merge key
        "a: &l [1, 2]\nb: *l\n",  # an alias of a list: one shared object
        "a: &s text\nb: *s\n",  # an alias of a scalar
        "s: !!str 12\ni: !!int '7'\nset: !!set {a, b}\nbin: !!binary aGVq\n",
        "1: one\n2.5: two\ntrue: three\n~: four\n",
        "? [a, b]\n: complex key\n",
        "a: 1\na: 2\n",  # repeated keys are refused
        "outer:\n  a: 1\n  a: 2\n",
        "- a\n- b\n",  # a list, not a mapping
        "just text",
        "",
        "x: [1, [2, [3, {y: z}]]]\n",
        "title: 'Åmål: lätt'\nlead: \"Citat – med \\u00e5\"\n",
    ],
)
def test_edge_cases(text: str) -> None:
    same(text)


def test_unusual_front_matter_goes_to_pyyaml() -> None:
    data, _ = yamltext._parse("a: &l [1]\nb: *l\n", 0)
    assert data["a"] is data["b"]  # as PyYAML makes it: one list


PIECES = ["a", "b", "å", ": ", "- ", "\n", "\n  ", "[", "]", "{", "}", ", ", "1", "0x1", "yes",
          "~", "'", '"', "&x ", "*x", "<<: ", "!!str ", "!!int ", "? ", "#", " "]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2])
def test_random_documents(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(2000):
        same("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_random_documents_shrunk_when_they_differ(text: str) -> None:
    same(text)


def test_a_repeated_merge_key_fails_as_pyyaml_fails() -> None:
    """Found by the random test: two empty `<<:` keys are PyYAML's error, not ours."""
    same("- <<: \n  <<: ")


@pytest.mark.parametrize(
    ("text", "place"),
    [("x: " + "[" * 98 + "v" + "]" * 98, None),  # the text at depth 100, the limit
     ("x: " + "[" * 99 + "v" + "]" * 99, (2, 103)),  # at 101: told at the text itself
     ("x: " + "[" * 98 + "{k: v}" + "]" * 98, (2, 103)),  # a key at 101, inside a mapping at 100
     ("x: " + "[" * 98 + "&a v, " + "[" + "*a" + "]" + "]" * 98, (2, 102)),  # a text at 100, used at 101: told where written
     ("x: " + "[" * 99 + "]" * 99, None)],
)  # fmt: skip
def test_nesting_is_counted_to_each_value_with_its_place(text: str, place: tuple[int, int] | None) -> None:
    """MAX_DEPTH counts texts (and keys) as levels too, and a text nested too deep is the
    place told."""
    if place is None:
        yamltext.load(text, 1)
        return
    with pytest.raises(yamltext.TextError, match="nested more than 100 levels") as told:
        yamltext.load(text, 1)
    assert (told.value.line, told.value.column) == place


def faults(text: str) -> list[tuple[int | None, int | None, str]]:
    """Each fault `load` tells about the keys of `text`: (line, column, message)."""
    with pytest.raises(yamltext.KeyFaults) as caught:
        yamltext.load(text)
    return [(fault.line, fault.column, fault.message) for fault in caught.value.faults]


def test_every_key_given_twice_is_told_at_its_line_and_the_rest_is_read() -> None:
    """Found by a helper session: only the first repeat was told, and nothing was read."""
    text = "a: 1\nb: 2\na: 3\nc:\n  d: 4\n  d: 5\nb: 6\n"
    assert faults(text) == [
        (3, 1, "'a' is given twice (also on line 1); keep one"),
        (6, 3, "'d' is given twice (also on line 5); keep one"),
        (7, 1, "'b' is given twice (also on line 2); keep one"),
    ]
    with pytest.raises(yamltext.KeyFaults) as caught:
        yamltext.load(text, line_offset=1)
    assert caught.value.data == {"a": 3, "b": 6, "c": {"d": 5}}  # the last of each, as YAML keeps it
    assert caught.value.positions.of("c.d") == (7, 3)
    assert (caught.value.line, caught.value.message) == (4, "'a' is given twice (also on line 2); keep one")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k\u00e9: 1\nke\u0301: 2\n", "'ké' is given twice (also on line 1); keep one"),  # NFC, NFD
        ("kommun: A\nkommun\u200b: B\n", "'kommun' is given twice (also on line 1); keep one (here it is "
         "written 'kommun\\u200b', with an invisible character (U+200B ZERO WIDTH SPACE) after 'kommun')"),
        ("kommun: A\n\u200bkommun: B\n", "'kommun' is given twice (also on line 1); keep one (here it is "
         "written '\\u200bkommun', with an invisible character (U+200B ZERO WIDTH SPACE) before 'kommun')"),
        ("tags: A\n\uff54\uff41\uff47\uff53: B\n", "'tags' is given twice (also on line 1); keep one (here it "
         "is written 'ｔａｇｓ', in full-width letters (as an East Asian input method types them))"),
        ("x: 1\nper_pa\u00adge: 1\n", "the name 'per_pa\\xadge' is written with an invisible character "
         "(U+00AD SOFT HYPHEN) after 'per_pa'; retype it as per_page"),
        ("x: 1\nt\uff49tle: 1\n", "the name 'tｉtle' is written with the full-width character 'ｉ' "
         "(as an East Asian input method types it); retype it as title"),
        ("x: 1\n'kommun\u3000': 1\n", "the name 'kommun\\u3000' is written with an unusual space "
         "(U+3000 IDEOGRAPHIC SPACE) after 'kommun'; retype it as kommun"),
    ],
)
def test_keys_alike_to_a_reader_are_one_key(text: str, expected: str) -> None:
    """Found by a helper session: keys that look the same but differ in code points were
    neither repeats nor told: `kommun` with a zero-width space set no kommun."""
    assert faults(text) == [(2, 1, expected)]


@pytest.mark.parametrize("text", ["a: 1\nb: 2\n", "köp: 1\nkop: 2\n", "'a ': 1\na: 2\n", "m²: 1\nm2: 2\n",
                                  "base: &b {x: 1}\nother:\n  <<: *b\n  x: 2\n", "1: a\n'1 ': b\n"])
def test_keys_that_differ_to_a_reader_are_no_fault(text: str) -> None:
    yamltext.load(text)  # no KeyFaults


@pytest.mark.parametrize(("fault", "kept", "name"), [
    (1, ["title: A", "", "", "", "date: 2016-01-01"], "contact"),  # the field's own line
    (3, ["title: A", "", "", "", "date: 2016-01-01"], "contact"),  # a line inside it
    (4, ["title: A", "contact:", "  name: B", " unit: C", ""], "date"),
    (9, ["title: A", "contact:", "  name: B", " unit: C", ""], "date"),  # past the end: the last field
])
def test_leave_out_empties_the_top_level_field_that_holds_the_fault(fault: int, kept: list[str], name: str) -> None:
    lines = ["title: A", "contact:", "  name: B", " unit: C", "date: 2016-01-01"]
    assert yamltext.leave_out(lines, fault) == (kept, name)


def test_leave_out_empties_a_first_column_line_that_is_no_field_alone() -> None:
    lines = ["title: A", "kommun Ale", "date: 2016-01-01"]
    assert yamltext.leave_out(lines, 1) == (["title: A", "", "date: 2016-01-01"], None)


def test_leave_out_names_the_field_as_a_reader_sees_it_and_finds_none_before_the_first() -> None:
    assert yamltext.leave_out(['"kommun\u200b": [Ale'], 0) == ([""], "kommun")
    assert yamltext.leave_out(["  - a", "title: A"], 0) is None


def test_about_is_the_field_or_inside_it() -> None:
    assert yamltext.about("contact", "contact") and yamltext.about("contact.people[1].email", "contact")
    assert not yamltext.about("contacts", "contact") and not yamltext.about(None, "contact")
    assert not yamltext.about("title", None)
