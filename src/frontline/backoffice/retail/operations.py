"""`RetailBackOffice`: the built-in back office, a retail store with τ²-bench retail semantics.

Every operation has τ²'s name, arguments, result and error messages, and runs in one store
transaction, so it either fully happens or changes nothing (τ² could leave half a change when
a check failed late; no valid store reaches those checks). One deliberate difference, in
`modify_pending_order_items`: each modified item takes its own new variant's price and options.

Results are JSON values: strings verbatim, records as τ²'s `model_dump()` (orders with their
seven optional fields, null when unset). `output.render_output` prints them as τ² does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from frontline.backoffice.port import (
    IdempotencyConflict,
    RecordedWrite,
    ToolSpec,
    UnknownTool,
    call_digest,
    check_arguments,
)
from frontline.backoffice.retail import (
    calculator,
    delivered_orders,
    orders,
    pending_orders,
    products,
    users,
)
from frontline.backoffice.retail.records import Order, OrderOut, Product, User, Variant, order_out
from frontline.backoffice.retail.store import RetailSession, RetailStore
from frontline.backoffice.retail.tool_specs import RETAIL_TOOLS

T = TypeVar("T")
_SPECS = {spec.name: spec for spec in RETAIL_TOOLS}


@dataclass(frozen=True, slots=True)
class _Keyed:
    key: str
    name: str
    digest: str


# The idempotency key of the write `call` is running in this thread or task, if any.
_KEYED: ContextVar[_Keyed | None] = ContextVar("retail_write_key", default=None)


class RetailBackOffice:
    """The `BackOffice` port over a `RetailStore` (in memory or SQL)."""

    def __init__(self, store: RetailStore) -> None:
        self._store = store
        self._handlers: dict[str, Callable[[dict[str, Any]], object]] = _handlers(self)

    def tools(self) -> list[ToolSpec]:
        return list(RETAIL_TOOLS)

    def call(
        self, name: str, arguments: Mapping[str, object], *, idempotency_key: str | None = None
    ) -> object:
        spec = _SPECS.get(name)
        if spec is None:
            raise UnknownTool(name)
        checked = check_arguments(spec, arguments)
        if idempotency_key is None or not spec.writes:
            return self._handlers[name](checked)
        keyed = _KEYED.set(_Keyed(idempotency_key, name, call_digest(name, checked)))
        try:
            return self._handlers[name](checked)
        finally:
            _KEYED.reset(keyed)

    def recorded(self, idempotency_key: str) -> RecordedWrite | None:
        return self._read(lambda s: s.recorded_write(idempotency_key))

    # Reads

    def find_user_id_by_email(self, email: str) -> str:
        return self._read(lambda s: users.find_user_id_by_email(s, email))

    def find_user_id_by_name_zip(
        self, first_name: str, last_name: str, zip: str
    ) -> str:  # τ²'s argument name
        return self._read(lambda s: users.find_user_id_by_name_zip(s, first_name, last_name, zip))

    def get_user_details(self, user_id: str) -> User:
        return self._read(lambda s: users.get_user_details(s, user_id))

    def get_order_details(self, order_id: str) -> OrderOut:
        return order_out(self._read(lambda s: orders.get_order_details(s, order_id)))

    def get_product_details(self, product_id: str) -> Product:
        return self._read(lambda s: products.get_product_details(s, product_id))

    def get_item_details(self, item_id: str) -> Variant:
        return self._read(lambda s: products.get_item_details(s, item_id))

    def list_all_product_types(self) -> str:
        return self._read(products.list_all_product_types)

    def calculate(self, expression: str) -> str:
        return calculator.calculate(expression)

    def transfer_to_human_agents(self, summary: str) -> str:  # noqa: ARG002  # τ² ignores it too
        """Nothing changes here; the conversation layer performs the hand-off with `summary`."""
        return "Transfer successful"

    # Writes

    def cancel_pending_order(self, order_id: str, reason: str) -> OrderOut:
        return self._write_order(lambda s: pending_orders.cancel_pending_order(s, order_id, reason))

    def modify_pending_order_address(
        self,
        order_id: str,
        address1: str,
        address2: str,
        city: str,
        state: str,
        country: str,
        zip: str,  # τ²'s argument name
    ) -> OrderOut:
        address = users.make_address(address1, address2, city, state, country, zip)
        return self._write_order(
            lambda s: pending_orders.modify_pending_order_address(s, order_id, address)
        )

    def modify_pending_order_payment(self, order_id: str, payment_method_id: str) -> OrderOut:
        return self._write_order(
            lambda s: pending_orders.modify_pending_order_payment(s, order_id, payment_method_id)
        )

    def modify_pending_order_items(
        self, order_id: str, item_ids: list[str], new_item_ids: list[str], payment_method_id: str
    ) -> OrderOut:
        return self._write_order(
            lambda s: pending_orders.modify_pending_order_items(
                s, order_id, item_ids, new_item_ids, payment_method_id
            )
        )

    def return_delivered_order_items(
        self, order_id: str, item_ids: list[str], payment_method_id: str
    ) -> OrderOut:
        return self._write_order(
            lambda s: delivered_orders.return_delivered_order_items(
                s, order_id, item_ids, payment_method_id
            )
        )

    def exchange_delivered_order_items(
        self, order_id: str, item_ids: list[str], new_item_ids: list[str], payment_method_id: str
    ) -> OrderOut:
        return self._write_order(
            lambda s: delivered_orders.exchange_delivered_order_items(
                s, order_id, item_ids, new_item_ids, payment_method_id
            )
        )

    def modify_user_address(
        self,
        user_id: str,
        address1: str,
        address2: str,
        city: str,
        state: str,
        country: str,
        zip: str,  # τ²'s argument name
    ) -> User:
        address = users.make_address(address1, address2, city, state, country, zip)
        return self._write(lambda s: users.modify_user_address(s, user_id, address))

    def _read(self, operation: Callable[[RetailSession], T]) -> T:
        with self._store.transaction(write=False) as session:
            return operation(session)

    def _write_order(self, operation: Callable[[RetailSession], Order]) -> OrderOut:
        return self._write(lambda s: order_out(operation(s)))

    def _write(self, operation: Callable[[RetailSession], T]) -> T:
        """Run a write in one transaction; under an idempotency key (`call`), the key and the
        result are recorded in that same transaction, and a key seen before returns its
        recorded result without running anything."""
        keyed = _KEYED.get()
        with self._store.transaction(write=True) as session:
            if keyed is not None:
                done = session.recorded_write(keyed.key)
                if done is not None:
                    if (done.name, done.digest) != (keyed.name, keyed.digest):
                        raise IdempotencyConflict(keyed.key)
                    recorded: T = done.result
                    return recorded
            result = operation(session)
            if keyed is not None:
                session.record_write(RecordedWrite(keyed.key, keyed.name, keyed.digest, result))
            return result


def _handlers(office: RetailBackOffice) -> dict[str, Callable[[dict[str, Any]], object]]:
    """Tool name -> a call of the typed method with checked arguments."""
    return {
        "calculate": lambda a: office.calculate(**a),
        "cancel_pending_order": lambda a: office.cancel_pending_order(**a),
        "exchange_delivered_order_items": lambda a: office.exchange_delivered_order_items(**a),
        "find_user_id_by_name_zip": lambda a: office.find_user_id_by_name_zip(**a),
        "find_user_id_by_email": lambda a: office.find_user_id_by_email(**a),
        "get_order_details": lambda a: office.get_order_details(**a),
        "get_product_details": lambda a: office.get_product_details(**a),
        "get_item_details": lambda a: office.get_item_details(**a),
        "get_user_details": lambda a: office.get_user_details(**a),
        "list_all_product_types": lambda a: office.list_all_product_types(**a),
        "modify_pending_order_address": lambda a: office.modify_pending_order_address(**a),
        "modify_pending_order_items": lambda a: office.modify_pending_order_items(**a),
        "modify_pending_order_payment": lambda a: office.modify_pending_order_payment(**a),
        "modify_user_address": lambda a: office.modify_user_address(**a),
        "return_delivered_order_items": lambda a: office.return_delivered_order_items(**a),
        "transfer_to_human_agents": lambda a: office.transfer_to_human_agents(**a),
    }
