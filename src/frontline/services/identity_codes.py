"""One-time identity codes: made, stored hashed, emailed, checked (the agent's
``IdentityCodes`` port, ``frontline.agent.engine.identity_codes``).

A code is 6 digits derived from a fresh random nonce with the installation's secret key
(``assurance.one_time_code``). What is stored is an HMAC of it (the secret key, the
conversation id and the code), its expiry (``FRONTLINE_IDENTITY_CODE_TTL_SECONDS``, 10 min)
and the wrong answers so far (``FRONTLINE_IDENTITY_CODE_MAX_ATTEMPTS``, 5, after which it is
gone for good in that conversation), so a copy of the database does not give it away.

It goes out like every other email of ours: composed into the outbox (``outbound_emails``)
with the code blanked out and the nonce beside it, in the same transaction as the challenge,
then sent by the worker's ``send_outbound_email_job`` with retries, which fills the code in
and forgets the nonce. The request that asked for it never waits on the relay. It goes to the
address the back office has on file, never to an address typed in the chat. The code itself
is in no table, no log line and no agent state: only in the email on the wire.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from frontline.agent.engine.identity_codes import CodeCheck
from frontline.backoffice.port import BackOffice, BackOfficeError
from frontline.domain.assurance import CODE_SLOT, one_time_code
from frontline.domain.emails import OutboundEmail, new_outbound_email_id
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId
from frontline.services.access_ports import IdentityCode
from frontline.services.clock import now
from frontline.services.counters import Counters
from frontline.services.customer_limits import account_key
from frontline.services.jobs import SEND_OUTBOUND_EMAIL, JobQueue
from frontline.services.ports import Store

CODE_ACTOR = "identity"
CODE_WINDOW_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class CodePolicy:
    secret: str
    ttl: timedelta
    max_attempts: int
    sender: str  # the support address
    sender_name: str
    relay_configured: bool  # without a relay no code can be sent
    per_hour: int  # codes emailed to one account an hour, over all its conversations; 0: any


@dataclass(frozen=True, slots=True)
class IdentityCodeDesk:
    store: Store
    backoffice: BackOffice
    jobs: JobQueue
    counters: Counters
    policy: CodePolicy

    def send(self, conversation_id: str, user_id: str) -> bool:
        email = self._email_on_file(user_id)
        if email is None or not self.policy.relay_configured:
            return False
        cid, at = ConversationId(conversation_id), now()
        with self.store.transaction() as tx:
            earlier = tx.access.get_code(cid)
        if earlier is not None and not earlier.code_hash:
            return False  # locked out in this conversation
        if not self._within_hourly_codes(user_id):
            return False  # new conversations would mean new codes to guess, and a full mailbox
        nonce = secrets.token_hex(16)
        stored = IdentityCode(
            conversation_id=cid,
            user_id=user_id,
            code_hash=self._hash(cid, one_time_code(self.policy.secret, nonce)),
            expires_at=at + self.policy.ttl,
            attempts=0,
            created_at=at,
        )
        outbound_id = new_outbound_email_id()
        message_id = f"{outbound_id}@{self.policy.sender.rpartition('@')[2]}"
        outbound = OutboundEmail(
            id=outbound_id,
            conversation_id=cid,
            chat_message_id=None,
            message_id=message_id,
            recipient=email,
            raw=self._compose(email, message_id),
            created_at=at,
            code_nonce=nonce,
        )
        with self.store.transaction() as tx:
            tx.access.put_code(stored)
            tx.emails.add_outbound(outbound, [])
            tx.events.append(
                EventKind.identity_code_sent,
                cid,
                CODE_ACTOR,
                {"user_id": user_id, "outbound_email_id": outbound.id},
                at,
            )
        self.jobs.enqueue(SEND_OUTBOUND_EMAIL, outbound.id)  # after the commit
        return True

    def _within_hourly_codes(self, user_id: str) -> bool:
        if self.policy.per_hour <= 0:
            return True
        count, _ = self.counters.hit(f"identity_codes:{account_key(user_id)}", CODE_WINDOW_SECONDS)
        return count <= self.policy.per_hour

    def check(self, conversation_id: str, code: str) -> tuple[CodeCheck, int]:
        cid, at = ConversationId(conversation_id), now()
        with self.store.transaction() as tx:
            stored = tx.access.get_code(cid)
            if stored is None:
                return CodeCheck.expired, 0
            if not stored.code_hash:
                return CodeCheck.locked, 0
            if stored.expires_at <= at:
                tx.access.delete_code(cid)
                return CodeCheck.expired, 0
            if hmac.compare_digest(stored.code_hash, self._hash(cid, code)):
                tx.access.delete_code(cid)
                tx.events.append(EventKind.identity_code_accepted, cid, CODE_ACTOR, {}, at)
                return CodeCheck.accepted, 0
            left = self.policy.max_attempts - stored.attempts - 1
            if left <= 0:
                # the challenge stays, spent, so no further code is checked or sent here
                tx.access.put_code(_spent(stored))
                tx.events.append(EventKind.identity_code_locked, cid, CODE_ACTOR, {}, at)
                return CodeCheck.locked, 0
            tx.access.count_wrong_code(cid)
            return CodeCheck.wrong, left

    def _hash(self, conversation_id: ConversationId, code: str) -> str:
        message = f"{conversation_id}:{code}".encode()
        return hmac.new(self.policy.secret.encode(), message, hashlib.sha256).hexdigest()

    def _email_on_file(self, user_id: str) -> str | None:
        try:
            user = self.backoffice.call("get_user_details", {"user_id": user_id})
        except BackOfficeError:
            return None
        email = user.get("email") if isinstance(user, dict) else None
        return str(email) if email else None

    def _compose(self, recipient: str, message_id: str) -> bytes:
        """The email, with ``CODE_SLOT`` where the code goes (filled in when it is sent)."""
        slot = CODE_SLOT.decode()
        message = EmailMessage()
        message["From"] = formataddr((self.policy.sender_name, self.policy.sender))
        message["To"] = recipient
        message["Subject"] = f"Your verification code: {slot}"
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = f"<{message_id}>"
        minutes = max(1, int(self.policy.ttl.total_seconds() // 60))
        message.set_content(
            f"Your verification code is {slot}.\n\n"
            f"Type it in the chat to confirm it's you. It expires in {minutes} minutes.\n"
            "If you are not chatting with us right now, ignore this email: nobody can use "
            "your account without this code.\n",
            cte="7bit",  # the slot stays as it is in the bytes, for the sender to fill in
        )
        return message.as_bytes()


def _spent(code: IdentityCode) -> IdentityCode:
    # an expiry in the past and the attempts used up: every later answer is "expired"
    return IdentityCode(
        conversation_id=code.conversation_id,
        user_id=code.user_id,
        code_hash="",
        expires_at=code.created_at,
        attempts=code.attempts + 1,
        created_at=code.created_at,
    )
