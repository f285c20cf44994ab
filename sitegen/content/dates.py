"""Dates as editors write them: ISO dates and times, and a guess at other forms for the hint."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo

from sitegen.errors import quoted
from sitegen.swedish import MONTHS, month_name

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
DATE_HINT = ("expected a date written year-month-day, like 2016-01-20 "
            "(or with a time: 2016-01-20T09:30:00+01:00)")  # fmt: skip


def parse_date(
    text: str, tz: tzinfo, report: Callable[[str], None], key: str = "date"
) -> tuple[datetime, bool] | None:
    """`2016-01-20` → midnight in `tz`; an ISO datetime keeps its time (naive means `tz`).
    Anything else is told to `report`, with the line to write for `key` when a date can be
    guessed."""
    if not _ISO.match(text):
        guess = _guess_date(text)
        report(f"{DATE_HINT}, got {quoted(text)}" + (f"; write {key}: {guess}" if guess else ""))
        return None
    impossible = _impossible(text, key)
    if impossible:
        report(f"{quoted(text)} is not a real date: {impossible}")
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tz), False
        value = datetime.fromisoformat(text)
    except ValueError:
        report(f"{quoted(text)} is not a real date and time; {DATE_HINT}")
        return None
    return (value if value.tzinfo else value.replace(tzinfo=tz)), True


def _impossible(text: str, key: str = "date") -> str | None:
    """Why a date and time of the right shape does not exist, or None when it does."""
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
    if not 1 <= month <= 12:
        swapped = f"{year}-{day:02d}-{month:02d}"  # 2016-13-01: the day and the month swapped?
        if 1 <= day <= 12 and month <= calendar.monthrange(year, day)[1] and len(text) == 10:
            return f"there is no month {month} (dates are written year-month-day); write {key}: {swapped}"
        return f"there is no month {month} (dates are written year-month-day)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{month_name(month)} {year} has {days} days"
    hour, minute = (int(text[11:13]), int(text[14:16])) if len(text) > 10 else (0, 0)
    if hour > 23 or minute > 59:
        return f"there is no time {text[11:16]}"
    return None


def _guess_date(text: str) -> str | None:
    """20/01/2016, 20/1 2016, 2016/1/20 or 20 januari 2016 as 2016-01-20, when that is a
    real date."""
    text = text.strip().lower()
    if found := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        year, month, day = found.groups()
    elif found := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.]|\s+)(\d{4})", text):  # 20/1 2016 too
        day, month, year = found.groups()
    elif found := re.fullmatch(r"(\d{1,2})\s+([a-zåäö]{3,})\.?\s+(\d{4})", text):
        day, name, year = found.groups()
        months = [i for i, m in enumerate(MONTHS, 1) if m.startswith(name)]
        if len(months) != 1:
            return None
        month = str(months[0])
    else:
        return None
    guess = f"{year}-{int(month):02d}-{int(day):02d}"
    return guess if _impossible(guess) is None else None


def rfc3339(moment: datetime) -> str:
    """`moment` (timezone-aware) as RFC 3339 / ISO 8601 text for feeds, the sitemap and
    JSON-LD, with its own offset (`2016-01-20T00:00:00+01:00`); in UTC when that offset has
    seconds, which RFC 3339 cannot write: Stockholm's local mean time before 1879,
    +01:12:12, would give `+01:12:12`, which feed readers and validators reject."""
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        moment = moment.astimezone(UTC)
    return moment.isoformat()
