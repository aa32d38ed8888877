"""The knowledge base over API v1 and ``import``: articles found by search at once."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline, build
from frontline.services.articles import export_articles, import_articles

RETURNS = """---
title: Returning a kettle
category: Returns
tags: [returns, kettle]
---
Kettles can be returned within 30 days of delivery with a prepaid label.
"""

SHIPPING = """---
title: Shipping to Alaska
slug: alaska
category: Shipping
---
Standard shipping to Alaska takes 7 to 12 business days.
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def test_that_an_import_is_idempotent_by_slug(frontline: Frontline, tmp_path: Path) -> None:
    # given
    folder = _folder(tmp_path, returns=RETURNS, shipping=SHIPPING)
    store = frontline.knowledge.store
    first = import_articles(store, folder)
    # when
    second = import_articles(store, folder)
    (folder / "shipping.md").write_text(SHIPPING.replace("7 to 12", "8 to 14"), encoding="utf-8")
    third = import_articles(store, folder)
    # then
    assert (first.created, first.unchanged) == (2, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert (third.updated, third.unchanged) == (1, 1)
    article = store.get_by_slug("alaska")
    assert article is not None
    assert [v.version for v in store.versions(article.id)] == [1, 2]
    assert "8 to 14" in article.body


def test_that_a_bad_file_is_reported_and_the_others_imported(
    frontline: Frontline, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, good=RETURNS, bad="no front matter here", worse="---\n[1\n---\n")
    report = import_articles(frontline.knowledge.store, folder)
    assert report.created == 1
    assert sorted(e.split(":")[0] for e in report.errors) == ["bad.md", "worse.md"]


def test_that_a_running_server_finds_an_imported_article_at_once(
    client: TestClient, frontline: Frontline, tmp_path: Path
) -> None:
    # given: the server has searched (and so built its index) before the import
    assert client.get("/api/v1/kb/search", params={"q": "alaska shipping"}).json() == []
    # when: another process imports articles into the same database
    other = build(frontline.settings, frontline.engine)
    import_articles(other.knowledge.store, _folder(tmp_path, shipping=SHIPPING))
    # then
    results = client.get("/api/v1/kb/search", params={"q": "how long to ship to Alaska"}).json()
    assert results[0]["slug"] == "alaska"
    assert results[0]["url"] == "/help/articles/alaska"
    assert "<mark>Alaska</mark>" in results[0]["snippet"]
    assert set(results[0]) == {"slug", "title", "url", "snippet", "score"}


def test_that_staff_write_publish_and_archive_an_article(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given: a draft
    created = client.post(
        "/api/v1/kb/articles",
        json={"title": "Gift wrapping", "body": "We don't offer gift wrapping.", "tags": ["Gift"]},
        headers=agent_headers,
    )
    assert created.status_code == 201
    article = created.json()
    assert (article["slug"], article["status"], article["tags"]) == (
        "gift-wrapping",
        "draft",
        ["gift"],
    )
    # then: a draft is not public
    assert client.get("/api/v1/kb/search", params={"q": "gift wrapping"}).json() == []
    assert client.get("/api/v1/kb/articles/gift-wrapping").status_code == 404
    # when: edited and published
    edited = client.put(
        f"/api/v1/kb/articles/{article['id']}",
        json={"title": "Gift wrapping", "body": "Gift wrapping costs $4 per item."},
        headers=agent_headers,
    )
    assert edited.json()["version"] == 2
    client.post(f"/api/v1/kb/articles/{article['id']}/publish", headers=agent_headers)
    # then
    found = client.get("/api/v1/kb/search", params={"q": "can you gift wrap it"}).json()
    assert found[0]["slug"] == "gift-wrapping"
    assert client.get("/api/v1/kb/articles/gift-wrapping").json()["body"].endswith("per item.")
    versions = client.get(
        f"/api/v1/kb/articles/{article['id']}/versions", headers=agent_headers
    ).json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["body"] == "We don't offer gift wrapping."
    # when: archived, it leaves the public search
    client.post(f"/api/v1/kb/articles/{article['id']}/archive", headers=agent_headers)
    assert client.get("/api/v1/kb/search", params={"q": "gift wrapping"}).json() == []


def test_that_writing_articles_needs_a_token_and_valid_input(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    assert client.post("/api/v1/kb/articles", json={"title": "x", "body": "y"}).status_code == 401
    bad_slug = client.post(
        "/api/v1/kb/articles",
        json={"title": "Fine", "body": "y", "slug": "Not A Slug!"},
        headers=agent_headers,
    )
    assert bad_slug.status_code == 422
    client.post("/api/v1/kb/articles", json={"title": "Twice", "body": "a"}, headers=agent_headers)
    again = client.post(
        "/api/v1/kb/articles", json={"title": "Twice", "body": "b"}, headers=agent_headers
    )
    assert again.status_code == 409
    missing = client.post("/api/v1/kb/articles/art_nope/publish", headers=agent_headers)
    assert missing.status_code == 404
    assert client.get("/api/v1/kb/search", params={"q": ""}).status_code == 422


def test_that_an_export_reads_back_as_the_same_articles(
    frontline: Frontline, tmp_path: Path
) -> None:
    store = frontline.knowledge.store
    import_articles(store, _folder(tmp_path, returns=RETURNS, shipping=SHIPPING))
    out = tmp_path / "out"
    assert export_articles(store, out) == 2
    again = import_articles(store, out)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_that_search_can_keep_to_one_language(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given the same answer published in English and in German
    for title, body, language in (
        ("Gift wrapping", "Gift wrapping costs $4 per item.", "en"),
        ("Geschenkverpackung gift wrapping", "Gift wrapping kostet 4 $ pro Artikel.", "de"),
    ):
        response = client.post(
            "/api/v1/kb/articles",
            json={"title": title, "body": body, "language": language, "publish": True},
            headers=agent_headers,
        )
        assert response.status_code == 201, response.text
    # when searching with and without a language
    everything = client.get("/api/v1/kb/search", params={"q": "gift wrapping"}).json()
    german = client.get("/api/v1/kb/search", params={"q": "gift wrapping", "language": "de"})
    bad = client.get("/api/v1/kb/search", params={"q": "gift wrapping", "language": "German"})
    # then the filter keeps only that language, and a bad code is refused
    assert len(everything) == 2
    assert [r["slug"] for r in german.json()] == ["geschenkverpackung-gift-wrapping"]
    assert bad.status_code == 422


def test_that_control_characters_are_dropped_from_an_article(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # when an article's title, body and category carry a NUL byte (PostgreSQL refuses NUL)
    response = client.post(
        "/api/v1/kb/articles",
        json={"title": "Re\x00turns", "body": "Within\x00 30 days.", "category": "Po\x00licy"},
        headers=agent_headers,
    )

    # then it is kept without the control characters
    assert response.status_code == 201, response.text
    article = response.json()
    assert (article["title"], article["body"], article["category"]) == (
        "Returns",
        "Within 30 days.",
        "Policy",
    )
