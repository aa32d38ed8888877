"""The emails of a conversation for the helpdesk: originals (text and raw) and delivery state."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel

from frontline.services.conversation_emails import get_conversation_emails, get_raw_email
from frontline.services.staff_access import access_token_scope
from frontline.web.deps import App, Token, VisibleConversation

router = APIRouter(prefix="/api/v1", tags=["email"])


class AttachmentOut(BaseModel):
    filename: str
    content_type: str
    size: int
    refused: str | None


class ReceivedEmailOut(BaseModel):
    id: str
    message_id: str
    sender: str
    subject: str
    kind: str | None
    status: str
    message_id_in_conversation: str | None
    text: str | None  # the whole original text, quoted history and signature included
    size: int
    received_at: datetime
    attachments: list[AttachmentOut]


class SentEmailOut(BaseModel):
    id: str
    message_id: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class ConversationEmailsOut(BaseModel):
    received: list[ReceivedEmailOut]
    sent: list[SentEmailOut]


@router.get("/conversations/{conversation_id}/emails")
def conversation_emails(conversation_id: VisibleConversation, app: App) -> ConversationEmailsOut:
    emails = get_conversation_emails(app.store, conversation_id)
    return ConversationEmailsOut(
        received=[
            ReceivedEmailOut(
                id=r.email.id,
                message_id=r.email.message_id,
                sender=r.email.sender,
                subject=r.email.subject,
                kind=r.email.kind.value if r.email.kind else None,
                status=r.email.status.value,
                message_id_in_conversation=r.email.chat_message_id,
                text=r.email.text,
                size=len(r.email.raw),
                received_at=r.email.received_at,
                attachments=[
                    AttachmentOut(
                        filename=a.filename,
                        content_type=a.content_type,
                        size=a.size,
                        refused=a.refused,
                    )
                    for a in r.attachments
                ],
            )
            for r in emails.received
        ],
        sent=[
            SentEmailOut(
                id=s.id,
                message_id=s.message_id,
                recipient=s.recipient,
                status=s.status.value,
                attempts=s.attempts,
                last_error=s.last_error,
                created_at=s.created_at,
                sent_at=s.sent_at,
            )
            for s in emails.sent
        ],
    )


@router.get("/emails/{email_id}/raw")
def raw_email(email_id: str, app: App, token: Token) -> Response:
    """The email exactly as it arrived (``message/rfc822``)."""
    email = get_raw_email(app.store, email_id, access_token_scope(app.store, token))
    return Response(
        content=email.raw,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{email.id}.eml"'},
    )
