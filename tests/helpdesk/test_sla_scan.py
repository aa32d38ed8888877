"""The SLA scan on real storage (SQLite and PostgreSQL): events, escalations, idempotence."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from frontline.bootstrap import Frontline, build
from frontline.channels.webhooks import WebhookFailed, deliver_webhook
from frontline.domain.conversations import Channel, Priority
from frontline.domain.errors import Conflict, InvalidInput, NotFound
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId
from frontline.domain.sla import Escalation, EscalationKind, SlaMetric, SlaState, SlaTarget
from frontline.services import sla
from frontline.services.clock import now
from frontline.services.conversations import ConversationChanges, update_conversation
from frontline.services.messages import post_human_reply, start_conversation


class RecordingJobs:
    def __init__(self) -> None:
        self.enqueued: list[tuple[str, str]] = []

    def enqueue(self, job: str, argument: str) -> None:
        self.enqueued.append((job, argument))


def first_reply_policy(frontline: Frontline, *escalations: Escalation, minutes: int = 30) -> None:
    sla.create_sla_policy(
        frontline.store,
        sla.PolicyCreate(
            name="chat",
            targets={
                p: (SlaTarget(SlaMetric.first_reply, minutes, business_hours=False),)
                for p in Priority
            },
            warn_before_minutes=10,
            escalations=escalations,
        ),
    )


def open_chat(frontline: Frontline) -> ConversationId:
    outcome = start_conversation(
        frontline.store, Channel.chat, "my order is late", None, frontline.limits
    )
    return outcome.conversation.id


def sla_events(frontline: Frontline, conversation_id: ConversationId) -> list[tuple[str, str]]:
    with frontline.store.transaction() as tx:
        return [
            (e.kind.value, e.data["metric"])
            for e in tx.events.for_conversation(conversation_id)
            if e.kind.value.startswith("sla_")
        ]


def test_that_a_breach_is_recorded_once_and_escalates(frontline: Frontline) -> None:
    # given a 30-minute first reply target that raises priority and moves the queue on breach
    first_reply_policy(
        frontline,
        Escalation(EscalationKind.raise_priority),
        Escalation(EscalationKind.move_queue, "Supervisors"),
    )
    conversation_id = open_chat(frontline)
    jobs = RecordingJobs()
    # when the scan runs now, 25 minutes later and 40 minutes later, twice
    sla.scan_slas(frontline.store, jobs)
    warned = sla.scan_slas(frontline.store, jobs, now() + timedelta(minutes=25))
    breached = sla.scan_slas(frontline.store, jobs, now() + timedelta(minutes=40))
    again = sla.scan_slas(frontline.store, jobs, now() + timedelta(minutes=41))
    # then one warning, one breach, and nothing more the second time
    assert (warned.warnings, breached.breaches, again.breaches + again.warnings) == (1, 1, 0)
    assert sla_events(frontline, conversation_id) == [
        ("sla_warning", "first_reply"),
        ("sla_breached", "first_reply"),
    ]
    with frontline.store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        changes = [e for e in tx.events.for_conversation(conversation_id) if e.actor == "sla:chat"]
    assert conversation is not None
    assert (conversation.priority, conversation.queue) == (Priority.high, "supervisors")
    assert {e.kind for e in changes} >= {EventKind.priority_changed, EventKind.queue_changed}


def test_that_a_reply_in_time_is_recorded_as_achieved(frontline: Frontline) -> None:
    first_reply_policy(frontline)
    conversation_id = open_chat(frontline)
    post_human_reply(frontline.store, conversation_id, "On it!", "stf_ana", frontline.limits)
    report = sla.scan_slas(frontline.store, RecordingJobs(), now() + timedelta(hours=2))
    assert report.achievements == 1
    assert sla_events(frontline, conversation_id) == [("sla_achieved", "first_reply")]
    clocks = sla.conversation_sla(frontline.store, conversation_id).clocks
    assert [c.state for c in clocks] == [SlaState.achieved]


def test_that_a_timer_survives_the_worker_that_set_it(frontline: Frontline) -> None:
    # given a worker that evaluated the conversation and then died
    first_reply_policy(frontline)
    conversation_id = open_chat(frontline)
    sla.scan_slas(frontline.store, RecordingJobs())
    # when a fresh process scans after the deadline
    fresh = build(frontline.settings, frontline.engine)
    report = sla.scan_slas(fresh.store, RecordingJobs(), now() + timedelta(hours=1))
    # then it finds the timer row and records the breach
    assert report.breaches == 1
    with fresh.store.transaction() as tx:
        timer = tx.sla.timer(conversation_id)
    assert timer is not None
    assert timer.check_at is None  # nothing left to record until the conversation changes


def test_that_a_queue_change_is_rescanned(frontline: Frontline) -> None:
    # given a policy that covers the vip queue only
    sla.create_sla_policy(
        frontline.store,
        sla.PolicyCreate(
            name="vip",
            conditions=sla.SlaConditions(queues=frozenset({"vip"})),
            targets={
                Priority.normal: (SlaTarget(SlaMetric.first_reply, 60, business_hours=False),)
            },
        ),
    )
    conversation_id = open_chat(frontline)
    sla.scan_slas(frontline.store, RecordingJobs())
    with frontline.store.transaction() as tx:
        timer = tx.sla.timer(conversation_id)
    assert timer is not None
    assert timer.due_at is None
    # when it moves to vip, then the next scan gives it a deadline
    update_conversation(
        frontline.store, conversation_id, ConversationChanges(queue="vip"), "stf_ana"
    )
    sla.scan_slas(frontline.store, RecordingJobs())
    with frontline.store.transaction() as tx:
        timer = tx.sla.timer(conversation_id)
    assert timer is not None
    assert timer.due_at is not None


def test_that_a_webhook_escalation_is_enqueued_after_the_breach(frontline: Frontline) -> None:
    first_reply_policy(frontline, Escalation(EscalationKind.webhook, "http://127.0.0.1:9/hook"))
    conversation_id = open_chat(frontline)
    jobs = RecordingJobs()
    sla.scan_slas(frontline.store, jobs, now() + timedelta(hours=1))
    [(job, argument)] = jobs.enqueued
    payload = json.loads(argument)["payload"]
    assert job == sla.SEND_SLA_WEBHOOK
    assert (payload["event"], payload["conversation_id"], payload["metric"]) == (
        "sla_breached",
        conversation_id,
        "first_reply",
    )


def test_that_bad_configuration_is_refused(frontline: Frontline) -> None:
    store = frontline.store
    sla.create_business_calendar(store, "office", "Europe/Berlin", {"mon": ["09:00-17:00"]})
    with pytest.raises(Conflict):
        sla.create_business_calendar(store, "office", "UTC", {})
    with pytest.raises(InvalidInput):
        sla.create_business_calendar(store, "x", "Nowhere/Atlantis", {})
    with pytest.raises(NotFound):
        sla.create_sla_policy(
            store,
            sla.PolicyCreate(
                name="p",
                calendar="missing",
                targets={Priority.normal: (SlaTarget(SlaMetric.first_reply, 5),)},
            ),
        )
    with pytest.raises(InvalidInput):
        sla.create_sla_policy(
            store,
            sla.PolicyCreate(
                name="p",
                targets={Priority.normal: (SlaTarget(SlaMetric.first_reply, 5),)},
            ),
        )  # business hours without a calendar
    sla.create_sla_policy(
        store,
        sla.PolicyCreate(
            name="p",
            calendar="office",
            targets={Priority.normal: (SlaTarget(SlaMetric.first_reply, 5),)},
        ),
    )
    [stored] = sla.list_sla_policies(store)
    assert stored.policy.calendar is not None
    with pytest.raises(Conflict):
        sla.delete_business_calendar(store, "office")


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []  # noqa: RUF012  # shared by the handler instances
    status = 204

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # the base's name
        del format, args


def test_that_a_webhook_is_posted_as_json_and_a_refusal_raises() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        argument = json.dumps({"url": url, "payload": {"event": "sla_breached", "metric": "x"}})
        deliver_webhook(argument)
        assert _Receiver.received[-1] == {"event": "sla_breached", "metric": "x"}
        _Receiver.status = 500
        with pytest.raises(WebhookFailed):
            deliver_webhook(argument)
    finally:
        server.shutdown()
        server.server_close()
