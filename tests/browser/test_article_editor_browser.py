"""The article editor in a real browser: an author writes an article, previews its Markdown,
publishes it, edits it into a second version, and a customer finds it in the help center."""

from __future__ import annotations

from browser_support import LiveServer
from playwright.sync_api import Browser, expect

from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user

PASSWORD = "correct horse battery"
TIMEOUT = 10_000


def test_that_an_author_writes_publishes_and_edits_an_article_customers_then_find(
    browser: Browser, server: LiveServer
) -> None:
    # given an agent logged in to the workspace
    create_staff_user(server.frontline.store, "wren", PASSWORD, Role.agent, name="Wren")
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server.url}/console/login")
    page.get_by_label("Username").fill("wren")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # when they write a new article and preview it
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name="New article").click()
    page.get_by_label("Title").fill("Engraving a watch")
    page.get_by_label("Tags").fill("engraving, watches")
    page.get_by_label("Body (Markdown)").fill(
        "Watches can be **engraved** with up to 20 letters.\n\n- free of charge\n- 2 extra days"
    )
    page.get_by_role("button", name="Preview").click()

    # then the preview renders the Markdown and nothing is saved yet
    preview = page.get_by_role("article", name="Preview")
    expect(preview.locator("strong")).to_have_text("engraved")
    expect(preview.locator("li")).to_have_count(2)
    expect(page.get_by_role("heading", name="Version history")).to_have_count(0)

    # when they save the draft and publish it
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-status]")).to_have_text("draft")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-status]")).to_have_text("published")

    # when they edit the body into a second version
    page.get_by_label("Body (Markdown)").fill(
        "Watches can be **engraved** with up to 30 letters, free of charge."
    )
    page.get_by_role("button", name="Save").click()

    # then the history lists both versions, newest first
    history = page.locator("table.article-history tbody tr")
    expect(history).to_have_count(2)
    expect(history.first.locator("td").first).to_have_text("2")
    expect(history.first.locator("td").nth(2)).to_have_text("wren")

    # when a customer searches the help center
    page.goto(f"{server.url}/help?q=can+you+engrave+my+watch")

    # then they find the article and read its newest version
    page.get_by_role("link", name="Engraving a watch").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Engraving a watch")
    expect(page.get_by_text("up to 30 letters")).to_be_visible()

    # when the author archives it, it leaves the help center
    page.goto(f"{server.url}/console/knowledge/articles")
    page.get_by_role("link", name="Engraving a watch").click()
    page.get_by_role("button", name="Archive").click()
    expect(page.locator("[data-status]")).to_have_text("archived")
    page.goto(f"{server.url}/help?q=can+you+engrave+my+watch")
    expect(page.get_by_role("link", name="Engraving a watch")).to_have_count(0)
    page.close()
