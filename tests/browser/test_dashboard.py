"""In a real browser: a supervisor reads the KPI dashboard's charts and drills down from a bar
to the conversations behind it."""

from __future__ import annotations

import re

from browser_support import LiveServer
from playwright.sync_api import Browser, expect

from frontline.domain.conversations import Channel
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.conversations import ConversationChanges, update_conversation
from frontline.services.messages import MessageLimits, start_conversation

PASSWORD = "correct horse battery"
TIMEOUT = 10_000


def test_that_a_supervisor_sees_kpi_charts_and_drills_down_to_the_conversations(
    browser: Browser, server: LiveServer
) -> None:
    # given two conversations today and a supervisor
    store = server.frontline.store
    started = [
        start_conversation(store, Channel.chat, text, None, MessageLimits(2000)).conversation.id
        for text in ("Where is my order?", "I need a refund")
    ]
    create_staff_user(store, "sam", PASSWORD, Role.supervisor, name="Sam")
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server.url}/console/login")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # when the supervisor opens the dashboard
    page.get_by_role("link", name="Dashboard").click()

    # then every chart is drawn as SVG with one bar per day, today's bar counting both
    expect(page.locator("svg.chart-svg")).to_have_count(6)
    chart = page.get_by_role("img", name="Conversations")
    today_bar = chart.locator("rect.bar").last
    expect(today_bar).to_have_attribute("data-value", "2")
    assert chart.locator("rect.bar").count() == 30

    # when they click today's bar, then the drill-down lists those conversations
    today_bar.click()
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()
    for cid in started:
        expect(page.get_by_role("link", name=cid)).to_be_visible()
    page.get_by_role("link", name=started[0]).click()
    expect(page).to_have_url(f"{server.url}/console/conversations/{started[0]}")
    page.close()


def test_that_a_supervisor_sees_contact_reasons_with_their_trend_and_examples(
    browser: Browser, server: LiveServer
) -> None:
    # given six conversations today tagged "recall" (a reason never seen before) and one "vip"
    store = server.frontline.store
    for n, tag in enumerate(["recall"] * 6 + ["vip"]):
        text = f"My heater number {n} smells of smoke"
        cid = start_conversation(store, Channel.chat, text, None, MessageLimits(2000))
        update_conversation(store, cid.conversation.id, ConversationChanges(tags=[tag]), "ana")
    create_staff_user(store, "rhea", PASSWORD, Role.supervisor, name="Rhea")
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server.url}/console/login")
    page.get_by_label("Username").fill("rhea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # when the supervisor opens the dashboard
    page.get_by_role("link", name="Dashboard").click()

    # then the reasons table flags the surge, draws each trend, and links examples
    recall = page.locator('tr[data-reason="tag:recall"]')
    expect(recall).to_have_class("emerging")
    expect(recall.locator("td").nth(1)).to_have_text("6")
    expect(recall.get_by_role("img", name="tag:recall per week: 0, 0, 0, 0, 6")).to_be_visible()
    vip = page.locator('tr[data-reason="tag:vip"]')
    expect(vip.locator("mark")).to_have_count(0)
    recall.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/console/conversations/"))
    page.close()
