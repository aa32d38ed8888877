"""Users: finding them, reading them, changing their default address (τ² retail semantics)."""

from __future__ import annotations

from frontline.backoffice.port import OperationFailed
from frontline.backoffice.retail.records import Address, PaymentMethod, User
from frontline.backoffice.retail.store import RetailSession


def require_user(session: RetailSession, user_id: str) -> User:
    user = session.get_user(user_id)
    if user is None:
        raise OperationFailed("User not found")
    return user


def require_payment_method(user: User, payment_method_id: str) -> PaymentMethod:
    """The user's payment method, the very dict inside `user` (changes to it change `user`)."""
    method = user["payment_methods"].get(payment_method_id)
    if method is None:
        raise OperationFailed("Payment method not found")
    return method


def is_gift_card(method: PaymentMethod) -> bool:
    return method["source"] == "gift_card"


def add_to_balance(gift_card: PaymentMethod, amount: float) -> None:
    """Credit (or, with a negative amount, debit) a gift card; τ² rounds the balance to cents."""
    gift_card["balance"] = round(gift_card["balance"] + amount, 2)


def make_address(
    address1: str, address2: str, city: str, state: str, country: str, zip_code: str
) -> Address:
    # Keys in τ²'s field order (country before state), so the record renders like τ²'s.
    return {
        "address1": address1,
        "address2": address2,
        "city": city,
        "country": country,
        "state": state,
        "zip": zip_code,
    }


def find_user_id_by_email(session: RetailSession, email: str) -> str:
    user_id = session.find_user_id_by_email(email)
    if user_id is None:
        raise OperationFailed("User not found")
    return user_id


def find_user_id_by_name_zip(
    session: RetailSession, first_name: str, last_name: str, zip_code: str
) -> str:
    user_id = session.find_user_id_by_name_zip(first_name, last_name, zip_code)
    if user_id is None:
        raise OperationFailed("User not found")
    return user_id


def get_user_details(session: RetailSession, user_id: str) -> User:
    return require_user(session, user_id)


def modify_user_address(session: RetailSession, user_id: str, address: Address) -> User:
    user = require_user(session, user_id)
    user["address"] = address
    session.put_user(user)
    return user
