"""Business-hours calendars: weekly opening periods in one time zone, minus holidays.

A calendar says when the support team works. Periods are local wall-clock times in the
calendar's IANA time zone (``zoneinfo``), several per weekday (``09:00-12:00`` and
``13:00-17:00``); a holiday is a local date with no business hours at all. Every instant
handed in or out is an aware datetime; the arithmetic converts each local period to UTC on its
own date, so a day on which clocks change counts the hours that really passed (a ``00:00-06:00``
period is five hours long on the spring-forward night, seven on the fall-back one).

The two functions other areas read are :func:`business_seconds_between` and
:func:`add_business_seconds`; they are pure and know nothing of storage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontline.domain.errors import InvalidInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# How far ahead a deadline is searched for: a calendar with no hours in this span never
# reaches one (e.g. every weekday closed), which is a configuration error, not a loop.
MAX_SEARCH_DAYS = 3 * 366


@dataclass(frozen=True, slots=True)
class Period:
    """One local opening period on a weekday; ``end`` of ``00:00`` means midnight."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end != time(0) and self.end <= self.start:
            raise InvalidInput(f"a period must end after it starts: {self}")


@dataclass(frozen=True, slots=True)
class Calendar:
    """Weekly hours (index 0 = Monday) in ``timezone``, and holidays (local dates)."""

    name: str
    timezone: str
    weekly: tuple[tuple[Period, ...], ...]
    holidays: frozenset[date] = field(default=frozenset())

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise InvalidInput("a calendar lists the periods of all seven weekdays")
        zone_of(self.timezone)
        for periods in self.weekly:
            ordered = sorted(periods, key=lambda p: p.start)
            for before, after in pairwise(ordered):
                if before.end == time(0) or after.start < before.end:
                    raise InvalidInput(f"periods overlap: {before} and {after}")

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.timezone)


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInput(f"unknown time zone: {name!r}") from error


def parse_period(text: str) -> Period:
    """``"09:00-17:30"`` as a :class:`Period`; ``24:00`` is accepted for midnight."""
    try:
        start_text, end_text = text.strip().split("-")
        end_text = "00:00" if end_text.strip() == "24:00" else end_text
        return Period(time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip()))
    except ValueError as error:
        raise InvalidInput(f"a period reads like 09:00-17:00, not {text!r}") from error


def period_text(period: Period) -> str:
    end = "24:00" if period.end == time(0) else period.end.strftime("%H:%M")
    return f"{period.start.strftime('%H:%M')}-{end}"


def calendar_from_hours(
    name: str, timezone: str, hours: dict[str, list[str]], holidays: list[date] | None = None
) -> Calendar:
    """Build a calendar from ``{"mon": ["09:00-17:00"], ...}``; missing days are closed."""
    unknown = set(hours) - set(WEEKDAYS)
    if unknown:
        raise InvalidInput(f"unknown weekdays: {', '.join(sorted(unknown))}")
    weekly = tuple(
        tuple(sorted((parse_period(p) for p in hours.get(day, [])), key=lambda p: p.start))
        for day in WEEKDAYS
    )
    return Calendar(name, timezone, weekly, frozenset(holidays or ()))


def hours_of(calendar: Calendar) -> dict[str, list[str]]:
    return {
        day: [period_text(p) for p in periods]
        for day, periods in zip(WEEKDAYS, calendar.weekly, strict=True)
        if periods
    }


def _require_aware(*instants: datetime) -> None:
    for instant in instants:
        if instant.tzinfo is None:
            raise InvalidInput("business-hours arithmetic needs aware datetimes")


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as a UTC instant (a time skipped by DST maps forward)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def open_intervals(calendar: Calendar, day: date) -> Iterator[tuple[datetime, datetime]]:
    """The UTC intervals during which ``calendar`` is open on local date ``day``."""
    if day in calendar.holidays:
        return
    zone = calendar.zone
    for period in calendar.weekly[day.weekday()]:
        start = _local(day, period.start, zone)
        if period.end == time(0):
            end = _local(day + timedelta(days=1), time(0), zone)
        else:
            end = _local(day, period.end, zone)
        if end > start:
            yield start, end


def business_seconds_between(calendar: Calendar, start: datetime, end: datetime) -> float:
    """Seconds of business hours in ``[start, end)``; 0 when ``end`` is not after ``start``."""
    _require_aware(start, end)
    if end <= start:
        return 0.0
    zone = calendar.zone
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    total = 0.0
    while day <= last:
        for open_at, close_at in open_intervals(calendar, day):
            low, high = max(open_at, start), min(close_at, end)
            if high > low:
                total += (high - low).total_seconds()
        day += timedelta(days=1)
    return total


def add_business_seconds(calendar: Calendar, start: datetime, seconds: float) -> datetime:
    """The instant at which ``seconds`` of business hours have passed since ``start``.

    With ``seconds == 0`` the answer is ``start`` itself, open or not.
    """
    _require_aware(start)
    if seconds <= 0:
        return start.astimezone(UTC)
    zone = calendar.zone
    day = start.astimezone(zone).date() - timedelta(days=1)
    remaining = seconds
    for _ in range(MAX_SEARCH_DAYS):
        for open_at, close_at in open_intervals(calendar, day):
            low = max(open_at, start)
            if close_at <= low:
                continue
            available = (close_at - low).total_seconds()
            if available >= remaining:
                return low + timedelta(seconds=remaining)
            remaining -= available
        day += timedelta(days=1)
    raise InvalidInput(f"calendar {calendar.name!r} has no business hours ahead")


def is_open(calendar: Calendar, at: datetime) -> bool:
    _require_aware(at)
    local_day = at.astimezone(calendar.zone).date()
    return any(
        open_at <= at < close_at
        for day in (local_day - timedelta(days=1), local_day)
        for open_at, close_at in open_intervals(calendar, day)
    )
