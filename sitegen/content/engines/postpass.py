"""The engine-independent finish of a body's HTML: heading ids, links to other articles, images.

Whatever engine wrote the HTML, this pass gives every `<h1>`–`<h6>` without an id one
made from its text, unique on the page, puts a placeholder in the href of every link
to another article's `.md` file, and the found file's URL in the src of every image, and
writes as '/' each '\\' in an address that a browser reads as one (`urls.slashed`).
Those start tags (and those with such an address) are only *located*; they are spliced
in place and every other byte stays as the engine wrote it.

Locating them: the HTML engines write (every tag's attributes double-quoted, no comments,
no scripts) is read by regular expressions (`_scan`), three to four times faster than the
stdlib's tokenizer; anything else, such as an editor's raw HTML with comments, scripts or
single quotes, goes to the stdlib's `HTMLParser` (`_Locator`), and both find the same tags
in what the first accepts (a property test holds them to it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from itertools import accumulate
from urllib.parse import unquote

from sitegen.content.dimensions import judge
from sitegen.content.links import (
    FILE,
    PLACEHOLDER,
    Found,
    article_link,
    is_local,
    placeholder,
    quote_attribute,
)
from sitegen.urls import (
    attribute_value,
    rewrite_addresses,
    slashed,
    slugify,
    start_tag_attributes,
    trimmed,
)

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Ids the built-in theme gives elements on every page (base.html's <main>, the skip link's
# target): a heading "Innehåll" gets innehall_1, so that no id is on a page twice.
THEME_IDS = frozenset({"innehall"})
# Ids the built-in theme's article page gives its boxes, by the front matter field that
# makes each (article_body.html): `[x](ale.md#kontakt)` reaches the contact card. A heading
# "Kontakt" in an article with a contact card gets kontakt_1; in one without, kontakt.
BOX_IDS = {"factbox": "fakta", "contact": "kontakt"}
# What each of those ids is on the page, for an editor told that the body uses one too.
ID_OWNERS = {"innehall": "the page's main content (where the skip link leads)",
             "fakta": "the fact box", "kontakt": "the contact card"}  # fmt: skip
_MAYBE_TAG = re.compile(r"<(h[1-6]|a|img)[\s>/]", re.IGNORECASE)  # where tokenizing may find one
_WANTED_ATTRIBUTE = {"a": "href", "img": "src"}  # links and images are located when they have it
# A start tag whose attributes are all `name` or `name="value"` (as engines write them), or
# an end tag: HTML in which every '<' begins one of these is read by `_scan`.
_SIMPLE_TAG = re.compile(r'<(?:[A-Za-z][^\s/>]*(?:\s+[A-Za-z_:][-\w:.]*(?:="[^"<>]*")?)*\s*/?|/[A-Za-z][^\s/>]*\s*)>')
# In such HTML: heading tags, link and image start tags, and any start tag with an id.
_WANTED = re.compile(r"<(/?)(h[1-6]|a|img)(?=[\s/>])([^>]*)>|<[A-Za-z][^\s/>]*(\s[^>]*\bid=[^>]*)>", re.IGNORECASE)
_CLOSING = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _HEADINGS}
_ANY_TAG = re.compile(r"<[^>]*>")
_ATTR = re.compile(r'([A-Za-z_:][-\w:.]*)(="([^"]*)")?')  # (name, '="value"' or '', value)
# Script and style (their content is text), and a heading written as closed (<h2/>, which
# ends the heading being read): left to `_Locator`.
_UNUSUAL = re.compile(r"<(script|style)[\s/>]|<h[1-6](\s[^>]*)?/>", re.IGNORECASE)
Attrs = list[tuple[str, str | None]]
Image = tuple[str, str | None]  # an image's src as written, and its file's site URL or None


@dataclass(frozen=True)
class Slashed:
    """An address with a '\\' a browser reads as '/' (`urls.slashed`), as the editor wrote
    it, and what the body's HTML holds for it instead: a link to the article `article` (a
    source, from the site root), the site's file at the site URL `file`, or (neither) the
    address with '/'. `linked`: a link's href or an image's src (Markdown's, or raw
    HTML's `<a>` and `<img>`), not another attribute of raw HTML (`poster`, `srcset`)."""

    written: str
    article: str | None = None
    file: str | None = None
    linked: bool = True

Locate = Callable[[str], str | None]


@dataclass
class _Tag:
    """A start tag the pass may change: where it is in the HTML and what it holds."""

    start: int  # offset of its '<'
    text: str  # the tag as written, '<' to '>'
    name: str
    attrs: Attrs
    heading_text: str = ""  # for a heading: the text between it and its end tag


@dataclass(frozen=True)
class Rendered:
    """A body's HTML with what the post-pass found in it."""

    html: str
    heading_ids: tuple[str, ...]  # every heading's id, in document order
    links: tuple[Found, ...]  # links to other articles, in document order
    images: tuple[Image, ...] = ()  # the body's own images, in document order
    files: tuple[Image, ...] = ()  # every file looked for (images, links to files)
    # Each image with no alt at all: its src as written, and how many images with that src
    # come before it (to find it in the text: the same photo may be there with an alt too).
    unlabelled: tuple[tuple[str, int], ...] = ()
    # Each image's width or height that does not say what it seems to (`dimensions.judge`),
    # left out of its tag: its src as written, images with that src before it, the message.
    misfits: tuple[tuple[str, int, str], ...] = ()
    # The elements the sanitizer dropped (`sanitize.removed`), in document order.
    removed: tuple[str, ...] = ()
    # Ids the editor gave the body's elements (a heading's {#kontakt}, raw HTML's id) that
    # the page gives an element of its own (THEME_IDS, the boxes'), sorted: see `clashing_ids`.
    clashing: tuple[str, ...] = ()
    # Each address with a '\\' a browser reads as '/' (`urls.slashed`), as the editor wrote
    # it (`as_written`), in the order found, with what the HTML holds instead.
    backslashed: tuple[Slashed, ...] = ()


class _Locator(HTMLParser):
    """Collects heading and link start tags (with offsets) and every id already used."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0, *accumulate(len(line) + 1 for line in html.split("\n"))]
        self.tags: list[_Tag] = []
        self.used_ids: set[str] = set()
        self.heading: _Tag | None = None  # the heading whose text is being read

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        attrs = start_tag_attributes(self.get_starttag_text() or "")  # `&region=` as HTML reads it
        own_id = dict(attrs).get("id")
        if own_id is not None:
            self.used_ids.add(own_id)
        wanted = _WANTED_ATTRIBUTE.get(tag)
        if tag in _HEADINGS or (wanted and any(name == wanted for name, _ in attrs)):
            line, column = self.getpos()
            text = self.get_starttag_text() or ""
            found = _Tag(self.line_starts[line - 1] + column, text, tag, attrs)
            self.tags.append(found)
            if tag in _HEADINGS and self.heading is None:
                self.heading = found

    def handle_endtag(self, tag: str) -> None:
        if self.heading is not None and tag == self.heading.name:
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.heading_text += data


def _scan(html: str) -> tuple[list[_Tag], set[str]] | None:
    """What `_Locator` finds (the heading, link and image start tags, every id used), for
    HTML of the simple form engines write; None for anything else."""
    if "<!" in html or "<?" in html or html.count("<") != len(_SIMPLE_TAG.findall(html)):
        return None  # comments, declarations, single quotes, a bare '<', …
    if _UNUSUAL.search(html):
        return None
    tags: list[_Tag] = []
    used: set[str] = set()
    open_until = -1  # the end of the heading being read: headings inside it get no text
    for match in _WANTED.finditer(html):
        end, name, attributes, other = match.groups()
        if end:
            continue
        attrs: Attrs = [
            (key.lower(), attribute_value(value) if given else None)
            for key, given, value in _ATTR.findall(attributes if name else other)
        ]  # fmt: skip
        own_id = dict(attrs).get("id")
        if own_id is not None:
            used.add(own_id)
        if name is None:
            continue
        name = name.lower()
        wanted = _WANTED_ATTRIBUTE.get(name)
        if wanted and not any(key == wanted for key, _ in attrs):
            continue
        found = _Tag(match.start(), match.group(), name, attrs)
        tags.append(found)
        if name in _HEADINGS and match.start() >= open_until:
            closing = _CLOSING[name].search(html, match.end())
            open_until = closing.start() if closing else len(html)
            text = html[match.end() : open_until]
            found.heading_text = "".join(unescape(part) for part in _ANY_TAG.split(text))
    return tags, used


def _locate(html: str) -> tuple[list[_Tag], set[str]]:
    """The heading, link and image start tags of `html`, in order, and every id it uses."""
    scanned = _scan(html)
    if scanned is not None:
        return scanned
    locator = _Locator(html)
    locator.feed(html)
    locator.close()
    return locator.tags, locator.used_ids


def finish(
    html: str, source: str, body: str, locate: Locate | None = None, reserved: frozenset[str] = frozenset()
) -> Rendered:
    """Heading ids, article-link placeholders and image addresses spliced into an engine's
    `html`.

    `source` is the Markdown file's path from the site root (links are resolved from its
    folder); `body` is the Markdown the HTML was made from, to report each link as the
    editor wrote it even when the engine percent-encoded it (CommonMark does: å → %C3%A5).
    `locate` gives the site URL of an image's file (`bild.gif` → `/2016/bild.gif`), or
    None when there is none; a found image's src becomes `FILE` + that URL. `reserved`:
    ids the page shows the body with also uses (BOX_IDS' of the boxes the article has),
    never given to a heading, as THEME_IDS are not. An address of any tag with a '\\' a
    browser reads as '/' (`bilder\\ale.jpg`, `\\\\cdn.se\\x`) is read, and written, with '/'
    (`urls.slashed`), and listed in `backslashed` as written, for a warning.
    """
    backslashed: list[Slashed] = []
    if not _MAYBE_TAG.search(html):  # nothing to splice: spare the tokenizer
        html = _slashed_addresses(html, backslashed)
        return Rendered(html, (), (), clashing=clashing_ids(html, reserved), backslashed=tuple(backslashed))
    tags, used_ids = _locate(html)
    used, ids, links = used_ids | THEME_IDS | reserved, list[str](), list[Found]()
    images: list[Image] = []
    looked: list[Image] = []
    unlabelled: list[tuple[str, int]] = []
    misfits: list[tuple[str, int, str]] = []
    seen: Counter[str] = Counter()  # images so far, by src as written

    def find(written: str) -> str | None:
        assert locate is not None
        found = locate(written)
        looked.append((written, found))
        return found

    parts, done = [], 0
    for tag in tags:
        if tag.name not in _HEADINGS and any(_ours(value) for _, value in tag.attrs):
            parts += [html[done : tag.start], _start_tag(tag.name, [(k, v) for k, v in tag.attrs if not _ours(v)])]
            done = tag.start + len(tag.text)
            continue  # an address the editor wrote with sitegen's own prefix: never resolved
        attrs = dict(reversed(tag.attrs))  # an attribute written twice: HTML takes the first
        if tag.name in _HEADINGS:
            own = attrs.get("id")
            if own is None:
                own = unique_id(slugify(tag.heading_text), used)
                used.add(own)
                new = _with_id(tag.text, own)
            else:
                new = tag.text
            ids.append(own)
        elif tag.name == "img":
            written, meant = _read(attrs.get("src") or "", body)
            before, seen[written] = seen[written], seen[written] + 1
            if "alt" not in attrs:  # raw HTML (Markdown's ![…](…) always writes one)
                unlabelled.append((written, before))
            sized, told = _sized(tag.attrs)
            misfits += [(written, before, message) for message in told]
            local = locate is not None and is_local(written)
            url = find(written) if local else None
            if local:
                images.append((written, url))
            if meant is not None:
                backslashed.append(Slashed(written, file=url))
            if url is None and sized == tag.attrs and meant is None:
                continue
            new = _with_attribute(tag.name, sized, "src", FILE + url if url else meant or attrs["src"] or "")
        else:
            href, meant = _read(attrs.get("href") or "", body)
            found = article_link(href, source)
            url = None if found is not None else _site_file(href, find if locate else None)
            if found is not None:
                links.append(found)
                new = _with_attribute(tag.name, tag.attrs, "href", placeholder(found[1], found[2]))
            elif url is not None:
                new = _with_attribute(tag.name, tag.attrs, "href", FILE + url)
            elif meant is not None:
                new = _with_attribute(tag.name, tag.attrs, "href", meant)
            else:
                continue
            if meant is not None:  # (a path from the root that names no file is `meant` itself)
                backslashed.append(Slashed(href, found[1] if found else None, url if url != meant else None))
        parts += [html[done : tag.start], new]
        done = tag.start + len(tag.text)
    parts.append(html[done:])
    return Rendered(_slashed_addresses("".join(parts), backslashed), tuple(ids), tuple(links), tuple(images),
                    tuple(looked), tuple(unlabelled), tuple(misfits),
                    clashing=tuple(sorted(used_ids & (THEME_IDS | reserved))), backslashed=tuple(backslashed))  # fmt: skip


def _read(value: str, body: str) -> tuple[str, str | None]:
    """A link's href or an image's src `value`, as the engine wrote it, as the editor wrote
    it in `body` (`as_written`), and as a browser reads it when that is another address:
    with '/' for each '\\' read so (`urls.slashed`: `bilder\\ale.jpg` → `bilder/ale.jpg`),
    else None."""
    shown = _with_backslashes(trimmed(value), body)
    written, meant = as_written(shown, body), slashed(shown)
    return written, None if meant == shown else meant


_ESCAPED_BACKSLASH = re.compile("%5C", re.IGNORECASE)


def _with_backslashes(value: str, body: str) -> str:
    """`value`, an address as an engine wrote it from `body`, with each `%5C` the '\\' the
    editor wrote: cmark %-escapes a '\\' left in a link's address (`[x](bilder\\a.pdf)` →
    `bilder%5Ca.pdf`), which a browser reads as part of a name, where Python-Markdown's
    `bilder\\a.pdf` is read as `bilder/a.pdf`. An editor's own `%5C`, which cmark keeps as
    it is, stays one: it is taken as such when the body has one, unless the address is
    there with a '\\' in its place."""
    if "%5" not in value or not _ESCAPED_BACKSLASH.search(value):
        return value  # nearly every address
    restored = _ESCAPED_BACKSLASH.sub(lambda _: "\\", value)
    return restored if not _ESCAPED_BACKSLASH.search(body) or unquote(restored) in body else value


# Where a tag may hold a '\\': written as it is, or as a character reference.
_BACKSLASH_NEAR = re.compile(r"\\|&#0*92;?|&#[xX]0*5[cC];?|&bsol;")


def _slashed_addresses(html: str, backslashed: list[Slashed]) -> str:
    """`html` with every address of its tags that a browser reads a '\\' of as '/'
    (`urls.slashed`) written with '/' instead: those `finish` leaves as they are, in raw
    HTML's other URL attributes (a srcset's candidates, a `<video>`'s src and poster, a
    form's action, …; see `urls.rewrite_addresses`), and in links and images it does not
    read. Each such address, as written, is added to `backslashed`. A style's `url()` is
    left as it is: in CSS a '\\' starts an escape."""
    if not _BACKSLASH_NEAR.search(html):
        return html

    def change(address: str) -> str:
        backslashed.append(Slashed(address, linked=False))
        return slashed(address)

    return rewrite_addresses(html, change, wanted=_read_otherwise, near=(_BACKSLASH_NEAR,))


def _read_otherwise(name: str, address: str) -> bool:
    """Whether a browser reads a '\\' in `address`, the value of the attribute `name`, as a '/'."""
    return name != "style" and slashed(address) != address


def clashing_ids(html: str, reserved: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The ids in a body's final `html` that the page gives an element of its own as well
    (THEME_IDS, and `reserved`: the boxes' ids), sorted. `finish` gives a heading none of
    them, so each was written by the editor; on the page an id would be there twice, and a
    link to it lead to the first (HTML: an id is unique in its document). `finish` finds
    them in the engine's HTML (`Rendered.clashing`); this looks again only after the
    sanitizer, which may drop some of them."""
    theirs = THEME_IDS | reserved
    if not any(name in html for name in theirs):  # mostly: spare the tokenizer
        return ()
    return tuple(sorted(_locate(html)[1] & theirs))


