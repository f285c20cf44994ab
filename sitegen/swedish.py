"""Swedish dates, alphabetical order and phone numbers, without asking the operating system's locale."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from sitegen.errors import quoted

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {letter: 100 + i for i, letter in enumerate(_ALPHABET)}
# Letters Swedish dictionaries file under another letter.
_FILED_AS = {"æ": "ä", "ø": "ö", "ü": "y", "œ": "ö"}


def format_date(value: date | datetime) -> str:
    """`20 januari 2016`: the day without a leading zero, the month in lower case."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    return MONTHS[month - 1]


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], str, str]:
    """A key that orders text the Swedish way: å, ä, ö after z; é with e; case second."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return (tuple(map(_rank, folded)), folded, text)


@lru_cache(maxsize=4096)
def _rank(ch: str) -> int:
    ch = _FILED_AS.get(ch, ch)
    if ch in _RANK:
        return _RANK[ch]
    if ch.isdigit():
        return 10 + unicodedata.digit(ch, 0)
    base = unicodedata.normalize("NFD", ch)[0]
    if base in _RANK:
        return _RANK[base]
    if not ch.isalnum():
        return 0  # spaces and punctuation sort before everything else
    return 1000 + ord(ch)


# "08-123 45 67 ankn. 12": the Swedish words for an extension, which libphonenumber reads
# only in English ("ext. 12", "x12"); otherwise it would dial the letters (a-n-k-n).
_EXTENSION = re.compile(r"\s*,?\s*\b(?:ankn(?:ytning)?|anknytningsnummer)\b\.?:?\s*(?=\d)", re.IGNORECASE)


@cache  # every number of the site, once a process (its parse is `_parsed`'s)
def phone_uri(text: str) -> str | None:
    """The `tel:` address (RFC 3966, without the scheme) of a phone number as an editor
    writes it, or None when `text` is not one. Read by libphonenumber (the `phonenumbers`
    package, Google's rules for every country's numbering plan) with Sweden as the home
    country: `0303-33 00 00` → `+46303330000`, `+46 (0)31-365 34 85` → `+46313653485`
    (the national prefix in brackets dropped), `08-123 45 67 ankn. 12` → `+4681234567;ext=12`,
    `+47 22 22 22 22` → `+4722222222`; a short number (`1177`) is dialled as it is, in its
    country (`1177;phone-context=+46`, RFC 3966's local number). Any other number must have
    a possible length for its country (libphonenumber's `is_possible_number`). `ring mig`,
    `08-123` and `0303-33 00 00 vxl` (letters, which a keypad would dial) are not numbers to
    link."""
    import phonenumbers  # here: a build that finds nothing changed dials nothing

    if _lettered(text):
        return None  # letters: libphonenumber would dial them as a keypad's digits ("vxl" → 895)
    number = _parsed(text).number
    if number is None:
        return None
    if phonenumbers.is_valid_short_number(number) and not phonenumbers.is_possible_number(number):
        extension = f";ext={number.extension}" if number.extension else ""
        return f"{number.national_number}{extension};phone-context=+{number.country_code}"  # 1177, 112
    if not phonenumbers.is_possible_number(number):
        return None
    found = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{found};ext={number.extension}" if number.extension else found


# A number with a range or a second number after it: `0303-33 00 00–05`, `… 00 00/01`,
# `0303-33 00 00, 0303-33 00 01`, `… eller 0303-33 00 01`.
_SEVERAL = re.compile(r"\s*(?:[-–—/,;&+]|\b(?:till|och|eller|el\.|resp\.))\s*(?=[\d+(])", re.IGNORECASE)


def first_of_several(text: str) -> tuple[str, str] | None:
    """When `text` is more than one phone number written as one (`0303-33 00 00–05`, a range;
    `0303-33 00 00 / 0303-33 00 01`, two), which a link cannot dial: the first number, as
    written, and `a range of numbers` or `several numbers`; else None. The first must be a
    number in use (`phone_doubt` has nothing to say of it), and `text` whole no such number."""
    if _in_use(text):
        return None
    for found in _SEVERAL.finditer(text):
        first, rest = text[: found.start()].strip(), text[found.end() :].strip()
        if not first or not phone_uri(first) or phone_doubt(first):
            continue
        short = re.fullmatch(r"\d{1,4}", rest) is not None  # the last digits of the range's end
        ranged = short and found.group().strip().casefold() in ("-", "–", "—", "/", "till")
        return first, "a range of numbers" if ranged else "several numbers"
    return None


# An extension marked in words, as `phone_uri` reads them: `ankn. 12` (`_EXTENSION`) or `ext. 12`.
_EXTENSION_WORD = re.compile(r"\bext\.\s*(?=\d)", re.IGNORECASE)
# The signs libphonenumber also takes for the start of an extension (`, 12`, `;12`, `# 12`,
# `~12`), with the digits after them, at the end of the number.
_EXTENSION_SIGN = re.compile(r"\s*([,;#~]+)\s*(\d+)\s*#?\s*$")


def unmarked_extension(text: str) -> tuple[str, str, str] | None:
    """When `phone_uri` would dial the end of `text` as an extension that no word marks as
    one, but a sign: `0303-33 00 00, 01` (`;ext=01`), `… ;01`, `… # 01`, `… ~01`. Swedish
    text writes an extension `ankn. 12`; a comma before digits rather starts a second
    number, or the end of a range, and `;`, `#` or `~` are a slip. Then (the number before
    the sign, as written; the sign; the digits after it), else None."""
    uri = phone_uri(text)
    if uri is None or ";ext=" not in uri or _EXTENSION.search(text) or _EXTENSION_WORD.search(text):
        return None
    found = _EXTENSION_SIGN.search(text)
    if found is None:
        return None
    return text[: found.start()].strip(), found.group(1), found.group(2)


def phone_doubt(text: str) -> str | None:
    """Why the number `text`, which `phone_uri` dials, is likely mistyped, or None: it is in
    no range of its country's numbering plan (libphonenumber's `is_valid_number`; `000-000
    00 00`, a digit too many). A short number (`1177`) is not doubted. A warning, not an error:
    the plan the library knows may lag behind a number series newly taken into use."""
    uri = phone_uri(text)
    if uri is None or "phone-context" in uri or _in_use(text):
        return None
    number = _parsed(text).number
    assert number is not None  # as `phone_uri` dialled it
    return (f"{quoted(text)} is no number in use by the numbering plan of +{number.country_code} "
            f"(by libphonenumber); a link would dial tel:{uri}; check the digits")  # fmt: skip


def phone_refusal(text: str) -> str | None:
    """Why `text`, which `phone_uri` does not dial, is no phone number, when its digits say
    so (too many or too few for its country, a country code no country has); else None,
    as for text with letters, which libphonenumber would count as a keypad's digits."""
    import phonenumbers

    if _lettered(text):
        return None
    number, error = _parsed(text)
    if number is None:
        assert error is not None  # no number, so why
        return {
            phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "no country has the code after its '+'",
            phonenumbers.NumberParseException.TOO_LONG: "it has too many digits for a phone number",
        }.get(error)
    reason = phonenumbers.is_possible_number_with_reason(number)
    where = "Sweden" if number.country_code == 46 else f"+{number.country_code}"
    return {
        phonenumbers.ValidationResult.TOO_LONG: f"it has too many digits for a number in {where}",
        phonenumbers.ValidationResult.TOO_SHORT: f"it has too few digits for a number in {where}",
        phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "no country has the code after its '+'",
    }.get(reason)


@cache
def _in_use(text: str) -> bool:
    """Whether `text` is a number libphonenumber finds in its country's numbering plan."""
    import phonenumbers

    number = _parsed(text).number
    return number is not None and phonenumbers.is_valid_number(number)


def _lettered(text: str) -> bool:
    """Whether `text` has letters besides the words that mark an extension (`ankn.`,
    `ext.`), which libphonenumber would dial as a keypad's digits."""
    return re.search(r"[^\W\d_]", re.sub(r"\bext\. ", "", _EXTENSION.sub(" ext. ", text))) is not None


class _Parse(NamedTuple):
    """What libphonenumber read a text as: a number, or (when `number` is None) why none."""

    number: PhoneNumber | None
    error: int | None  # a `NumberParseException.error_type`, when `number` is None


@cache  # a parse costs 25–40 µs, and validating one field asks for it two or three times
def _parsed(text: str) -> _Parse:
    """libphonenumber's reading of `text`, with Sweden as the home country and the Swedish
    words for an extension (`ankn. 12`) as the English it reads (`ext. 12`). The one place
    a number is parsed: `phone_uri`, `phone_doubt`, `phone_refusal` and `_in_use` all ask
    it, and the cache makes that one parse a text a process. A cache rather than a parsed
    number handed from one to the next, as they are asked one at a time (validation's
    `Checker.phone`, `first_of_several` of the parts of a text, the tests), each of the
    text as the editor wrote it. The number it returns is shared: read it, never change it."""
    import phonenumbers

    try:
        return _Parse(phonenumbers.parse(_EXTENSION.sub(" ext. ", text), "SE"), None)
    except phonenumbers.NumberParseException as exc:
        return _Parse(None, exc.error_type)
