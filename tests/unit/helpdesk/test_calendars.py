"""Business-hours arithmetic against hand-computed expectations (weekend, holiday, DST)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from frontline.domain.calendars import (
    add_business_seconds,
    business_seconds_between,
    calendar_from_hours,
    hours_of,
    is_open,
)
from frontline.domain.errors import InvalidInput

WEEKDAYS = {day: ["09:00-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
HOUR = 3600.0


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def berlin_office(holidays: list[date] | None = None):  # type: ignore[no-untyped-def]
    return calendar_from_hours("office", "Europe/Berlin", WEEKDAYS, holidays)


def test_that_a_weekend_counts_no_business_hours() -> None:
    # given Friday 16:00 Berlin (15:00 UTC, winter) to Monday 10:00 Berlin
    calendar = berlin_office()
    # when / then: one hour on Friday, one on Monday
    assert business_seconds_between(calendar, utc(2026, 1, 9, 15), utc(2026, 1, 12, 9)) == 2 * HOUR


def test_that_a_deadline_skips_the_weekend_and_the_lunch_break() -> None:
    # given four business hours from Friday 16:00 Berlin
    calendar = berlin_office()
    # when
    due = add_business_seconds(calendar, utc(2026, 1, 9, 15), 4 * HOUR)
    # then: Friday 16-17, Monday 09-12 → Monday 12:00 Berlin = 11:00 UTC
    assert due == utc(2026, 1, 12, 11)


def test_that_a_deadline_after_lunch_resumes_at_13() -> None:
    calendar = berlin_office()
    # Monday 11:00 Berlin + 2h: 11-12, then 13-14 → 14:00 Berlin = 13:00 UTC
    assert add_business_seconds(calendar, utc(2026, 1, 12, 10), 2 * HOUR) == utc(2026, 1, 12, 13)


def test_that_a_holiday_is_closed() -> None:
    # given Monday 12 January is a holiday
    calendar = berlin_office([date(2026, 1, 12)])
    # when / then: Friday 16-17 and Tuesday 09-12 → Tuesday 12:00 Berlin
    assert add_business_seconds(calendar, utc(2026, 1, 9, 15), 4 * HOUR) == utc(2026, 1, 13, 11)
    assert business_seconds_between(calendar, utc(2026, 1, 9, 15), utc(2026, 1, 13, 9)) == 2 * HOUR


def test_that_business_hours_follow_the_local_clock_across_spring_forward() -> None:
    # given 09:00-17:00 every day; Berlin moves to summer time on Sunday 29 March 2026
    calendar = calendar_from_hours(
        "daily", "Europe/Berlin", {d: ["09:00-17:00"] for d in ("sat", "sun")}
    )
    saturday_16 = utc(2026, 3, 28, 15)  # CET, UTC+1
    sunday_10 = utc(2026, 3, 29, 8)  # CEST, UTC+2
    # then: one hour on Saturday, one on Sunday, though 17 real hours passed
    assert business_seconds_between(calendar, saturday_16, sunday_10) == 2 * HOUR
    assert add_business_seconds(calendar, saturday_16, 2 * HOUR) == sunday_10


def test_that_a_night_period_is_shorter_in_spring_and_longer_in_autumn() -> None:
    # given 00:00-06:00 on Sundays in New York (DST starts 8 March, ends 1 November 2026)
    calendar = calendar_from_hours("night", "America/New_York", {"sun": ["00:00-06:00"]})
    # then: five real hours on the spring night, seven on the autumn one, six otherwise
    assert business_seconds_between(calendar, utc(2026, 3, 8), utc(2026, 3, 9)) == 5 * HOUR
    assert business_seconds_between(calendar, utc(2026, 11, 1), utc(2026, 11, 2)) == 7 * HOUR
    assert business_seconds_between(calendar, utc(2026, 3, 15), utc(2026, 3, 16)) == 6 * HOUR


def test_that_a_period_to_midnight_counts_to_the_end_of_the_day() -> None:
    calendar = calendar_from_hours("late", "UTC", {"mon": ["20:00-24:00"]})
    assert business_seconds_between(calendar, utc(2026, 1, 12), utc(2026, 1, 14)) == 4 * HOUR
    assert hours_of(calendar) == {"mon": ["20:00-24:00"]}


def test_that_open_and_closed_instants_are_told_apart() -> None:
    calendar = berlin_office()
    assert is_open(calendar, utc(2026, 1, 12, 8))  # 09:00 Berlin
    assert not is_open(calendar, utc(2026, 1, 12, 11, 30))  # lunch
    assert not is_open(calendar, utc(2026, 1, 10, 10))  # Saturday


@pytest.mark.parametrize(
    ("zone", "hours"),
    [
        ("Mars/Olympus", WEEKDAYS),
        ("UTC", {"mon": ["17:00-09:00"]}),
        ("UTC", {"mon": ["09:00-12:00", "11:00-13:00"]}),
        ("UTC", {"someday": ["09:00-12:00"]}),
        ("UTC", {"mon": ["nine to five"]}),
    ],
)
def test_that_a_malformed_calendar_is_refused(zone: str, hours: dict[str, list[str]]) -> None:
    with pytest.raises(InvalidInput):
        calendar_from_hours("bad", zone, hours)


def test_that_a_calendar_without_hours_has_no_deadline() -> None:
    calendar = calendar_from_hours("never", "UTC", {})
    with pytest.raises(InvalidInput):
        add_business_seconds(calendar, utc(2026, 1, 1), 60)
