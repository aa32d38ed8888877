"""The agent answers informational questions from the knowledge base, with the article linked,
and declines what no article answers. Conversations over API v1 on the demo articles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from customer_helpers import customer_of, remember
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.services.articles import import_articles
from frontline.services.demo import DEMO_ARTICLES, reset_backoffice
from frontline.services.knowledge import UNANSWERED
from frontline.web.app import create_app


@pytest.fixture
def kb_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    frontline = build(settings.model_copy(update={"agent_enabled": True}), engine)
    reset_backoffice(frontline)
    import_articles(frontline.knowledge.store, DEMO_ARTICLES)
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        yield client


def ask(client: TestClient, text: str) -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"channel": "chat", "text": text})
    assert response.status_code == 201, response.text
    reply: dict[str, Any] = response.json()["replies"][0]
    return reply


@pytest.mark.parametrize(
    ("question", "slug", "words"),
    [
        (
            "how long does shipping take to Alaska?",
            "shipping-to-alaska-hawaii-and-territories",
            "7 to 12 business days",
        ),
        (
            "Do you ship to Canada?",
            "international-shipping",
            "only to addresses in the United States",
        ),
        ("what payment methods do you accept?", "ways-to-pay", "gift cards, PayPal"),
    ],
)
def test_that_the_agent_answers_from_the_article_and_links_it(
    kb_client: TestClient, question: str, slug: str, words: str
) -> None:
    reply = ask(kb_client, question)
    assert words in reply["text"]
    assert f"/help/articles/{slug}" in reply["text"]
    assert [s["url"] for s in reply["sources"]] == [f"/help/articles/{slug}"]


def test_that_the_agent_declines_a_question_no_article_answers(kb_client: TestClient) -> None:
    # when
    reply = ask(kb_client, "Is there a policy on renting furniture from you?")
    # then: no guess, no source, a person offered, the question kept for the gap report
    assert "don't know" in reply["text"]
    assert "colleague" in reply["text"]
    assert reply["sources"] == []
    frontline = kb_client.app.state.frontline  # type: ignore[attr-defined]  # set by create_app
    assert frontline.knowledge.store.count_events([UNANSWERED])[UNANSWERED] == 1


def test_that_an_account_action_gets_no_article(kb_client: TestClient) -> None:
    reply = ask(kb_client, "I want to return the floor lamp from my order")
    assert reply["sources"] == []
    assert "/help/articles/" not in reply["text"]


def say(client: TestClient, conversation_id: str, text: str) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": text},
        headers=customer_of(conversation_id),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_that_a_troubleshooting_guide_succeeds_at_step_two(kb_client: TestClient) -> None:
    # given: a customer whose soundbar is silent
    first = kb_client.post(
        "/api/v1/conversations", json={"channel": "chat", "text": "My soundbar has no sound"}
    ).json()
    remember(first)
    texts = [r["text"] for r in first["replies"]]
    assert "/help/articles/soundbar-no-sound" in texts[0]
    assert texts[-1].startswith("Step 1 of 3: Press the input button")
    assert first["replies"][-1]["awaiting"] == "confirmation"
    # when: step 1 does not help, step 2 does
    second = say(kb_client, first["id"], "no, still nothing")
    assert second["replies"][0]["text"].startswith("Step 2 of 3: In your TV's sound settings")
    third = say(kb_client, first["id"], "yes that fixed it, thanks")
    # then
    assert "glad that fixed it" in third["replies"][0]["text"]
    assert third["status"] == "resolved"


def test_that_a_failed_guide_hands_off_with_the_steps_tried(kb_client: TestClient) -> None:
    # given
    first = kb_client.post(
        "/api/v1/conversations",
        json={"channel": "chat", "text": "the standing desk won't move up or down"},
    ).json()
    remember(first)
    assert first["replies"][-1]["text"].startswith("Step 1 of 3")
    # when: no step helps
    for _ in range(3):
        last = say(kb_client, first["id"], "no")
    # then
    assert last["status"] == "escalated"
    conversation = kb_client.get(
        f"/api/v1/conversations/{first['id']}", headers=customer_of(first["id"])
    ).json()
    summary = conversation["handoff"]["summary"]
    assert conversation["handoff"]["reason"] == "troubleshooting_failed"
    assert "1. Check that the power cable is plugged in" in summary
    assert "2. Reset the desk" in summary
    assert "3. Remove anything heavy" in summary
    assert summary.count("did not help") == 3
