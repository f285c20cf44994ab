"""Faster Markdown: output-identical short cuts installed on a configured Python-Markdown.

Python-Markdown spends most of a document's time trying every inline pattern on every piece
of text and every block processor on every block, although most cannot match. Each override
here skips only work whose outcome is known in advance (a regex that cannot match because a
character it needs is absent; a registry that cannot have changed), and otherwise runs the
stock code unchanged: 2.1 ms → 0.95 ms an article on the benchmark corpus, with the same HTML.

The inline override restates the stock loop of `InlineProcessor` and uses its name-mangled
private methods, so it is installed only on the Python-Markdown versions it was checked with
(`CHECKED_VERSIONS`); on any other the converter simply runs at stock speed.
tests/test_fastmd.py compares stock and sped-up output on the site's content, hand-written
edge cases and random documents; run it with the new version before adding it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from typing import cast

import markdown
from markdown import blockprocessors, util
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import abbr, def_list, footnotes
from markdown.extensions.toc import TocTreeprocessor
from markdown.inlinepatterns import InlineProcessor as NewStylePattern
from markdown.inlinepatterns import Pattern
from markdown.treeprocessors import InlineProcessor

# Python-Markdown versions for which stock and sped-up output were found identical. The
# inline and block loops below restate the stock loops of these versions; a new release could
# change those loops, so other versions get no overrides unless the caller insists.
CHECKED_VERSIONS = frozenset({"3.10.2", "3.11.3"})

# `re.Pattern.search` bound to one compiled pattern: (text, pos) -> match or None.
_Search = Callable[[str, int], "re.Match[str] | None"]

# 1. Inline patterns: skip a pattern when a character its regex needs is absent.

# Inline regexes (exact source text, from markdown/inlinepatterns.py) whose every match found
# from position `pos` consumes or looks ahead at the given character at an index >= `pos`. For
# them `text.find(char, pos) < 0` proves there is no match; `str.find` is much cheaper than the
# regex `search` here, because a leading look-behind keeps `re` from using its fast literal scan.
# A regex that is not listed (e.g. changed in another Markdown version) just uses `search`.
_INLINE_NEEDS: dict[str, str] = {
    # BACKTICK_RE: alternative 1 is backslashes followed by (?=`+); alternative 2 consumes '`'.
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": "`",
    # LINK_RE == REFERENCE_RE (also 'short_reference'): NOIMG look-behind, then '\[' consumed.
    r"(?<!\!)\[": "[",
}


class FastInlineProcessor(InlineProcessor):
    """`InlineProcessor` whose pattern loop skips patterns whose regex cannot match.

    The stock `__handleInline` calls `__applyPattern(pattern, data, index, start)` for every
    inline pattern on every text node. For a new-style pattern that call either returns early
    because of `ANCESTOR_EXCLUDES`, or runs `pattern.getCompiledRegExp().finditer(data, start)`;
    when the regex has no match from `start` on, that loop body never runs and the call returns
    `(data, False, 0)` without side effects -- the same value the exclusion branch returns. So
    when `search(data, start)` (the scan `finditer` would make first) finds nothing, the call's
    result is known: keep `data`, go on with the next pattern from index 0. Only then is the call
    skipped; in every other case the original `__applyPattern` runs, unchanged.

    The override is named `_InlineProcessor__handleInline` (the mangled name), so both `run()`
    and the recursive calls made inside the stock `__applyPattern` come here.
    """

    # One (pattern, needle, search) per inline pattern, in registry order: `needle` is the
    # character from `_INLINE_NEEDS` or ""; `search` is None for an old-style `Pattern`, which
    # is always handed to `__applyPattern` (it matches `data[start:]`, not `data` from `start`).
    _fast_patterns: list[tuple[Pattern, str, _Search | None]]

    def _snapshot(self) -> None:
        """Cache the registry as a plain list; nothing changes the registry during a run."""
        entries: list[tuple[Pattern, str, _Search | None]] = []
        # types-Markdown types this registry as holding treeprocessors.InlineProcessor (a stub
        # slip); it holds inline patterns, new-style and (still accepted) old-style ones.
        patterns = cast("Iterable[Pattern]", self.inlinePatterns)
        for pattern in patterns:
            if isinstance(pattern, NewStylePattern):
                regex = pattern.getCompiledRegExp()
                entries.append((pattern, _INLINE_NEEDS.get(regex.pattern, ""), regex.search))
            else:
                entries.append((pattern, "", None))
        self._fast_patterns = entries

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # Re-read the registry for every document, so that patterns added or removed between
        # documents (or a DelimiterProcessor regex rebuilt by its add()) are honoured.
        self._snapshot()
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """The stock `__handleInline` loop plus the no-match short cut."""
        if isinstance(data, util.AtomicString):
            return data
        apply_pattern = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self._fast_patterns
        count = len(patterns)
        start = 0
        while patternIndex < count:
            pattern, needle, search = patterns[patternIndex]
            if search is not None and (
                data.find(needle, start) < 0 if needle else search(data, start) is None
            ):
                # What the stock __applyPattern would return: (data, False, 0).
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply_pattern(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


# 2. Block processors: the same, for the processors whose tests are plain regex searches.

# Block processors for which "none of these substrings occurs in the block" proves that the
# stock parser loop moves on to the next processor with nothing changed: either `test()` is
# `bool(RE.search/match(block))` (plus side-effect free conditions after it), or `test()` is
# `return True` and `run()` pops the block, finds no `RE.search` match, puts the same block back
# and returns False. Each needle set is necessary for a match of the named regex, whose exact
# source text is pinned here; for any other class or regex text no short cut is taken.
_BLOCK_NEEDS: dict[type[BlockProcessor], tuple[str, str, tuple[str, ...]]] = {
    # test: RE.search; every match consumes '#{1,6}'.
    blockprocessors.HashHeaderProcessor: (
        "RE",
        r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)",
        ("#",),
    ),
    # test: RE.match at 0 (MULTILINE, '.' stops at newlines): line 1, '\n', then '=' or '-'.
    blockprocessors.SetextHeaderProcessor: (
        "RE",
        r"^.*?\n(?:=+|-+)[ ]*(\n|$)",
        ("\n=", "\n-"),
    ),
    # test: SEARCH_RE.search (stores self.match only on a match); needs a run of -, _ or *.
    blockprocessors.HRProcessor: (
        "SEARCH_RE",
        r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
        r"(?P=atomicgroup)[ ]*$",
        ("-", "_", "*"),
    ),
    # test: bool(RE.search(block)) and not nearing_recursion_limit(); a match consumes '>'.
    blockprocessors.BlockQuoteProcessor: ("RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    # test: RE.search; a match consumes ':'.
    def_list.DefListProcessor: ("RE", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)", (":",)),
    # test True; run: RE.search or restore block, return False. A match consumes '[^'.
    footnotes.FootnoteBlockProcessor: ("RE", r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$", ("[^",)),
    # test True; run: RE.search or restore block, return False. A match consumes '*['.
    abbr.AbbrBlockprocessor: (
        "RE",
        r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$",
        ("*[",),
    ),
    # test True; run: RE.search or restore block, return False. A match consumes ']:'.
    blockprocessors.ReferenceProcessor: (
        "RE",
        r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
        r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
        ("]:",),
    ),
}


def _block_needles(processor: BlockProcessor) -> tuple[str, ...]:
    """The needle set for this processor if it is a pinned stock class and regex, else ()."""
    entry = _BLOCK_NEEDS.get(type(processor))  # exact class: a subclass may override test/run
    if entry is None:
        return ()
    attribute, source, needles = entry
    regex = getattr(processor, attribute, None)
    if isinstance(regex, re.Pattern) and regex.pattern == source:
        return needles
    return ()


class FastBlockParser(BlockParser):
    """`BlockParser` that loops over a cached list of processors and skips hopeless ones.

    The stock `parseBlocks` iterates the processor registry afresh for every block, which
    sorts and copies it each time. The list is taken once per document instead (the registry
    is not changed while a document is parsed). Processors with a needle set (`_BLOCK_NEEDS`)
    are skipped when none of their needles occurs in the block, which is exactly when the stock
    `test()`/`run()` pair would have let the loop move on without changing anything.
    """

    _fast_processors: list[tuple[BlockProcessor, tuple[str, ...]]]

    def _snapshot(self) -> None:
        self._fast_processors = [(p, _block_needles(p)) for p in self.blockprocessors]

    def parseDocument(self, lines: Iterable[str]) -> etree.ElementTree:  # noqa: N802
        self._snapshot()  # per document, as registry changes between documents are allowed
        return super().parseDocument(lines)

    def parseBlocks(self, parent: etree.Element, blocks: list[str]) -> None:  # noqa: N802
        """The stock loop, over the cached list, with the needle short cut."""
        processors = self._fast_processors
        while blocks:
            for processor, needles in processors:
                if needles:
                    block = blocks[0]
                    for needle in needles:
                        if needle in block:
                            break
                    else:
                        continue  # no needle: the stock test/run would not match either
                # Stock: `if test(...): if run(...) is not False: break` (run returns True/None).
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break


# 3. Table of contents: look for the [TOC] marker only where one could be.


class FastTocTreeprocessor(TocTreeprocessor):
    """`TocTreeprocessor` whose marker search returns early when no element can be the marker.

    The stock `replace_marker` walks the tree joining `itertext()` of every element and only
    replaces an element `c` when `c.text.strip() == marker` (and `len(c) == 0`). If no element
    in the whole tree has such a text, it changes nothing. One pass over `root.iter()` decides
    that; otherwise (or if a non-string tag such as a Comment is present, where the stock walk
    may behave differently) the stock method runs.
    """

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        marker = self.marker
        for el in root.iter():
            text = el.text
            if not isinstance(el.tag, str) or (text and text.strip() == marker):
                super().replace_marker(root, elem)
                return


def speed_up(md: markdown.Markdown, *, force: bool = False) -> bool:
    """Install the overrides on a `Markdown` instance whose extensions are all loaded;
    returns whether it did (only on `CHECKED_VERSIONS`, unless `force`).

    Each override replaces a part only where it is exactly the stock class (a subclass from
    some extension is left alone), by swapping the class of the existing instance: registry
    order, priorities and every existing reference (inline patterns look up
    `md.treeprocessors['inline'].stashed_nodes`) stay as they were.
    """
    if markdown.__version__ not in CHECKED_VERSIONS and not force:
        return False
    inline = _treeprocessor(md, "inline")
    if _swap(inline, InlineProcessor, FastInlineProcessor):
        cast(FastInlineProcessor, inline)._snapshot()
    if _swap(md.parser, BlockParser, FastBlockParser):
        cast(FastBlockParser, md.parser)._snapshot()
    _swap(_treeprocessor(md, "toc"), TocTreeprocessor, FastTocTreeprocessor)
    return True


def _treeprocessor(md: markdown.Markdown, name: str) -> object:
    # Markdown's Registry has no get().
    return md.treeprocessors[name] if name in md.treeprocessors else None  # noqa: SIM401


def _swap(part: object, stock: type, fast: type) -> bool:
    """Give `part` the fast class, if it is exactly the stock one."""
    if type(part) is not stock:
        return False
    part.__class__ = fast
    return True
