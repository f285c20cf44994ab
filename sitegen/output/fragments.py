"""Rewrites of an article's rendered body for the place the theme shows it, as Jinja filters.

An article's body is made once (Markdown → cleaned HTML, `content/engines/`) and shown in
several places: its own page, where its subheadings are `<h2>` under the page's `<h1>`, and,
with `archive_full_text: true`, an archive entry, where the entry's title is the `<h2>` and
the subheadings must nest below it, and where several articles share one page and so one
set of ids. The body's HTML is written by the engines and the sanitizer, so its start tags
are well formed; code in it is escaped (`&lt;h2&gt;`), so these patterns never match it.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from markupsafe import Markup

from sitegen.urls import attribute_value, join, page_key, rewrite_addresses, uri

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_ID = re.compile(r"""(\sid=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_FRAGMENT_LINK = re.compile(r"""(\shref=)(["'])#(.*?)\2""", re.IGNORECASE | re.DOTALL)
# Where a body may hold an address `rooted` resolves, for `rewrite_addresses` to read only
# the tags there (most bodies hold none: every address whole or from the root). An '='
# (which the regex engine skips to quickly: a pattern of alternatives that start
# otherwise, `\s=`, is tried at each character, ten times as slow; the last letter of
# the name before it is looked at first, which halves the time) of a URL attribute, found
# by the end of its name (href, src, poster, action, cite, data, background, longdesc,
# and names ending so), before a value that is empty (an empty href is the page itself)
# or neither whole nor from the root (`//cdn.se/x` is on another host, which a feed's
# address makes whole too), once the controls and spaces a browser drops around it are
# skipped (`href=" ../x/"`); a srcset's '=' before a candidate that is not from the root
# (any of them; an unquoted value: always); an '=' after a space (`poster = "p.jpg"`); an
# http-equiv's before `refresh`; or a url( or an image-set( of CSS.
_NEAR_RELATIVE = (
    re.compile(
        r"""=(?<=[fctrneadv\s]=)(?:(?<=set=)\s*(?:(?!["'])|"(?:[^",]*,)*?[\x00-\x20,]*(?!/(?!/)|["\x00-\x20,])|'(?:[^',]*,)*?[\x00-\x20,]*(?!/(?!/)|['\x00-\x20,]))"""
        r"""|(?<=\s=)|\s*["']?refresh"""
        r"""|(?:(?<=ref=)|(?<=src=)|(?<=ter=)|(?<=ion=)|(?<=ite=)|(?<=ata=)|(?<=und=)|(?<=esc=))"""
        r"""\s*(?:(["'])[\x00-\x20]*\1|["']?[\x00-\x20]*(?!/(?!/)|["'\x00-\x20]|[A-Za-z][A-Za-z0-9+.-]*:)))""",
        re.IGNORECASE,
    ),
    re.compile(r"\((?:(?<=[uU][rR][lL]\()|(?<=-[sS][eE][tT]\())"),
)
# The attributes `rooted` resolves (and `style` for the url()s of CSS, `content` for a
# refresh's target): HTML's URL attributes, SVG's xlink:href, and lazy loading's data-src.
_RESOLVED = frozenset({
    "href", "src", "srcset", "poster", "action", "formaction", "cite", "data", "background", "longdesc",
    "xlink:href", "imagesrcset", "data-src", "data-srcset", "style", "content",
})  # fmt: skip
# A last paragraph of one link, maybe in emphasis (`**[Vi söker …](…)**`, as WordPress
# exports have it) or with emphasis inside its text.
_EMPHASIS = r"(?:strong|em|b|i)"
_FINAL_LINK = re.compile(
    rf"""<p>\s*(?:<{_EMPHASIS}>\s*)*<a\s+href=(["'])(?P<url>[^"']*)\1[^>]*>(?:[^<]|</?{_EMPHASIS}>)*</a>"""
    rf"""\s*(?:</{_EMPHASIS}>\s*)*</p>\s*$""",
    re.IGNORECASE,
)


def nest_headings(html: str, levels: int) -> Markup:
    """`html` with every heading `levels` lower (`<h2>` → `<h3>` for 1), `<h6>` at most:
    HTML has no `<h7>`. The WCAG technique H42: heading levels follow the page's outline."""
    if levels <= 0:
        return Markup(html)

    def lower(match: re.Match[str]) -> str:
        return f"<{match[1]}h{min(6, int(match[2]) + levels)}"

    return Markup(_HEADING.sub(lower, html))


def scope_ids(html: str, scope: str) -> Markup:
    """`html` with every `id` prefixed by `scope` + `-`, and every link to a fragment of the
    same text (`href="#kontakt"`, a footnote's `#fn:1`) following it, so that the bodies of
    several articles on one page (an archive with whole articles) never share an id: HTML
    requires ids unique in a document. Links to other pages are left alone."""

    def prefix(match: re.Match[str]) -> str:
        return f"{match[1]}{match[2]}{scope}-{match[3]}{match[2]}"

    def follow(match: re.Match[str]) -> str:
        return f"{match[1]}{match[2]}#{scope}-{match[3]}{match[2]}"

    return Markup(_FRAGMENT_LINK.sub(follow, _ID.sub(prefix, html)))


_TABLE = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)
TABLE_REGION = '<div class="table-scroll" role="region" tabindex="0" aria-label="{name}">'


