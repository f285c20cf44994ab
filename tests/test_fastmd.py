"""fastmd's short cuts change nothing: a sped-up converter gives the stock converter's HTML,
table of contents and article links for the site's content, hand-written edge cases, every
pair of them, and random documents made of Markdown's special characters."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import fastmd
from sitegen.links import collector
from sitegen.read import new_markdown

REPO = Path(__file__).resolve().parent.parent

SNIPPETS: list[str] = [
    # emphasis, nesting, intraword, unmatched
    "*a* **b** ***c*** _d_ __e__ ___f___ **a *b* c** *a **b** c* a*b*c a_b_c snake_case_word",
    "***strong em** em* *em **strong em***  **unclosed *x* and *y",
    "*a _b* c_  **a __b** c__  * not em *  \\*escaped\\*  2*3*4",
    "_ _ _\n\n* * *\n\n***\n\n- - -",
    # links, titles, references, images
    "[a](http://x.se \"T\") [b](<http://x.se/a b> 't') [c](/p (t)) [d]() [e](x.md#frag)",
    '[ref][r1] [R1][] [r1] ![img][r1] ![alt](/i.png "t") [![img](/i.png)](/l)\n\n'
    '[r1]: http://example.com/r  "Ref Title"\n[unused]: /u',
    "[missing][nope] [brackets [nested] ok](/n) [a\\]b](/c) [a](/b\\)c) [x](/y(z))",
    "[x](../2016/a.md) [y](../2016/b.md#sec) [z](./c.md) [abs](/2017/d.md) "
    "[ext](https://e.se/e.md) [q](../2016/%C3%A5.md)\n\n[r]: ../2015/r.md\n\n[via ref][r]",
    # inline html, entities, escapes
    'a <span class="x">*b*</span> <b>c</b> <!-- comment --> <br/> <x@y> &amp; &copy; &#169; '
    "&#xa9; & AT&T 4 < 5 > 3 &notanentity;",
    "\\\\ \\` \\* \\_ \\{ \\} \\[ \\] \\( \\) \\# \\+ \\- \\. \\! \\: \\| \\< \\> \\& \\\\*x*",
    # code spans
    "`a` ``b ` c`` ```d`` e``` `` `x` `` \\`not code` `unclosed  `*x*` `<b>`",
    "    indented code *x*\n    <b>&amp;\n\nafter",
    "```python\ndef f(x):\n    return x * 2  # *not em*\n```\n\n~~~\ntilde & <x>\n~~~\n\n"
    "```{.lang #id}\nattr fence\n```",
    # footnotes, abbreviations
    "Text[^1] and again[^note] and[^1].\n\n[^1]: First *note*.\n[^note]: Second\n\n"
    "    with an indented paragraph.",
    "The HTML spec and W3C rule. HTML is big.\n\n*[HTML]: Hyper Text Markup Language\n"
    "*[W3C]: World Wide Web Consortium",
    # tables
    "| a | b |\n|:--|--:|\n| *x* | `y|z` |\n| [l](/l) | \\| |\n\nA | B\n--- | ---\n1 | 2",
    # definition lists
    "Term\n: Definition *one*\n: Definition two\n\nTerm 2\n\n:   Para def\n\n    second para",
    # attr_list, md_in_html
    '# Heading {: .cls #hid }\n\npara\n{: .p data-x="1" }\n\n[link](/x){: .l target=_blank}'
    "\n\n*em*{: .e }",
    '<div markdown="1">\n*inside* **md**\n\n- list\n</div>\n\n<div>\n*raw* html\n</div>\n\n'
    '<section markdown="block">\n## In section\n</section>\n\n'
    '<p markdown="span">*span*</p>',
    # headings needing toc ids (Swedish, duplicates, inline markup, empty)
    "# Åre & Östra Göteborg\n\n## Åre & Östra Göteborg\n\n### *Em* `code` [link](/x)\n\n"
    "Setext\n======\n\nSub\n---\n\n#### \n\n## Москва ß ø é\n\n## 123\n\n[TOC]\n\n## Kontakt",
    # hard line breaks, autolinks, emails
    "line one  \nline two   \nline three\\\nfour\n\n<http://x> <https://a.se/b?c=d&e=f> "
    "<a@b.se> <mailto:c@d.se> <ftp://f.se>",
    # lists (sane_lists), quotes, hr, nesting
    "1. one\n2. two\n\n- a\n- b\n\n3. three\n* star\n\n- a\n\n    para in item\n\n    > quote\n\n"
    "> q *1*\n>\n> > nested\n> - li\n\n---\n\n1) paren\n2) list",
    "- [x](../2016/a.md)\n    - nested *em*\n        1. deep `code`\n\n"
    "<div>\n<p>raw</p>\n</div>\n\n<!-- block comment -->\n\n<?php x ?>",
    # mixed placeholders, unicode, stray markers
    "\u0002 \u0003 \u0002klzzwxh:0000\u0003 STX ETX chars and \u00a0nbsp and emoji 😀 *😀*",
    "[*em link*](/e) **[strong link](/s)** `[not link](/n)` <span>[in html](/h)</span>",
    "![*alt em*](/a.png) [![](/empty-alt.png)](/x) ![a][] \n\n[a]: /a.png",
    "Trailing backslash \\\n\n\\# not heading\n\n#not heading either\n\n#\n\n# closed #\n\n##",
    # block starts found only by the needle short cuts' edge cases (no spaces, later lines)
    "[nospace]:/ns\n\n[sp]:  /sp  'T'\n\n[x][nospace] [y][sp]\n\nText[^n] more[^m]\n\n"
    "[^n]:tight note\n[^m]:   loose note",
    "*[ABBR] :title\n*[XY]:Ex Why\n\nABBR and XY here.",
    "para line\n# heading inside a block\nmore\n\nTitle\n-\n\nOther\n=\n\na\n* * *\nb\n\n___",
    "para\n> quote in a later line\n\nTerm\n:   def on a later line\n\nx: not a def",
    "Ref after text [r]\n[r]: /r-in-same-block\n\n`code` then \\`` and \\\\`x`",
    "",
    "\n\n\n",
    "plain text only, no markup at all, åäö.",
]

# Pieces of random documents: every inline pattern's trigger, block starts, separators.
FRAGMENTS: list[str] = [
    "[t](../2016/a.md)",
    '[u](x.md#k "t")',
    "[v](/2017/b.md)",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "&",
    "&amp;",
    "&#169;",
    "#",
    "## ",
    "- ",
    "1. ",
    "> ",
    "|",
    ": ",
    "{: .x }",
    "  \n",
    "\n",
    "\n\n",
    "    ",
    "word",
    "ord ",
    "Åre ",
    "x.md",
    "../2016/a.md",
    "http://x.se",
    "<http://x.se>",
    "<a@b.se>",
    "a@b.se",
    "[^1]",
    "[^1]: note\n",
    '[r]: /r "t"\n',
    "[r]",
    "[r][]",
    "HTML",
    "*[HTML]: Markup\n",
    "<span>",
    "</span>",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "```\n",
    "~~~\n",
    "---\n",
    "===\n",
    '"t"',
    "'",
    "\t",
    '<div markdown="1">\n',
    "</div>\n",
    "Term\n: ",
    "| a | b |\n|---|---|\n",
    " ",
    " ",
    "!",
    ".",
    "\u0002",
    "\u0003",
]


STOCK = new_markdown(fast=False)
FAST = new_markdown(fast=False)
assert fastmd.speed_up(FAST, force=True)


def outcome(md: markdown.Markdown, text: str) -> tuple[object, ...]:
    md.reset()
    links = collector(md)
    links.source, links.found = "content/2016/test.md", []
    html = md.convert(text)
    return html, md.toc, repr(md.toc_tokens), list(links.found)  # type: ignore[attr-defined]


def body(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", "replace")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") and "\n---\n" in text else text


def test_the_installed_markdown_gets_the_short_cuts() -> None:
    md = new_markdown()
    assert markdown.__version__ in fastmd.CHECKED_VERSIONS  # pyproject.toml pins a checked one
    assert type(md.treeprocessors["inline"]) is fastmd.FastInlineProcessor
    assert type(md.parser) is fastmd.FastBlockParser


def test_another_markdown_version_runs_at_stock_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "__version__", "9.9.9")
    md = new_markdown()
    assert type(md.treeprocessors["inline"]) is markdown.treeprocessors.InlineProcessor


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "tests").rglob("*.md")),
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_site_content(path: Path) -> None:
    assert outcome(FAST, body(path)) == outcome(STOCK, body(path))


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_edge_cases_alone_and_in_pairs(index: int) -> None:
    text = SNIPPETS[index]
    assert outcome(FAST, text) == outcome(STOCK, text)
    pair = text + "\n\n" + SNIPPETS[(index + 1) % len(SNIPPETS)]  # references, ids interact
    assert outcome(FAST, pair) == outcome(STOCK, pair)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_documents(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 60)))
        assert outcome(FAST, text) == outcome(STOCK, text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_random_documents_shrunk_when_they_differ(text: str) -> None:
    assert outcome(FAST, text) == outcome(STOCK, text)
