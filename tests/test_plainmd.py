"""plainmd gives Python-Markdown's bytes: for every document it takes, its HTML and article
links equal the stock converter's; and it takes the documents it was made for (the site's
articles, the benchmark's), so that the comparisons below are not all of refusals."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fastmd import SNIPPETS, STOCK, body, outcome

from sitegen import plainmd, read
from sitegen.urls import slugify

REPO = Path(__file__).resolve().parent.parent
SOURCE = "content/2016/test.md"  # the source outcome() converts as

# Pieces of random documents: most inside the plain subset (so that plainmd answers and the
# comparison means something), some just outside it: characters and line starts it refuses.
PLAIN_PIECES: list[str] = [
    "ord", "Åre", "socialtjänsten", " ", ", ", ".", "!", "?", "–", "(", ")", ":", "0", "1",
    "\n", "\n\n", "\n\n\n", "## ", "# ", "###### ", "- ", "* ", "+ ", "1. ", "3. ", "01. ",
    "*ord*", "**två ord**", "[länk](https://x.se/jobb)", "[text](../2016/ale.md#kontakt)",
    "[a](./b.md)", "x.md", "-", "#",
]  # fmt: skip
EDGE_PIECES: list[str] = [
    " ", "  ", "####### ", "2)", "*", "**", "***", "* ord*", "*ord *", "[", "]", "[ a ](/x)",
    "[a] (/x)", "[a][b]", "[a]: /x", "](", "![", "[^1]", "=", "===", "---", ">", "|", "`",
    "_", "&", "\\", "\t",
]  # fmt: skip
PIECES = PLAIN_PIECES * 6 + EDGE_PIECES


def plain(text: str) -> tuple[object, ...] | None:
    rendered = plainmd.render(text, SOURCE, slugify)
    return None if rendered is None else (rendered[0], rendered[1])


def stock(text: str) -> tuple[object, ...]:
    html, _toc, _tokens, found = outcome(STOCK, text)
    return html, found


def compare(texts: list[str]) -> int:
    """Assert that plainmd agrees wherever it answers; return how many it answered."""
    taken = 0
    for text in texts:
        mine = plain(text)
        if mine is not None:
            assert mine == stock(text), text
            taken += 1
    return taken


def test_the_sites_articles_take_the_plain_path_and_agree() -> None:
    texts = [body(p) for p in sorted((REPO / "content").rglob("*.md"))]
    assert compare(texts) >= len(texts) - 3  # a few seed articles use more Markdown


def test_benchmark_articles_take_the_plain_path_and_agree() -> None:
    spec = importlib.util.spec_from_file_location("corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = corpus  # its dataclasses look their module up there
    spec.loader.exec_module(corpus)
    texts = [article.body for article in corpus.generate(300, seed=7)]
    assert compare(texts) == 300


def test_edge_cases_agree_or_are_refused() -> None:
    compare(SNIPPETS + [a + "\n\n" + b for a, b in zip(SNIPPETS, SNIPPETS[1:], strict=False)])


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Hej *du* och **ni**.\n", "<p>Hej <em>du</em> och <strong>ni</strong>.</p>"),
        ("## Åre\n\n## Åre", '<h2 id="are">Åre</h2>\n<h2 id="are_1">Åre</h2>'),
        (
            "- a\n* b\n\nc:\n\n3. d",
            '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>c:</p>\n<ol start="3">\n<li>d</li>\n</ol>',
        ),
        ("[x](../2017/y.md#k)", '<p><a href="sitegen-article:content/2017/y.md#k">x</a></p>'),
    ],
)
def test_what_plain_documents_become(text: str, html: str) -> None:
    assert plain(text) == stock(text)
    assert plain(text) is not None and plain(text)[0] == html  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    [
        "a\n- b",  # a list without a blank line before it is text in the paragraph
        "- a\n\n- b",  # one loose list
        "- a\n\n1. b",  # two lists: refused all the same
        "* * *",
        "a  \nb",  # a hard line break
        "*a **b** c*",
        "**a*",
        "![a](/b.png)",
        "[a][b]\n\n[b]: /c",
        "Title\n===",
        "    code",
        "a & b",
        "## A ##",
        "1. a\nb",
        "Term\n: definition",
        "a\n \nb",  # a line of spaces is a blank line
    ],
)
def test_anything_more_is_left_to_python_markdown(text: str) -> None:
    assert plain(text) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_documents(seed: int) -> None:
    rng = random.Random(seed)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    assert compare(texts) > 200  # enough of them plain for the comparison to mean something


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_documents_shrunk_when_they_differ(text: str) -> None:
    compare([text])


def test_reading_takes_the_plain_path_on_checked_releases_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken: list[str] = []
    real = plainmd.render

    def spy(text: str, source: str, slug: Callable[[str], str]) -> object:
        taken.append(text)
        return real(text, source, slug)

    monkeypatch.setattr(plainmd, "render", spy)
    converter = read.Converter()
    assert converter.convert("Hej *du*.", SOURCE) == ("<p>Hej <em>du</em>.</p>", [])
    assert taken == ["Hej *du*."]
    monkeypatch.setattr(markdown, "__version__", "9.9.9")
    assert converter.convert("Hej *du*.", SOURCE) == ("<p>Hej <em>du</em>.</p>", [])
    assert taken == ["Hej *du*."]
