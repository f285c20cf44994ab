"""Field names as a reader sees them: characters that change a name but not how it looks.

A name copied from a web page or a chat can carry an invisible character (a zero-width
space, a soft hyphen), an unusual space (a no-break space before the ':'), or letters typed
in full width by an East Asian input method (`ｋｏｍｍｕｎ`). YAML takes such a name as a
different one: `kommun\u200b: Ale` sets no kommun, and beside `kommun: Ale` it is no repeat.
`read_as` gives the name the reader sees, `oddity` says what in the written name differs.
"""

from __future__ import annotations

import unicodedata

from sitegen.errors import quoted


def _odd(character: str) -> str | None:
    """What kind of odd character `character` is in a name, or None for an ordinary one."""
    category = unicodedata.category(character)
    if category == "Cf":  # format characters: zero-width space and joiners, soft hyphen, BOM, bidi marks
        return "invisible"
    if category == "Zs" and character != " ":  # no-break space, en space, ideographic space, ...
        return "space"
    if unicodedata.decomposition(character).startswith(("<wide>", "<narrow>")):
        return "wide"
    return None


def read_as(name: str) -> str:
    """`name` as a reader sees it: NFC, without invisible characters, full-width letters
    made ordinary, unusual spaces dropped at either end and made ' ' inside. A name of
    plain ASCII (nearly every one) is returned as it is."""
    if name.isascii():
        return name
    kinds = [_odd(character) for character in name]
    start, end = 0, len(name)
    while start < end and kinds[start] in ("invisible", "space"):
        start += 1
    while end > start and kinds[end - 1] in ("invisible", "space"):
        end -= 1
    kept = []
    for character, kind in zip(name[start:end], kinds[start:end], strict=True):
        if kind == "space":
            kept.append(" ")
        elif kind == "wide":
            kept.append(unicodedata.normalize("NFKC", character))
        elif kind is None:
            kept.append(character)
    return unicodedata.normalize("NFC", "".join(kept))


def oddity(name: str) -> str | None:
    """What makes the written `name` differ from `read_as(name)` though it looks alike, in
    words that follow "written" in an error message (`with an invisible character (U+200B
    ZERO WIDTH SPACE) after 'kommun'`), or None when nothing does (decomposed å ä ö (NFD) are not odd: they
    are the same letters, and read as such)."""
    if name.isascii():
        return None
    if all(_odd(c) == "wide" for c in name):
        return "in full-width letters (as an East Asian input method types them)"
    for i, character in enumerate(name):
        kind = _odd(character)
        if kind in ("invisible", "space"):
            what = "an invisible character" if kind == "invisible" else "an unusual space"
            code = f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed')}"
            before, after = read_as(name[:i]), read_as(name[i + 1 :])
            where = f"after {quoted(before)}" if before else f"before {quoted(after)}" if after else "alone"
            return f"with {what} ({code}) {where}"
        if kind == "wide":
            return f"with the full-width character {quoted(character)} (as an East Asian input method types it)"
    return None
