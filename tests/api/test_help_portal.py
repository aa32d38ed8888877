"""The help center: home with categories and search, articles, votes, the contact form."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.services.articles import import_articles
from frontline.services.self_service import self_service_stats

ARTICLE = """---
title: Shipping to Alaska
slug: alaska
category: Shipping
---
Standard shipping to **Alaska** takes 7 to 12 business days. <script>alert(1)</script>
"""


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def _import(frontline: Frontline, tmp_path: Path) -> None:
    (tmp_path / "alaska.md").write_text(ARTICLE, encoding="utf-8")
    import_articles(frontline.knowledge.store, tmp_path)


def test_that_the_home_page_is_the_help_center_with_a_staff_link(
    client: TestClient, frontline: Frontline, tmp_path: Path
) -> None:
    _import(frontline, tmp_path)
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/console/inbox"' in home.text
    assert 'href="/help/articles/alaska"' in home.text
    found = client.get("/help", params={"q": "ship to alaska"})
    assert "<mark>Alaska</mark>" in found.text


def test_that_an_article_renders_safely_and_takes_a_vote(
    client: TestClient, frontline: Frontline, tmp_path: Path
) -> None:
    _import(frontline, tmp_path)
    page = client.get("/help/articles/alaska")
    assert "<strong>Alaska</strong>" in page.text
    assert "<script>alert(1)</script>" not in page.text
    voted = client.post(
        "/help/articles/alaska/feedback",
        data={"helpful": "yes", "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert voted.status_code == 303
    article = frontline.knowledge.store.get_by_slug("alaska")
    assert article is not None
    assert article.helpful_yes == 1
    assert client.get("/help/articles/nope").status_code == 404


def test_that_the_contact_form_creates_a_conversation_and_counts_it(
    client: TestClient, frontline: Frontline
) -> None:
    form = client.get("/help/contact")
    sent = client.post(
        "/help/contact",
        data={
            "email": "ana@example.com",
            "text": "Where is my parcel?",
            "csrf_token": _csrf(form.text),
        },
    )
    assert sent.status_code == 200
    assert self_service_stats(frontline.knowledge.store).contacts == 1
    bad = client.post(
        "/help/contact", data={"email": "nobody", "text": "hi", "csrf_token": _csrf(form.text)}
    )
    assert bad.status_code == 422
    assert 'value="nobody"' in bad.text  # what was typed is kept
    forged = client.post("/help/contact", data={"email": "a@b.c", "text": "x"})
    assert forged.status_code == 403
