"""Contact reasons for product teams: why customers wrote, week by week, with the reasons
that are emerging and example conversations for each.

``refresh_reason_rollups`` is incremental like the KPI rollups: it takes the events after its
own watermark that can change a reason (a conversation started, an AI turn's understanding, a
tag change), recomputes the reasons of the conversations they touch from those conversations'
events, and moves each conversation's count from its old reasons to its new ones. A report
folds what is new and then reads the daily counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from frontline.analytics.reasons import (
    TRAILING_WEEKS,
    WEEK,
    ConversationReasons,
    ReasonTrend,
    conversation_reasons,
    reason_trends,
    week_starts,
)
from frontline.domain.conversations import Direction
from frontline.domain.events import Event
from frontline.domain.ids import ConversationId
from frontline.services.kpi_reports import check_period
from frontline.services.ports import Store, UnitOfWork

EVENT_BATCH = 20_000
FOLD_BATCH = 500
EXAMPLES_PER_REASON = 3
EXAMPLE_CHARS = 160


@dataclass(frozen=True, slots=True)
class ReasonExample:
    conversation_id: str
    text: str  # the customer's first message, shortened


@dataclass(frozen=True, slots=True)
class ReasonReport:
    first_day: date
    last_day: date
    weeks: tuple[date, ...]  # first days of the 7-day windows ending on last_day
    trends: tuple[ReasonTrend, ...]
    examples: dict[str, tuple[ReasonExample, ...]]


def _fold(tx: UnitOfWork, conversation_ids: Sequence[str]) -> None:
    by_conversation: dict[str, list[Event]] = {cid: [] for cid in conversation_ids}
    for event in tx.reasons.events_of(conversation_ids):
        by_conversation[str(event.conversation_id)].append(event)
    old = tx.reasons.reasons_of(conversation_ids)
    deltas: dict[tuple[str, str], int] = {}
    stored: list[ConversationReasons] = []
    for cid, events in by_conversation.items():
        new = conversation_reasons(events)
        if new is None:
            continue
        before = old.get(cid)
        if before is not None:
            for reason in before.reasons:
                deltas[(before.day, reason)] = deltas.get((before.day, reason), 0) - 1
        for reason in new.reasons:
            deltas[(new.day, reason)] = deltas.get((new.day, reason), 0) + 1
        stored.append(new)
    tx.reasons.put_reasons(stored)
    tx.reasons.add_to_counts({key: delta for key, delta in deltas.items() if delta})


def refresh_reason_rollups(store: Store) -> int:
    """Fold every event after the watermark into the reason counts; conversations refolded."""
    moved = 0
    while True:
        with store.transaction() as tx:
            after = tx.reasons.lock_watermark()
            last = tx.reasons.last_event_id()
            up_to = min(last, after + EVENT_BATCH)
            touched = sorted(tx.reasons.conversations_with_events(after, up_to))
            for start in range(0, len(touched), FOLD_BATCH):
                _fold(tx, touched[start : start + FOLD_BATCH])
            tx.reasons.set_watermark(up_to)
            moved += len(touched)
            if up_to >= last:
                return moved


def _first_words(tx: UnitOfWork, conversation_id: str) -> str:
    for message in tx.messages.for_conversation(ConversationId(conversation_id)):
        if message.direction is Direction.inbound:
            text = " ".join(message.text.split())
            return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"
    return ""


def reason_report(store: Store, first_day: date, last_day: date) -> ReasonReport:
    """Reasons of the conversations started in ``[first_day, last_day]``: weekly counts, the
    emerging flag of the newest week, and the newest conversations of each reason."""
    check_period(first_day, last_day)
    refresh_reason_rollups(store)
    weeks = week_starts(first_day, last_day)
    history_from = weeks[-1] - WEEK * TRAILING_WEEKS
    with store.transaction() as tx:
        counts = tx.reasons.counts(min(history_from, weeks[0]).isoformat(), last_day.isoformat())
        trends = reason_trends(counts, first_day, last_day)
        ids = tx.reasons.examples(
            [t.reason for t in trends],
            first_day.isoformat(),
            last_day.isoformat(),
            EXAMPLES_PER_REASON,
        )
        examples = {
            reason: tuple(ReasonExample(cid, _first_words(tx, cid)) for cid in cids)
            for reason, cids in ids.items()
        }
    return ReasonReport(first_day, last_day, tuple(weeks), tuple(trends), examples)


def report_reasons(report: ReasonReport) -> list[dict[str, object]]:
    """One JSON-ready row per reason."""
    return [
        {
            "reason": t.reason,
            "source": t.source,
            "name": t.name,
            "conversations": t.total,
            "this_week": t.current,
            "trailing_mean": round(t.trailing_mean, 2),
            "emerging": t.emerging,
            "weeks": [{"from": w.isoformat(), "conversations": n} for w, n in t.weeks],
            "examples": [
                {"conversation_id": e.conversation_id, "text": e.text}
                for e in report.examples.get(t.reason, ())
            ],
        }
        for t in report.trends
    ]
