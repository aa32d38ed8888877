"""A small IMAP4rev1 server for the tests: one mailbox, the commands Frontline's poller uses
(CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH BODY.PEEK[], UID STORE +FLAGS, LOGOUT)."""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    username: str
    password: str
    emails: dict[int, bytes] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    fetched: list[int] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def _send(self, line: str | bytes) -> None:
        self.wfile.write((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def handle(self) -> None:
        box = self.server.mailbox  # type: ignore[attr-defined]  # set by ImapServer
        self._send("* OK IMAP4rev1 test server ready")
        for raw in self.rfile:
            tag, _, rest = raw.decode().strip().partition(" ")
            command = rest.upper()
            if command.startswith("CAPABILITY"):
                self._send("* CAPABILITY IMAP4rev1")
            elif command.startswith("LOGIN"):
                _, user, password = rest.split(" ", 2)
                if (user.strip('"'), password.strip('"')) != (box.username, box.password):
                    self._send(f"{tag} NO LOGIN failed")
                    continue
            elif command.startswith("SELECT"):
                self._send(f"* {len(box.emails)} EXISTS")
                self._send(f"{tag} OK [READ-WRITE] SELECT completed")
                continue
            elif command.startswith("UID SEARCH"):
                unseen = " ".join(str(uid) for uid in sorted(box.emails) if uid not in box.seen)
                self._send(f"* SEARCH {unseen}".rstrip())
            elif command.startswith("UID FETCH"):
                uid = int(rest.split()[2])
                body = box.emails[uid]
                box.fetched.append(uid)
                self._send(
                    f"* {uid} FETCH (UID {uid} BODY[] {{{len(body)}}}".encode()
                    + b"\r\n"
                    + body
                    + b")"
                )
            elif command.startswith("UID STORE"):
                uid = int(rest.split()[2])
                if re.search(r"\\SEEN", command):
                    box.seen.add(uid)
                self._send(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))")
            elif command.startswith("LOGOUT"):
                self._send("* BYE logging out")
                self._send(f"{tag} OK LOGOUT completed")
                return
            else:
                self._send(f"{tag} BAD unknown command")
                continue
            self._send(f"{tag} OK completed")


class ImapServer:
    def __init__(self, mailbox: Mailbox) -> None:
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.mailbox = mailbox  # type: ignore[attr-defined]  # read by _Handler
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ImapServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
