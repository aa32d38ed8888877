"""Demo data: the generated retail store and a few conversations to look at.

Loading is idempotent: demo conversations carry fixed channel message ids, and the back
office is only replaced when it is empty or a reset is asked for.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS, generate_store
from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.records import StoreData, check_store_data
from frontline.bootstrap import Frontline
from frontline.config import Environment
from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.errors import Conflict
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.articles import import_articles
from frontline.services.conversations import (
    ConversationChanges,
    add_internal_note,
    update_conversation,
)
from frontline.services.customers import CustomerDetails
from frontline.services.messages import post_human_reply, start_conversation

# The store's policy, shipping, accounts, payments and product guides, as articles.
DEMO_ARTICLES = Path(__file__).resolve().parent.parent / "knowledge" / "articles"


@dataclass(frozen=True, slots=True)
class DemoConversation:
    key: str
    channel: Channel
    text: str
    customer_index: int
    human_reply: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    status: ConversationStatus | None = None


DEMO_CONVERSATIONS = (
    DemoConversation(
        key="demo-chat-1",
        channel=Channel.chat,
        text="Hi! Where is my order? It has been a week.",
        customer_index=0,
    ),
    DemoConversation(
        key="demo-email-1",
        channel=Channel.email,
        text="Hello, I would like to return something from my last order. How do I do that?",
        customer_index=1,
        human_reply="Happy to help with the return. Could you tell me which item it is?",
        note="Customer has a delivered order; check the return window.",
        tags=("returns",),
    ),
    DemoConversation(
        key="demo-sms-1",
        channel=Channel.sms,
        text="Thanks, the exchange arrived and it fits perfectly.",
        customer_index=0,
        tags=("exchange", "feedback"),
        status=ConversationStatus.resolved,
    ),
)


def reset_backoffice(frontline: Frontline, path: Path | None = None) -> dict[str, int]:
    """Replace the whole back office with the generated demo store, or the store file at ``path``."""
    data: StoreData = (
        load_store_file(path)
        if path
        else check_store_data(generate_store(frontline.settings.demo_seed))
    )
    frontline.retail_store.replace_all(data)
    return {name: len(data[name]) for name in ("users", "orders", "products")}


def load_demo(frontline: Frontline, *, reset_backoffice_data: bool = False) -> str:
    lines = []
    if reset_backoffice_data or frontline.retail_store.is_empty():
        counts = reset_backoffice(frontline)
        lines.append(
            f"back office: generated store with {counts['users']} users, "
            f"{counts['orders']} orders, {counts['products']} products"
        )
    else:
        lines.append("back office: kept the existing store (use --reset to replace it)")
    lines.append(_demo_account(frontline))
    created = sum(_load_conversation(frontline, demo) for demo in DEMO_CONVERSATIONS)
    lines.append(f"demo conversations: {created} created, {len(DEMO_CONVERSATIONS) - created} kept")
    lines.append(f"knowledge base {import_articles(frontline.knowledge.store, DEMO_ARTICLES)}")
    lines.append("demo customers in the store (each has a delivered and a pending order):")
    lines.extend(f"  {c.first_name} {c.last_name} <{c.email}>, zip {c.zip}" for c in DEMO_CUSTOMERS)
    return "\n".join(lines)


DEMO_USERNAME = "demo"
DEMO_PASSWORD = "frontline-demo"  # noqa: S105 - a published demo login, refused in production


def _demo_account(frontline: Frontline) -> str:
    """A supervisor login for the workspace, so a new user can take over a chat at once."""
    if frontline.settings.environment is Environment.production:
        return "workspace: no demo account in production (create one: frontline users create)"
    with suppress(Conflict):  # made by an earlier run
        create_staff_user(
            frontline.store, DEMO_USERNAME, DEMO_PASSWORD, Role.supervisor, name="Demo Supervisor"
        )
    return f"workspace login: {DEMO_USERNAME} / {DEMO_PASSWORD} (supervisor)"


def _load_conversation(frontline: Frontline, demo: DemoConversation) -> bool:
    person = DEMO_CUSTOMERS[demo.customer_index]
    customer = CustomerDetails(email=person.email, name=f"{person.first_name} {person.last_name}")
    outcome = start_conversation(
        frontline.store, demo.channel, demo.text, customer, frontline.limits, demo.key
    )
    if outcome.duplicate:
        return False
    cid = outcome.conversation.id
    if demo.human_reply:
        post_human_reply(frontline.store, cid, demo.human_reply, "demo-agent", frontline.limits)
    if demo.note:
        add_internal_note(frontline.store, cid, demo.note, "demo-agent")
    if demo.tags or demo.status:
        changes = ConversationChanges(tags=list(demo.tags) or None, status=demo.status)
        update_conversation(frontline.store, cid, changes, "demo")
    return True
