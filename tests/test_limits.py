"""Input that would exhaust the machine or Python's recursion fails with our error, file and
line, never a traceback or a build that eats all memory (issue 13, cases 1 and 2)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import article

from sitegen.cli import main


def bomb(levels: int) -> str:
    lines = ["title: Bomb", "date: 2016-01-20", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefghij", "bcdefghijk"[: levels - 1], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\nText.\n"


CASES = {
    "nine levels of aliases (385 bytes, 387 million values)": (
        bomb(9),
        "content/x.md:8:4: error: the fields hold more than 10,000 values once their aliases "
        "(*name) are counted where they are used; write the values out instead",
    ),
    "a flow list 600 deep": (
        "---\ntitle: D\ndate: 2016-01-20\nx: " + "[" * 600 + "]" * 600 + "\n---\nText.\n",
        "content/x.md:4:103: error: the fields are nested more than 100 levels deep (lists or "
        "mappings inside each other); write them flatter",
    ),
    "a Markdown list 10,000 deep on one line": (
        article("L", body="- " * 10_000 + "x"),
        "content/x.md:5:1: error: the text nests lists or quotes more than 50 levels deep, "
        "more than can be read; write it flatter",
    ),
    "block quotes 5,000 deep": (
        article("Q", body="> " * 5_000 + "x"),
        "content/x.md:5:1: error: the text nests lists or quotes more than 50 levels deep, "
        "more than can be read; write it flatter",
    ),
    "an indented list 1,000 deep": (
        article("I", body="".join("    " * i + "- x\n" for i in range(1000))),
        "content/x.md:55:1: error: the text nests lists or quotes more than 50 levels deep, "
        "more than can be read; write it flatter",
    ),
}


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
@pytest.mark.parametrize("case", list(CASES))
def test_too_much_is_an_error_with_its_line(make_site, case: str, engine: str) -> None:  # type: ignore[no-untyped-def]
    text, expected = CASES[case]
    root = make_site({"x.md": text, "ok.md": article("Ok")}, f"title: T\nmarkdown: {{engine: {engine}}}\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, RecursionError)


def test_a_few_aliases_are_still_fine(make_site) -> None:  # type: ignore[no-untyped-def]
    text = "---\ntitle: A\ndate: 2016-01-20\nbase: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n---\nText.\n"
    root = make_site({"x.md": text})
    assert CliRunner().invoke(main, ["build", "--root", str(root)]).exit_code == 0


def test_nesting_up_to_the_limit_builds_with_both_engines(make_site) -> None:  # type: ignore[no-untyped-def]
    for engine in ("python-markdown", "commonmark"):
        body = "- " * 49 + "x\n\n" + "> " * 49 + "y\n\n" + "".join("    " * i + "- z\n" for i in range(49))
        root = make_site({"x.md": article("N", body=body)}, f"title: T\nmarkdown: {{engine: {engine}}}\n")
        result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("fields", "expected"),
    [({"title": "Å" * 300}, "content/x.md:2:1: error: title: the article '" + "Å" * 300 + "' gets an address with a part of 300 bytes"),
     ({"title": "Ale", "slug": "a" * 300}, "content/x.md:4:1: error: slug: the article 'Ale' gets an address with a part of 300 bytes"),
     ({"title": "Ale", "tags": "[" + "B" * 300 + "]"}, "content/x.md:4:8: error: tags: the tags archive '" + "B" * 300 + "' gets an address with a part of 300 bytes")],
)  # fmt: skip
def test_a_name_too_long_for_the_file_system_is_an_error(make_site, fields: dict[str, str], expected: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, case 11: a 300-character title, slug or tag ended in `[Errno 36]`."""
    extra = {k: v for k, v in fields.items() if k != "title"}
    root = make_site({"x.md": article(fields["title"], **extra)})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
    assert result.exit_code == 1 and expected in result.output, result.output
    assert "Errno" not in result.output
    # Told once, at the article (a helper session found the tag's told twice, at config.yaml:
    # once for its archive, once for its feed).
    assert "Build failed: 1 error;" in result.output


@pytest.mark.parametrize(
    ("body", "line"),
    [("Text.\n\n" + "1. " * 51 + "x", 3),  # numbered items, each inside the one before
     ("1) " * 51 + "x", 1),
     ("\t" * 51 + "- x", 1),  # a tab is a level's 4 spaces
     (" " * 204 + "x", 1),
     ("-\t" * 51 + "x", 1),
     ("Text " * 60 + "\n\n" + "* " * 51 + "x", 3),
     ("+ " * 51 + "x", 1),
     ("Text " * 60, None),  # a long paragraph's line nests nothing
     ("x" + "- " * 60, None),
     ("\u00a0" + "- " * 60, None),  # a no-break space is no indentation
     ("- " * 50 + "x", None)],
)  # fmt: skip
def test_too_deep_finds_the_line_nested_deeper_than_the_limit(body: str, line: int | None) -> None:
    from sitegen.content.read import too_deep

    assert too_deep(body) == line
