"""The workspace's article editor over HTTP: refused drafts keep what was written, edits keep
an article's guided steps, and the editor needs a logged-in member of staff."""

from __future__ import annotations

from console_helpers import log_in, make_staff, post_form
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.articles import ArticleDraft, Step
from frontline.services.articles import create_article


def test_that_a_refused_draft_is_shown_again_with_the_reason(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in agent and an article whose slug is taken
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")
    create_article(
        frontline.knowledge.store, ArticleDraft("Gift wrapping", "Four dollars."), editor="x"
    )
    # when they save a new article with the same slug, and one with a bad language
    taken = post_form(
        client, "/console/knowledge/articles", csrf, title="Gift wrapping", body="My words"
    )
    bad = post_form(
        client,
        "/console/knowledge/articles",
        csrf,
        title="Wrapping",
        body="Kept words",
        language="English",
    )
    # then each is refused with why, the words are still in the form, nothing new is stored
    assert taken.status_code == 409
    assert "gift-wrapping" in taken.text
    assert "My words" in taken.text
    assert bad.status_code == 422
    assert "invalid language" in bad.text
    assert "Kept words" in bad.text
    assert len(frontline.knowledge.store.list_articles()) == 1


def test_that_an_edit_in_the_workspace_keeps_the_guided_steps(
    client: TestClient, frontline: Frontline
) -> None:
    # given a troubleshooting guide with steps (written through the API or an import)
    steps = (Step("Unplug the kettle", "Is the light off?"),)
    guide = create_article(
        frontline.knowledge.store,
        ArticleDraft("Kettle will not boil", "Try these steps.", steps=steps),
        editor="x",
    )
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")
    # when its body is edited in the workspace
    saved = post_form(
        client,
        f"/console/knowledge/articles/{guide.id}",
        csrf,
        title=guide.title,
        body="Try these steps first.",
        slug=guide.slug,
    )
    # then a new version keeps the steps
    assert saved.status_code == 303
    edited = frontline.knowledge.store.get(guide.id)
    assert edited is not None
    assert (edited.version, edited.body, edited.steps) == (2, "Try these steps first.", steps)


def test_that_the_editor_needs_a_session(client: TestClient) -> None:
    page = client.get("/console/knowledge/articles", follow_redirects=False)
    assert page.status_code in (303, 307)
    assert "/console/login" in page.headers["location"]
