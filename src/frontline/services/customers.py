"""Use cases for customers: recognise them across channels, look them up, show their orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontline.backoffice.port import BackOffice, BackOfficeError
from frontline.domain.customers import (
    Customer,
    Identity,
    IdentityKind,
    normalize_email,
    normalize_phone,
)
from frontline.domain.errors import InvalidInput, NotFound
from frontline.domain.ids import CustomerId, new_customer_id
from frontline.services.clock import now
from frontline.services.ports import Store, UnitOfWork

MAX_NAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class CustomerDetails:
    """What a channel tells us about who is writing; every field optional."""

    email: str | None = None
    name: str | None = None
    phone: str | None = None


def check_customer_details(details: CustomerDetails) -> tuple[str | None, list[Identity]]:
    identities: list[Identity] = []
    if details.email is not None:
        email = normalize_email(details.email)
        if email is None:
            raise InvalidInput(f"customer.email is not a valid email address: {details.email!r}")
        identities.append(Identity(IdentityKind.email, email))
    if details.phone is not None:
        phone = normalize_phone(details.phone)
        if phone is None:
            raise InvalidInput(f"customer.phone is not a valid phone number: {details.phone!r}")
        identities.append(Identity(IdentityKind.phone, phone))
    name = " ".join(details.name.split()) if details.name else None
    if name is not None and len(name) > MAX_NAME_CHARS:
        raise InvalidInput(f"customer.name is longer than {MAX_NAME_CHARS} characters")
    return name or None, identities


def identify_customer(tx: UnitOfWork, details: CustomerDetails) -> Customer | None:
    """Find the customer any identity belongs to, or create one; None when nothing is known.

    Identities not yet known are attached to the customer found, so one person is recognised
    on every channel they have used.
    """
    name, identities = check_customer_details(details)
    if not identities and name is None:
        return None
    found = next(
        (c for c in (tx.customers.find_by_identity(i) for i in identities) if c is not None), None
    )
    if found is None:
        customer = Customer(
            id=new_customer_id(), name=name, created_at=now(), identities=tuple(identities)
        )
        tx.customers.add(customer)
        return customer
    for identity in identities:
        if tx.customers.find_by_identity(identity) is None:
            tx.customers.add_identity(found.id, identity)
    return tx.customers.get(found.id)


def get_customer(store: Store, customer_id: CustomerId) -> Customer:
    with store.transaction() as tx:
        customer = tx.customers.get(customer_id)
    if customer is None:
        raise NotFound(f"customer {customer_id} not found")
    return customer


def search_customers(store: Store, query: str, limit: int = 20) -> Sequence[Customer]:
    if not query.strip():
        raise InvalidInput("the search query is empty")
    with store.transaction() as tx:
        return tx.customers.search(query, limit)


def customer_orders(store: Store, backoffice: BackOffice, customer_id: CustomerId) -> list[Any]:
    """The customer's orders in the back office, found by their linked user or their email."""
    customer = get_customer(store, customer_id)
    user_id = customer.backoffice_user_id
    try:
        if user_id is None and customer.email is not None:
            user_id = str(backoffice.call("find_user_id_by_email", {"email": customer.email}))
        if user_id is None:
            return []
        user = backoffice.call("get_user_details", {"user_id": user_id})
        order_ids = user.get("orders", []) if isinstance(user, dict) else []
        return [backoffice.call("get_order_details", {"order_id": oid}) for oid in order_ids]
    except BackOfficeError:
        return []
