"""Links between articles: `[text](../2016/ale.md)` in Markdown becomes the article's permalink."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from sitegen.urls import address as site_address
from sitegen.urls import rewrite_addresses, slashed, uri

PLACEHOLDER = "sitegen-article:"  # href prefix until the target's URL is known
FILE = "sitegen-file:"  # src prefix of a body image's site URL, until the base path is known
Found = tuple[str, str, str]  # a link as written, the source it leads to, its anchor


@dataclass(frozen=True)
class ArticleLink:
    written: str  # the href as the editor wrote it: ../2016/ale.md#kontakt
    target: str  # the source it points at, from the site root, in NFC: content/2016/ale.md
    anchor: str
    line: int | None  # 1-based, in the file, where `written` stands; None: not found there
    column: int | None = None  # 1-based, of the address's first character

    @property
    def placeholder(self) -> str:
        return placeholder(self.target, self.anchor)


def placeholder(target: str, anchor: str) -> str:
    """What a link to `target` (a source path) and `anchor` has for its href until
    `resolve` knows the target's URL."""
    return f"{PLACEHOLDER}{target}#{anchor}"


def quote_attribute(value: str) -> str:
    """`value` escaped for a double-quoted HTML attribute (& < > "), as Python-Markdown and
    cmark write hrefs, so that a placeholder is found again as it was written."""
    return escape(value, quote=False).replace('"', "&quot;")


def article_link(href: str, source: str) -> Found | None:
    """(href, target source, anchor) when `href` leads to a .md file, seen from `source`;
    one written from the root (`/2016/ale.md`) is from the top of content/, as a body's
    images are. Its '\\' are read as browsers read them (`urls.slashed`):
    `..\\2017\\amal.md` leads to `../2017/amal.md`."""
    try:
        parts = urlsplit(slashed(href))
    except ValueError:  # not a URL at all, such as http://[ : left as written
        return None
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        path = "/content" + path
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path)).lstrip("/")
    return href, unicodedata.normalize("NFC", target), parts.fragment


