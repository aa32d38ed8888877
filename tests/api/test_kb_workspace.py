"""The knowledge base in the workspace: a search panel beside the conversation, and a resolved
conversation turned into a draft article."""

from __future__ import annotations

from console_helpers import log_in, make_staff, post_form, start_chat
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.articles import ArticleStatus


def test_that_a_resolved_conversation_becomes_a_draft_article(
    client: TestClient, frontline: Frontline
) -> None:
    # given: a conversation a staff member answered and resolved
    cid = start_chat(client, "Do you offer gift wrapping for birthday presents?")
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")
    page = client.get(f"/console/conversations/{cid}")
    assert 'id="kb-q"' in page.text  # the knowledge-base panel beside the reply
    assert "draft-article" not in page.text  # offered once resolved
    post_form(client, f"/console/conversations/{cid}/reply", csrf, text="Yes, for $4 per item.")
    refused = post_form(client, f"/console/conversations/{cid}/draft-article", csrf)
    assert refused.status_code == 303
    assert frontline.knowledge.store.list_articles() == []
    post_form(client, f"/console/conversations/{cid}/update", csrf, status="resolved")
    # when
    made = post_form(client, f"/console/conversations/{cid}/draft-article", csrf)
    # then: a draft, not public, with the question and the answer
    assert made.status_code == 303
    (article,) = frontline.knowledge.store.list_articles()
    assert article.status == ArticleStatus.draft
    assert article.title == "Do you offer gift wrapping for birthday presents?"
    assert "Yes, for $4 per item." in article.body
    assert article.category == "Drafts from conversations"
    assert client.get("/api/v1/kb/search", params={"q": "gift wrapping"}).json() == []
