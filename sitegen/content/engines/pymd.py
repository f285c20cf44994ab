"""The default engine: Python-Markdown, through its public API only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor


class PythonMarkdown:
    """One Markdown instance, made on first use and reset() before each document.

    `extra` brings tables, footnotes, fenced code, definition lists, abbreviations,
    attribute lists (`## Rubrik {#id}`) and Markdown in HTML blocks; `sane_lists` keeps a
    numbered list and a bulleted one that follow each other apart. Heading ids are not
    this engine's job: the shared post-pass gives them, as it does for every engine.
    `drop_html`: raw HTML tags in the text are left out, and the text between them kept
    as ordinary text (`raw_html: strip`).
    Not thread-safe, as Python-Markdown is not: one per process, used by one thread.
    """

    def __init__(self, drop_html: bool = False) -> None:
        self._md: markdown.Markdown | None = None
        self._drop_html = drop_html

    def convert(self, text: str) -> str:
        """`text` (Markdown) as HTML."""
        if self._md is None:
            self._md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html",
                                         extension_configs={"extra": _SWEDISH})  # fmt: skip
            if self._drop_html:
                # An HTML block is then read as a paragraph, whose tags the inline rule drops.
                self._md.preprocessors.deregister("html_block")
                self._md.inlinePatterns.register(_DropTags(HTML_RE, self._md), "html", 90)
        return self._md.reset().convert(text)


# The footnotes' way back, said in Swedish (the extension's `BACKLINK_TITLE` setting).
_SWEDISH = {"footnotes": {"BACKLINK_TITLE": "Tillbaka till hänvisning %d i texten"}}


class _DropTags(HtmlInlineProcessor):
    """Python-Markdown's inline raw-HTML rule (tags, comments), giving nothing for a match."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str, int, int]:
        return "", m.start(0), m.end(0)
