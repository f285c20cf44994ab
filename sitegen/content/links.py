"""Links between articles: `[text](../2016/ale.md)` in Markdown becomes the article's permalink."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote, urlsplit

PLACEHOLDER = "sitegen-article:"  # href prefix until the target's URL is known
Found = tuple[str, str, str]  # a link as written, the source it leads to, its anchor


@dataclass(frozen=True)
class ArticleLink:
    written: str  # the href as the editor wrote it: ../2016/ale.md#kontakt
    target: str  # the source it points at, from the site root: content/2016/ale.md
    anchor: str
    line: int | None

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
    """(href, target source, anchor) when `href` leads to a .md file, seen from `source`."""
    try:
        parts = urlsplit(href)
    except ValueError:  # not a URL at all, such as http://[ : left as written
        return None
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    return href, target, parts.fragment


def find_line(body: str, written: str, first_line: int) -> int | None:
    """The line of the file on which the link `written` (its href as the editor wrote it)
    appears, `body` starting on line `first_line`; None for a link written elsewhere
    (a reference definition `[x]: a.md`, raw HTML)."""
    at = body.find(f"]({written}")
    return None if at < 0 else first_line + body.count("\n", 0, at)


def resolve(html: str, links: tuple[ArticleLink, ...], urls: Mapping[str, str]) -> str:
    """Replace each placeholder with the target's URL (and anchor), or the href as written."""
    for link in links:
        url = urls.get(link.target)
        href = (url + (f"#{link.anchor}" if link.anchor else "")) if url else link.written
        html = html.replace(
            f'href="{quote_attribute(link.placeholder)}"', f'href="{quote_attribute(href)}"'
        )
    return html
