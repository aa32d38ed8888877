"""The workspace's view of one received email: the original, quotes and signature included."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from frontline.services.conversation_emails import get_email_as_staff
from frontline.web.console.pages import render
from frontline.web.console.session import Staff
from frontline.web.deps import App

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/emails/{email_id}")
def email_page(request: Request, app: App, staff: Staff, email_id: str) -> HTMLResponse:
    received = get_email_as_staff(app.store, staff, email_id)
    return render(
        request, "email.html", email=received.email, attachments=received.attachments, staff=staff
    )


@router.get("/emails/{email_id}/raw")
def email_raw(app: App, staff: Staff, email_id: str) -> Response:
    email = get_email_as_staff(app.store, staff, email_id).email
    return Response(
        content=email.raw,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{email.id}.eml"'},
    )
