"""In a real browser: a supervisor reads the KPI dashboard's charts and drills down from a bar
to the conversations behind it."""

from __future__ import annotations

from browser_support import LiveServer
from playwright.sync_api import Browser, expect

from frontline.domain.conversations import Channel
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
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
