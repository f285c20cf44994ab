"""The compiled engine: CommonMark with GitHub's tables and footnotes, through cmarkgfm."""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

# Raw HTML passes through, as it does with Python-Markdown, unless `raw_html: strip` asks
# for cmark's default, which drops it (leaving a comment the sanitizer removes); what may
# reach readers is for sanitize.py to decide, not the engine.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_DROPPING = Options.CMARK_OPT_FOOTNOTES
_EXTENSIONS = ["table"]
# cmark-gfm names a footnote's way back in English, and has no setting for it.
_BACKREF = re.compile(r'aria-label="Back to reference (\d+(?:-\d+)?)"')


class CommonMark:
    """cmark-gfm, GitHub's fork of the CommonMark reference parser: stateless, so one
    instance serves any number of documents (and threads). `drop_html`: raw HTML in the
    text is left out (an HTML block whole, with its text; inline, each tag)."""

    def __init__(self, drop_html: bool = False) -> None:
        self._options = _DROPPING if drop_html else _OPTIONS

    def convert(self, text: str) -> str:
        """`text` (Markdown) as HTML."""
        html: str = cmarkgfm.markdown_to_html_with_extensions(
            text, options=self._options, extensions=_EXTENSIONS
        )
        # Without the final newline, as Python-Markdown writes it: a feed's <content> and a
        # page's body then end alike whichever engine made them.
        if "Back to reference" in html:
            html = _BACKREF.sub(r'aria-label="Tillbaka till hänvisning \1"', html)
        return html.removesuffix("\n")
