"""Swedish dates and alphabetical order, without asking the operating system's locale."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import lru_cache

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
