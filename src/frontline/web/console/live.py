"""The workspace's live channel: a WebSocket that pushes every conversation change the
member of staff may see (``access.can_see``), and carries their typing to the customer.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from frontline.bootstrap import Frontline
from frontline.domain.errors import FrontlineError
from frontline.domain.ids import ConversationId
from frontline.domain.staff import StaffUser
from frontline.services import live, privacy, workspace
from frontline.services.access import can_see
from frontline.web.console.session import session_staff
from frontline.web.live import live_of

router = APIRouter(prefix="/console")


def _same_origin(websocket: WebSocket) -> bool:
    """Browsers send Origin on WebSocket handshakes; another site's page must not get in."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser
    return urlsplit(origin).netloc == websocket.headers.get("host")


@router.websocket("/live")
async def console_live(websocket: WebSocket) -> None:
    if not _same_origin(websocket):
        await websocket.close(code=4403)
        return
    try:
        staff = await run_in_threadpool(session_staff, websocket)
    except FrontlineError:
        await websocket.close(code=4401)
        return
    await websocket.accept()
    updates = live_of(websocket)
    raw_text_roles = websocket.app.state.frontline.settings.raw_text_roles
    async with updates.subscribe([live.CONSOLE_TOPIC]) as subscription:
        reader = asyncio.create_task(_read_typing(websocket, staff, updates))
        try:
            while not reader.done():
                getter = asyncio.create_task(subscription.next())
                done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
                if getter not in done:
                    getter.cancel()
                    break
                event = getter.result()
                if can_see(staff, str(event.get("queue")), event.get("assignee")):
                    await websocket.send_json(
                        privacy.live_event_for(event, staff.role, raw_text_roles)
                    )
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await reader


async def _read_typing(websocket: WebSocket, staff: StaffUser, updates: live.LiveUpdates) -> None:
    """Until the socket closes: ``{"type": "typing", "conversation_id"}`` reaches the customer."""
    frontline: Frontline = websocket.app.state.frontline
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            data = await websocket.receive_json()
            if not isinstance(data, dict) or data.get("type") != "typing":
                continue
            try:
                conversation = await run_in_threadpool(
                    workspace.get_visible_conversation,
                    frontline.store,
                    staff,
                    ConversationId(str(data.get("conversation_id", ""))),
                )
            except FrontlineError:
                continue
            live.announce_typing(updates, conversation, "agent")
