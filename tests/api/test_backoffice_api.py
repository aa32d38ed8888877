"""The back office over HTTP: a write sent with an Idempotency-Key runs once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline
from frontline.services.demo import reset_backoffice

MAREN = DEMO_CUSTOMERS[0]
CANCEL = "/api/v1/backoffice/tools/cancel_pending_order"


def test_that_a_write_sent_twice_with_one_idempotency_key_is_made_once(
    client: TestClient, frontline: Frontline, admin_headers: dict[str, str]
) -> None:
    # given the demo store with Maren's pending order
    reset_backoffice(frontline)
    body = {"order_id": MAREN.pending_order_id, "reason": "no longer needed"}
    headers = {**admin_headers, "Idempotency-Key": "cancel-maren-1"}

    # when a harness sends the cancellation, loses the answer and sends it again
    first = client.post(CANCEL, json=body, headers=headers)
    again = client.post(CANCEL, json=body, headers=headers)
    # and once more without the key
    unkeyed = client.post(CANCEL, json=body, headers=admin_headers)

    # then the repeat got the first result, and only the unkeyed one was refused
    assert first.status_code == again.status_code == 200, first.text
    assert first.json()["outcome"] == again.json()["outcome"] == "ok"
    assert again.json()["result"] == first.json()["result"]
    assert unkeyed.json()["outcome"] == "error"
    with frontline.store.transaction() as tx:
        keyed = tx.actions.find_by_key("token:root.admin/cancel-maren-1")
    assert keyed is not None
    assert keyed.outcome.value == "ok"


def test_that_an_idempotency_key_reused_for_another_call_is_a_conflict(
    client: TestClient, frontline: Frontline, admin_headers: dict[str, str]
) -> None:
    # given a cancellation made under a key
    reset_backoffice(frontline)
    headers = {**admin_headers, "Idempotency-Key": "k-1"}
    body = {"order_id": MAREN.pending_order_id, "reason": "no longer needed"}
    assert client.post(CANCEL, json=body, headers=headers).json()["outcome"] == "ok"

    # when the same key comes with other arguments, or is too long
    other = client.post(CANCEL, json={**body, "reason": "ordered by mistake"}, headers=headers)
    long_key = client.post(
        CANCEL, json=body, headers={**admin_headers, "Idempotency-Key": "k" * 101}
    )

    # then both are refused with a clear error and nothing else changed
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "conflict"
    assert long_key.status_code == 422
