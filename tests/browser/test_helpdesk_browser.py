"""In a real browser: an agent sorts the inbox by SLA, takes the most urgent conversation,
makes a return for the customer from the workspace, and the customer sees the reply live."""

from __future__ import annotations

from pathlib import Path

from browser_support import LiveServer
from playwright.sync_api import Browser, Page, expect

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.domain.conversations import Channel, ConversationStatus, Priority
from frontline.domain.sla import SlaMetric, SlaTarget
from frontline.domain.staff import Role
from frontline.services import sla
from frontline.services.accounts import create_staff_user
from frontline.services.conversations import ConversationChanges, update_conversation
from frontline.services.messages import start_conversation

PASSWORD = "correct horse battery"
TIMEOUT = 15_000  # ms
expect.set_options(timeout=TIMEOUT)


def say(page: Page, text: str) -> None:
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def test_that_an_agent_takes_the_most_urgent_chat_and_makes_a_return_for_the_customer(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    frontline = server.frontline
    # given first reply targets by priority, and an older low-priority conversation with a human
    minutes = {Priority.low: 480, Priority.normal: 60, Priority.high: 30, Priority.urgent: 15}
    sla.create_sla_policy(
        frontline.store,
        sla.PolicyCreate(
            name="chat",
            targets={
                p: (SlaTarget(SlaMetric.first_reply, m, business_hours=False),)
                for p, m in minutes.items()
            },
        ),
    )
    older = start_conversation(
        frontline.store, Channel.api, "Which size should I order?", None, frontline.limits
    )
    update_conversation(
        frontline.store,
        older.conversation.id,
        ConversationChanges(status=ConversationStatus.escalated, priority=Priority.low),
        "test",
    )
    create_staff_user(frontline.store, "ana", PASSWORD, Role.agent, name="Ana")
    email = DEMO_CUSTOMERS[0].email
    user_id = frontline.backoffice.call("find_user_id_by_email", {"email": email})
    user = frontline.backoffice.call("get_user_details", {"user_id": user_id})
    assert isinstance(user, dict)
    orders = [
        frontline.backoffice.call("get_order_details", {"order_id": o}) for o in user["orders"]
    ]
    delivered = next(o for o in orders if isinstance(o, dict) and o["status"] == "delivered")
    item = delivered["items"][0]
    paid_with = delivered["payment_history"][0]["payment_method_id"]

    customer_context = browser.new_context(viewport={"width": 390, "height": 780})
    agent_context = browser.new_context(viewport={"width": 1280, "height": 900})
    customer, agent = customer_context.new_page(), agent_context.new_page()
    customer.set_default_timeout(TIMEOUT)
    agent.set_default_timeout(TIMEOUT)

    # and a customer who identifies themselves in the widget and asks for a person
    customer.goto(f"{server.url}/demo")
    customer.get_by_role("button", name="Acme support").click()
    opening = f"Hi, my email is {email}"
    say(customer, opening)
    # the first answer loads the understanding model: allow for it
    expect(customer.locator(".flw-out").first).to_contain_text("found your account", timeout=90_000)
    say(customer, "I want to talk to a human please")
    expect(customer.locator(".flw-out").last).to_contain_text("colleague")
    sla.scan_slas(frontline.store, frontline.jobs)

    # when the agent sorts the inbox by SLA
    agent.goto(f"{server.url}/console/login")
    agent.get_by_label("Username").fill("ana")
    agent.get_by_label("Password").fill(PASSWORD)
    agent.get_by_role("button", name="Log in").click()
    expect(agent.locator("body[data-page=inbox]")).to_be_visible()
    agent.get_by_role("link", name="Escalated").click()
    agent.get_by_role("link", name="most urgent (SLA)").click()

    # then the customer's chat is on top with its badge, ahead of the older low-priority one
    rows = agent.locator("table.conversations tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(opening)
    expect(rows.first.locator(".sla-badge")).to_contain_text("left")
    expect(rows.nth(1)).to_contain_text("Which size should I order?")
    agent.screenshot(path=str(tmp_path / "inbox-by-sla.png"))

    # when she takes it over and makes a return of one item from the back-office form
    rows.first.get_by_role("link").click()
    agent.get_by_role("button", name="Take over").click()
    expect(agent.locator(".status-line[data-status=escalated]")).to_be_visible()
    agent.get_by_label("Action", exact=True).select_option("return_delivered_order_items")
    agent.get_by_label("Order", exact=True).select_option(delivered["order_id"])
    agent.get_by_label("Item ids (comma separated)").fill(item["item_id"])
    agent.get_by_label("Payment method id").fill(paid_with)
    agent.get_by_role("button", name="Preview").click()

    # then she sees what will change before anything changes
    expect(agent.locator("body[data-page=action-preview]")).to_be_visible()
    expect(agent.locator("ul.changes")).to_contain_text(f"return {item['name']}")
    before = frontline.backoffice.call("get_order_details", {"order_id": delivered["order_id"]})
    assert isinstance(before, dict)
    assert before["status"] == "delivered"
    agent.get_by_role("button", name="Confirm").click()

    # and once confirmed the return is made and logged with her as actor
    expect(agent.locator("[data-actor='human:ana']")).to_contain_text(
        "return_delivered_order_items"
    )
    after = frontline.backoffice.call("get_order_details", {"order_id": delivered["order_id"]})
    assert isinstance(after, dict)
    assert after["status"] == "return requested"

    # when she replies, the customer sees it live in the widget
    reply = f"Done: the return of your {item['name']} is registered. You'll get an email."
    agent.get_by_label("Reply to the customer").fill(reply)
    agent.get_by_role("button", name="Send reply").click()
    expect(customer.locator(".flw-out").last).to_have_text(reply)
    customer_context.close()
    agent_context.close()
