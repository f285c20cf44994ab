"""Markdown engines behind one small interface, and the body → HTML step built on them.

An engine only turns Markdown into HTML. What sitegen adds to that HTML, heading ids
unique on the page and placeholders for links to other articles, is done once for every
engine by `postpass.finish`, so both engines give a page the same anchors and links.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib.metadata import version as _installed
from typing import TYPE_CHECKING, Protocol

from sitegen.errors import quoted

if TYPE_CHECKING:
    from sitegen.content.engines.postpass import Locate, Rendered

# The post-pass, the sanitizer and the engines themselves are imported when a body is first
# converted, not here: config.yaml's check and a build that finds nothing changed need only
# these names.
SANITIZE, ALLOW, STRIP = "sanitize", "allow", "strip"
RAW_HTML = (SANITIZE, ALLOW, STRIP)  # the values `markdown: {raw_html: …}` accepts
DEFAULT_RAW_HTML = SANITIZE

PYTHON_MARKDOWN = "python-markdown"
COMMONMARK = "commonmark"
ENGINES = (PYTHON_MARKDOWN, COMMONMARK)  # the names `markdown: {engine: …}` accepts
DEFAULT_ENGINE = PYTHON_MARKDOWN

_DISTRIBUTIONS = {PYTHON_MARKDOWN: "markdown", COMMONMARK: "cmarkgfm"}

__all__ = ["ALLOW", "COMMONMARK", "DEFAULT_ENGINE", "DEFAULT_RAW_HTML", "ENGINES", "PYTHON_MARKDOWN",
           "RAW_HTML", "SANITIZE", "STRIP", "Engine", "engine", "engine_version", "render"]  # fmt: skip


class Engine(Protocol):
    """Turns a Markdown text into HTML, with tables and footnotes enabled."""

    def convert(self, text: str) -> str: ...


@cache
def engine(name: str, drop_html: bool = False) -> Engine:
    """The process's one engine called `name` (one of ENGINES), made on first need: setting
    up Python-Markdown takes 50 ms, and a rebuild after an edit seldom needs it at all.
    `drop_html`: one that drops the raw HTML in the text instead of passing it on."""
    if name == PYTHON_MARKDOWN:
        from sitegen.content.engines.pymd import PythonMarkdown

        return PythonMarkdown(drop_html=drop_html)
    if name == COMMONMARK:
        from sitegen.content.engines.cmark import CommonMark

        return CommonMark(drop_html=drop_html)
    raise ValueError(f"unknown Markdown engine {quoted(name)}; known: {', '.join(ENGINES)}")


def engine_version(name: str) -> str:
    """`name` (one of ENGINES) with the installed version of the package behind it, such as
    'commonmark cmarkgfm 2025.10.22': what a cache of converted bodies must be keyed by."""
    package = _DISTRIBUTIONS[name]
    return f"{name} {package} {_installed(package)}"


def render(
    body: str, source: str, engine_name: str = DEFAULT_ENGINE, raw_html: str = DEFAULT_RAW_HTML,
    locate: Locate | None = None, reserved: frozenset[str] = frozenset(),
) -> Rendered:  # fmt: skip
    """`body` (Markdown) as HTML by the engine `engine_name`, with heading ids and article
    links placed by the shared post-pass. `source` is the file's path from the site root,
    the place relative links are resolved from. `raw_html` (one of RAW_HTML, the setting
    `markdown: {raw_html: …}`): `sanitize` cleans the HTML with sanitize.py's allow-list
    after the post-pass, and names what it removed in `removed`; `strip` has the engine drop
    the editor's raw HTML, then cleans too (Markdown's own links may still say javascript:);
    `allow` keeps all of it.
    `locate` finds the files of the body's images, and `reserved` are ids the page uses
    beside the body, never given to a heading (see `postpass.finish`); those the editor
    wrote all the same are in `clashing`."""
    from sitegen.content.engines.postpass import clashing_ids, finish
    from sitegen.content.engines.sanitize import removed, sanitize

    if raw_html not in RAW_HTML:
        raise ValueError(f"unknown raw_html {quoted(raw_html)}; known: {', '.join(RAW_HTML)}")
    rendered = finish(engine(engine_name, raw_html == STRIP).convert(body), source, body, locate, reserved)
    if raw_html == ALLOW:
        return rendered
    clean = sanitize(rendered.html)  # which may drop ids, never add one
    clashing = clashing_ids(clean, reserved) if rendered.clashing else ()
    return replace(rendered, html=clean, removed=removed(rendered.html), clashing=clashing)
