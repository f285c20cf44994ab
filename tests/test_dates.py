"""Dates as editors write them: the hint says the date they most likely mean."""

from __future__ import annotations

from datetime import UTC

import pytest

from sitegen.content.dates import parse_date


@pytest.mark.parametrize(
    ("written", "told"),
    [
        ("20/1 2016", "got '20/1 2016'; write date: 2016-01-20"),  # found by a helper session: no hint
        ("20/01/2016", "got '20/01/2016'; write date: 2016-01-20"),
        ("20 jan 2016", "got '20 jan 2016'; write date: 2016-01-20"),
        ("2016-13-01", "there is no month 13 (dates are written year-month-day); write date: 2016-01-13"),
        ("2016-13-45", "there is no month 13 (dates are written year-month-day)"),  # no date it could be
        ("2016-02-30", "februari 2016 has 29 days"),
    ],
)
def test_a_date_written_another_way_is_told_with_the_date_it_likely_means(written: str, told: str) -> None:
    said: list[str] = []
    assert parse_date(written, UTC, said.append) is None
    assert len(said) == 1 and said[0].endswith(told), said


def test_the_hint_names_the_field_it_is_for() -> None:
    """`updated: 20/1 2016` is told `write updated: …`, not `write date: …` (found by a
    helper session)."""
    said: list[str] = []
    parse_date("20/1 2016", UTC, said.append, "updated")
    parse_date("2016-14-02", UTC, said.append, "updated")
    assert said[0].endswith("; write updated: 2016-01-20") and said[1].endswith("; write updated: 2016-02-14")


def test_rfc3339_writes_an_offset_with_seconds_in_utc() -> None:
    """Found by a helper session: 1899-12-31 in Europe/Stockholm (local mean time,
    +01:12:12 before 1879 and +01:00:14 until 1900) gave `+01:00:14` in feeds and the sitemap."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sitegen.content.dates import rfc3339

    zone = ZoneInfo("Europe/Stockholm")
    assert rfc3339(datetime(1899, 12, 31, tzinfo=zone)) == "1899-12-30T22:59:46+00:00"
    assert rfc3339(datetime(2016, 1, 20, tzinfo=zone)) == "2016-01-20T00:00:00+01:00"
    assert rfc3339(datetime(2016, 7, 1, 9, 30, tzinfo=zone)) == "2016-07-01T09:30:00+02:00"
