"""Plain articles rendered without Python-Markdown's machinery, to the same bytes.

Most articles use a small part of Markdown: paragraphs, `#` headings, flat lists, links and
`*emphasis*` or `**strong**`. For a document made only of those, written the plain way (the
rules below), `render` returns exactly the HTML and article links that the converter from
`read.new_markdown` gives, about ten times faster, because it builds no element tree and runs
none of the two dozen processors that could not have matched. For anything else it returns
None and the caller converts with Python-Markdown, so the rules may be as strict as they like:
a refusal costs speed, never correctness.

The rules, each closing off a Markdown feature whose output would differ:
- none of the characters in `_NEVER` anywhere (escapes, code, HTML, entities, underscores,
  attribute lists, tables, footnotes, tabs and control characters);
- no line starts with whitespace (code, nesting) or a character that can open a block
  (`#` outside a one-line heading, `- + = :`, `1.`; `* ` fails the `*` rule below), and
  none but the last ends with a space (two make a line break);
- a block is one heading line, or only list items of one kind, or a paragraph; a list never
  follows a list (Markdown would merge them into one loose list);
- `*` and `**` only around text that starts and ends with a non-space and holds no `*`, `[`
  or `]`, and never next to another `*`; `[text](address)` with no spaces, quotes, brackets or
  `*` in the address and no `*`, `[` or `]` in the text; no other `*`, `[`, `]`, and no `![`.
- headings hold plain text (no `*`, `[`, `]`, `#`).

tests/test_plainmd.py compares both converters on the site's content, the benchmark corpus,
hand-written edge cases and random documents, and checks that they mostly take this path.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown.extensions.toc import unique
from markdown.serializers import _escape_attrib_html  # type: ignore[attr-defined]

from .links import PLACEHOLDER, Found, article_link

_NEVER = re.compile(r"[\\`<>&_{}|~^\x00-\x09\x0b-\x1f\x7f]")
_BAD_START = re.compile(r"\s|[#\-+=:]|\d+\.")  # what may not open a paragraph line
_HEADING = re.compile(r"(#{1,6})(?!#)(.*)")
_BULLET = re.compile(r"[*+-] +(.*)")
_NUMBER = re.compile(r"(\d+)\. +(.*)")
_MARK = re.compile(r"[*\[\]]")  # what only the inline forms below may use
_INLINE = re.compile(
    r"\*\*(?P<strong>(?=[^\s*])[^*\[\]\n]+(?<=\S))\*\*"
    r"|\*(?P<em>(?=[^\s*])[^*\[\]\n]+(?<=\S))\*"
    r"|\[(?P<text>(?=\S)[^*\[\]\n]+(?<=\S))\]\((?P<href>[^\s()<>\"'\\*\[\]]+)\)"
)


def render(text: str, source: str, slugify: Callable[[str], str]) -> tuple[str, list[Found]] | None:
    """(HTML, article links) for a plain document, None for any other.

    `source` is the article's path from the site root (links are resolved against it);
    `slugify` is the converter's `toc` slugify, for heading ids."""
    if not text.strip():
        return "", []
    if _NEVER.search(text) or "![" in text or " \n" in text:
        return None
    found: list[Found] = []
    ids: set[str] = set()
    counters: dict[str, int] = {}
    parts: list[str] = []
    after_list = False
    for block in (text + "\n\n").split("\n\n"):  # as Markdown pads the text
        block = block.lstrip("\n")
        if not block:
            continue
        lines = block.split("\n")
        first = lines[0]
        if first[0] == "#":
            heading = _HEADING.fullmatch(first)
            words = heading[2].strip() if heading else ""
            if not heading or len(lines) > 1 or not words or "#" in words:
                return None
            if _inline(words, source, found) != words:  # only plain text, no links
                return None
            name = " ".join(words.split())
            slug = unique(slugify(html.unescape(name)), ids, counters)
            level = len(heading[1])
            parts.append(f'<h{level} id="{_escape_attrib_html(slug)}">{words}</h{level}>')
            after_list = False
            continue
        pattern = _BULLET if _BULLET.match(first) else _NUMBER if _NUMBER.match(first) else None
        if pattern is not None:
            matches = [pattern.fullmatch(line) for line in lines]
            if after_list or not all(matches):
                return None
            texts = [m[pattern.groups] for m in matches if m]
            rendered = [_inline(item, source, found) for item in texts]
            if None in rendered or any(_BAD_START.match(item) for item in texts):
                return None
            tag, start = ("ul", "1") if pattern is _BULLET else ("ol", first[: first.index(".")])
            opening = f'<ol start="{start}">' if start != "1" else f"<{tag}>"
            parts.append("\n".join([opening, *(f"<li>{r}</li>" for r in rendered), f"</{tag}>"]))
            after_list = True
            continue
        if any(_BAD_START.match(line) for line in lines):
            return None
        paragraph = _inline(block, source, found)
        if paragraph is None:
            return None
        parts.append(f"<p>{paragraph}</p>")
        after_list = False
    return "\n".join(parts), found


def _inline(text: str, source: str, found: list[Found]) -> str | None:
    """The HTML of a paragraph's or item's text; None when it uses more than the plain subset."""
    if not _MARK.search(text):
        return text
    out: list[str] = []
    at = 0
    for match in _INLINE.finditer(text):
        between = text[at : match.start()]
        if _MARK.search(between):
            return None
        if match.start() > 0 and text[match.start() - 1] == "*":
            return None
        out.append(between)
        if match["strong"] is not None:
            out.append(f"<strong>{match['strong']}</strong>")
        elif match["em"] is not None:
            out.append(f"<em>{match['em']}</em>")
        else:
            href = match["href"]
            link = article_link(href, source)
            if link is not None:
                found.append(link)
                href = f"{PLACEHOLDER}{link[1]}#{link[2]}"
            out.append(f'<a href="{_escape_attrib_html(href)}">{match["text"]}</a>')
        at = match.end()
    rest = text[at:]
    if _MARK.search(rest):
        return None
    out.append(rest)
    return "".join(out)
