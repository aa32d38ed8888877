"""The retail policy: every back-office call the agent makes is checked here first.

Whatever the understanding layer produced, a call runs only if the rules below allow it. A
denial names its rule; the agent logs it as a ``denied`` action and explains it::

    Denial.rule
    ├── identity_required     no authenticated customer yet
    ├── assurance_required    verified, but not surely enough for this (a write needs the
    │                         one-time code, say; frontline.domain.assurance)
    ├── one_customer          about another customer (nothing about them is revealed)
    ├── not_found             not an order of this customer (whether it exists is not revealed)
    ├── confirmation_required a write without the customer's explicit yes
    ├── order_status          the order's status does not allow this
    ├── reason                a cancellation reason other than the two allowed
    ├── payment_method        not the customer's method, or not allowed for this operation
    ├── gift_card_balance     a gift card that cannot cover the amount
    ├── item                  an item not in the order, or a variant of another product, the
    │                         same variant, or one that is not available
    └── unknown_tool          a tool the agent may not call

The engine reads what it needs from the back office itself, so stale agent memory cannot
talk it into anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontline.agent.engine.policy import AssuranceRequirements, Denial, Session
from frontline.backoffice.port import BackOffice, BackOfficeError
from frontline.domain.assurance import meets

CANCEL_REASONS = ("no longer needed", "ordered by mistake")
READS_WITHOUT_IDENTITY = frozenset(
    {"get_product_details", "get_item_details", "list_all_product_types", "calculate"}
)
IDENTITY_LOOKUPS = frozenset({"find_user_id_by_email", "find_user_id_by_name_zip"})
WRITES = frozenset(
    {
        "cancel_pending_order",
        "modify_pending_order_address",
        "modify_pending_order_payment",
        "modify_pending_order_items",
        "return_delivered_order_items",
        "exchange_delivered_order_items",
        "modify_user_address",
    }
)
ORDER_STATUS_FOR = {
    "cancel_pending_order": "pending",
    "modify_pending_order_address": "pending",
    "modify_pending_order_payment": "pending",
    "modify_pending_order_items": "pending",
    "return_delivered_order_items": "delivered",
    "exchange_delivered_order_items": "delivered",
}


class PolicyEngine:
    """The retail rules (a ``ToolPolicy``), reading the back office for what they need."""

    def __init__(
        self, backoffice: BackOffice, requirements: AssuranceRequirements | None = None
    ) -> None:
        self._backoffice = backoffice
        self.requirements = requirements or AssuranceRequirements()

    def check(self, tool: str, arguments: Mapping[str, Any], session: Session) -> Denial | None:
        """None when the call is allowed, else the rule it breaks."""
        if tool == "transfer_to_human_agents" or tool in READS_WITHOUT_IDENTITY:
            return None
        if tool in IDENTITY_LOOKUPS:
            return self._check_lookup(tool, arguments, session)
        if session.user_id is None:
            return Denial("identity_required", f"{tool} before the customer was verified")
        need = self.requirements.writes if tool in WRITES else self.requirements.reads
        if not meets(session.assurance, need):
            return Denial(
                "assurance_required",
                f"{tool} needs {need.value} identity assurance, the customer has "
                f"{session.assurance.value}",
            )
        if tool in {"get_user_details", "modify_user_address"}:
            if arguments.get("user_id") != session.user_id:
                return Denial("one_customer", "another customer's account")
            return self._check_confirmed(tool, session)
        if tool == "get_order_details":
            return self._check_owned(str(arguments.get("order_id")), session)[1]
        if tool in ORDER_STATUS_FOR:
            return self._check_order_write(tool, arguments, session)
        return Denial("unknown_tool", f"the agent may not call {tool}")

    def _check_lookup(
        self, tool: str, arguments: Mapping[str, Any], session: Session
    ) -> Denial | None:
        if session.user_id is None:
            return None
        user = self._read("get_user_details", {"user_id": session.user_id})
        if not isinstance(user, dict):
            return Denial("one_customer", "the verified customer could not be read")
        if tool == "find_user_id_by_email":
            same = str(arguments.get("email", "")).strip().lower() == str(user["email"]).lower()
        else:
            name = user.get("name") or {}
            same = (
                str(arguments.get("first_name", "")).lower() == str(name.get("first_name")).lower()
                and str(arguments.get("last_name", "")).lower()
                == str(name.get("last_name")).lower()
                and str(arguments.get("zip")) == str((user.get("address") or {}).get("zip"))
            )
        return None if same else Denial("one_customer", "a second customer in one conversation")

    @staticmethod
    def _check_confirmed(tool: str, session: Session) -> Denial | None:
        if tool in WRITES and not session.confirmed:
            return Denial("confirmation_required", f"{tool} without the customer's yes")
        return None

    def _check_owned(
        self, order_id: str, session: Session
    ) -> tuple[dict[str, Any] | None, Denial | None]:
        user = self._read("get_user_details", {"user_id": session.user_id})
        if not isinstance(user, dict) or order_id not in (user.get("orders") or []):
            return None, Denial("not_found", f"order {order_id} is not this customer's")
        order = self._read("get_order_details", {"order_id": order_id})
        if not isinstance(order, dict):
            return None, Denial("not_found", f"order {order_id} could not be read")
        return order, None

    def _check_order_write(
        self, tool: str, arguments: Mapping[str, Any], session: Session
    ) -> Denial | None:
        if denial := self._check_confirmed(tool, session):
            return denial
        order, denial = self._check_owned(str(arguments.get("order_id")), session)
        if denial is not None or order is None:
            return denial
        if order["status"] != ORDER_STATUS_FOR[tool]:
            return Denial("order_status", f"order {order['order_id']} is {order['status']}")
        if tool == "cancel_pending_order":
            if arguments.get("reason") not in CANCEL_REASONS:
                return Denial("reason", f"reason {arguments.get('reason')!r} is not allowed")
            return None
        if tool == "modify_pending_order_address":
            return None
        user = self._read("get_user_details", {"user_id": session.user_id})
        assert isinstance(user, dict)  # read just above in _check_owned
        return self._check_payment_and_items(tool, arguments, order, user)

    def _check_payment_and_items(
        self,
        tool: str,
        arguments: Mapping[str, Any],
        order: dict[str, Any],
        user: dict[str, Any],
    ) -> Denial | None:
        method_id = str(arguments.get("payment_method_id"))
        methods = user.get("payment_methods") or {}
        if method_id not in methods:
            return Denial("payment_method", f"{method_id} is not on the customer's account")
        method = methods[method_id]
        original = _original_method(order)
        if tool == "modify_pending_order_payment":
            if method_id == original:
                return Denial("payment_method", "the order is already paid with this method")
            return _check_balance(method, _order_total(order))
        item_ids = [str(i) for i in arguments.get("item_ids") or []]
        if denial := _check_items_in_order(item_ids, order):
            return denial
        if tool == "return_delivered_order_items":
            if method_id != original and method.get("source") != "gift_card":
                return Denial("payment_method", "refunds go to the original method or a gift card")
            return None
        new_ids = [str(i) for i in arguments.get("new_item_ids") or []]
        difference, denial = self._check_new_items(item_ids, new_ids, order)
        if denial is not None:
            return denial
        return _check_balance(method, difference) if difference > 0 else None

    def _check_new_items(
        self, item_ids: list[str], new_ids: list[str], order: dict[str, Any]
    ) -> tuple[float, Denial | None]:
        if len(item_ids) != len(new_ids) or not item_ids:
            return 0.0, Denial("item", "each item needs exactly one new variant")
        by_id = {str(i["item_id"]): i for i in order.get("items") or []}
        difference = 0.0
        for old_id, new_id in zip(item_ids, new_ids, strict=True):
            old = by_id[old_id]
            product = self._read("get_product_details", {"product_id": old["product_id"]})
            variants = product.get("variants", {}) if isinstance(product, dict) else {}
            new = variants.get(new_id)
            if new is None:
                return 0.0, Denial("item", f"{new_id} is not a variant of {old['name']}")
            if new_id == old_id or not new.get("available"):
                return 0.0, Denial("item", f"{new_id} is the same item or not available")
            difference += float(new["price"]) - float(old["price"])
        return round(difference, 2), None

    def _read(self, tool: str, arguments: Mapping[str, Any]) -> object:
        try:
            return self._backoffice.call(tool, arguments)
        except BackOfficeError:
            return None


def _original_method(order: Mapping[str, Any]) -> str | None:
    history = order.get("payment_history") or []
    return str(history[0]["payment_method_id"]) if history else None


def _order_total(order: Mapping[str, Any]) -> float:
    return round(sum(float(i["price"]) for i in order.get("items") or []), 2)


def _check_items_in_order(item_ids: list[str], order: Mapping[str, Any]) -> Denial | None:
    if not item_ids:
        return Denial("item", "no items given")
    available = [str(i["item_id"]) for i in order.get("items") or []]
    for item_id in item_ids:
        if item_id not in available:
            return Denial("item", f"{item_id} is not in order {order['order_id']}")
        available.remove(item_id)
    return None


def _check_balance(method: Mapping[str, Any], amount: float) -> Denial | None:
    if method.get("source") == "gift_card" and float(method.get("balance", 0)) < amount:
        return Denial("gift_card_balance", f"gift card balance below {amount:.2f}", amount)
    return None
