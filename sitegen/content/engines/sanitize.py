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
Everything else is dropped; what a dropped tag held stays as text, except for script,
style and the like, dropped whole. `removed` names what was dropped, for the warnings.
"""

from __future__ import annotations

import re

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


_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
_EMPTY_PARAGRAPH = re.compile(r"<p></p>\n?")  # as ammonia writes it: no attributes left
# A class attribute ammonia emptied of classes not allowed (`<div class="video">`): in its
# output, a '<' followed by a letter starts a tag (text has `&lt;`) and a '"' inside a value
# is `&quot;`, so this is found in tags only, never in text or inside another value.
_EMPTY_CLASS = re.compile(r'(<[a-zA-Z][^<>]*?) class=""(?=[ />])')


def removed(html: str) -> tuple[str, ...]:
    """The name (lower case) of each element `sanitize` drops from `html`, in document
    order, one per start tag: `<iframe …>` → `iframe`. Outside a tag, the engines write
    '<' as `&lt;`, so every '<' followed by a name starts a tag."""
    return tuple(name for found in _START_TAG.finditer(html) if (name := found[1].lower()) not in TAGS)


def sanitize(html: str) -> str:
    """`html` (a body as the engines and the post-pass wrote it) with only the allow-list
    left. Ammonia writes the HTML anew, so a body's bytes may change (`&#160;` becomes
    `&nbsp;`, `<hr />` becomes `<hr>`) while what a browser shows does not. A class
    attribute left empty is dropped, and so is a paragraph left empty (cmark's
    `<p><video …></video></p>`)."""
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        tag_attribute_values=_STYLES,
        allowed_classes=_CLASSES,
        url_schemes=set(SCHEMES),
        link_rel=None,  # ammonia would add rel="noopener noreferrer" to every link
        strip_comments=True,
    )
    if ' class=""' in cleaned:
        cleaned = _EMPTY_CLASS.sub(r"\1", cleaned)
    return _EMPTY_PARAGRAPH.sub("", cleaned) if "<p></p>" in cleaned else cleaned
