"""Markdown engines behind one small interface, and the body → HTML step built on them.

An engine only turns Markdown into HTML. What sitegen adds to that HTML, heading ids
unique on the page and placeholders for links to other articles, is done once for every
engine by `postpass.finish`, so both engines give a page the same anchors and links.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version as _installed
from typing import Protocol

from sitegen.content.engines.postpass import Rendered, finish

PYTHON_MARKDOWN = "python-markdown"
COMMONMARK = "commonmark"
ENGINES = (PYTHON_MARKDOWN, COMMONMARK)  # the names `markdown: {engine: …}` accepts
DEFAULT_ENGINE = PYTHON_MARKDOWN

_DISTRIBUTIONS = {PYTHON_MARKDOWN: "markdown", COMMONMARK: "cmarkgfm"}

__all__ = ["COMMONMARK", "DEFAULT_ENGINE", "ENGINES", "PYTHON_MARKDOWN", "Engine", "Rendered",
           "engine", "engine_version", "render"]  # fmt: skip


class Engine(Protocol):
    """Turns a Markdown text into HTML, with tables and footnotes enabled."""

    def convert(self, text: str) -> str: ...


@cache
def engine(name: str) -> Engine:
    """The process's one engine called `name` (one of ENGINES), made on first need: setting
    up Python-Markdown takes 50 ms, and a rebuild after an edit seldom needs it at all."""
    if name == PYTHON_MARKDOWN:
        from sitegen.content.engines.pymd import PythonMarkdown

        return PythonMarkdown()
    if name == COMMONMARK:
        from sitegen.content.engines.cmark import CommonMark

        return CommonMark()
    raise ValueError(f"unknown Markdown engine {name!r}; known: {', '.join(ENGINES)}")


def engine_version(name: str) -> str:
    """`name` (one of ENGINES) with the installed version of the package behind it, such as
    'commonmark cmarkgfm 2025.10.22': what a cache of converted bodies must be keyed by."""
    package = _DISTRIBUTIONS[name]
    return f"{name} {package} {_installed(package)}"


def render(body: str, source: str, engine_name: str = DEFAULT_ENGINE) -> Rendered:
    """`body` (Markdown) as HTML by the engine `engine_name`, with heading ids and article
    links placed by the shared post-pass. `source` is the file's path from the site root,
    the place relative links are resolved from."""
    return finish(engine(engine_name).convert(body), source, body)
