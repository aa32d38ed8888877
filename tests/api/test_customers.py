"""Customers in the CRM: one person across channels, search, and their back-office orders."""

from __future__ import annotations

from customer_helpers import customer_of, remember
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.services.demo import reset_backoffice


def start(client: TestClient, channel: str, customer: dict[str, str]) -> dict[str, object]:
    response = client.post(
        "/api/v1/conversations", json={"channel": channel, "text": "hello", "customer": customer}
    )
    assert response.status_code == 201, response.text
    cid = remember(response.json())["id"]
    body: dict[str, object] = client.get(
        f"/api/v1/conversations/{cid}", headers=customer_of(cid)
    ).json()
    return body


def test_that_one_customer_is_recognised_across_channels(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a customer who chatted with their email
    chat = start(client, "chat", {"email": "ana.silva@example.com", "name": "Ana Silva"})

    # when they write by SMS giving the same email and their phone
    sms = start(client, "sms", {"email": "ANA.SILVA@example.com", "phone": "+1 (415) 555-0134"})

    # then both conversations belong to one customer who now has both identities
    assert isinstance(chat["customer"], dict)
    assert isinstance(sms["customer"], dict)
    assert chat["customer"]["id"] == sms["customer"]["id"]
    customer = client.get(f"/api/v1/customers/{chat['customer']['id']}", headers=agent_headers)
    assert customer.json()["phone"] == "+14155550134"
    assert customer.json()["name"] == "Ana Silva"


def test_that_agent_can_search_customers_by_email_phone_or_name(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given two customers
    start(client, "chat", {"email": "ana.silva@example.com", "name": "Ana Silva"})
    start(client, "sms", {"phone": "+44 20 7946 0958", "name": "Omar Haddad"})

    # when the agent searches
    def names(query: str) -> list[str]:
        response = client.get("/api/v1/customers", params={"query": query}, headers=agent_headers)
        return [c["name"] for c in response.json()]

    # then each way of searching finds the right person
    assert names("ana.silva@") == ["Ana Silva"]
    assert names("7946") == ["Omar Haddad"]
    assert names("haddad") == ["Omar Haddad"]
    assert names("nobody-like-this") == []


def test_that_an_unknown_customer_is_404(client: TestClient, agent_headers: dict[str, str]) -> None:
    response = client.get("/api/v1/customers/cus_missing", headers=agent_headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_that_agent_sees_the_orders_of_a_customer_from_the_back_office(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given the generated demo store and a conversation from one of its customers
    reset_backoffice(frontline)
    user_id = frontline.backoffice.call("find_user_id_by_email", {"email": demo_email(frontline)})
    user = frontline.backoffice.call("get_user_details", {"user_id": user_id})
    assert isinstance(user, dict)
    conversation = start(client, "chat", {"email": demo_email(frontline)})
    assert isinstance(conversation["customer"], dict)

    # when the agent opens the customer's orders
    response = client.get(
        f"/api/v1/customers/{conversation['customer']['id']}/orders", headers=agent_headers
    )

    # then they are the user's orders in the back office
    assert response.status_code == 200
    assert sorted(o["order_id"] for o in response.json()) == sorted(user["orders"])


def demo_email(frontline: Frontline) -> str:
    from frontline.backoffice.retail.generator import DEMO_CUSTOMERS

    return DEMO_CUSTOMERS[0].email


def test_that_a_search_holding_a_nul_byte_is_refused_with_400(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a customer, and a search that carries a NUL byte (PostgreSQL refuses NUL)
    start(client, "chat", {"email": "ana.silva@example.com", "name": "Ana Silva"})

    # when the agent searches with it
    response = client.get(
        "/api/v1/customers", params={"query": "ana\x00.silva"}, headers=agent_headers
    )

    # then it is refused, on every database
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_request"
