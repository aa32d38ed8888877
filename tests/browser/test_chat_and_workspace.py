"""In a real browser: a customer chats in the widget on the demo shop while an agent, logged
into the workspace in a second browser context, takes over, replies and hands back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from browser_support import LiveServer
from playwright.sync_api import Browser, Page, expect

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.macros import create_macro

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct horse battery"
TIMEOUT = 10_000  # ms: every wait in these tests ends well before


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/screenshots when FRONTLINE_UPDATE_SCREENSHOTS=1 (for the README), else a temp dir."""
    if os.environ.get("FRONTLINE_UPDATE_SCREENSHOTS") == "1":
        return DOCS_SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


def open_widget(page: Page, url: str) -> None:
    page.goto(f"{url}/demo")
    page.get_by_role("button", name="Acme support").click()
    expect(page.get_by_role("dialog", name="Acme support")).to_be_visible()


def say(page: Page, text: str) -> None:
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/console/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("body[data-page=inbox]")).to_be_visible()


def test_that_an_agent_can_take_over_a_widget_chat_reply_live_and_hand_back(
    browser: Browser, server: LiveServer, screenshots: Path
) -> None:
    # given an agent with the inbox open, and a customer on the demo shop
    create_staff_user(server.frontline.store, "ana", PASSWORD, Role.agent, name="Ana")
    create_macro(server.frontline.store, "Greeting", "Hi {{customer.name}}, {{agent.name}} here!")
    agent_context = browser.new_context(viewport={"width": 1280, "height": 800})
    customer_context = browser.new_context(viewport={"width": 390, "height": 780})  # a phone
    agent, customer = agent_context.new_page(), customer_context.new_page()
    agent.set_default_timeout(TIMEOUT)
    customer.set_default_timeout(TIMEOUT)
    log_in(agent, server.url, "ana")
    expect(agent.locator("body[data-live=on]")).to_be_attached()
    open_widget(customer, server.url)

    # when the customer writes, the AI answers and the conversation appears in the open inbox
    say(customer, "Hi! My boots have not arrived yet.")
    expect(customer.locator(".flw-in[data-id]")).to_have_count(1)
    expect(customer.locator(".flw-out").first).to_contain_text("verify")
    row = agent.get_by_role("link", name="Hi! My boots have not arrived yet.")
    expect(row).to_be_visible()
    agent.screenshot(path=str(screenshots / "inbox.png"))

    # and the agent opens it, takes over and replies with a macro
    row.click()
    agent.get_by_role("button", name="Take over").click()
    expect(agent.locator(".status-line[data-status=escalated]")).to_be_visible()
    agent.get_by_label("Insert a macro").select_option(label="Greeting")
    expect(agent.get_by_label("Reply to the customer")).to_have_value("Hi , Ana here!")
    agent.get_by_label("Reply to the customer").fill("Hi, Ana here. Your boots ship today.")
    agent.get_by_role("button", name="Send reply").click()

    # then the customer sees the reply live, after the AI's first answer, without reloading
    expect(customer.locator(".flw-out")).to_have_count(2)
    expect(customer.locator(".flw-out").last).to_have_text("Hi, Ana here. Your boots ship today.")

    # and the agent sees the customer's answer live in the open conversation
    expect(agent.locator("body[data-live=on]")).to_be_attached()
    say(customer, "Great, thanks!")
    expect(agent.locator(".msg-customer .text")).to_have_text(
        ["Hi! My boots have not arrived yet.", "Great, thanks!"]
    )
    customer.screenshot(path=str(screenshots / "widget.png"))
    agent.screenshot(path=str(screenshots / "conversation.png"), full_page=True)

    # and when the agent hands back, the AI holds it again
    agent.get_by_role("button", name="Hand back to AI").click()
    expect(agent.locator(".status-line[data-status=open][data-assignee='']")).to_be_visible()
    expect(agent.get_by_role("button", name="Take over")).to_be_visible()
    agent_context.close()
    customer_context.close()


