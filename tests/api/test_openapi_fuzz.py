"""Every operation of the OpenAPI schema, fed generated requests: never a server error.

Schemathesis reads ``/openapi.json`` from the application in-process and generates requests
for each operation, valid ones (``positive``) and ones that break the schema (``negative``),
as an admin token and as an anonymous caller, over the demo data with the AI agent
answering. Half of the cases of an operation with path parameters use ids that exist at
that moment (the demo conversations, customers and articles, and whatever the operations
before created), so the fuzz reaches past the ``404``. Generation is derandomized: a run
sends the same requests on every machine.

No response may be a server error or fall outside the schema it is declared with. Failures
are collected, not raised, so one run reports them all, each with the ``curl`` command that
reproduces it.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.demo import DEMO_USERNAME, load_demo
from frontline.services.tokens import create_api_token
from frontline.web.app import create_app
from frontline.web.live import make_live_updates

# Generated cases per operation and mode (fewer cases are distinct for small schemas). An
# anonymous caller is refused before its request is read anywhere but on the public
# operations, so fewer cases say as much.
EXAMPLES = {"admin": 20, "anonymous": 10}
SETTINGS = hypothesis.settings(
    derandomize=True,  # the same cases on every run and machine
    database=None,
    deadline=None,
    # Failures are collected, not raised: there is nothing to shrink.
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    suppress_health_check=list(hypothesis.HealthCheck),
)
CHECKS = [not_a_server_error, response_schema_conformance]
FUZZ_ADMIN = "fuzz.admin"


@dataclass
class Tally:
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@pytest.fixture
def fuzzed(settings: Settings, engine: Engine) -> Frontline:
    """The demo store, conversations and articles, with the AI agent answering customers.

    Rate limits stay as the test settings have them (off), so nothing turns into a 429;
    the login lock-out guards the workspace login, which is not in the API schema.
    """
    frontline = build(settings.model_copy(update={"agent_enabled": True}), engine)
    load_demo(frontline)
    return frontline


@pytest.fixture
def app(fuzzed: Frontline) -> Iterator[FastAPI]:
    live = make_live_updates(fuzzed.settings)
    yield create_app(fuzzed, live=live)
    live.close()


@pytest.fixture
def fuzz_admin(fuzzed: Frontline) -> dict[str, str]:
    """An admin API token acting for an admin, so the staff operations open to it too."""
    create_staff_user(fuzzed.store, FUZZ_ADMIN, "fuzz-admin-password", Role.admin)
    _, secret = create_api_token(fuzzed.store, "fuzz", admin=True, owner=FUZZ_ADMIN)
    return {"Authorization": f"Bearer {secret}"}


@dataclass(frozen=True)
class Caller:
    headers: dict[str, str]
    examples: int


@pytest.fixture(params=["admin", "anonymous"])
def caller(request: pytest.FixtureRequest, fuzz_admin: dict[str, str]) -> Caller:
    headers = fuzz_admin if request.param == "admin" else {}
    return Caller(headers, EXAMPLES[request.param])


def served(app: FastAPI) -> ASGIApp:
    """``app`` as a server runs it: an error that reached the top was answered with a 500
    (and logged) before it is raised again; the server goes on, and so does the fuzz."""

    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        with contextlib.suppress(Exception):
            await app(scope, receive, send)

    return asgi


def _values(client: TestClient, headers: Mapping[str, str], path: str, key: str) -> list[str]:
    body = client.get(path, headers=headers).json()
    items = body["items"] if isinstance(body, dict) else body
    return [str(item[key]) for item in items if item.get(key)]


def existing_path_values(
    client: TestClient, headers: Mapping[str, str], fuzzed: Frontline, path: str
) -> dict[str, list[str]]:
    """Values of each path parameter that name something that exists now."""
    conversations = "/api/v1/conversations?limit=20"
    conversation_ids = _values(client, headers, conversations, "id")
    with fuzzed.store.transaction() as tx:
        surveys = [tx.surveys.latest_for(cid) for cid in conversation_ids]
    names = "/api/v1/backoffice/tools" if "/backoffice/" in path else "/api/v1/queues"
    return {
        "conversation_id": conversation_ids,
        "customer_id": _values(client, headers, conversations, "customer_id"),
        "macro_id": _values(client, headers, "/api/v1/macros", "id"),
        "calendar_id": _values(client, headers, "/api/v1/calendars", "id"),
        "policy_id": _values(client, headers, "/api/v1/sla-policies", "id"),
        "article_id": _values(client, headers, "/api/v1/kb/articles", "id"),
        "slug": _values(client, headers, "/api/v1/kb/articles", "slug"),
        "name": _values(client, headers, names, "name"),
        "username": [DEMO_USERNAME, FUZZ_ADMIN],
        "token": [survey.token for survey in surveys if survey is not None],
    }


def modes(operation: APIOperation) -> list[GenerationMode]:
    """Path parameters alone cannot break the schema (any string is one): no negative cases."""
    if len(operation.query) or len(operation.headers) or len(operation.body):
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def case_strategy(
    operation: APIOperation, mode: GenerationMode, existing: Mapping[str, Sequence[str]]
) -> st.SearchStrategy[Case]:
    generated = operation.as_strategy(mode)
    names = [p.name for p in operation.path_parameters]
    if not names or not all(existing.get(name) for name in names):
        return generated
    real = st.fixed_dictionaries({name: st.sampled_from(existing[name]) for name in names})
    return st.one_of(
        generated, real.flatmap(lambda values: operation.as_strategy(mode, path_parameters=values))
    )


def fuzz(strategy: st.SearchStrategy[Case], caller: Caller, tally: Tally) -> None:
    @hypothesis.settings(SETTINGS, max_examples=caller.examples)
    @hypothesis.given(case=strategy)
    def send(case: Case) -> None:
        tally.cases += 1
        response = case.call(headers=dict(caller.headers))  # call adds to the dict it is given
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=dict(caller.headers))
        except (AssertionError, BaseExceptionGroup) as failure:
            tally.failures.append(
                f"{case.operation.label} -> {response.status_code}: {failure}\n"
                f"{case.as_curl_command(headers=dict(caller.headers))}\n{response.text[:500]}"
            )

    send()


def test_that_no_generated_request_gets_a_server_error(
    app: FastAPI, fuzzed: Frontline, fuzz_admin: dict[str, str], caller: Caller
) -> None:
    # given the application's own schema
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", served(app), config=SchemathesisConfig.from_dict({})
    )
    lookup = TestClient(app)
    tally = Tally()

    # when every operation gets its generated requests, valid and invalid
    for result in schema.get_all_operations():
        operation = result.ok()
        existing = (
            existing_path_values(lookup, fuzz_admin, fuzzed, operation.path)
            if len(operation.path_parameters)
            else {}
        )
        for mode in modes(operation):
            fuzz(case_strategy(operation, mode, existing), caller, tally)

    # then none got a server error or a response outside its schema
    print(f"\n{tally.cases} cases, statuses {sorted(tally.statuses.items())}")
    assert tally.statuses[429] == 0  # no limit hid the answers
    assert not tally.failures, "\n----\n".join(tally.failures)
