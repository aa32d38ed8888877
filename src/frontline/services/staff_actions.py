"""A member of staff acts on the back office for a conversation's customer.

The same operations the AI has, checked by the same policy engine, in two steps: ``preview``
says what would change (and what the policy says), ``confirm`` runs it when the preview key
still matches. The action is logged on the conversation with the staff member as actor.

A denial stands unless a supervisor overrides it with a written reason; the override is an
event ``policy_override`` beside the action. Rules about *whose* data it is (no verified
customer, an order of someone else) are never overridable: a reason does not change whose
order it is.

Staff have one rule the AI does not: a refund above ``refund_limit`` (a cancellation's order
total, a return's items) is denied (rule ``refund_limit``) until a supervisor overrides it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from frontline.agent.engine.policy import Denial, Session
from frontline.agent.retail.policy import WRITES, PolicyEngine
from frontline.backoffice.port import BackOffice, BackOfficeError, OperationFailed, check_arguments
from frontline.domain.actions import Action, ActionOutcome
from frontline.domain.conversations import Conversation
from frontline.domain.errors import Conflict, Forbidden, InvalidInput
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId, new_action_id
from frontline.domain.staff import StaffUser
from frontline.services.access import access_conversation_as_staff
from frontline.services.audit import record_audit, record_backoffice_action, staff_actor
from frontline.services.clock import now
from frontline.services.ports import Store

STAFF_READS = frozenset({"get_order_details", "get_user_details"})
STAFF_TOOLS = WRITES | STAFF_READS
ACCOUNT_TOOLS = frozenset({"get_user_details", "modify_user_address"})
UNOVERRIDABLE = frozenset({"identity_required", "one_customer", "not_found", "unknown_tool"})
MAX_REASON_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class ActionPreview:
    """What confirming ``name`` with ``arguments`` would do, and whether policy allows it."""

    conversation_id: ConversationId
    name: str
    arguments: dict[str, Any]
    writes: bool
    changes: tuple[str, ...]  # one line per change, in words a support agent reads
    denial: Denial | None
    overridable: bool  # a supervisor may confirm it anyway, with a reason
    key: str  # confirm must send it back: proof that this preview was seen
    current: Any  # the order (or account) as it is now


@dataclass(frozen=True, slots=True)
class StaffActionRun:
    preview: ActionPreview
    action: Action
    override_reason: str | None = None


def preview_staff_action(
    store: Store,
    backoffice: BackOffice,
    staff: StaffUser,
    conversation_id: ConversationId,
    name: str,
    arguments: Mapping[str, Any],
    refund_limit: float,
) -> ActionPreview:
    """The preview of one staff action; nothing changes."""
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        customer = tx.customers.get(conversation.customer_id) if conversation.customer_id else None
    user_id = _backoffice_user(
        backoffice,
        customer.backoffice_user_id if customer else None,
        customer.email if customer else None,
    )
    if name in ACCOUNT_TOOLS and "user_id" not in arguments and user_id is not None:
        arguments = {**arguments, "user_id": user_id}  # the conversation's customer
    args = _check_call(backoffice, name, arguments)
    denial = PolicyEngine(backoffice).check(name, args, Session(user_id, confirmed=True))
    current = _current(backoffice, args)
    if denial is None and user_id is not None:
        denial = _check_refund_limit(name, args, current, refund_limit)
    return ActionPreview(
        conversation_id=conversation.id,
        name=name,
        arguments=args,
        writes=name in WRITES,
        changes=describe_changes(backoffice, name, args, current) if denial is None else (),
        denial=denial,
        overridable=denial is not None and denial.rule not in UNOVERRIDABLE,
        key=preview_key(conversation, name, args),
        current=current,
    )


def confirm_staff_action(
    store: Store,
    backoffice: BackOffice,
    staff: StaffUser,
    conversation_id: ConversationId,
    name: str,
    arguments: Mapping[str, Any],
    key: str,
    refund_limit: float,
    override_reason: str | None = None,
) -> StaffActionRun:
    """Run the previewed action (or log its denial) on the conversation, as ``staff``."""
    preview = preview_staff_action(
        store, backoffice, staff, conversation_id, name, arguments, refund_limit
    )
    if key != preview.key:
        raise Conflict("the action differs from the one previewed: preview it again")
    reason = _check_override(staff, preview, override_reason)
    if preview.denial is not None and reason is None:
        result: Any = {"rule": preview.denial.rule, "detail": preview.denial.detail}
        outcome = ActionOutcome.denied
    else:
        try:
            result, outcome = backoffice.call(name, preview.arguments), ActionOutcome.ok
        except OperationFailed as failure:
            result, outcome = {"error": failure.message}, ActionOutcome.error
        except BackOfficeError as failure:
            result, outcome = {"error": str(failure)}, ActionOutcome.error
    action = _record(store, staff, preview, outcome, result, reason)
    return StaffActionRun(preview, action, reason)


def preview_key(conversation: Conversation, name: str, arguments: Mapping[str, Any]) -> str:
    payload = json.dumps([conversation.id, name, arguments], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _check_call(backoffice: BackOffice, name: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    if name not in STAFF_TOOLS:
        raise InvalidInput(
            f"{name!r} is not a staff action; one of: {', '.join(sorted(STAFF_TOOLS))}"
        )
    spec = next((s for s in backoffice.tools() if s.name == name), None)
    if spec is None:
        raise InvalidInput(f"the back office has no operation {name!r}")
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in arguments.items()}
    try:
        return check_arguments(spec, cleaned)
    except BackOfficeError as exc:
        raise InvalidInput(str(exc)) from exc


def _backoffice_user(backoffice: BackOffice, user_id: str | None, email: str | None) -> str | None:
    """The conversation customer's back-office account: linked, or found by their email."""
    if user_id is not None or email is None:
        return user_id
    try:
        return str(backoffice.call("find_user_id_by_email", {"email": email}))
    except BackOfficeError:
        return None