def test_that_a_script_injection_message_renders_inert_in_widget_and_workspace(
    browser: Browser, server: LiveServer
) -> None:
    # given a supervisor logged in, and a customer in the widget
    create_staff_user(server.frontline.store, "sam", PASSWORD, Role.supervisor)
    agent_context, customer_context = browser.new_context(), browser.new_context()
    agent, customer = agent_context.new_page(), customer_context.new_page()
    agent.set_default_timeout(TIMEOUT)
    customer.set_default_timeout(TIMEOUT)
    dialogs: list[Any] = []
    for page in (agent, customer):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(agent, server.url, "sam")
    open_widget(customer, server.url)

    # when the customer sends markup and script
    attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2;alert(3)</script>'
    say(customer, attack)
    expect(customer.locator(".flw-in[data-id]")).to_have_count(1)
    agent.get_by_role("link", name=attack).click()

    # then both show it as plain text, and nothing ran
    expect(customer.locator(".flw-in")).to_have_text([attack])
    expect(agent.locator(".msg-customer .text")).to_have_text([attack])
    assert agent.locator(".transcript img").count() == 0
    assert customer.locator(".flw-log img").count() == 0
    assert agent.evaluate("window.__pwned") is None
    assert customer.evaluate("window.__pwned") is None
    assert dialogs == []
    agent_context.close()
    customer_context.close()


def test_that_an_agent_whose_session_expired_keeps_their_draft_reply_after_logging_in(
    browser: Browser, server: LiveServer
) -> None:
    # given an agent writing a reply to a chat
    create_staff_user(server.frontline.store, "cy", PASSWORD, Role.agent)
    customer_context, agent_context = browser.new_context(), browser.new_context()
    customer, agent = customer_context.new_page(), agent_context.new_page()
    agent.set_default_timeout(TIMEOUT)
    customer.set_default_timeout(TIMEOUT)
    open_widget(customer, server.url)
    say(customer, "Can I change my delivery address?")
    expect(customer.locator(".flw-in[data-id]")).to_have_count(1)
    log_in(agent, server.url, "cy")
    agent.get_by_role("link", name="Can I change my delivery address?").click()
    agent.get_by_label("Reply to the customer").fill("Yes: send me the new address.")

    # when the session ends before they press send
    agent_context.clear_cookies()
    agent.get_by_role("button", name="Send reply").click()
    expect(agent.get_by_text("Your session has ended")).to_be_visible()
    agent.get_by_label("Username").fill("cy")
    agent.get_by_label("Password").fill(PASSWORD)
    agent.get_by_role("button", name="Log in").click()

    # then they are back on the conversation with their draft, and nothing was sent yet
    expect(agent.get_by_label("Reply to the customer")).to_have_value(
        "Yes: send me the new address."
    )
    expect(agent.locator(".msg-human")).to_have_count(0)
    agent_context.close()
    customer_context.close()


def test_that_a_customer_can_return_an_item_with_the_ai_using_quick_replies(
    browser: Browser, server: LiveServer
) -> None:
    # given a demo customer on the demo shop, whose delivered order has a floor lamp
    maren = DEMO_CUSTOMERS[0]
    context = browser.new_context()
    customer = context.new_page()
    customer.set_default_timeout(TIMEOUT)
    open_widget(customer, server.url)

    # when they ask for the return, pick the card and confirm, both with quick-reply buttons
    say(customer, f"I want to return the floor lamp, my email is {maren.email}")
    quick = customer.get_by_role("group", name="Quick replies")
    quick.get_by_role("button", name="Visa credit card ending in 4417").click()
    expect(customer.locator(".flw-out").last).to_contain_text("Shall I go ahead")
    expect(customer.locator(".flw-out").last).to_contain_text("Floor Lamp")
    yes = quick.get_by_role("button", name="Yes")
    yes.focus()
    customer.keyboard.press("Enter")

    # then the AI confirms the return and the back office has it
    expect(customer.locator(".flw-out").last).to_contain_text("Is there anything else")
    expect(customer.locator(".flw-out").nth(-2)).to_contain_text("return requested")
    order = server.frontline.backoffice.call(
        "get_order_details", {"order_id": maren.delivered_order_id}
    )
    assert isinstance(order, dict)
    assert order["status"] == "return requested"
    expect(quick.get_by_role("button")).to_have_count(0)
    context.close()