def _sized(attrs: Attrs) -> tuple[Attrs, list[str]]:
    """An <img>'s `attrs` without a width or height that browsers would read otherwise than
    meant, or not at all (`12.5em`: 12.5 pixels; `0`; `auto`), and what to tell of each;
    an attribute written twice only once, the first, as HTML reads it."""
    kept, told, seen = [], [], set()
    for name, value in attrs:
        if name in seen:
            continue  # written twice: HTML reads the first and ignores this one
        seen.add(name)
        message = judge(name, value)[1] if name in ("width", "height") else None
        if message is None:
            kept.append((name, value))
        else:
            told.append(message)
    return kept, told


def _site_file(href: str, locate: Locate | None) -> str | None:
    """The site URL a link in the body leads to, when it is one of the site's own: a file
    found as images are (`karta.pdf` beside the article, `/filer/plan%202024.pdf`), at its
    own escaped address (`urls.file_url`) with the link's query and fragment; or another
    address from the site's root (`/om-bilagan/`, which gets the base path); None for
    anything else."""
    if locate is None or not is_local(href) or href.startswith("#"):
        return None
    end = min((at for at in (href.find("?"), href.find("#")) if at >= 0), default=len(href))
    found = None if href[:end].endswith("/") else locate(href)  # `/om-bilagan/` is a page
    if found is not None:  # with the query and fragment (`?v=2#sida=3`) as written
        return found + href[end:]
    return slashed(href) if href.startswith("/") else None


