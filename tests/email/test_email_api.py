"""Staff see a conversation's emails over API v1: the original text, the raw email, delivery."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.inbound_emails import process_inbound_email, receive_email
from frontline.services.jobs import DiscardingJobQueue
from frontline.services.tokens import create_api_token
from frontline.web.app import create_app

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def client(email_frontline: Frontline) -> Iterator[TestClient]:
    with TestClient(create_app(email_frontline), raise_server_exceptions=False) as client:
        yield client


def test_that_staff_can_read_the_original_email_with_its_quotes_and_signature(
    email_frontline: Frontline, client: TestClient
) -> None:
    # given a received email with a signature
    raw = (CORPUS / "33_signature_and_closing.eml").read_bytes()
    jobs = DiscardingJobQueue()
    received = receive_email(email_frontline.store, jobs, raw, email_frontline.email)
    process_inbound_email(
        email_frontline.store,
        jobs,
        email_frontline.email,
        email_frontline.limits,
        None,
        received.inbound_id,
    )
    _, secret = create_api_token(email_frontline.store, "ana", admin=False)
    headers = {"Authorization": f"Bearer {secret}"}
    cid = client.get("/api/v1/conversations", headers=headers).json()["items"][0]["id"]

    # when staff ask for the conversation's emails
    emails = client.get(f"/api/v1/conversations/{cid}/emails", headers=headers)
    original = client.get(f"/api/v1/emails/{received.inbound_id}/raw", headers=headers)

    # then the whole original text and the raw email are there, the signature included
    assert emails.status_code == 200
    (email,) = emails.json()["received"]
    assert email["kind"] == "customer"
    assert "Head of Operations" in email["text"]
    assert original.content == raw
    assert client.get(f"/api/v1/conversations/{cid}/emails").status_code == 401


def test_that_staff_open_the_original_email_from_the_workspace_transcript(
    email_frontline: Frontline, client: TestClient
) -> None:
    # given a supervisor and a received email with a quoted history
    create_staff_user(email_frontline.store, "sam", "correct horse battery", Role.supervisor)
    raw = (CORPUS / "37_order_id_only_in_quote.eml").read_bytes()
    jobs = DiscardingJobQueue()
    received = receive_email(email_frontline.store, jobs, raw, email_frontline.email)
    process_inbound_email(
        email_frontline.store,
        jobs,
        email_frontline.email,
        email_frontline.limits,
        None,
        received.inbound_id,
    )
    with email_frontline.store.transaction() as tx:
        inbound = tx.emails.get_inbound(received.inbound_id)
    assert inbound is not None
    login = client.get("/console/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login)
    assert csrf is not None
    client.post(
        "/console/login",
        data={"username": "sam", "password": "correct horse battery", "csrf_token": csrf.group(1)},
    )

    # when the supervisor opens the conversation, then its original email
    transcript = client.get(f"/console/conversations/{inbound.conversation_id}/transcript").text
    page = client.get(f"/console/emails/{received.inbound_id}")

    # then the transcript links the original, which shows the quoted history the agent skipped
    assert f'href="/console/emails/{received.inbound_id}"' in transcript
    assert page.status_code == 200
    assert "will ship soon" in page.text
    assert client.get(f"/console/emails/{received.inbound_id}/raw").content == raw
