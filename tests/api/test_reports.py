"""KPI reports over the API: figures rebuilt from a raw event dump, rollups kept incrementally."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import orjson
from customer_helpers import customer_of, remember
from fastapi.testclient import TestClient
from sqlalchemy import text

from frontline.analytics.kpis import Dimension, facts_from_log, group_facts
from frontline.analytics.working_time import CalendarHours
from frontline.bootstrap import Frontline
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId
from frontline.services.kpi_reports import refresh_kpi_rollups

TIME_DEPENDENT = {"backlog_age_seconds_mean"}


def _traffic(client: TestClient, headers: dict[str, str]) -> list[str]:
    """Three conversations: answered and resolved, reopened, never answered."""
    ids = []
    for channel, text_ in (("chat", "Where is my order?"), ("api", "Refund?"), ("chat", "Hi")):
        response = client.post("/api/v1/conversations", json={"channel": channel, "text": text_})
        ids.append(remember(response.json())["id"])
    first, second, _ = ids
    for cid in (first, second):
        client.post(
            f"/api/v1/conversations/{cid}/replies", json={"text": "On it."}, headers=headers
        )
        client.patch(f"/api/v1/conversations/{cid}", json={"status": "resolved"}, headers=headers)
    client.post(
        f"/api/v1/conversations/{second}/messages",
        json={"text": "Still broken"},
        headers=customer_of(second),
    )
    client.patch(
        f"/api/v1/conversations/{second}",
        json={"assignee": "ana", "queue": "billing"},
        headers=headers,
    )
    return ids


def _raw_dump(frontline: Frontline) -> list[Event]:
    """The events table as a plain dump, parsed without the application's repositories."""
    with frontline.store.engine.connect() as connection:  # type: ignore[attr-defined]  # the SQL store
        rows = connection.execute(
            text("SELECT id, kind, conversation_id, actor, data, created_at FROM events")
        ).all()
    dump = orjson.dumps([list(r) for r in rows], default=str)
    events = []
    for id_, kind, cid, actor, data, created_at in orjson.loads(dump):
        at = datetime.fromisoformat(created_at)
        events.append(
            Event(
                id_,
                EventKind(kind),
                ConversationId(cid),
                actor,
                orjson.loads(data),
                at if at.tzinfo else at.replace(tzinfo=UTC),
            )
        )
    return events


def _recomputed(
    frontline: Frontline, group_by: list[Dimension]
) -> dict[tuple[str, ...], dict[str, Any]]:
    facts = facts_from_log(_raw_dump(frontline), datetime.now(UTC), CalendarHours())
    return {k: t.kpis() for k, t in group_facts(facts, group_by).items()}


def _reported(body: dict[str, Any], group_by: list[str]) -> dict[tuple[str, ...], dict[str, Any]]:
    return {
        tuple(row[d] for d in group_by): {k: v for k, v in row.items() if k not in group_by}
        for row in body["groups"]
    }


def _without_time(
    kpis: dict[tuple[str, ...], dict[str, Any]],
) -> dict[tuple[str, ...], dict[str, Any]]:
    return {k: {n: v for n, v in row.items() if n not in TIME_DEPENDENT} for k, row in kpis.items()}


def test_that_reported_kpis_equal_a_recompute_from_the_raw_event_dump(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given some traffic
    _traffic(client, agent_headers)

    # when the KPIs are reported per channel and handler
    response = client.get(
        "/api/v1/reports/kpis", params={"group_by": "channel,handler"}, headers=agent_headers
    )

    # then they are the figures rebuilt from a plain dump of the event log
    assert response.status_code == 200, response.text
    reported = _reported(response.json(), ["channel", "handler"])
    assert _without_time(reported) == _without_time(
        _recomputed(frontline, [Dimension.channel, Dimension.handler])
    )
    assert response.json()["total"]["conversations"] == 3
    assert response.json()["total"]["resolved"] == 1  # the reopened one waits again
    assert response.json()["total"]["backlog"] == 2


def test_that_incremental_rollups_equal_the_recompute_from_raw_events(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given rollups refreshed in the middle of the traffic, then refreshed again
    ids = _traffic(client, agent_headers)
    refresh_kpi_rollups(frontline.store)
    client.post(
        f"/api/v1/conversations/{ids[2]}/replies", json={"text": "Hello"}, headers=agent_headers
    )
    client.patch(
        f"/api/v1/conversations/{ids[1]}", json={"status": "resolved"}, headers=agent_headers
    )
    client.patch(
        f"/api/v1/conversations/{ids[0]}", json={"queue": "returns"}, headers=agent_headers
    )
    refresh_kpi_rollups(frontline.store)

    # when the report is read grouped by every dimension
    group_by = ["day", "channel", "queue", "agent", "handler"]
    response = client.get(
        "/api/v1/reports/kpis", params={"group_by": ",".join(group_by)}, headers=agent_headers
    )

    # then each rollup row equals the recompute, old contributions moved out of their rows
    recomputed = _recomputed(frontline, [Dimension(d) for d in group_by])
    assert _without_time(_reported(response.json(), group_by)) == _without_time(recomputed)
    assert {key[2] for key in recomputed} == {"returns", "billing", "general"}
    assert response.json()["total"]["reopen_rate"] == 0.5


def test_that_the_kpi_report_exports_csv(client: TestClient, agent_headers: dict[str, str]) -> None:
    # given some traffic
    _traffic(client, agent_headers)

    # when the CSV export is read per channel
    response = client.get(
        "/api/v1/reports/kpis.csv", params={"group_by": "channel"}, headers=agent_headers
    )

    # then it has one row per channel with the KPI columns
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["channel"] for r in rows) == ["api", "chat"]
    assert {r["channel"]: r["conversations"] for r in rows} == {"api": "1", "chat": "2"}


def test_that_a_report_refuses_bad_parameters(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # when a report is asked with an unknown dimension, a reversed period, or no token
    unknown = client.get(
        "/api/v1/reports/kpis", params={"group_by": "planet"}, headers=agent_headers
    )
    reversed_ = client.get(
        "/api/v1/reports/kpis",
        params={"from": "2026-02-01", "to": "2026-01-01"},
        headers=agent_headers,
    )
    anonymous = client.get("/api/v1/reports/kpis")

    # then each gets a clear 4xx error
    assert unknown.status_code == 422
    assert "group_by" in unknown.json()["error"]["message"]
    assert reversed_.status_code == 422
    assert anonymous.status_code == 401