def _current(backoffice: BackOffice, args: Mapping[str, Any]) -> Any:
    try:
        if "order_id" in args:
            return backoffice.call("get_order_details", {"order_id": args["order_id"]})
        if "user_id" in args:
            return backoffice.call("get_user_details", {"user_id": args["user_id"]})
    except BackOfficeError:
        return None
    return None


def _refund_amount(name: str, args: Mapping[str, Any], order: Any) -> float:
    if not isinstance(order, dict):
        return 0.0
    items = order.get("items") or []
    if name == "cancel_pending_order":
        return round(sum(float(i["price"]) for i in items), 2)
    if name == "return_delivered_order_items":
        remaining = [str(i) for i in args.get("item_ids") or []]
        total = 0.0
        for item in items:
            if str(item["item_id"]) in remaining:
                remaining.remove(str(item["item_id"]))
                total += float(item["price"])
        return round(total, 2)
    return 0.0


def _check_refund_limit(
    name: str, args: Mapping[str, Any], order: Any, limit: float
) -> Denial | None:
    amount = _refund_amount(name, args, order)
    if amount > limit:
        return Denial("refund_limit", f"a refund of {amount:.2f} is above {limit:.2f}", amount)
    return None


def _check_override(
    staff: StaffUser, preview: ActionPreview, override_reason: str | None
) -> str | None:
    reason = " ".join((override_reason or "").split()) or None
    if reason is None:
        return None
    if preview.denial is None:
        raise InvalidInput("the policy allows this action: there is nothing to override")
    if not staff.sees_every_queue:
        raise Forbidden("overriding a policy denial needs a supervisor")
    if not preview.overridable:
        raise Forbidden(f"the rule {preview.denial.rule!r} cannot be overridden")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"a reason has at most {MAX_REASON_CHARS} characters")
    return reason


