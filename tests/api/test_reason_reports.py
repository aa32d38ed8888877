"""Contact reasons over the API: the AI's understanding and the tags of real conversations,
counted incrementally by the rollups and equal to a recompute from the raw event log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from frontline.analytics.reasons import conversation_reasons
from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.events import Event, EventKind
from frontline.domain.ids import ConversationId
from frontline.services.demo import reset_backoffice
from frontline.services.reason_reports import refresh_reason_rollups
from frontline.storage.codec import load_json
from frontline.web.app import create_app


@pytest.fixture
def agent_frontline(settings: Settings, engine: Engine) -> Frontline:
    frontline = build(settings.model_copy(update={"agent_enabled": True}), engine)
    reset_backoffice(frontline)
    return frontline


@pytest.fixture
def agent_client(agent_frontline: Frontline) -> Iterator[TestClient]:
    with TestClient(create_app(agent_frontline), raise_server_exceptions=False) as client:
        yield client


def _start(client: TestClient, words: str) -> str:
    response = client.post("/api/v1/conversations", json={"channel": "chat", "text": words})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _report(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    today = datetime.now(UTC).date().isoformat()
    response = client.get(
        "/api/v1/reports/reasons", params={"from": today, "to": today}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _recomputed(frontline: Frontline) -> dict[str, int]:
    """Conversations per reason from a plain read of the events table."""
    with frontline.store.engine.connect() as connection:  # type: ignore[attr-defined]  # the SQL store
        rows = connection.execute(
            text(
                "SELECT id, kind, conversation_id, actor, data, created_at FROM events ORDER BY id"
            )
        ).all()
    by_conversation: dict[str, list[Event]] = {}
    for id_, kind, cid, actor, data, created_at in rows:
        # SQLite returns text, PostgreSQL a datetime
        at = datetime.fromisoformat(created_at) if isinstance(created_at, str) else created_at
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        event = Event(id_, EventKind(kind), ConversationId(cid), actor, load_json(data), at)
        by_conversation.setdefault(cid, []).append(event)
    counts: dict[str, int] = {}
    for events in by_conversation.values():
        folded = conversation_reasons(events)
        for reason in folded.reasons if folded else ():
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def test_that_product_teams_see_why_customers_wrote_with_examples(
    agent_client: TestClient, agent_frontline: Frontline, agent_headers: dict[str, str]
) -> None:
    # given two customers who want to cancel and one asking where an order is, one tagged
    cancels = [_start(agent_client, "I want to cancel my order") for _ in range(2)]
    status = _start(agent_client, "Where is my order? It has not arrived yet")
    agent_client.patch(
        f"/api/v1/conversations/{status}", json={"tags": ["late-delivery"]}, headers=agent_headers
    )
    # when the reasons report is read
    body = _report(agent_client, agent_headers)
    # then each reason counts its conversations, newest examples first, with their words
    reasons = {row["reason"]: row for row in body["reasons"]}
    assert reasons["intent:cancel_order"]["conversations"] == 2
    assert reasons["intent:order_status"]["conversations"] == 1
    assert reasons["tag:late-delivery"]["conversations"] == 1
    examples = reasons["intent:cancel_order"]["examples"]
    assert {e["conversation_id"] for e in examples} == set(cancels)
    assert examples[0]["text"] == "I want to cancel my order"
    assert reasons["tag:late-delivery"]["weeks"][-1]["conversations"] == 1
    assert reasons["tag:late-delivery"]["emerging"] is False  # under the minimum of 5
    assert {k: r["conversations"] for k, r in reasons.items()} == _recomputed(agent_frontline)


def test_that_incremental_reason_counts_follow_later_turns_and_tag_changes(
    agent_client: TestClient, agent_frontline: Frontline, agent_headers: dict[str, str]
) -> None:
    # given conversations already folded into the counts
    first = _start(agent_client, "I want to cancel my order")
    second = _start(agent_client, "Where is my order?")
    agent_client.patch(
        f"/api/v1/conversations/{second}", json={"tags": ["vip"]}, headers=agent_headers
    )
    assert refresh_reason_rollups(agent_frontline.store) == 2
    # when they go on: a tag replaced, a new request in a later turn, a new conversation
    agent_client.patch(
        f"/api/v1/conversations/{second}", json={"tags": ["damaged"]}, headers=agent_headers
    )
    agent_client.post(
        f"/api/v1/conversations/{first}/messages",
        json={"text": "Actually I'd rather return the items I received"},
    )
    _start(agent_client, "I want to return a broken lamp")
    body = _report(agent_client, agent_headers)
    # then the counts equal a recompute from the whole log, and the old tag is gone
    counts = {row["reason"]: row["conversations"] for row in body["reasons"]}
    assert counts == _recomputed(agent_frontline)
    assert "tag:vip" not in counts
    assert counts["tag:damaged"] == 1


def test_that_the_reasons_report_refuses_a_period_that_ends_before_it_starts(
    agent_client: TestClient, agent_headers: dict[str, str]
) -> None:
    response = agent_client.get(
        "/api/v1/reports/reasons",
        params={"from": "2026-11-30", "to": "2026-11-01"},
        headers=agent_headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "to is before from"


def test_that_a_tag_sent_with_a_nul_byte_is_counted_without_it(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a conversation tagged with a NUL byte in the tag (PostgreSQL refuses NUL)
    cid = _start(client, "Where is my order?")
    client.patch(
        f"/api/v1/conversations/{cid}", json={"tags": ["late\x00-delivery"]}, headers=agent_headers
    )

    # when the reasons report folds it
    body = _report(client, agent_headers)

    # then the report is read, the tag counted under its words
    counts = {row["reason"]: row["conversations"] for row in body["reasons"]}
    assert counts["tag:late-delivery"] == 1
