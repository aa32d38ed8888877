"""One-time identity codes: made, stored hashed, emailed, checked (the agent's
``IdentityCodes`` port, ``frontline.agent.identity_codes``).

A code is 6 random digits, kept as an HMAC (the installation's secret key, the conversation
id and the code) so a copy of the database does not give it away, with an expiry
(``FRONTLINE_IDENTITY_CODE_TTL_SECONDS``, 10 min) and a limit of wrong answers
(``FRONTLINE_IDENTITY_CODE_MAX_ATTEMPTS``, 5) after which it is gone for good in that
conversation. It is emailed through the outbound relay to the address the back office has on
file, never to an address typed in the chat.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from frontline.agent.identity_codes import CodeCheck
from frontline.backoffice.port import BackOffice, BackOfficeError
from frontline.channels.email.relay import RelayError
from frontline.domain.assurance import CODE_DIGITS
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId
from frontline.services.access_ports import IdentityCode
from frontline.services.clock import now
from frontline.services.outbound_emails import MailRelay
from frontline.services.ports import Store

CODE_ACTOR = "identity"


@dataclass(frozen=True, slots=True)
class CodePolicy:
    secret: str
    ttl: timedelta
    max_attempts: int
    sender: str  # the support address
    sender_name: str


@dataclass(frozen=True, slots=True)
class IdentityCodeDesk:
    store: Store
    backoffice: BackOffice
    relay: MailRelay | None
    policy: CodePolicy

    def send(self, conversation_id: str, user_id: str) -> bool:
        email = self._email_on_file(user_id)
        if email is None or self.relay is None:
            return False
        cid, at = ConversationId(conversation_id), now()
        with self.store.transaction() as tx:
            earlier = tx.access.get_code(cid)
        if earlier is not None and not earlier.code_hash:
            return False  # locked out in this conversation
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        stored = IdentityCode(
            conversation_id=cid,
            user_id=user_id,
            code_hash=self._hash(cid, code),
            expires_at=at + self.policy.ttl,
            attempts=0,
            created_at=at,
        )
        with self.store.transaction() as tx:
            tx.access.put_code(stored)
            tx.events.append(
                EventKind.identity_code_sent, cid, CODE_ACTOR, {"user_id": user_id}, at
            )
        try:
            self.relay.send(self.policy.sender, [email], self._compose(email, code))
        except RelayError:
            with self.store.transaction() as tx:
                tx.access.delete_code(cid)
            return False
        return True

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

    def _compose(self, recipient: str, code: str) -> bytes:
        message = EmailMessage()
        message["From"] = formataddr((self.policy.sender_name, self.policy.sender))
        message["To"] = recipient
        message["Subject"] = f"Your verification code: {code}"
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.policy.sender.rpartition("@")[2])
        minutes = max(1, int(self.policy.ttl.total_seconds() // 60))
        message.set_content(
            f"Your verification code is {code}.\n\n"
            f"Type it in the chat to confirm it's you. It expires in {minutes} minutes.\n"
            "If you are not chatting with us right now, ignore this email: nobody can use "
            "your account without this code.\n"
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
