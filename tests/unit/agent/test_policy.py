"""The policy engine, rule by rule, over the real τ² retail store.

Every back-office call the agent makes goes through `PolicyEngine.check` first; these tests
walk its branches with real customers and orders from τ²'s `db.json` (skipped when the shared
datasets are not checked out). The cast:

- Olivia Ito (``olivia_ito_3591``): a gift card with $56.00 on it, a PayPal account and a Visa;
  order #W5442520 is pending (paid by Visa, $663.85: gaming mouse, patio umbrella, hiking
  boots), #W5866402 is delivered (paid by PayPal: espresso machine, sneakers), #W5353646 is
  processed.
- Noah Brown (``noah_brown_6181``): another customer, with order #W7678072.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from frontline.agent.engine.policy import AssuranceRequirements, Denial, Session
from frontline.agent.retail.policy import PolicyEngine
from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.memory import InMemoryRetailStore
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.records import StoreData
from frontline.domain.assurance import Assurance

OLIVIA = "olivia_ito_3591"
OLIVIA_EMAIL = "olivia.ito5204@example.com"
OLIVIA_GIFT_CARD = "gift_card_7794233"  # balance 56.00
OLIVIA_PAYPAL = "paypal_8049766"
OLIVIA_VISA = "credit_card_9753331"
PENDING = "#W5442520"  # paid with OLIVIA_VISA, total 663.85
DELIVERED = "#W5866402"  # paid with OLIVIA_PAYPAL
PROCESSED = "#W5353646"

NOAH = "noah_brown_6181"
NOAH_EMAIL = "noah.brown7922@example.com"
NOAH_ORDER = "#W7678072"

# Items of PENDING and the variants of their products
MOUSE = "3330317167"  # gaming mouse, 137.32
MOUSE_LASER_WIRELESS = "8214883393"  # 150.58 (+13.26), available
MOUSE_LASER_WIRED = "2193628750"  # 162.15 (+24.83), available
MOUSE_UNAVAILABLE = "7420906769"  # 138.47, not available
UMBRELLA = "3111466194"  # patio umbrella, 285.66
UMBRELLA_GREEN_SUNBRELLA = "6243981804"  # 329.85 (+44.19), available
# Items of DELIVERED and the variants of their products
ESPRESSO = "6242772310"  # espresso machine, 2996.03
ESPRESSO_MANUAL = "7407838442"  # 3081.91 (+85.88), available
ESPRESSO_CAPSULE = "6200867091"  # 2955.17 (-40.86), available
ESPRESSO_UNAVAILABLE = "6324294385"  # not available
SNEAKERS = "9727387530"  # 207.75
SNEAKERS_GRAY_LEATHER = "2509076505"  # 189.50 (-18.25), available

NEW_ADDRESS = {
    "address1": "12 Oak Street",
    "address2": "Apt 3",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "78701",
}

# One allowed call per write, with the arguments the customer agreed to.
ALLOWED_WRITES: dict[str, dict[str, Any]] = {
    "cancel_pending_order": {"order_id": PENDING, "reason": "no longer needed"},
    "modify_pending_order_address": {"order_id": PENDING, **NEW_ADDRESS},
    "modify_pending_order_payment": {"order_id": PENDING, "payment_method_id": OLIVIA_PAYPAL},
    "modify_pending_order_items": {
        "order_id": PENDING,
        "item_ids": [MOUSE],
        "new_item_ids": [MOUSE_LASER_WIRELESS],
        "payment_method_id": OLIVIA_VISA,
    },
    "return_delivered_order_items": {
        "order_id": DELIVERED,
        "item_ids": [SNEAKERS],
        "payment_method_id": OLIVIA_PAYPAL,
    },
    "exchange_delivered_order_items": {
        "order_id": DELIVERED,
        "item_ids": [SNEAKERS],
        "new_item_ids": [SNEAKERS_GRAY_LEATHER],
        "payment_method_id": OLIVIA_PAYPAL,
    },
    "modify_user_address": {"user_id": OLIVIA, **NEW_ADDRESS},
}


@pytest.fixture(scope="module")
def tau2_store_data(datasets_dir: Path) -> StoreData:
    path = datasets_dir / "tau2_bench" / "retail" / "db.json"
    if not path.is_file():
        pytest.skip(f"the τ² retail store is not at {path}")
    return load_store_file(path)


@pytest.fixture
def store(tau2_store_data: StoreData) -> InMemoryRetailStore:
    return InMemoryRetailStore(tau2_store_data)


@pytest.fixture
def backoffice(store: InMemoryRetailStore) -> RetailBackOffice:
    return RetailBackOffice(store)


@pytest.fixture
def policy(backoffice: RetailBackOffice) -> PolicyEngine:
    return PolicyEngine(backoffice)


def as_olivia(*, confirmed: bool = True) -> Session:
    return Session(user_id=OLIVIA, confirmed=confirmed)


def rule_of(denial: Denial | None) -> str | None:
    return None if denial is None else denial.rule


def exchange(
    order_id: str, item_ids: list[str], new_item_ids: list[str], payment_method_id: str
) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "item_ids": item_ids,
        "new_item_ids": new_item_ids,
        "payment_method_id": payment_method_id,
    }


# Reads without identity


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("get_product_details", {"product_id": "5713490933"}),
        ("get_item_details", {"item_id": MOUSE}),
        ("list_all_product_types", {}),
        ("calculate", {"expression": "2996.03 - 2955.17"}),
        ("transfer_to_human_agents", {"summary": "wants a person"}),
    ],
)
def test_that_an_unverified_visitor_can_read_the_catalog_and_ask_for_a_human(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given nobody is verified yet
    session = Session(user_id=None)

    # when the agent reads the catalog, calculates or hands off
    denial = policy.check(tool, arguments, session)

    # then it is allowed
    assert denial is None


# Identity lookups


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("find_user_id_by_email", {"email": NOAH_EMAIL}),
        ("find_user_id_by_email", {"email": "nobody@example.com"}),
        ("find_user_id_by_name_zip", {"first_name": "Noah", "last_name": "Brown", "zip": "80279"}),
    ],
)
def test_that_an_unverified_visitor_can_look_up_an_identity(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given nobody is verified yet
    session = Session(user_id=None)

    # when the agent looks the visitor up
    denial = policy.check(tool, arguments, session)

    # then the lookup is allowed, whoever it finds
    assert denial is None


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("find_user_id_by_email", {"email": OLIVIA_EMAIL}),
        ("find_user_id_by_email", {"email": "  Olivia.Ito5204@Example.com "}),
        (
            "find_user_id_by_name_zip",
            {"first_name": "olivia", "last_name": "ITO", "zip": "80218"},
        ),
    ],
)
def test_that_a_verified_customer_can_be_looked_up_again_by_their_own_identity(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given Olivia is verified

    # when the agent looks her up again, in any letter case
    denial = policy.check(tool, arguments, as_olivia())

    # then it is the same person, so it is allowed
    assert denial is None


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("find_user_id_by_email", {"email": NOAH_EMAIL}),
        ("find_user_id_by_name_zip", {"first_name": "Noah", "last_name": "Brown", "zip": "80279"}),
        # Olivia's name with another zip code is not Olivia
        ("find_user_id_by_name_zip", {"first_name": "Olivia", "last_name": "Ito", "zip": "80279"}),
    ],
)
def test_that_a_verified_customer_cannot_have_a_second_customer_looked_up(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given Olivia is verified

    # when the agent looks up somebody else in the same conversation
    denial = policy.check(tool, arguments, as_olivia())

    # then the one-customer rule refuses it
    assert rule_of(denial) == "one_customer"


# Identity required


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("get_user_details", {"user_id": OLIVIA}),
        ("get_order_details", {"order_id": PENDING}),
        *ALLOWED_WRITES.items(),
        ("drop_all_tables", {}),
    ],
)
def test_that_an_unverified_visitor_cannot_touch_an_account_or_order(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given nobody is verified, even though they said yes
    session = Session(user_id=None, confirmed=True)

    # when the agent reads or changes an account or an order
    denial = policy.check(tool, arguments, session)

    # then identity comes first
    assert denial is not None
    assert denial.rule == "identity_required"
    assert tool in denial.detail


# One customer per conversation


def test_that_a_verified_customer_can_read_their_own_account(policy: PolicyEngine) -> None:
    # when the agent reads Olivia's account for Olivia
    denial = policy.check("get_user_details", {"user_id": OLIVIA}, as_olivia(confirmed=False))

    # then it is allowed
    assert denial is None


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("get_user_details", {"user_id": NOAH}),
        ("modify_user_address", {"user_id": NOAH, **NEW_ADDRESS}),
    ],
)
def test_that_a_verified_customer_cannot_read_or_change_another_customers_account(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given Olivia is verified and said yes

    # when the agent reads or changes Noah's account
    denial = policy.check(tool, arguments, as_olivia(confirmed=True))

    # then the one-customer rule refuses it, without a word about Noah
    assert denial is not None
    assert denial.rule == "one_customer"
    assert NOAH not in denial.detail


# Orders of other customers do not exist


def test_that_a_verified_customer_can_read_their_own_order(policy: PolicyEngine) -> None:
    # when the agent reads Olivia's delivered order for her
    denial = policy.check("get_order_details", {"order_id": DELIVERED}, as_olivia())

    # then it is allowed
    assert denial is None


@pytest.mark.parametrize("order_id", [NOAH_ORDER, "#W0000000"])
@pytest.mark.parametrize(
    "tool", ["get_order_details", *(t for t in ALLOWED_WRITES if t != "modify_user_address")]
)
def test_that_a_verified_customer_cannot_see_or_change_an_order_that_is_not_theirs(
    policy: PolicyEngine, tool: str, order_id: str
) -> None:
    # given Olivia is verified and said yes; Noah's order exists, #W0000000 does not
    arguments = {**ALLOWED_WRITES.get(tool, {}), "order_id": order_id}

    # when the agent reads or changes the order for her
    denial = policy.check(tool, arguments, as_olivia())

    # then both look alike: not found
    assert denial is not None
    assert denial.rule == "not_found"
    assert denial.detail == f"order {order_id} is not this customer's"


# Confirmation


@pytest.mark.parametrize(("tool", "arguments"), ALLOWED_WRITES.items())
def test_that_a_verified_customer_cannot_have_a_change_made_without_saying_yes(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given Olivia is verified but has not said yes

    # when the agent makes a change that is otherwise allowed
    denial = policy.check(tool, arguments, as_olivia(confirmed=False))

    # then it needs her explicit yes
    assert denial is not None
    assert denial.rule == "confirmation_required"
    assert tool in denial.detail


@pytest.mark.parametrize(("tool", "arguments"), ALLOWED_WRITES.items())
def test_that_a_verified_customer_can_have_a_change_made_after_saying_yes(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given Olivia is verified and said yes

    # when the agent makes the change
    denial = policy.check(tool, arguments, as_olivia(confirmed=True))

    # then it is allowed
    assert denial is None


@pytest.mark.parametrize(("tool", "arguments"), ALLOWED_WRITES.items())
def test_that_a_change_the_policy_allows_can_go_through_on_the_back_office(
    policy: PolicyEngine, backoffice: RetailBackOffice, tool: str, arguments: Mapping[str, Any]
) -> None:
    # given the policy allows the change for Olivia
    assert policy.check(tool, arguments, as_olivia()) is None

    # when the agent makes it
    result = backoffice.call(tool, arguments)

    # then the back office accepts it (it raises when it refuses)
    assert isinstance(result, dict)


# Order status


@pytest.mark.parametrize(
    ("tool", "arguments", "status"),
    [
        (
            "cancel_pending_order",
            {"order_id": DELIVERED, "reason": "no longer needed"},
            "delivered",
        ),
        (
            "return_delivered_order_items",
            {"order_id": PENDING, "item_ids": [MOUSE], "payment_method_id": OLIVIA_VISA},
            "pending",
        ),
        (
            "exchange_delivered_order_items",
            exchange(PENDING, [MOUSE], [MOUSE_LASER_WIRELESS], OLIVIA_VISA),
            "pending",
        ),
        ("modify_pending_order_address", {"order_id": PROCESSED, **NEW_ADDRESS}, "processed"),
        (
            "modify_pending_order_payment",
            {"order_id": PROCESSED, "payment_method_id": OLIVIA_VISA},
            "processed",
        ),
        (
            "modify_pending_order_items",
            exchange(PROCESSED, ["5489028872"], ["6843647669"], OLIVIA_PAYPAL),
            "processed",
        ),
        (
            "cancel_pending_order",
            {"order_id": PROCESSED, "reason": "ordered by mistake"},
            "processed",
        ),
    ],
)
def test_that_a_customer_cannot_change_an_order_whose_status_does_not_allow_it(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any], status: str
) -> None:
    # given Olivia is verified and said yes

    # when the agent cancels a delivered order, returns a pending one, modifies a processed one
    denial = policy.check(tool, arguments, as_olivia())

    # then the order's status refuses it
    assert denial is not None
    assert denial.rule == "order_status"
    assert denial.detail == f"order {arguments['order_id']} is {status}"


def test_that_a_customer_cannot_cancel_an_order_twice_whatever_the_agent_remembers(
    policy: PolicyEngine, backoffice: RetailBackOffice
) -> None:
    # given Olivia's pending order was cancelled in this conversation
    arguments = {"order_id": PENDING, "reason": "no longer needed"}
    assert policy.check("cancel_pending_order", arguments, as_olivia()) is None
    backoffice.call("cancel_pending_order", arguments)

    # when the agent tries to cancel it again
    denial = policy.check("cancel_pending_order", arguments, as_olivia())

    # then the engine reads the order afresh and sees it is cancelled
    assert denial is not None
    assert denial.rule == "order_status"
    assert denial.detail == f"order {PENDING} is cancelled"


# Cancellation reason


@pytest.mark.parametrize("reason", ["no longer needed", "ordered by mistake"])
def test_that_a_customer_can_cancel_for_one_of_the_two_reasons(
    policy: PolicyEngine, reason: str
) -> None:
    # when the agent cancels Olivia's pending order for an allowed reason
    denial = policy.check(
        "cancel_pending_order", {"order_id": PENDING, "reason": reason}, as_olivia()
    )

    # then it is allowed
    assert denial is None


@pytest.mark.parametrize("reason", ["found it cheaper elsewhere", "No longer needed", "", None])
def test_that_a_customer_cannot_cancel_for_another_reason(
    policy: PolicyEngine, reason: str | None
) -> None:
    # when the agent cancels Olivia's pending order for a reason other than the two
    denial = policy.check(
        "cancel_pending_order", {"order_id": PENDING, "reason": reason}, as_olivia()
    )

    # then the reason rule refuses it
    assert denial is not None
    assert denial.rule == "reason"
    assert repr(reason) in denial.detail


# Payment methods


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("modify_pending_order_payment", {"order_id": PENDING, "payment_method_id": "paypal_1"}),
        (
            "modify_pending_order_items",
            exchange(PENDING, [MOUSE], [MOUSE_LASER_WIRELESS], "credit_card_7815826"),  # Noah's
        ),
        (
            "return_delivered_order_items",
            {"order_id": DELIVERED, "item_ids": [SNEAKERS], "payment_method_id": "gift_card_0"},
        ),
        (
            "exchange_delivered_order_items",
            exchange(DELIVERED, [SNEAKERS], [SNEAKERS_GRAY_LEATHER], "paypal_5727330"),  # Noah's
        ),
    ],
)
def test_that_a_customer_cannot_pay_or_be_refunded_with_a_method_not_on_their_account(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # when the agent names a payment method Olivia does not have
    denial = policy.check(tool, arguments, as_olivia())

    # then the payment-method rule refuses it
    assert denial is not None
    assert denial.rule == "payment_method"
    assert denial.detail == f"{arguments['payment_method_id']} is not on the customer's account"


def test_that_a_customer_cannot_switch_an_order_to_the_method_it_is_already_paid_with(
    policy: PolicyEngine,
) -> None:
    # given Olivia's pending order is paid with her Visa

    # when the agent switches its payment to that same Visa
    denial = policy.check(
        "modify_pending_order_payment",
        {"order_id": PENDING, "payment_method_id": OLIVIA_VISA},
        as_olivia(),
    )

    # then the payment-method rule refuses it
    assert denial == Denial("payment_method", "the order is already paid with this method")


def test_that_a_customer_cannot_have_a_refund_sent_to_a_card_that_did_not_pay(
    policy: PolicyEngine,
) -> None:
    # given Olivia's delivered order was paid with PayPal

    # when the agent returns an item with the refund to her Visa
    denial = policy.check(
        "return_delivered_order_items",
        {"order_id": DELIVERED, "item_ids": [SNEAKERS], "payment_method_id": OLIVIA_VISA},
        as_olivia(),
    )

    # then refunds go only to the original method or a gift card
    assert denial == Denial("payment_method", "refunds go to the original method or a gift card")


@pytest.mark.parametrize("method", [OLIVIA_PAYPAL, OLIVIA_GIFT_CARD])
def test_that_a_customer_can_have_a_refund_sent_to_the_original_method_or_a_gift_card(
    policy: PolicyEngine, method: str
) -> None:
    # when the agent returns both items of the delivered order to PayPal or her gift card
    denial = policy.check(
        "return_delivered_order_items",
        {"order_id": DELIVERED, "item_ids": [ESPRESSO, SNEAKERS], "payment_method_id": method},
        as_olivia(),
    )

    # then it is allowed
    assert denial is None


# Gift card balances


def test_that_a_customer_cannot_pay_an_order_with_a_gift_card_short_of_its_total(
    policy: PolicyEngine,
) -> None:
    # given the pending order costs 663.85 and Olivia's gift card holds 56.00

    # when the agent moves the order's payment to the gift card
    denial = policy.check(
        "modify_pending_order_payment",
        {"order_id": PENDING, "payment_method_id": OLIVIA_GIFT_CARD},
        as_olivia(),
    )

    # then the balance rule refuses it
    assert denial == Denial("gift_card_balance", "gift card balance below 663.85", 663.85)


def test_that_a_customer_cannot_pay_an_exchange_difference_with_a_gift_card_short_of_it(
    policy: PolicyEngine,
) -> None:
    # given the manual espresso machine costs 85.88 more; the gift card holds 56.00

    # when the agent exchanges the espresso machine and pays with the gift card
    denial = policy.check(
        "exchange_delivered_order_items",
        exchange(DELIVERED, [ESPRESSO], [ESPRESSO_MANUAL], OLIVIA_GIFT_CARD),
        as_olivia(),
    )

    # then the balance rule refuses it
    assert denial == Denial("gift_card_balance", "gift card balance below 85.88", 85.88)


def test_that_a_customer_cannot_pay_an_item_change_whose_differences_add_up_past_the_gift_card(
    policy: PolicyEngine,
) -> None:
    # given two changes of +24.83 and +44.19 (69.02 together, each under 56.00)

    # when the agent changes both items of the pending order and pays with the gift card
    denial = policy.check(
        "modify_pending_order_items",
        exchange(
            PENDING,
            [MOUSE, UMBRELLA],
            [MOUSE_LASER_WIRED, UMBRELLA_GREEN_SUNBRELLA],
            OLIVIA_GIFT_CARD,
        ),
        as_olivia(),
    )

    # then the balance rule refuses the total difference
    assert denial == Denial("gift_card_balance", "gift card balance below 69.02", 69.02)


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        # +13.26: the gift card covers it
        (
            "modify_pending_order_items",
            exchange(PENDING, [MOUSE], [MOUSE_LASER_WIRELESS], OLIVIA_GIFT_CARD),
        ),
        # -40.86: the gift card receives it
        (
            "exchange_delivered_order_items",
            exchange(DELIVERED, [ESPRESSO], [ESPRESSO_CAPSULE], OLIVIA_GIFT_CARD),
        ),
        # +85.88 on PayPal: no balance to check
        (
            "exchange_delivered_order_items",
            exchange(DELIVERED, [ESPRESSO], [ESPRESSO_MANUAL], OLIVIA_PAYPAL),
        ),
    ],
)
def test_that_a_customer_can_settle_a_difference_the_method_can_cover(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any]
) -> None:
    # when the agent changes an item and settles the difference
    denial = policy.check(tool, arguments, as_olivia())

    # then it is allowed
    assert denial is None


# Items


@pytest.mark.parametrize(
    ("tool", "arguments", "detail"),
    [
        (
            "return_delivered_order_items",
            {"order_id": DELIVERED, "item_ids": [MOUSE], "payment_method_id": OLIVIA_PAYPAL},
            f"{MOUSE} is not in order {DELIVERED}",
        ),
        (
            "modify_pending_order_items",
            exchange(PENDING, [ESPRESSO], [ESPRESSO_CAPSULE], OLIVIA_VISA),
            f"{ESPRESSO} is not in order {PENDING}",
        ),
        # the order holds one mouse, not two
        (
            "modify_pending_order_items",
            exchange(
                PENDING, [MOUSE, MOUSE], [MOUSE_LASER_WIRELESS, MOUSE_LASER_WIRED], OLIVIA_VISA
            ),
            f"{MOUSE} is not in order {PENDING}",
        ),
        (
            "return_delivered_order_items",
            {"order_id": DELIVERED, "item_ids": [], "payment_method_id": OLIVIA_PAYPAL},
            "no items given",
        ),
    ],
)
def test_that_a_customer_cannot_return_or_change_an_item_that_is_not_in_the_order(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any], detail: str
) -> None:
    # when the agent names items the order does not hold
    denial = policy.check(tool, arguments, as_olivia())

    # then the item rule refuses it
    assert denial == Denial("item", detail)


def test_that_a_customer_cannot_exchange_an_item_for_another_product(
    policy: PolicyEngine,
) -> None:
    # when the agent exchanges the espresso machine for a pair of sneakers
    denial = policy.check(
        "exchange_delivered_order_items",
        exchange(DELIVERED, [ESPRESSO], [SNEAKERS_GRAY_LEATHER], OLIVIA_PAYPAL),
        as_olivia(),
    )

    # then the item rule refuses it: the new item is no variant of the old one's product
    assert denial == Denial("item", f"{SNEAKERS_GRAY_LEATHER} is not a variant of Espresso Machine")


@pytest.mark.parametrize(
    ("tool", "arguments", "new_item"),
    [
        # the same, available, variant
        ("modify_pending_order_items", exchange(PENDING, [MOUSE], [MOUSE], OLIVIA_VISA), MOUSE),
        (
            "modify_pending_order_items",
            exchange(PENDING, [MOUSE], [MOUSE_UNAVAILABLE], OLIVIA_VISA),
            MOUSE_UNAVAILABLE,
        ),
        (
            "exchange_delivered_order_items",
            exchange(DELIVERED, [ESPRESSO], [ESPRESSO_UNAVAILABLE], OLIVIA_PAYPAL),
            ESPRESSO_UNAVAILABLE,
        ),
    ],
)
def test_that_a_customer_cannot_change_an_item_for_the_same_or_an_unavailable_variant(
    policy: PolicyEngine, tool: str, arguments: Mapping[str, Any], new_item: str
) -> None:
    # when the agent changes an item to itself or to a variant that is sold out
    denial = policy.check(tool, arguments, as_olivia())

    # then the item rule refuses it
    assert denial == Denial("item", f"{new_item} is the same item or not available")


@pytest.mark.parametrize(
    ("item_ids", "new_item_ids"),
    [
        ([ESPRESSO, SNEAKERS], [ESPRESSO_CAPSULE]),
        ([ESPRESSO], [ESPRESSO_CAPSULE, SNEAKERS_GRAY_LEATHER]),
        ([ESPRESSO], []),
    ],
)
def test_that_a_customer_cannot_exchange_items_without_exactly_one_new_variant_each(
    policy: PolicyEngine, item_ids: list[str], new_item_ids: list[str]
) -> None:
    # when the agent sends lists of different lengths
    denial = policy.check(
        "exchange_delivered_order_items",
        exchange(DELIVERED, item_ids, new_item_ids, OLIVIA_PAYPAL),
        as_olivia(),
    )

    # then the item rule refuses it
    assert denial == Denial("item", "each item needs exactly one new variant")


# Unknown tools


@pytest.mark.parametrize("tool", ["delete_user", "refund_everything", ""])
def test_that_a_verified_customer_cannot_have_the_agent_call_an_unknown_tool(
    policy: PolicyEngine, tool: str
) -> None:
    # when the agent calls a tool the policy does not know, for a verified customer who said yes
    denial = policy.check(tool, {"user_id": OLIVIA}, as_olivia())

    # then it is refused by name
    assert denial == Denial("unknown_tool", f"the agent may not call {tool}")


# Checks only read


def test_that_checking_calls_never_changes_the_back_office(
    policy: PolicyEngine, store: InMemoryRetailStore
) -> None:
    # given the store as loaded
    before = store.dump()
    calls: list[tuple[str, Mapping[str, Any], Session]] = [
        *((tool, arguments, as_olivia()) for tool, arguments in ALLOWED_WRITES.items()),
        *((tool, arguments, as_olivia(confirmed=False)) for tool, arguments in ALLOWED_WRITES.items()),
        ("cancel_pending_order", {"order_id": NOAH_ORDER, "reason": "no longer needed"}, as_olivia()),
        ("modify_pending_order_payment", {"order_id": PENDING, "payment_method_id": OLIVIA_GIFT_CARD}, as_olivia()),
        ("exchange_delivered_order_items", exchange(DELIVERED, [ESPRESSO], [ESPRESSO_MANUAL], OLIVIA_GIFT_CARD), as_olivia()),
        ("find_user_id_by_email", {"email": NOAH_EMAIL}, as_olivia()),
        ("get_user_details", {"user_id": NOAH}, as_olivia()),
        ("get_order_details", {"order_id": DELIVERED}, as_olivia()),
    ]  # fmt: skip

    # when the engine checks allowed and refused calls alike
    outcomes = [
        rule_of(policy.check(tool, arguments, session)) for tool, arguments, session in calls
    ]

    # then it decided each one and nothing in the store changed
    assert outcomes == [
        *[None] * len(ALLOWED_WRITES),
        *["confirmation_required"] * len(ALLOWED_WRITES),
        "not_found",
        "gift_card_balance",
        "gift_card_balance",
        "one_customer",
        "one_customer",
        None,
    ]
    assert store.dump() == before


def test_that_an_account_write_below_the_required_assurance_is_refused(
    backoffice: RetailBackOffice,
) -> None:
    # given a deployment whose writes need the one-time code, and reads only knowledge
    requirements = AssuranceRequirements(writes=Assurance.one_time_code)
    strict = PolicyEngine(backoffice, requirements)
    cancel = {"order_id": PENDING, "reason": "no longer needed"}
    by_knowledge = Session(OLIVIA, confirmed=True, assurance=Assurance.knowledge)

    # then a customer verified by knowledge may read but not write, with the rule named
    assert strict.check("get_order_details", {"order_id": PENDING}, by_knowledge) is None
    denial = strict.check("cancel_pending_order", cancel, by_knowledge)
    assert rule_of(denial) == "assurance_required"
    assert denial is not None
    assert "one_time_code" in denial.detail

    # and the code, or a host signature, lifts it
    for level in (Assurance.one_time_code, Assurance.signed):
        session = Session(OLIVIA, confirmed=True, assurance=level)
        assert strict.check("cancel_pending_order", cancel, session) is None


def test_that_reads_can_require_more_than_knowledge(backoffice: RetailBackOffice) -> None:
    strict = PolicyEngine(backoffice, AssuranceRequirements(reads=Assurance.signed))
    by_code = Session(OLIVIA, assurance=Assurance.one_time_code)
    denial = strict.check("get_user_details", {"user_id": OLIVIA}, by_code)
    assert rule_of(denial) == "assurance_required"
    signed = Session(OLIVIA, assurance=Assurance.signed)
    assert strict.check("get_user_details", {"user_id": OLIVIA}, signed) is None