def unique_id(base: str, used: set[str]) -> str:
    """`base`, or `base_1`, `base_2`, … : the first not in `used` (nor empty).

    The rule Python-Markdown's toc extension follows, so that pages built before the
    engines were split keep their anchors: ale, ale_1, ale_2; an empty base gives _1.
    """
    if base and base not in used:
        return base
    n = 1
    while f"{base}_{n}" in used:
        n += 1
    return f"{base}_{n}"


def as_written(href: str, body: str) -> str:
    """The href as the editor wrote it in `body`: engines that percent-encode URLs
    (`../2017/%C3%A5m%C3%A5l.md`) are given back the editor's `../2017/åmål.md`."""
    if href in body:
        return href
    plain = unquote(href)
    return plain if plain in body else href


def _with_id(tag: str, value: str) -> str:
    """The start tag `tag` with ` id="value"` added after its other attributes."""
    end = len(tag) - 2 if tag.endswith("/>") else len(tag) - 1
    return f'{tag[:end].rstrip()} id="{quote_attribute(value)}"{tag[end:]}'


def _ours(value: str | None) -> bool:
    """Whether the attribute value `value` starts with one of the prefixes this pass writes
    (`sitegen-file:`, `sitegen-article:`), as a browser reads it (ASCII whitespace and
    controls dropped, any case). Written by an editor, such an address would be resolved
    like the pass's own: `sitegen-file:javascript:…` became `javascript:…`, past the
    sanitizer, which must let the prefixes through."""
    return value is not None and _CONTROLS.sub("", value).lower().startswith((FILE, PLACEHOLDER))


_CONTROLS = re.compile(r"[\x00-\x20]")


def _start_tag(name: str, attrs: Attrs) -> str:
    """A start tag written anew from `attrs`."""
    written = [key if value is None else f'{key}="{quote_attribute(value)}"' for key, value in attrs]
    return f"<{' '.join([name, *written])}>"


def _with_attribute(name: str, attrs: Attrs, attribute: str, new: str) -> str:
    """A start tag written anew from `attrs`, with `new` for `attribute`'s value."""
    return _start_tag(name, [(key, new if key == attribute else value) for key, value in attrs])
