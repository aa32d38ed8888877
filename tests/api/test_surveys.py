"""CSAT surveys: offered on resolution, a scanner-proof link, stored as events, low scores reopen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from customer_helpers import customer_of, remember
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId
from frontline.services.survey_offers import deliver_email_surveys
from frontline.web.app import create_app


@pytest.fixture
def reopening(settings: Settings, engine: Engine) -> Iterator[tuple[TestClient, Frontline]]:
    """The application with 'a score of 2 or less reopens the conversation'."""
    frontline = build(settings.model_copy(update={"csat_reopen_at_or_below": 2}), engine)
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        yield client, frontline


def _resolved(client: TestClient, headers: dict[str, str], channel: str = "chat") -> str:
    started = client.post(
        "/api/v1/conversations", json={"channel": channel, "text": "My parcel is late"}
    )
    cid: str = remember(started.json())["id"]
    client.post(
        f"/api/v1/conversations/{cid}/replies", json={"text": "Sent today."}, headers=headers
    )
    client.patch(f"/api/v1/conversations/{cid}", json={"status": "resolved"}, headers=headers)
    return cid


def _token(frontline: Frontline, cid: str) -> str:
    with frontline.store.transaction() as tx:
        survey = tx.surveys.latest_for(cid)
    assert survey is not None
    return survey.token


def _kinds(frontline: Frontline, cid: str) -> list[EventKind]:
    with frontline.store.transaction() as tx:
        return [e.kind for e in tx.events.for_conversation(ConversationId(cid))]


def test_that_opening_the_survey_link_alone_records_no_vote(
    reopening: tuple[TestClient, Frontline], agent_headers: dict[str, str]
) -> None:
    # given a resolved conversation and its survey link
    client, frontline = reopening
    cid = _resolved(client, agent_headers)
    token = _token(frontline, cid)

    # when a mail scanner follows the link, score included
    page = client.get(f"/survey/{token}", params={"score": 1})

    # then a confirmation form is shown and nothing is recorded or reopened
    assert page.status_code == 200
    assert f'action="/survey/{token}"' in page.text
    assert 'value="1" required checked' in page.text
    assert EventKind.csat_requested in _kinds(frontline, cid)
    assert EventKind.csat_answered not in _kinds(frontline, cid)
    assert (
        client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()["status"]
        == "resolved"
    )


def test_that_a_low_score_reopens_the_conversation_and_counts_in_the_report(
    reopening: tuple[TestClient, Frontline], agent_headers: dict[str, str]
) -> None:
    # given a resolved conversation
    client, frontline = reopening
    cid = _resolved(client, agent_headers)

    # when the customer confirms a score of 1 with a comment
    response = client.post(
        f"/survey/{_token(frontline, cid)}", data={"score": "1", "comment": "Still no parcel"}
    )

    # then the vote is an event, the conversation is open again, and CSAT reports it
    assert response.status_code == 200
    assert "1 out of 5" in response.text
    assert EventKind.csat_answered in _kinds(frontline, cid)
    assert (
        client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()["status"]
        == "open"
    )
    total = client.get("/api/v1/reports/kpis", headers=agent_headers).json()["total"]
    assert (total["csat_answers"], total["csat_mean"], total["csat_satisfied_rate"]) == (1, 1, 0)


def test_that_a_good_score_keeps_the_conversation_resolved(
    reopening: tuple[TestClient, Frontline], agent_headers: dict[str, str]
) -> None:
    # given a resolved conversation
    client, frontline = reopening
    cid = _resolved(client, agent_headers)

    # when the customer answers 5 through the chat widget's JSON endpoint
    response = client.post(f"/api/v1/surveys/{_token(frontline, cid)}", json={"score": 5})

    # then it stays resolved
    assert response.json() == {"conversation_id": cid, "status": "resolved"}


def test_that_an_email_conversation_gets_the_survey_link_by_email(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given a resolved email conversation
    cid = _resolved(client, agent_headers, channel="email")

    # when the worker's sweep delivers surveys, twice
    delivered = deliver_email_surveys(frontline.store, "https://help.example.com")
    again = deliver_email_surveys(frontline.store, "https://help.example.com")

    # then one message with the link is added for the email sweep to send
    assert (delivered, again) == (1, 0)
    last = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()["messages"][
        -1
    ]
    assert f"https://help.example.com/survey/{_token(frontline, cid)}" in last["text"]


def test_that_bad_survey_answers_are_refused(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given a survey
    token = _token(frontline, _resolved(client, agent_headers))

    # when an unknown token, an out-of-range score, or a huge comment is sent
    unknown = client.post("/survey/nope", data={"score": "3"})
    out_of_range = client.post(f"/api/v1/surveys/{token}", json={"score": 9})
    huge = client.post(f"/api/v1/surveys/{token}", json={"score": 3, "comment": "x" * 5000})

    # then each is refused and nothing is recorded
    assert (unknown.status_code, out_of_range.status_code, huge.status_code) == (404, 422, 422)
    with frontline.store.transaction() as tx:
        assert tx.surveys.get(token).answered_at is None  # type: ignore[union-attr]  # it exists
