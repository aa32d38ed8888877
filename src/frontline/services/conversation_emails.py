"""Reading a conversation's emails back: the originals as received, and our emails' delivery."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from frontline.domain.emails import Attachment, InboundEmail, OutboundEmail
from frontline.domain.errors import NotFound
from frontline.domain.ids import ConversationId
from frontline.domain.staff import StaffUser
from frontline.services.access import access_conversation_as_staff
from frontline.services.conversations import access_conversation
from frontline.services.ports import Store


@dataclass(frozen=True, slots=True)
class ReceivedEmail:
    email: InboundEmail  # with its raw bytes and its whole text, quotes and signature included
    attachments: Sequence[Attachment]


@dataclass(frozen=True, slots=True)
class ConversationEmails:
    received: Sequence[ReceivedEmail]
    sent: Sequence[OutboundEmail]


def get_conversation_emails(store: Store, conversation_id: ConversationId) -> ConversationEmails:
    with store.transaction() as tx:
        access_conversation(tx, conversation_id)
        received = [
            ReceivedEmail(email, tx.emails.attachments_of(email.id))
            for email in tx.emails.inbound_for_conversation(conversation_id)
        ]
        return ConversationEmails(received, tx.emails.outbound_for_conversation(conversation_id))


def get_raw_email(store: Store, inbound_id: str, staff: StaffUser | None = None) -> InboundEmail:
    """One received email as it arrived, for download; with ``staff``, only if they may see
    it (``get_email_as_staff``)."""
    if staff is not None:
        return get_email_as_staff(store, staff, inbound_id).email
    with store.transaction() as tx:
        email = tx.emails.get_inbound(inbound_id)
    if email is None:
        raise NotFound(f"email {inbound_id} not found")
    return email


def get_email_as_staff(store: Store, staff: StaffUser, inbound_id: str) -> ReceivedEmail:
    """One received email for the workspace, if its conversation is one ``staff`` may see;
    an email that joined no conversation (bulk, automatic) only for those who see every queue."""
    with store.transaction() as tx:
        email = tx.emails.get_inbound(inbound_id)
        if email is None:
            raise NotFound(f"email {inbound_id} not found")
        if email.conversation_id is not None:
            access_conversation_as_staff(tx, staff, email.conversation_id)
        elif not staff.sees_every_queue:
            raise NotFound(f"email {inbound_id} not found")
        return ReceivedEmail(email, tx.emails.attachments_of(email.id))
