"""Links between articles: `[text](../2016/ale.md)` in Markdown becomes the article's permalink."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote, urlsplit

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
    images are."""
    try:
        parts = urlsplit(href)
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
    `../bilder/älv.gif`, `/images/ale.jpg`); false for `https://…`, `//host/…`, `data:…`,
    `#id` and the empty address."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return not (parts.scheme or parts.netloc or url.startswith("//")) and bool(parts.path)


_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]+`", re.DOTALL | re.MULTILINE)


def without_code(text: str) -> str:
    """`text` (Markdown) with its code (fenced blocks, `inline` spans) blanked out, each
    character a space but line breaks kept, so that offsets, lines and columns stay: code
    shows links and tags (`<img src="x.jpg">`) as text, never as the places of real ones."""
    return _CODE.sub(lambda code: re.sub(r"[^\n]", " ", code.group()), text)


def find_place(body: str, written: str, first_line: int) -> tuple[int | None, int | None]:
    """Line and column (1-based) in the file of the address `written` in `body` (which
    starts on line `first_line`): in `](written` or `src="written`, else anywhere."""
    at = -1
    for before in ("](", "](<", 'src="', "src='"):
        at = body.find(before + written)
        if at >= 0:
            at += len(before)
            break
    else:
        at = body.find(written)
    if at < 0:
        return None, None
    return first_line + body.count("\n", 0, at), at - body.rfind("\n", 0, at)


def find_link(body: str, written: str, first_line: int) -> tuple[int | None, int | None]:
    """Line and column (1-based) in the file of the link `written` (its href as the editor
    wrote it) in `body` (which starts on line `first_line`), at the address's first
    character; (None, None) for a link written elsewhere (a reference definition
    `[x]: a.md`, raw HTML)."""
    at = body.find(f"]({written}")
    if at < 0:
        return None, None
    at += 2
    return first_line + body.count("\n", 0, at), at - body.rfind("\n", 0, at)


def resolve(
    html: str, links: tuple[ArticleLink, ...], urls: Mapping[str, str], base: str = ""
) -> str:
    """Replace each placeholder with the target's URL (and anchor); a link to an article
    that is not published (a draft, or missing) loses its href, so that it reads as text
    instead of leading to a 404. The site's own files and pages named in the body
    (`FILE` + site URL) get the base path `base` (`/bilaga`; see urls.address)."""
    if FILE in html:
        html = html.replace(f'src="{FILE}', f'src="{base}').replace(f'href="{FILE}', f'href="{base}')
    for link in links:
        written = f' href="{quote_attribute(link.placeholder)}"'
        url = urls.get(link.target)
        if url is None:  # unpublished or missing (warned about): text, not a link to a 404
            html = html.replace(written, "")
            continue
        href = url + (f"#{link.anchor}" if link.anchor else "")
        html = html.replace(written, f' href="{quote_attribute(href)}"')
    return html
