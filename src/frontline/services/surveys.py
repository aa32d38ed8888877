"""A customer answers a satisfaction survey: a score of 1 to 5 and an optional comment.

The answer is an event (``csat_answered``), so CSAT is reported from the event log like every
other KPI. A later answer to the same survey replaces the earlier one in the reports (the
customer changed their mind), as Zendesk and Intercom allow. A score at or below the
configured threshold reopens the conversation so the team follows up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontline.domain.conversations import Conversation, ConversationStatus
from frontline.domain.errors import InvalidInput, NotFound
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId
from frontline.services.clock import now
from frontline.services.conversations import access_conversation, record_changes, touched
from frontline.services.kpi_ports import Survey
from frontline.services.ports import Store, UnitOfWork

MAX_COMMENT_CHARS = 2_000
MAX_TOKEN_CHARS = 64
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    score: int
    comment: str = ""


def check_answer(answer: SurveyAnswer) -> SurveyAnswer:
    if not 1 <= answer.score <= 5:
        raise InvalidInput("score must be 1 to 5")
    comment = _CONTROL.sub("", answer.comment).strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"a comment has at most {MAX_COMMENT_CHARS} characters")
    return SurveyAnswer(answer.score, comment)


def access_survey(tx: UnitOfWork, token: str) -> Survey:
    survey = tx.surveys.get(token) if 0 < len(token) <= MAX_TOKEN_CHARS else None
    if survey is None:
        raise NotFound("this survey link is not valid")
    return survey


def get_survey(store: Store, token: str) -> Survey:
    with store.transaction() as tx:
        return access_survey(tx, token)


def answer_survey(
    store: Store, token: str, answer: SurveyAnswer, reopen_at_or_below: int
) -> Conversation:
    """Record the answer; reopen the conversation when the score is low and it is resolved."""
    answer = check_answer(answer)
    with store.transaction() as tx:
        survey = access_survey(tx, token)
        conversation = access_conversation(tx, ConversationId(survey.conversation_id))
        at = now()
        tx.surveys.answer(token, answer.score, at)
        actor = f"customer:{conversation.customer_id or 'anonymous'}"
        tx.events.append(
            EventKind.csat_answered,
            conversation.id,
            actor,
            {"score": answer.score, "comment": answer.comment},
            at,
        )
        low = answer.score <= reopen_at_or_below
        if not (low and conversation.status is ConversationStatus.resolved):
            return conversation
        updated = touched(conversation, ConversationStatus.open)
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, actor, "low_csat")
    return updated