def is_local(url: str) -> bool:
    """True for an address of a file of this site as an editor writes one (`bild.gif`,
    `../bilder/älv.gif`, `/images/ale.jpg`, `bilder\\ale.jpg`); false for `https://…`,
    `//host/…` (and `\\\\host\\…`, which browsers read so: `urls.slashed`), `data:…`,
    `#id` and the empty address."""
    url = slashed(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return not (parts.scheme or parts.netloc or url.startswith("//")) and bool(parts.path)


# An inline code span: a run of backticks, and the next run of as many, within a paragraph
# (no blank line between); a backtick after a backslash opens none.
_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(?:(?!\n[ \t]*\n)(?:[^`]|`+(?!`)))*?(?<!`)\1(?!`)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")  # after the indentation
_CLOSING = re.compile(r"(`{3,}|~{3,})[ \t]*")
_QUOTE = re.compile(r" {0,3}>(?: |\t)?")
_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*")  # a thematic break: --- or * * *
# What opens a container whose content lines are indented (after the indentation): a list
# item's marker, a footnote's `[^1]:` and a definition's `:` (Python-Markdown's extra).
_ITEM = re.compile(r"(?:[-+*]|\d{1,9}[.)]|:)(?= |\t|$)|\[\^[^\]\n]+\]:")
_UNDERLINE = re.compile(r" {0,3}=+[ \t]*")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")


@lru_cache(maxsize=16)  # a body's every link and image is looked for in it
def without_code(text: str) -> str:
    """`text` (Markdown) with its code (fenced blocks, indented blocks, `inline` spans)
    blanked out, each character a space but line breaks kept, so that offsets, lines and
    columns stay: code shows links and tags (`<img src="x.jpg">`) as text, never as the
    places of real ones. Blocks are found as CommonMark finds them (see `_blocks`)."""
    if "`" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return text  # the common case: no code at all
    lines = text.split("\n")
    code, continued = _blocks(lines)
    for number in code:
        lines[number] = " " * len(lines[number])
    paragraphs: list[list[str]] = []  # a code span never reaches past its paragraph
    for number, line in enumerate(lines):
        if number in continued:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return "\n".join(_without_spans("\n".join(paragraph)) for paragraph in paragraphs)


def _without_spans(paragraph: str) -> str:
    """`paragraph` with its code spans blanked out."""
    if "`" not in paragraph:
        return paragraph  # (the pattern would be tried at every character)
    return _SPAN.sub(lambda span: re.sub(r"[^\n]", " ", span.group()), paragraph)


def _blocks(lines: list[str]) -> tuple[list[int], set[int]]:
    """The numbers (0-based) of `lines` that are code blocks, and of those that go on with
    the paragraph of the line before, as CommonMark reads them. Code blocks are a
    fence (``` or ~~~, indented less than 4 spaces) and what follows to a closing fence as
    long, or to the end of the list item or block quote it is in; and lines indented 4
    spaces or more past their container's content (a list item's, a footnote's), which
    cannot interrupt a paragraph: a line after a paragraph's line continues it, and a list
    item's lines indented to its content are its text. Block quotes' `>` are passed over."""
    code, continued = list[int](), set[int]()
    items: list[int] = []  # the content column of each list item (footnote, definition) open
    fence: tuple[str, int, int] | None = None  # the open fence's character, length and column
    paragraph, depth = False, 0  # whether the line before is a paragraph's; block quotes open
    for number, raw in enumerate(lines):
        level, line = _quoted(raw, 0, depth)  # the quotes open go on, or close
        expanded = line.expandtabs(4)
        rest = expanded.lstrip(" ")
        indent = len(expanded) - len(rest)
        if fence is not None and level == depth and (not rest or indent >= fence[2]):
            code.append(number)
            closing = _CLOSING.fullmatch(rest)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= fence[1]:
                fence = None
            continue
        fence = None  # unclosed: its list item or quote ends here
        inside = level == depth and (not items or indent >= items[-1])  # not a lazy line
        if paragraph and rest and not _interrupts(rest, inside):
            paragraph = not (inside and _UNDERLINE.fullmatch(rest))  # `===` makes the paragraph a heading
            continued.add(number)
            continue  # a lazy or indented continuation of the paragraph
        level, line = _quoted(line, level, 99)  # new quotes start
        if level != depth:
            items, paragraph, depth = [], False, level
            expanded = line.expandtabs(4)
            rest = expanded.lstrip(" ")
            indent = len(expanded) - len(rest)
        if not rest:
            paragraph = False
            continue
        while items and indent < items[-1]:
            items.pop()
        if indent - (items[-1] if items else 0) >= 4:
            code.append(number)
            paragraph = False
            continue
        opened, paragraph, is_code = _block(expanded, indent, items)
        if opened is not None:
            fence = (*opened, items[-1] if items else 0)
        if is_code:
            code.append(number)
    return code, continued


def _quoted(line: str, level: int, most: int) -> tuple[int, str]:
    """`line` without the block quote markers (`> `) at its start, up to `most` of them in
    all, and `level` plus how many it had."""
    while level < most and (marker := _QUOTE.match(line)):
        line, level = line[marker.end() :], level + 1
    return level, line


def _block(line: str, indent: int, items: list[int]) -> tuple[tuple[str, int] | None, bool, bool]:
    """For a line (tabs expanded) that starts a block at `indent`, with `items` the content
    columns of the list items open (a new one is added for a list marker): the fence it
    opens (character, length) if any, whether it is a paragraph's line, and whether it is
    code (a fence, or a list item's first line indented 5 spaces past its marker)."""
    rest = line[indent:]
    if _BREAK.fullmatch(rest):
        return None, False, False
    item = _ITEM.match(rest)
    while item:  # `- 1. text`: items in items
        after = rest[item.end():]
        text = after.lstrip(" ")
        spaces = len(after) - len(text)
        column = indent + item.end() + (spaces if 1 <= spaces <= 4 and text else 1)
        if rest.startswith("[^"):  # a footnote's text goes on 4 spaces in, as Python-Markdown has it
            column = min(column, indent + 4)
        items.append(column)
        if not text or spaces > 4:  # `-      code`: the item's first line is indented code
            return None, False, bool(text)
        indent, rest = column, text
        item = _ITEM.match(rest)
    fenced = _FENCE.match(rest)
    if fenced and not (fenced.group(1)[0] == "`" and "`" in fenced.group(2)):
        return (fenced.group(1)[0], len(fenced.group(1))), False, True
    return None, not _HEADING.match(rest), False


def _interrupts(rest: str, inside: bool) -> bool:
    """Whether a line whose text is `rest` (without its indentation) ends the paragraph
    before it instead of continuing it: a fence, heading, block quote, thematic break or
    list item; `inside`: whether the line is in the paragraph's container, where an
    ordered item starting at another number than 1 does not (CommonMark's rule)."""
    if _FENCE.match(rest) or _BREAK.fullmatch(rest) or _HEADING.match(rest) or rest.startswith(">"):
        return True
    item = re.match(r"(?:[-+*]|(\d{1,9})[.)])[ \t]+\S", rest)
    return item is not None and (item.group(1) in (None, "1") or not inside)


def find_place(body: str, written: str, first_line: int) -> tuple[int | None, int | None]:
    """Line and column (1-based) in the file of the address `written` in `body` (which
    starts on line `first_line`): in `](written` or `src="written` outside code, else in
    code (an engine may read the text otherwise), else anywhere."""
    befores = [before + written for before in ("](", "](<", 'src="', "src='")]
    for text in (_outside_code(body, befores), body):
        for before in befores:
            at = text.find(before)
            if at >= 0:
                return _place(body, at + len(before) - len(written), first_line)
    at = body.find(written)
    return (None, None) if at < 0 else _place(body, at, first_line)


def find_links(body: str, written: list[str], first_line: int) -> list[tuple[int | None, int | None]]:
    """Line and column (1-based) in the file of each link of `written` (hrefs as the editor
    wrote them, in the order the engine gave them) in `body` (which starts on line
    `first_line`), at the address's first character, in `](address` or `](<address`;
    (None, None) for a link written elsewhere (a reference definition `[x]: a.md`, raw
    HTML). Each is looked for after the one before, outside code, so that links to one
    address are each at their own place and the whole body is read about once; one not
    found there (a footnote's, which Python-Markdown puts last) is the link with as many
    of its address before it, else the first, outside code if it is there."""
    if not written:
        return []  # most bodies: spare blanking out their code and finding their lines
    text, lines = without_code(body), _Lines(body, first_line)
    places: list[tuple[int | None, int | None]] = []
    seen: dict[str, int] = {}
    cursor = 0
    for address in written:
        before = seen[address] = seen.get(address, -1) + 1
        at = _next_link(text, address, cursor)
        if at >= 0:
            cursor = at + len(address)
        else:
            at = _nth_link(text, address, before)
            at = at if at >= 0 else _nth_link(body, address, 0)
        places.append(lines.place(at) if at >= 0 else (None, None))
    return places


_AFTER = frozenset(")>\"' \t\n")  # what may follow an inline link's address


def _next_link(text: str, address: str, start: int) -> int:
    """The offset in `text` of the first inline link to `address` at or after `start`
    (of its first character), or -1."""
    at = text.find(address, start)
    while at >= 0:
        end = at + len(address)
        if (end == len(text) or text[end] in _AFTER) and _opens_link(text, at):
            return at
        at = text.find(address, at + 1)
    return -1


def _nth_link(text: str, address: str, before: int) -> int:
    """The offset in `text` of the inline link to `address` with `before` such links ahead
    of it, else of the first, or -1 when there is none."""
    first = at = _next_link(text, address, 0)
    for _ in range(before):
        at = _next_link(text, address, at + 1) if at >= 0 else -1
    return at if at >= 0 else first


def _opens_link(text: str, at: int) -> bool:
    """Whether the address at offset `at` of `text` is an inline link's: after `](`, and a
    `<` and spaces or a line break if any."""
    start = at - 1 if at and text[at - 1] == "<" else at
    while start and text[start - 1] in " \t\n":
        start -= 1
    return text.startswith("](", start - 2)


class _Titled(HTMLParser):
    """The address and title of each link and image in HTML that has a title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        address, title = values.get("href" if tag == "a" else "src"), values.get("title")
        if tag in ("a", "img") and address is not None and title is not None:
            self.found.append((address, title))


def glued_titles(html: str, body: str, first_line: int) -> list[tuple[int, int, str, str, str]]:
    """Each link or image in `body` (Markdown, starting on line `first_line`) that Python-
    Markdown, which made `html` of it, cut short: it takes a quoted part right at the end
    of the parentheses as the title even with no space before it, so `[a](https://ale.se/"x")`
    links to `https://ale.se/` with the title `x` (and a title can run on over the next
    links of the line), where CommonMark keeps the quotes in the address. Each as (line,
    column of the address's first character, the address as linked, the quote, the title)."""
    if 'title="' not in html or "](" not in body:
        return []  # nearly every body
    parser = _Titled()
    parser.feed(html)
    parser.close()
    text, lines, cut = without_code(body), _Lines(body, first_line), []
    for address, title in dict.fromkeys(parser.found):
        spaced = r"\s+".join(re.escape(word) for word in title.split())  # its spaces as written
        pattern = re.compile(rf"""(?<![^\s(<]){re.escape(address)}(["'])[ \t\n]*{spaced}[ \t\n]*\1[ \t\n]*\)""")
        for found in pattern.finditer(text):
            if _opens_link(text, found.start()):
                cut.append((*lines.place(found.start()), address, found.group(1), title))
    return sorted(cut)


class _Lines:
    """Line and column in the file of offsets of a body that starts on line `first_line`,
    each found by bisection (`_place` counts the lines before it, for one offset)."""

    def __init__(self, body: str, first_line: int) -> None:
        self.first = first_line
        self.starts = [0, *(found.end() for found in re.finditer("\n", body))]

    def place(self, at: int) -> tuple[int, int]:
        """Line and column (1-based) in the file of offset `at`."""
        line = bisect_right(self.starts, at)
        return self.first + line - 1, at - self.starts[line - 1] + 1


def _outside_code(body: str, needles: list[str]) -> str:
    """`body` without its code (`without_code`) where that may matter: when `needles` are
    in it more than once between them (once, they are found in it either way)."""
    return without_code(body) if sum(body.count(needle) for needle in needles) > 1 else body


def _place(body: str, at: int, first_line: int) -> tuple[int, int]:
    """Line and column (1-based) in the file of the offset `at` of `body`."""
    return first_line + body.count("\n", 0, at), at - body.rfind("\n", 0, at)


def resolve(
    html: str, links: tuple[ArticleLink, ...], urls: Mapping[str, str], base: str = ""
) -> str:
    """Replace each placeholder with the target's URL (and anchor); a link to an article
    that is not published (a draft, or missing) loses its href, so that it reads as text
    instead of leading to a 404. The site's own files and pages named in the body
    (`FILE` + site URL) get the base path `base` (`/bilaga`; see urls.address)."""
    if FILE in html:  # (its value as written in HTML: uri() keeps & and ; of an &amp;)
        html = _FILE_ATTRIBUTE.sub(lambda m: f'{m[1]}="{uri(base + m[2])}"' if _site_path(m[2]) else "", html)
    if not links:
        return html
    hrefs = {}  # each placeholder's href as written → what it becomes
    for link in links:
        url = urls.get(link.target)  # None: unpublished or missing (warned about)
        href = None if url is None else url + (f"#{link.anchor}" if link.anchor else "")
        # an unpublished target's link loses its href: text, not a link to a 404
        hrefs[f' href="{quote_attribute(link.placeholder)}"'] = "" if href is None else f' href="{quote_attribute(uri(href))}"'
    return _PLACEHOLDER_HREF.sub(lambda m: hrefs.get(m[0], m[0]), html)  # one pass, not one per link


def under_base_path(html: str, base: str) -> str:
    """`html` (an article body as read) with every address from the root that its tags
    hold (an href, a src, a srcset, a poster, a form's action, a `url()` of a style, a
    refresh's target: `urls.rewrite_addresses`) under the base path `base` (`/bilaga`):
    `/bilder/saknas.jpg`, an image whose file was not found, and `/film.mp4` in raw HTML
    lead into the site as the found files and pages (`FILE` + site URL, see `resolve`)
    do. Those, and the links to articles, are not from the root yet and stay as they are.
    A code sample's `&lt;a href="/x"&gt;` is text."""
    if not base:
        return html
    return rewrite_addresses(html, lambda rooted: site_address(rooted, base))


def _site_path(rest: str) -> bool:
    """Whether `rest`, after a `FILE` prefix, is what the post-pass writes there: a path on
    this site (`/2016/bild.jpg`). Anything else (`javascript:…`, `//evil.example/x`, or
    `/\\evil.example`, which browsers read as `//`) was written by an editor in a place
    the post-pass's HTML parser did not see as a tag (`<!--> <a href=…>`, where the
    sanitizer's parser sees one), and its attribute is dropped."""
    return rest.startswith("/") and rest[1:2] not in ("/", "\\")


_FILE_ATTRIBUTE = re.compile(rf'\b(src|href)="{FILE}([^"]*)"')
_PLACEHOLDER_HREF = re.compile(rf' href="{PLACEHOLDER}[^"]*"')
