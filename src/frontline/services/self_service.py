"""Self-service: what customers do in the help center, and how much it deflects.

Counted events (``kb_events``):

- ``view``: an article page was read;
- ``deflected``: a customer who was writing to us opened a suggested article and said it
  answered the question, so no conversation was created;
- ``contact``: the contact form created a conversation.

Figures, after Zendesk's definitions: the self-service score is article views per
conversation created from the help center; the deflection rate is the share of contact-form
attempts that ended with an article instead of a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontline.bootstrap import Frontline
from frontline.domain.conversations import Channel
from frontline.domain.errors import InvalidInput
from frontline.services.articles import get_published_article
from frontline.services.clock import now
from frontline.services.customers import CustomerDetails
from frontline.services.messages import start_conversation
from frontline.storage.sql_articles import SqlArticleStore

VIEW, DEFLECTED, CONTACT = "view", "deflected", "contact"


@dataclass(frozen=True, slots=True)
class SelfServiceStats:
    views: int
    deflections: int
    contacts: int
    helpful: int
    not_helpful: int

    @property
    def self_service_score(self) -> float:
        """Article views per conversation the help center created."""
        return round(self.views / self.contacts, 2) if self.contacts else float(self.views)

    @property
    def deflection_rate(self) -> float:
        attempts = self.deflections + self.contacts
        return round(self.deflections / attempts, 4) if attempts else 0.0


def record_article_view(store: SqlArticleStore, slug: str) -> None:
    article = get_published_article(store, slug)
    store.record_event(VIEW, now(), article_id=article.id)


def record_deflection(store: SqlArticleStore, slug: str, question: str) -> None:
    """A suggested article answered what the customer was about to send us."""
    article = get_published_article(store, slug)
    store.record_event(DEFLECTED, now(), article_id=article.id, text=question[:2000] or None)


def contact_support(frontline: Frontline, email: str, text: str) -> str:
    """The contact form: a conversation for the team; its id."""
    if "@" not in email or len(email) > 320:
        raise InvalidInput("an email address we can answer to")
    outcome = start_conversation(
        frontline.store,
        Channel.portal,
        text,
        CustomerDetails(email=email),
        frontline.limits,
    )
    frontline.knowledge.store.record_event(CONTACT, now(), conversation_id=outcome.conversation.id)
    return outcome.conversation.id


def self_service_stats(store: SqlArticleStore) -> SelfServiceStats:
    counts = store.count_events([VIEW, DEFLECTED, CONTACT, "helpful", "not_helpful"])
    return SelfServiceStats(
        views=counts[VIEW],
        deflections=counts[DEFLECTED],
        contacts=counts[CONTACT],
        helpful=counts["helpful"],
        not_helpful=counts["not_helpful"],
    )
