"""KPI reports: the worker folds new events into per-conversation facts and daily rollups,
and a report sums rollups, so it never reads the raw event log beyond what is new.

``refresh_kpi_rollups`` is incremental: it takes the events after the watermark, recomputes
the facts of the conversations they touch from those conversations' events, and moves each
conversation's contribution from its old rollup row to its new one. The backlog changes with
time alone, so reports read it live (open conversations only).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from frontline.analytics.kpis import (
    ConversationFacts,
    Dimension,
    GroupKey,
    KpiTotals,
    conversation_facts,
    dimension_value,
)
from frontline.analytics.working_time import CalendarHours, WorkingTime
from frontline.domain.errors import InvalidInput
from frontline.services.clock import now
from frontline.services.kpi_ports import RollupKey, StoredFacts
from frontline.services.ports import Store, UnitOfWork

EVENT_BATCH = 20_000
RECHECK_BATCH = 5_000
MAX_REPORT_DAYS = 400
MAX_DRILL_DOWN = 200
_ORDER = (Dimension.day, Dimension.channel, Dimension.queue, Dimension.agent, Dimension.handler)
_BACKLOG_FIELDS = ("backlog", "backlog_age_ms")


@dataclass(frozen=True, slots=True)
class KpiReport:
    first_day: date
    last_day: date
    group_by: tuple[Dimension, ...]
    groups: dict[GroupKey, KpiTotals]


def _stored(facts: ConversationFacts) -> StoredFacts:
    totals = KpiTotals()
    totals.add_facts(facts)
    sums = {name: value for name, value in totals.sums().items() if name not in _BACKLOG_FIELDS}
    key: RollupKey = tuple(dimension_value(facts, d) for d in _ORDER)  # type: ignore[assignment]  # five dimensions, five values
    return StoredFacts(facts.conversation_id, key, sums)


def _fold(
    tx: UnitOfWork, conversation_ids: Sequence[str], at: datetime, clock: WorkingTime
) -> None:
    by_conversation: dict[str, list] = {cid: [] for cid in conversation_ids}  # type: ignore[type-arg]  # lists of events
    for event in tx.kpis.events_of(conversation_ids):
        by_conversation[str(event.conversation_id)].append(event)
    old = tx.kpis.facts_of(conversation_ids)
    deltas: dict[RollupKey, KpiTotals] = {}
    stored: list[tuple[StoredFacts, datetime | None]] = []
    for cid, events in by_conversation.items():
        facts = conversation_facts(events, at, clock)
        if facts is None:
            continue
        new = _stored(facts)
        if cid in old:
            deltas.setdefault(old[cid].key, KpiTotals()).subtract(
                KpiTotals.from_sums(old[cid].sums)
            )
        deltas.setdefault(new.key, KpiTotals()).add(KpiTotals.from_sums(new.sums))
        stored.append((new, facts.assumable_at))
    tx.kpis.put_facts(stored)
    tx.kpis.add_to_rollups({k: t.sums() for k, t in deltas.items() if any(t.sums().values())})


def refresh_kpi_rollups(store: Store, clock: WorkingTime | None = None) -> int:
    """Fold every event after the watermark into the rollups; how many conversations moved."""
    clock = clock or CalendarHours()
    moved = 0
    while True:
        with store.transaction() as tx:
            at = now()
            after = tx.kpis.lock_watermark()
            up_to = min(tx.kpis.last_event_id(), after + EVENT_BATCH)
            due = set(tx.kpis.due_rechecks(at, RECHECK_BATCH))
            touched = sorted(set(tx.kpis.conversations_with_events(after, up_to)) | due)
            for start in range(0, len(touched), 500):
                _fold(tx, touched[start : start + 500], at, clock)
            tx.kpis.set_watermark(up_to)
            moved += len(touched)
            if up_to >= tx.kpis.last_event_id():
                return moved


def check_group_by(names: Sequence[str]) -> tuple[Dimension, ...]:
    try:
        dimensions = tuple(Dimension(name.strip()) for name in names if name.strip())
    except ValueError:
        allowed = ", ".join(d.value for d in Dimension)
        raise InvalidInput(f"group_by takes {allowed}") from None
    if len(set(dimensions)) != len(dimensions):
        raise InvalidInput("group_by names a dimension twice")
    return dimensions


def check_period(first_day: date, last_day: date) -> None:
    if last_day < first_day:
        raise InvalidInput("to is before from")
    if (last_day - first_day).days >= MAX_REPORT_DAYS:
        raise InvalidInput(f"a report covers at most {MAX_REPORT_DAYS} days")


def kpi_report(
    store: Store,
    first_day: date,
    last_day: date,
    group_by: Sequence[Dimension],
    where: dict[Dimension, str] | None = None,
) -> KpiReport:
    """KPIs of the conversations started in ``[first_day, last_day]`` that have the ``where``
    dimension values, per ``group_by``."""
    check_period(first_day, last_day)
    refresh_kpi_rollups(store)
    positions = [_ORDER.index(d) for d in group_by]
    wanted = [(_ORDER.index(d), v) for d, v in (where or {}).items()]
    groups: dict[GroupKey, KpiTotals] = {}
    at = now()
    with store.transaction() as tx:
        first, last = first_day.isoformat(), last_day.isoformat()
        for key, sums in tx.kpis.rollups(first, last):
            if any(key[p] != v for p, v in wanted):
                continue
            group = tuple(key[p] for p in positions)
            groups.setdefault(group, KpiTotals()).add(KpiTotals.from_sums(sums))
        for item in tx.kpis.backlog(first, last):
            if any(item.key[p] != v for p, v in wanted):
                continue
            totals = groups.setdefault(tuple(item.key[p] for p in positions), KpiTotals())
            totals.backlog += 1
            totals.backlog_age_ms += round((at - item.created_at).total_seconds() * 1000)
    return KpiReport(first_day, last_day, tuple(group_by), dict(sorted(groups.items())))


def conversations_behind(
    store: Store, first_day: date, last_day: date, where: dict[Dimension, str]
) -> Sequence[str]:
    """The conversations a report figure counts (newest first, at most ``MAX_DRILL_DOWN``)."""
    check_period(first_day, last_day)
    with store.transaction() as tx:
        return tx.kpis.conversation_ids(
            first_day.isoformat(),
            last_day.isoformat(),
            {d.value: v for d, v in where.items()},
            MAX_DRILL_DOWN,
        )


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 30 days, today included."""
    last = today or now().date()
    return last - timedelta(days=29), last


def report_rows(report: KpiReport) -> list[dict[str, object]]:
    """One flat row per group: its dimension values, then every KPI."""
    rows: list[dict[str, object]] = []
    for key, totals in report.groups.items():
        row: dict[str, object] = {d.value: v for d, v in zip(report.group_by, key, strict=True)}
        row.update(totals.kpis())
        rows.append(row)
    return rows


def report_total(report: KpiReport) -> KpiTotals:
    total = KpiTotals()
    for totals in report.groups.values():
        total.add(totals)
    return total


def report_csv(report: KpiReport) -> str:
    output = io.StringIO()
    headers = [d.value for d in report.group_by] + list(KpiTotals().kpis())
    writer = csv.DictWriter(output, fieldnames=headers, lineterminator="\n")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return output.getvalue()
