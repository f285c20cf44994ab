"""An <img>'s `width` and `height` as browsers read them, and what the editor is told of one
that does not say what it seems to.

HTML reads these attributes by its "rules for parsing dimension values" (WHATWG HTML,
common microsyntaxes): leading whitespace, digits with an optional fraction, and a `%`
right after the number makes a percentage; anything else after the number is ignored, so
`12.5em` is 12.5 pixels and `0300` is 300. `parse` follows those rules, so that sitegen's
idea of an image's size is the browser's.
"""

from __future__ import annotations

from dataclasses import dataclass

_WHITESPACE = "\t\n\f\r "  # HTML's ASCII whitespace (str.strip would take more)
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Dimension:
    """A width or height as HTML reads it: `value` pixels, or `value` percent of the column."""

    value: float
    percent: bool = False
    rest: str = ""  # what follows the number (the `%` not included): `em` in `12.5em`

    def __str__(self) -> str:
        """The value as an attribute says it: `300`, `300.5`, `50%`."""
        number = f"{self.value:.4f}".rstrip("0").rstrip(".")
        return number + ("%" if self.percent else "")


def parse(value: str) -> Dimension | None:
    """`value` (an attribute's value, unescaped) read by HTML's rules for parsing dimension
    values: None where they fail (no digit after the leading whitespace: `auto`, `-5`, ``)."""
    text = value.lstrip(_WHITESPACE)
    digits = len(text) - len(text.lstrip(_DIGITS))
    if not digits:
        return None
    number, rest = float(text[:digits]), text[digits:]
    if rest.startswith(".") and rest[1:2] and rest[1] in _DIGITS:
        fraction = len(rest) - 1 - len(rest[1:].lstrip(_DIGITS))
        number += float("0." + rest[1 : 1 + fraction])
        rest = rest[1 + fraction :]
    elif rest.startswith("."):  # `300.`, `50.%`: the dot is passed over
        rest = rest[1:]
    if rest.startswith("%"):
        return Dimension(number, True, rest[1:])
    return Dimension(number, False, rest)


def judge(name: str, value: str | None) -> tuple[Dimension | None, str | None]:
    """What sitegen takes the attribute `name` (width or height) of an <img> written as
    `value` (unescaped; None or blank: not given) for, and what to tell the editor of it.

    Pixels (`300`, `300px`, `0300`, and `300/` or `300px;` with stray marks but no other
    unit) and percentages (`50%`) are taken, silently. Anything
    else is taken for no size at all and told: a length in another unit (`12.5em`), which
    browsers read as that many pixels; zero, which hides the image; and what they cannot
    read (`auto`, `-5`), which they ignore."""
    if value is None or not value.strip(_WHITESPACE):
        return None, None
    found = parse(value)
    examples = f'write pixels ({name}="300") or a percentage ({name}="50%"); until then the image is shown as if it had no {name}'
    written = f'{name}="{value}"'
    if found is None:
        return None, f"{written}: HTML reads no size in it (it must start with a digit), so browsers ignore it; {examples}"
    if found.value == 0:
        shown = f"{found}{'' if found.percent else ' pixels'}"
        return None, f"{written}: HTML reads it as {shown}, which hides the image; {examples}"
    unit = "".join(character for character in found.rest if character.isalpha()).lower()
    if not found.percent and (unit not in ("", "px") or "%" in found.rest):  # `300/`, `300px;`: pixels; `50 %` not
        return None, f"{written}: HTML reads it as {found} pixels; {examples}"
    return found, None
