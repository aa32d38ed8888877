"""Calendars and SLA policies through the HTTP API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.api.console_helpers import make_staff

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role
from frontline.services.tokens import create_api_token


def token_of(frontline: Frontline, username: str, role: Role) -> dict[str, str]:
    make_staff(frontline, username, role)
    _, secret = create_api_token(frontline.store, username, admin=False, owner=username)
    return {"Authorization": f"Bearer {secret}"}


def test_that_a_supervisor_sets_up_a_calendar_and_a_policy_on_it(
    client: TestClient, frontline: Frontline
) -> None:
    lead = token_of(frontline, "lead", Role.supervisor)
    ana = token_of(frontline, "ana", Role.agent)

    calendar = client.post(
        "/api/v1/calendars",
        json={
            "name": "Paris",
            "timezone": "Europe/Paris",
            "hours": {"mon": ["09:00-17:00"]},
            "holidays": ["2026-12-25"],
        },
        headers=lead,
    )
    refused = client.post("/api/v1/calendars", json={"name": "X", "hours": {}}, headers=ana)
    bad = client.post(
        "/api/v1/calendars", json={"name": "Y", "hours": {"funday": ["09:00-17:00"]}}, headers=lead
    )
    policy = client.post(
        "/api/v1/sla-policies",
        json={
            "name": "Chat",
            "calendar": "Paris",
            "targets": [
                {"metric": "first_reply", "minutes": 60},
                {"priority": "urgent", "metric": "first_reply", "minutes": 10},
            ],
            "conditions": {"channels": ["chat"]},
        },
        headers=lead,
    )
    in_use = client.delete(f"/api/v1/calendars/{calendar.json()['id']}", headers=lead)

    assert calendar.status_code == 201, calendar.text
    assert calendar.json()["hours"] == {"mon": ["09:00-17:00"]}
    assert refused.status_code == 403
    assert bad.status_code == 422
    assert policy.status_code == 201, policy.text
    targets = {(t["priority"], t["minutes"]) for t in policy.json()["targets"]}
    assert ("urgent", 10) in targets
    assert ("low", 60) in targets
    assert in_use.status_code == 409
    assert [p["name"] for p in client.get("/api/v1/sla-policies", headers=ana).json()] == ["Chat"]
    assert (
        client.delete(f"/api/v1/sla-policies/{policy.json()['id']}", headers=lead).status_code
        == 204
    )


def test_that_control_characters_are_dropped_from_a_calendar_name(
    client: TestClient, frontline: Frontline
) -> None:
    # given a supervisor
    lead = token_of(frontline, "lead", Role.supervisor)

    # when a calendar's name carries a NUL byte (PostgreSQL refuses NUL)
    response = client.post(
        "/api/v1/calendars",
        json={"name": "Par\x00is", "timezone": "Europe/Paris", "hours": {}},
        headers=lead,
    )

    # then it is kept without it
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "Paris"
