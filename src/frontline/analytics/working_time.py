"""How much working time lies between two instants.

Every duration KPI is measured through a ``WorkingTime``. ``CalendarHours`` (24/7) is what
reports use today; a business-hours calendar plugs in by implementing the same protocol.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class WorkingTime(Protocol):
    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Working seconds in ``[start, end)``; 0 when ``end`` is not after ``start``."""
        ...


class CalendarHours:
    """Every second counts: calendar hours, as Zendesk's "calendar hours" metrics."""

    def seconds_between(self, start: datetime, end: datetime) -> float:
        return max(0.0, (end - start).total_seconds())
