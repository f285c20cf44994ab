"""The allow-list an article body's HTML is cleaned with, by ammonia (through nh3).

Editors write Markdown, and Markdown lets raw HTML through: `<script>`, `<iframe>`,
`<img onerror=…>`, `[x](javascript:…)`. This pass runs after the engine and the shared
post-pass and keeps only what the two engines make of ordinary Markdown: the tags and
attributes below (checked against cmarkgfm's and Python-Markdown `extra`'s output,
footnotes included), links and images with safe schemes or relative URLs, heading ids and
the article-link placeholders the post-pass wrote, `<details>` with its `<summary>` (a
disclosure widget) and `<figure>` with its `<figcaption>` (a photo and its credit, as
WordPress exports them), text only: dropping either would leave its text outside any
paragraph.
Everything else is dropped; what a dropped tag held stays as text, except for the
elements of DROPPED_WHOLE (script, style, SVG, …), dropped with all they hold. `removed`
names what was dropped, for the warnings.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from sitegen.content.links import FILE, PLACEHOLDER

_HEADINGS = {f"h{n}" for n in range(1, 7)}
TAGS = frozenset({
    *_HEADINGS, "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "img", "hr", "br", "sup", "del",
    "dl", "dt", "dd", "abbr",  # Python-Markdown `extra`: definition lists, abbreviations
    "div", "section",  # the footnotes' wrapper: Python-Markdown's div, cmark's section
    "details", "summary",  # an editor's "Läs mer" that opens: its text is a block of its own
    "figure", "figcaption",  # a photo and its credit as WordPress exports them (wp-block-image)
})  # fmt: skip
_FOOTNOTE_LINK = {"data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx",
                  "aria-label"}  # fmt: skip
ATTRIBUTES: dict[str, set[str]] = {
    **{h: {"id"} for h in _HEADINGS},
    "a": {"href", "title", "id", *_FOOTNOTE_LINK},  # id: cmark's fnref-1
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "li": {"id"},  # footnotes: fn:1 (Python-Markdown), fn-1 (cmark)
    "sup": {"id"},
    "section": {"data-footnotes"},
    "code": {"class"},  # fenced code's language-…
    "abbr": {"title"},
    "th": {"align"},  # cmark's column alignment
    "td": {"align"},
    "details": {"open"},
}
# Classes only the footnotes' own (a theme's classes are not for the text to borrow);
# fenced code's `language-…` is open-ended, so `class` on `code` is kept as written.
_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},  # Python-Markdown
    "sup": {"footnote-ref"},  # cmark
    "div": {"footnote"},  # Python-Markdown
    "section": {"footnotes"},  # cmark
}
# Python-Markdown aligns columns with a style attribute: only these exact values are kept.
_ALIGN = {f"text-align: {side};" for side in ("left", "center", "right")}
_STYLES = {"th": {"style": _ALIGN}, "td": {"style": _ALIGN}}
# http(s), mail and phone links; relative URLs pass anyway. The post-pass's placeholder is
# allowed too, and the image one: `links.resolve` replaces them after reading.
SCHEMES = frozenset({"http", "https", "mailto", "tel", PLACEHOLDER.removesuffix(":"),
                     FILE.removesuffix(":")})  # fmt: skip


_TAG_NAME = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)")  # a tag's name as html.parser reads it
_EMPTY_PARAGRAPH = re.compile(r"<p></p>\n?")  # as ammonia writes it: no attributes left
# A class attribute ammonia emptied of classes not allowed (`<div class="video">`): in its
# output, a '<' followed by a letter starts a tag (text has `&lt;`) and a '"' inside a value
# is `&quot;`, so this is found in tags only, never in text or inside another value.
_EMPTY_CLASS = re.compile(r'(<[a-zA-Z][^<>]*?) class=""(?=[ />])')


# Elements dropped with all they hold: ammonia's `clean_content_tags` (given it below, as
# its default is), and those whose content it never keeps: SVG and MathML, elements of
# other namespaces than HTML's, and a template, whose content is not in the document.
CLEAN_CONTENT = frozenset({"script", "style"})
DROPPED_WHOLE = CLEAN_CONTENT | {"svg", "math", "template"}
# Elements whose content an HTML parser (html5ever, ammonia's) reads as text up to their
# end tag, never as tags: `<textarea><video></textarea>` holds no video.
RAW_TEXT = ("script", "style", "textarea", "title", "iframe", "noscript", "xmp", "noembed", "noframes")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})  # fmt: skip


class _Dropped(HTMLParser):
    """Finds the start tags of the elements `sanitize` drops, as an HTML parser reads them:
    not in comments, attribute values or raw text (a script's), nor inside an element
    dropped whole (its content goes with it, told of by its own start tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[str, int, int]] = []  # (name, line, column), 1-based
        self._open: list[str] = []  # the elements open, outermost first
        self._whole: int | None = None  # the index in _open of the element dropped whole we are in

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._start(tag, closed=tag in _VOID)
        if tag in RAW_TEXT:  # (html.parser by itself knows script and style only)
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self._start(tag, closed=True)

    def _start(self, tag: str, closed: bool) -> None:
        if self._whole is None and tag not in TAGS:
            line, offset = self.getpos()
            self.found.append((tag, line, offset + 1))
        if not closed:
            if self._whole is None and tag in DROPPED_WHOLE:
                self._whole = len(self._open)
            self._open.append(tag)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # `<![CDATA[…`, `<![if …]>`: html.parser fails on what it cannot name (an
        # AssertionError); an HTML parser reads it as a comment up to the first '>'.
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:  # it closes the elements opened inside it too
            at = len(self._open) - 1 - self._open[::-1].index(tag)
            del self._open[at:]
            if self._whole is not None and at <= self._whole:
                self._whole = None


def dropped(html: str) -> list[tuple[str, int, int]]:
    """Each start tag in `html` of an element `sanitize` drops, in document order, as its
    name (lower case), line and column (1-based): `<iframe …>` → `("iframe", 1, 1)`. Only
    real tags count, as an HTML parser finds them: not those inside a comment, an attribute
    value, a script's or another raw text's content, nor inside an element dropped whole
    (DROPPED_WHOLE); `html` may be Markdown with its other text blanked out (read.py)."""
    parser = _Dropped()
    parser.feed(html)
    parser.close()
    return parser.found


def removed(html: str) -> tuple[str, ...]:
    """The name (lower case) of each element `sanitize` drops from `html`, in document
    order, one per start tag (see `dropped`)."""
    if all(name.lower() in TAGS for name in _TAG_NAME.findall(html)):
        return ()  # the common case, found faster: every '<' + name is an allowed one's
    return tuple(name for name, _, _ in dropped(html))


# The allow-list as ammonia's builder, made once: `nh3.clean(html, **options)` builds it
# anew for every call, a third of what cleaning a body costs.
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes=ATTRIBUTES,
    tag_attribute_values=_STYLES,
    allowed_classes=_CLASSES,
    url_schemes=set(SCHEMES),
    link_rel=None,  # ammonia would add rel="noopener noreferrer" to every link
    clean_content_tags=set(CLEAN_CONTENT),
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """`html` (a body as the engines and the post-pass wrote it) with only the allow-list
    left. Ammonia writes the HTML anew, so a body's bytes may change (`&#160;` becomes
    `&nbsp;`, `<hr />` becomes `<hr>`) while what a browser shows does not. A class
    attribute left empty is dropped, and so is a paragraph left empty (cmark's
    `<p><video …></video></p>`)."""
    cleaned = _CLEANER.clean(html)
    if ' class=""' in cleaned:
        cleaned = _EMPTY_CLASS.sub(r"\1", cleaned)
    return _EMPTY_PARAGRAPH.sub("", cleaned) if "<p></p>" in cleaned else cleaned