def scrollable_tables(html: str) -> Markup:
    """`html` with each table in a region the keyboard can scroll: a table wider than a
    phone scrolls sideways, and Safari does not let the keyboard reach a scrolling box by
    itself (WCAG 2.1.1; the pattern is a named `role="region"` with `tabindex="0"`). The
    regions are named "Tabell", or "Tabell 1", "Tabell 2", … where there are several."""
    count = len(_TABLE.findall(html))
    if not count:
        return Markup(html)
    numbers = iter(range(1, count + 1))

    def region(match: re.Match[str]) -> str:
        name = "Tabell" if count == 1 else f"Tabell {next(numbers)}"
        return TABLE_REGION.format(name=name) + match[0]

    return Markup(_TABLE_END.sub("</table></div>", _TABLE.sub(region, html)))


def without_final_link(html: str, url: str, base_url: str = "", page: str = "/") -> Markup:
    """`html` without its last paragraph when that paragraph is nothing but one link to `url`
    (an address as the page writes it), bold or in italics or not: the call-to-action
    button beside the body already shows it, and the supplement's articles often end with
    the same link written out (Alingsås), in bold where they come from WordPress. The two
    are compared by the page they name (`urls.page_key`, on a site published at
    `base_url`, a relative link read on the page at address `page`), so that `söka` and
    `s%C3%B6ka`, `/jobb/` and `https://{base_url's host}/jobb/index.html`, `http` and
    `https` are one address."""
    match = _FINAL_LINK.search(html)
    if match and page_key(attribute_value(match["url"]), base_url, page) == page_key(url, base_url, page):
        return Markup(html[: match.start()].rstrip() + "\n")
    return Markup(html)


def rooted(html: str, page: str, fragments: bool = True) -> Markup:
    """`html` (an article's body) with its fragment links (`#kontakt`, a footnote's
    `#fn:1`) and relative addresses (`../../om-bilagan/`, `bild.jpg`, as an editor may
    write them) resolved against its page's address `page`, by RFC 3986's rules, and
    %-escaped (see `uri`): every address a reader would load or follow, as
    `urls.rewrite_addresses` finds them (href, src, each candidate of a srcset, poster,
    cite, data, action, a style's `url()`, …). For a feed `page` is the article's whole
    address (`https://x.se/bilaga/2016/01/ale/`), as a feed reader would resolve them
    against the feed's own (RFC 4287 §5: `feed.xml#fn:1`) or not at all; an address on
    another host written without its scheme (`//cdn.se/x`) then gets the page's, and
    those from the root are made whole with the rest of the feed's
    (`render.finish_addresses`). For an archive with whole articles, whose page is
    another than the article's, `page` is from the server's root, base path included
    (`/bilaga/2016/01/ale/`), and `fragments` is false: the body's ids are on the
    archive's page too (`scope_ids`). An empty href or action is the page itself (RFC
    3986 §5.2); an empty src or srcset is no image, and stays so. Only HTML's own URL
    attributes are read so (and `data-src`, `data-srcset`, as lazy loading has them):
    `x-data="{ open: false }"`, `data-action="click->meny#visa"` and `:src="bild"` hold a
    script's words, not an address, even where their names end as a URL attribute's."""

    def wanted(name: str, value: str) -> bool:
        if name not in _RESOLVED:
            return False
        if not value:
            return name.endswith(("href", "action"))
        if value.startswith("#"):
            return fragments
        if value.startswith("/") and not value.startswith("//"):
            return False  # from the root: made whole with the feed's others, or kept
        try:
            return not urlsplit(value).scheme
        except ValueError:  # (`//[x`: no address a browser would load either)
            return False

    resolved = rewrite_addresses(str(html), lambda value: uri(join(page, value)), wanted=wanted, near=_NEAR_RELATIVE)
    return Markup(resolved)


# What a description leaves out of a body: footnote references and the notes themselves,
# tables, code blocks and figure captions (not sentences of the text).
_NOT_PROSE = re.compile(
    r"<!--.*?-->|<sup\b[^>]*>\s*<a\b[^>]*(?:footnote|#fn)[^>]*>[^<]*</a>\s*</sup>"
    r"|<(div|section)\b[^>]*\bfootnotes?\b[^>]*>.*?</\1>|<table\b.*?</table>"
    r"|<pre\b.*?</pre>|<figcaption\b.*?</figcaption>",
    re.IGNORECASE | re.DOTALL,
)
# A tag (a '>' inside a quoted value is part of it): a block's ends part words, an inline
# one's (`Socionom<strong>er</strong>`, `m<sup>2</sup>`) does not.
_SOME_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "br",
    "hr", "table", "tr", "td", "th", "section", "figure", "article", "aside", "header", "footer", "nav", "pre",
})  # fmt: skip


def summary(html: str, length: int = 160) -> str:
    """The start of an article's text as plain text for a meta description, at most `length`
    characters, cut after a whole word with '…': its footnotes, tables, code and captions
    left out. Empty for a body of no prose (images alone)."""
    whole = str(html)
    # The first paragraphs are mostly enough (a body is read for every article page): cut
    # after one where no table, code, box or comment is left open, and read on when they
    # give less than `length`.
    cut = whole.find("</p>", 2 * length)
    head = whole[: cut + 4] if cut > 0 else whole
    balanced = all(head.count(f"<{name}") == head.count(f"</{name}>") for name in ("table", "pre", "div", "section"))
    text = _plain(head if balanced and head.count("<!--") == head.count("-->") else whole)
    if len(text) <= length and len(head) < len(whole):
        text = _plain(whole)
    if len(text) <= length:
        return text
    start = text[: length - 1]
    return (start.rsplit(" ", 1)[0] if " " in start else start).rstrip(",;:–- ") + "…"


def _plain(html: str) -> str:
    """`html`'s prose as plain text, its whitespace made single spaces (see `summary`)."""
    prose = _NOT_PROSE.sub(" ", html)
    return " ".join(unescape(_SOME_TAG.sub(lambda tag: " " if tag[2].lower() in _BLOCKS else "", prose)).split())
