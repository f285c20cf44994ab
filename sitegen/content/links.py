"""Links between articles: `[text](../2016/ale.md)` in Markdown becomes the article's permalink."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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
        return f"{PLACEHOLDER}{self.target}#{self.anchor}"


class _Collector(Treeprocessor):
    """Finds links to .md files, notes them and puts a placeholder in their href."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.source = ""
        self.found: list[Found] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            found = article_link(element.get("href", ""), self.source)
            if found is not None:
                self.found.append(found)
                element.set("href", f"{PLACEHOLDER}{found[1]}#{found[2]}")


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


class ArticleLinks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_Collector(md), "sitegen_links", 4)  # after inline, toc


def collector(md: Markdown) -> _Collector:
    found = md.treeprocessors["sitegen_links"]
    assert isinstance(found, _Collector)
    return found


def find_line(body: str, written: str, first_line: int) -> int | None:
    at = body.find(f"]({written}")
    return None if at < 0 else first_line + body.count("\n", 0, at)


def resolve(html: str, links: tuple[ArticleLink, ...], urls: Mapping[str, str]) -> str:
    """Replace each placeholder with the target's URL (and anchor), or the href as written."""
    for link in links:
        url = urls.get(link.target)
        href = (url + (f"#{link.anchor}" if link.anchor else "")) if url else link.written
        html = html.replace(f'href="{link.placeholder}"', f'href="{href}"')
    return html
