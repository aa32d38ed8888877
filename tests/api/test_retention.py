"""Retention: the worker erases the text of conversations a rule says are due, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

from frontline.bootstrap import Frontline, build
from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.retention import RetentionRule
from frontline.services.audit import audit_entries, verify_audit_log
from frontline.services.privacy import apply_retention
from frontline.worker.runner import RunningWorker


def _conversation(client: TestClient, headers: dict[str, str], channel: str, status: str) -> str:
    cid: str = client.post(
        "/api/v1/conversations", json={"channel": channel, "text": f"{channel} anna@example.com"}
    ).json()["id"]
    if status != "open":
        client.patch(f"/api/v1/conversations/{cid}", json={"status": status}, headers=headers)
    return cid


def _age(frontline: Frontline, cid: str, days: int) -> None:
    """Make the conversation's last change ``days`` old."""
    with frontline.engine.begin() as connection:
        connection.execute(
            text("UPDATE conversations SET updated_at = :at WHERE id = :id"),
            {"at": datetime.now(UTC) - timedelta(days=days), "id": cid},
        )


def _texts(client: TestClient, headers: dict[str, str], cid: str) -> list[str]:
    body = client.get(f"/api/v1/conversations/{cid}", headers=headers).json()
    return [m["text"] for m in body["messages"]]


def test_that_retention_erases_only_the_conversations_that_are_due(
    client: TestClient, admin_headers: dict[str, str], frontline: Frontline
) -> None:
    # given resolved chats 40 and 10 days old, an open chat and a resolved email 40 days old
    due = _conversation(client, admin_headers, "chat", "resolved")
    recent = _conversation(client, admin_headers, "chat", "resolved")
    still_open = _conversation(client, admin_headers, "chat", "open")
    email = _conversation(client, admin_headers, "email", "resolved")
    for cid, days in ((due, 40), (recent, 10), (still_open, 40), (email, 40)):
        _age(frontline, cid, days)

    # when the rule "resolved chats, 30 days" is applied
    run = apply_retention(frontline.store, [RetentionRule(days=30, channel=Channel.chat)])

    # then only the old resolved chat lost its text, and each step is audited
    assert run.total == 1
    assert _texts(client, admin_headers, due) == ["[erased]"]
    for kept in (recent, still_open, email):
        assert _texts(client, admin_headers, kept)[0].endswith("anna@example.com")
    actions = [(e.action, e.target) for e in audit_entries(frontline.store, None, 10)]
    assert actions[:2] == [
        ("retention.run", "retention"),
        ("retention.erase", f"conversation:{due}"),
    ]
    assert verify_audit_log(frontline.store).intact

    # and a second run finds nothing more to do
    assert (
        apply_retention(frontline.store, [RetentionRule(days=30, channel=Channel.chat)]).total == 0
    )


def test_that_the_worker_sweep_runs_the_retention_rules_of_the_settings(
    client: TestClient, admin_headers: dict[str, str], frontline: Frontline
) -> None:
    # given a rule in the settings and a closed conversation 8 days old
    configured = build(
        frontline.settings.model_copy(
            update={"retention_rules": [RetentionRule(days=7, status=ConversationStatus.closed)]}
        ),
        frontline.engine,
    )
    cid = _conversation(client, admin_headers, "api", "closed")
    _age(frontline, cid, 8)

    # when the worker sweeps once and its jobs finish
    worker = RunningWorker(configured, threads=1, sweep_seconds=60).start()
    try:
        worker.sweep_once()
        worker.join()
    finally:
        worker.stop()

    # then the conversation's text is erased
    assert _texts(client, admin_headers, cid) == ["[erased]"]
