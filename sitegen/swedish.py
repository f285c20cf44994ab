"""Swedish dates, alphabetical order and phone numbers, without asking the operating system's locale."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache, lru_cache

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


@cache  # every number of the site, once a process: a parse costs 40 µs
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

    written = _EXTENSION.sub(" ext. ", text)
    if re.search(r"[^\W\d_]", re.sub(r"\bext\. ", "", written)):
        return None  # letters: libphonenumber would dial them as a keypad's digits ("vxl" → 895)
    try:
        number = phonenumbers.parse(written, "SE")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_short_number(number) and not phonenumbers.is_possible_number(number):
        extension = f";ext={number.extension}" if number.extension else ""
        return f"{number.national_number}{extension};phone-context=+{number.country_code}"  # 1177, 112
    if not phonenumbers.is_possible_number(number):
        return None
    found = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{found};ext={number.extension}" if number.extension else found
