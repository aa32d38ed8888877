"""Which conversation an inbound email belongs to, tried in this order:

1. ``message_id``: its In-Reply-To or References name a Message-ID of the conversation (ours or
   an earlier email of the customer's);
2. ``reply_token``: it was sent to our plus-address ``support+<token>@…`` (our Reply-To), or
   quotes the hidden marker of one of our replies; both survive servers that rewrite
   Message-IDs, and nobody can forge a token without the secret key;
3. ``subject_tag``: its subject carries a conversation's ``[#TAG]`` *and* it comes from that
   conversation's customer: a tag alone never moves mail from one customer into another's case;
4. ``case``: the configured case rule (``FRONTLINE_EMAIL_CASE_RULE``): with ``subject`` (the
   default) the same sender's conversation that is not done, updated within the window, with the
   same subject once reply prefixes and tags are removed; with ``sender`` that sender's latest
   such conversation whatever its subject; with ``never`` none.

Otherwise the email starts a new conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from frontline.domain.conversations import ConversationStatus
from frontline.domain.emails import (
    CaseRule,
    EmailThread,
    ParsedEmail,
    bare_subject,
    conversation_in_addresses,
    conversation_in_marker,
    normalise_subject,
    subject_tag,
    tag_in_subject,
)
from frontline.domain.ids import ConversationId
from frontline.services.email_policy import EmailPolicy
from frontline.services.ports import DuplicateKey, UnitOfWork

MAX_REFERENCES = 20
CASE_CANDIDATES = 20
_NOT_DONE = (ConversationStatus.open, ConversationStatus.pending, ConversationStatus.escalated)


@dataclass(frozen=True, slots=True)
class Threading:
    conversation_id: ConversationId
    rule: str  # message_id, reply_token, subject_tag or case


def find_email_conversation(
    tx: UnitOfWork, email: ParsedEmail, sender: str, policy: EmailPolicy, at: datetime
) -> Threading | None:
    cid = tx.emails.conversation_of([*email.references, *email.in_reply_to])
    if cid is not None:
        return Threading(cid, "message_id")
    cid = conversation_in_addresses(
        policy.secret, email.recipients, policy.local_part
    ) or conversation_in_marker(policy.secret, email.text, email.html)
    if cid is not None and tx.emails.get_thread(cid) is not None:
        return Threading(cid, "reply_token")
    tag = tag_in_subject(email.subject)
    thread = tx.emails.find_thread_by_tag(tag) if tag else None
    if thread is not None and thread.customer_address == sender:
        return Threading(thread.conversation_id, "subject_tag")
    return _case(tx, email, sender, policy, at)


def _case(
    tx: UnitOfWork, email: ParsedEmail, sender: str, policy: EmailPolicy, at: datetime
) -> Threading | None:
    if policy.case_rule is CaseRule.never or not sender:
        return None
    subject = normalise_subject(email.subject)
    for thread in tx.emails.threads_of(sender, at - policy.case_window, CASE_CANDIDATES):
        conversation = tx.conversations.get(thread.conversation_id)
        if conversation is None or conversation.status not in _NOT_DONE:
            continue
        if policy.case_rule is CaseRule.sender or (
            subject and normalise_subject(thread.subject) == subject
        ):
            return Threading(thread.conversation_id, "case")
    return None


def thread_email(
    tx: UnitOfWork,
    conversation_id: ConversationId,
    email: ParsedEmail,
    sender: str,
    at: datetime,
) -> EmailThread:
    """Record ``email`` as the conversation's latest: what our next reply answers."""
    thread = tx.emails.get_thread(conversation_id)
    chain = tuple(dict.fromkeys([*email.references, *email.in_reply_to, email.message_id]))
    if thread is None:
        thread = EmailThread(
            conversation_id=conversation_id,
            tag=subject_tag(conversation_id),
            customer_address=sender,
            subject=bare_subject(email.subject) or "(no subject)",
            created_at=at,
            last_message_id=email.message_id,
            references=chain[-MAX_REFERENCES:],
            thread_index=email.thread_index,
        )
        try:
            tx.emails.add_thread(thread)
        except DuplicateKey:  # processed again after a crash: the thread is there
            thread = tx.emails.get_thread(conversation_id) or thread
    else:
        thread = replace(
            thread,
            last_message_id=email.message_id,
            references=chain[-MAX_REFERENCES:],
            thread_index=email.thread_index or thread.thread_index,
        )
        tx.emails.update_thread(thread, at)
    tx.emails.remember_message_id(email.message_id, conversation_id)
    return thread