def _record(
    store: Store,
    staff: StaffUser,
    preview: ActionPreview,
    outcome: ActionOutcome,
    result: Any,
    reason: str | None,
) -> Action:
    actor = f"human:{staff.username}"
    action = Action(
        id=new_action_id(),
        conversation_id=preview.conversation_id,
        name=preview.name,
        arguments=preview.arguments,
        outcome=outcome,
        result=result,
        actor=actor,
        created_at=now(),
    )
    with store.transaction() as tx:
        tx.actions.add(action)
        if reason is not None and preview.denial is not None:
            tx.events.append(
                EventKind.policy_override,
                preview.conversation_id,
                actor,
                {
                    "action_id": action.id,
                    "name": preview.name,
                    "rule": preview.denial.rule,
                    "detail": preview.denial.detail,
                    "reason": reason,
                },
                action.created_at,
            )
        tx.events.append(
            EventKind.action_taken,
            preview.conversation_id,
            actor,
            {"name": preview.name, "outcome": outcome.value},
            action.created_at,
        )
        audit_actor = staff_actor(staff.username)
        record_backoffice_action(
            tx, audit_actor, preview.name, preview.arguments, outcome.value, preview.conversation_id
        )
        if reason is not None and preview.denial is not None:
            details = {"action_id": action.id, "rule": preview.denial.rule}
            record_audit(tx, audit_actor, "policy.override", f"action:{action.id}", details)
    return action


def describe_changes(
    backoffice: BackOffice, name: str, args: Mapping[str, Any], current: Any
) -> tuple[str, ...]:
    """What ``name`` would change, one line per change, from the current order or account."""
    if name in STAFF_READS or not isinstance(current, dict):
        return ()
    if name == "cancel_pending_order":
        total = _refund_amount(name, args, current)
        return (
            f"order {args['order_id']}: status {current.get('status')} → cancelled",
            f"refund {total:.2f} to the payment methods used ({args['reason']})",
        )
    if name in {"modify_pending_order_address", "modify_user_address"}:
        old = current.get("address") or {}
        what = f"order {args['order_id']}" if "order_id" in args else f"account {args['user_id']}"
        return (f"{what}: address {_address(old)} → {_address(args)}",)
    if name == "modify_pending_order_payment":
        return (f"order {args['order_id']}: paid with {args['payment_method_id']}",)
    by_id = {str(i["item_id"]): i for i in current.get("items") or []}
    lines = []
    if name == "return_delivered_order_items":
        for item_id in args["item_ids"]:
            lines.append(f"return {_item(by_id.get(str(item_id)), str(item_id))}")
        total = _refund_amount(name, args, current)
        lines.append(f"refund {total:.2f} to {args['payment_method_id']}")
        return tuple(lines)
    for old_id, new_id in zip(args["item_ids"], args["new_item_ids"], strict=False):
        new = _variant(backoffice, str(new_id))
        lines.append(f"{_item(by_id.get(str(old_id)), str(old_id))} → {_item(new, str(new_id))}")
    lines.append(f"price difference settled with {args['payment_method_id']}")
    return tuple(lines)


def _variant(backoffice: BackOffice, item_id: str) -> dict[str, Any] | None:
    try:
        found = backoffice.call("get_item_details", {"item_id": item_id})
    except BackOfficeError:
        return None
    return found if isinstance(found, dict) else None


def _item(item: Mapping[str, Any] | None, item_id: str) -> str:
    if item is None:
        return f"item {item_id}"
    options = ", ".join(f"{k} {v}" for k, v in (item.get("options") or {}).items())
    label = item.get("name") or f"item {item_id}"
    price = f" at {float(item['price']):.2f}" if "price" in item else ""
    return f"{label} ({options}){price}" if options else f"{label}{price}"


def _address(address: Mapping[str, Any]) -> str:
    parts: Sequence[str] = [
        str(address.get(k) or "") for k in ("address1", "address2", "city", "state", "zip")
    ]
    return ", ".join(p for p in parts if p) + (
        f" ({address['country']})" if address.get("country") else ""
    )
