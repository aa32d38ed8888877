"""The help center in a real browser: the contact form suggests an article while the customer
types, and reading it instead of writing to us counts as a deflection."""

from __future__ import annotations

from typing import Any

from browser_support import LiveServer
from playwright.sync_api import expect

from frontline.services.articles import import_articles
from frontline.services.demo import DEMO_ARTICLES
from frontline.services.self_service import self_service_stats


def test_that_the_contact_form_suggests_an_article_and_counts_the_deflection(
    server: LiveServer, browser: Any
) -> None:
    # given: the demo articles
    store = server.frontline.knowledge.store
    import_articles(store, DEMO_ARTICLES)
    before = self_service_stats(store)
    page = browser.new_page()
    try:
        # when: the customer starts writing to us
        page.goto(f"{server.url}/help/contact")
        page.get_by_label("Your email").fill("ana@example.com")
        page.get_by_label("How can we help?").press_sequentially(
            "how long does shipping take to Alaska?", delay=10
        )
        # then: an article is suggested before anything is sent
        suggestion = page.get_by_role("link", name="Shipping to Alaska, Hawaii and US territories")
        expect(suggestion).to_be_visible(timeout=10_000)
        # when: the customer reads it and says it answered the question
        suggestion.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Shipping to Alaska, Hawaii and US territories"
        )
        page.get_by_role("button", name="Yes, I don't need to contact you").click()
        expect(page.get_by_role("heading", name="Glad that helped!")).to_be_visible()
    finally:
        page.close()
    # then: a deflection, and no conversation
    after = self_service_stats(store)
    assert after.deflections == before.deflections + 1
    assert after.contacts == before.contacts
