"""Signed identities as JWTs: the host site's HS256 token starts a conversation verified.

Everything is refused that is not an HS256 token signed with the deployment's signing secret,
in its lifetime, for this audience and issuer (when set): with 401 (403 for a genuine token
made for someone else), before anything is stored.
"""

from __future__ import annotations

import base64
import json
import time
import warnings
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.services.demo import reset_backoffice
from frontline.services.tokens import create_api_token
from frontline.web.app import create_app

SECRET = "host-site-shared-secret-for-jwt-tests"
MAREN = DEMO_CUSTOMERS[0]


def _client(settings: Settings, engine: Engine, **changes: Any) -> Iterator[TestClient]:
    update = {"identity_signing_secret": SecretStr(SECRET), **changes}
    frontline = build(settings.model_copy(update=update), engine)
    reset_backoffice(frontline)
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def site(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    yield from _client(settings, engine)


@pytest.fixture
def strict_site(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    yield from _client(
        settings,
        engine,
        identity_token_audience="support.shop.example",
        identity_token_issuer="https://shop.example",
    )


def token(key: str = SECRET, algorithm: str = "HS256", **claims: Any) -> str:
    now = int(time.time())
    payload: dict[str, Any] = {"email": MAREN.email, "iat": now, "exp": now + 300}
    payload.update(claims)
    with warnings.catch_warnings():  # HS384/HS512 would like a longer key than HS256 needs
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return jwt.encode({k: v for k, v in payload.items() if v is not None}, key, algorithm)


def unsigned(header: dict[str, str], signature: bytes = b"") -> str:
    """A token PyJWT would never make: any header, Maren's claims, any signature."""

    def part(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"email": MAREN.email, "iat": now, "exp": now + 300}
    return ".".join(
        [part(json.dumps(header).encode()), part(json.dumps(claims).encode()), part(signature)]
    )


def start(client: TestClient, identity_token: str, **customer: str) -> Any:
    body = {
        "text": "Where is my order?",
        "customer": {"identity_token": identity_token, **customer},
    }
    return client.post("/api/v1/conversations", json=body)


def state_of(client: TestClient, conversation_id: str) -> dict[str, Any]:
    frontline: Frontline = client.app.state.frontline  # type: ignore[attr-defined]  # set by create_app
    with frontline.store.transaction() as tx:
        state = tx.agent_states.get(conversation_id)  # type: ignore[arg-type]  # an id from the API
    assert state is not None
    return state


def stored_conversations(client: TestClient) -> list[Any]:
    frontline: Frontline = client.app.state.frontline  # type: ignore[attr-defined]  # set by create_app
    _, secret = create_api_token(frontline.store, "check", admin=True)
    listed = client.get("/api/v1/conversations", headers={"Authorization": f"Bearer {secret}"})
    items: list[Any] = listed.json()["items"]
    return items


def test_that_a_valid_token_starts_the_conversation_verified(site: TestClient) -> None:
    # when the host site hands the widget a token naming Maren by email, or by her id
    by_email = start(site, token())
    by_id = start(site, token(email=None, sub=MAREN.user_id))

    # then both conversations start verified as her account, at the signed level
    for response in (by_email, by_id):
        assert response.status_code == 201, response.text
        state = state_of(site, response.json()["id"])
        assert (state["user_id"], state["assurance"]) == (MAREN.user_id, "signed")


def test_that_an_email_given_beside_the_token_must_be_the_tokens(site: TestClient) -> None:
    same = start(site, token(), email=MAREN.email.upper())
    other = start(site, token(), email="someone.else@example.com")

    assert same.status_code == 201
    assert other.status_code == 422
    assert "identity token" in other.json()["error"]["message"]


@pytest.mark.parametrize(
    ("forged", "reason"),
    [
        (lambda: token(key="not-the-secret-but-long-enough-0123"), "signature"),
        (lambda: token(exp=int(time.time()) - 120), "expired"),
        (lambda: token(nbf=int(time.time()) + 600), "not valid yet"),
        (lambda: token(iat=int(time.time()) + 600), "not valid yet"),
        (lambda: token(exp=None), "exp"),
        (lambda: token(iat=None), "iat"),
        (lambda: token(algorithm="HS512"), "HS256"),
        (lambda: token(algorithm="HS384"), "HS256"),
        (lambda: unsigned({"alg": "none", "typ": "JWT"}), "HS256"),
        (lambda: unsigned({"alg": "RS256", "typ": "JWT"}, b"\x01" * 256), "HS256"),
        (lambda: unsigned({"alg": "HS256", "typ": "JWT"}), "signature"),
        (lambda: "not.a.jwt", "well-formed"),
        (lambda: "eyJhbGciOiJIUzI1NiJ9", "well-formed"),
    ],
    ids=[
        "other key",
        "expired",
        "nbf ahead",
        "iat ahead",
        "no exp",
        "no iat",
        "hs512",
        "hs384",
        "alg none",
        "rs256",
        "empty signature",
        "garbage",
        "header only",
    ],
)
def test_that_a_bad_token_is_refused_before_anything_is_stored(
    site: TestClient, forged: Any, reason: str
) -> None:
    # when a conversation starts with a token that fails one check
    response = start(site, forged())

    # then it is refused with 401 and the reason, and no conversation exists
    assert response.status_code == 401, response.text
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert reason in error["message"]
    assert response.headers["www-authenticate"] == "Bearer"
    assert stored_conversations(site) == []


def test_that_a_token_naming_nobody_is_refused(site: TestClient) -> None:
    response = start(site, token(email=None))

    assert response.status_code == 422
    assert stored_conversations(site) == []


def test_that_an_unknown_account_is_refused(site: TestClient) -> None:
    response = start(site, token(email="nobody@nowhere.example"))

    assert response.status_code == 422
    assert response.json()["error"]["message"] == "the signed customer has no account"


def test_that_audience_and_issuer_are_checked_when_configured(strict_site: TestClient) -> None:
    # given a deployment that wants aud support.shop.example from iss https://shop.example
    good = {"aud": "support.shop.example", "iss": "https://shop.example"}

    # when tokens come with the right claims, other ones, or none
    right = start(strict_site, token(**good))
    refused = [
        start(strict_site, token(**{**good, "aud": "other.example"})),
        start(strict_site, token(**{**good, "iss": "https://evil.example"})),
        start(strict_site, token(iss=good["iss"])),
        start(strict_site, token(aud=good["aud"])),
    ]

    # then only the right one opens a conversation; genuine tokens made for another
    # audience or issuer get 403
    assert right.status_code == 201, right.text
    for response in refused:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"
    assert len(stored_conversations(strict_site)) == 1


def test_that_signing_switched_off_refuses_tokens(settings: Settings, engine: Engine) -> None:
    for client in _client(settings, engine, identity_signing_secret=None):
        response = start(client, token())
        assert response.status_code == 422
        assert "not enabled" in response.json()["error"]["message"]


def test_that_the_widget_accepts_a_token_and_refuses_a_bad_one(site: TestClient) -> None:
    with site.websocket_connect("/widget/ws") as ws:
        ws.send_json({"type": "hello"})
        assert ws.receive_json()["type"] == "ready"

        # when the first message carries a forged token
        forged = token(key="not-the-secret-but-long-enough-0123")
        ws.send_json(
            {
                "type": "message",
                "text": "Hi",
                "client_id": "w-1",
                "customer": {"identity_token": forged},
            }
        )

        # then it is refused and no conversation starts
        refused = ws.receive_json()
        assert (refused["type"], refused["code"]) == ("error", "unauthorized")

        # when it carries the site's real token
        ws.send_json(
            {
                "type": "message",
                "text": "Hi",
                "client_id": "w-2",
                "customer": {"identity_token": token()},
            }
        )
        ack = ws.receive_json()
        while ack["type"] != "ack":
            ack = ws.receive_json()

    # then the conversation starts verified as Maren
    state = state_of(site, ack["conversation_id"])
    assert (state["user_id"], state["assurance"]) == (MAREN.user_id, "signed")
