"""The default engine: Python-Markdown, through its public API only."""

from __future__ import annotations

import markdown


class PythonMarkdown:
    """One Markdown instance, made on first use and reset() before each document.

    `extra` brings tables, footnotes, fenced code, definition lists, abbreviations,
    attribute lists (`## Rubrik {#id}`) and Markdown in HTML blocks; `sane_lists` keeps a
    numbered list and a bulleted one that follow each other apart. Heading ids are not
    this engine's job: the shared post-pass gives them, as it does for every engine.
    Not thread-safe, as Python-Markdown is not: one per process, used by one thread.
    """

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def convert(self, text: str) -> str:
        """`text` (Markdown) as HTML."""
        if self._md is None:
            self._md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        return self._md.reset().convert(text)
