"""An HTTP client on the real application over a migrated database, and API tokens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.services.tokens import create_api_token
from frontline.web.app import create_app


@pytest.fixture
def client(frontline: Frontline) -> Iterator[TestClient]:
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def agent_headers(frontline: Frontline) -> dict[str, str]:
    _, secret = create_api_token(frontline.store, "ana.agent", admin=False)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def admin_headers(frontline: Frontline) -> dict[str, str]:
    _, secret = create_api_token(frontline.store, "root.admin", admin=True)
    return {"Authorization": f"Bearer {secret}"}
