"""Markdown code blanked out (`content.links.without_code`), as CommonMark reads it: the
places of links and images are never looked for inside code."""

from __future__ import annotations

import cmarkgfm
import pytest

from sitegen.content.links import without_code

IMAGE = "![](x.jpg)"
CASES = {  # Markdown with IMAGE in it: how many of them are images, not code
    "indented after a blank line": ("Text.\n\n    " + IMAGE, 0),
    "indented at the start": ("    " + IMAGE, 0),
    "indented by a tab": ("Text.\n\n\t" + IMAGE, 0),
    "indented after a heading": ("# Rubrik\n    " + IMAGE, 0),
    "indented after a thematic break": ("---\n    " + IMAGE, 0),
    "indented line going on with a paragraph": ("Text.\n    " + IMAGE, 1),
    "a list item's text, indented to it": ("- punkt\n\n    " + IMAGE, 1),
    "a numbered item's text": ("10. punkt\n\n    " + IMAGE, 1),
    "code in a list item": ("- punkt\n\n      " + IMAGE, 0),
    "code in a numbered item": ("1. punkt\n\n       " + IMAGE, 0),
    "code in a nested item": ("- a\n  - b\n\n        " + IMAGE, 0),
    "a nested item's text": ("- a\n  - b\n\n    " + IMAGE, 1),
    "a list item's first line as code": ("-     " + IMAGE, 0),
    "after a list has ended": ("- punkt\n\ntext\n\n    " + IMAGE, 0),
    "a lazy line of a list item": ("- punkt\n    " + IMAGE, 1),
    "code in a block quote": (">     " + IMAGE, 0),
    "a quoted paragraph's line": ("> x\n>     " + IMAGE, 1),
    "a lazy line of a quote": ("> x\n    " + IMAGE, 1),
    "indented after a setext heading": ("Rubrik\n===\n    " + IMAGE, 0),
    "a fence, and after it": ("```\n" + IMAGE + "\n```\n\n" + IMAGE, 1),
    "a fence in a list item": ("- punkt\n\n  ```\n  " + IMAGE + "\n  ```\n", 0),
    "a fence ends with its item": ("- punkt\n  ```\n  x\nText " + IMAGE, 1),
    "a longer fence holds a shorter one": ("~~~~\n```\n" + IMAGE + "\n~~~~", 0),
    "an unclosed fence holds a quote": ("~~~\n> " + IMAGE, 0),
    "an inline span": ("a `" + IMAGE + "` b", 0),
    "a span of two backticks": ("a `` ` " + IMAGE + " `` b", 0),
    "a span over two lines": ("a `x\n" + IMAGE + "` b", 0),
    "an unclosed span": ("a ` b " + IMAGE, 1),
    "an escaped backtick": ("a \\` " + IMAGE + " `", 1),
    "a span never reaches past its paragraph": ("a `x\n\n" + IMAGE + " `", 1),
    "a span never reaches into a quote": ("``\n> " + IMAGE + "\n``\n", 1),
}


@pytest.mark.parametrize(("text", "images"), CASES.values(), ids=CASES.keys())
def test_code_is_blanked_out_as_commonmark_reads_it(text: str, images: int) -> None:
    assert cmarkgfm.github_flavored_markdown_to_html(text).count("<img") == images  # the case is right
    blanked = without_code(text)
    assert blanked.count(IMAGE) == images
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert all(kept in (said, " ") for kept, said in zip(blanked, text, strict=True))


def test_a_footnotes_indented_text_is_no_code() -> None:
    """Python-Markdown (the default engine) goes on with a footnote 4 spaces in."""
    assert without_code("Text[^1].\n\n[^1]: Not.\n\n    " + IMAGE).count(IMAGE) == 1
