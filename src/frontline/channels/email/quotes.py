"""What is new in an email: the text above the quoted history and the signature.

The markers clients write (``On … wrote:``, Outlook's header block, ``-- ``, closings) are data
in ``quote_markers.yaml``; this module only applies them. The original text is always kept
elsewhere; this is the part the AI agent reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr
from functools import cache
from pathlib import Path

import yaml

MARKERS = Path(__file__).with_name("quote_markers.yaml")
MAX_SIGNATURE_LINES = 6  # a closing with more lines after it is part of the message
HEADER_FIELD_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Reading:
    new: str  # what the sender wrote this time
    quoted: str  # the history they quoted
    signature: str  # the signature cut from the new part


@dataclass(frozen=True, slots=True)
class Forwarded:
    sender: str
    sender_name: str | None
    subject: str | None
    text: str  # the forwarded email's body


@dataclass(frozen=True, slots=True)
class _Markers:
    reply: tuple[re.Pattern[str], ...]
    blocks: tuple[re.Pattern[str], ...]
    fields: tuple[re.Pattern[str], ...]
    forward: tuple[re.Pattern[str], ...]
    signature: tuple[re.Pattern[str], ...]
    closings: tuple[re.Pattern[str], ...]
    auto_subjects: tuple[re.Pattern[str], ...]


@cache
def _markers() -> _Markers:
    data = yaml.safe_load(MARKERS.read_text(encoding="utf-8"))

    def compiled(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in data.get(key, []))

    return _Markers(
        compiled("reply_headers"),
        compiled("header_blocks"),
        compiled("header_fields"),
        compiled("forward_headers"),
        compiled("signature_starts"),
        compiled("closings"),
        compiled("auto_reply_subjects"),
    )


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.fullmatch(line) for p in patterns)


def _opens_header_block(lines: list[str], index: int) -> bool:
    markers = _markers()
    if not _matches(markers.blocks, lines[index].strip()):
        return False
    window = lines[index + 1 : index + 1 + HEADER_FIELD_WINDOW]
    return any(_matches(markers.fields, line.strip()) for line in window)


def _quote_start(lines: list[str]) -> int | None:
    markers = _markers()
    for index, raw in enumerate(lines):
        line = raw.strip()
        if line.startswith(">") and all(
            not rest.strip() or rest.lstrip().startswith(">") for rest in lines[index:]
        ):
            return index
        joined = f"{line} {lines[index + 1].strip()}" if index + 1 < len(lines) else line
        if _matches(markers.reply, line) or (
            line.lower().startswith("on ") and _matches(markers.reply, joined)
        ):
            return index
        if _opens_header_block(lines, index):
            return index
    return None


def _signature_start(lines: list[str]) -> int | None:
    markers = _markers()
    delimiter = next(
        (i for i, raw in enumerate(lines) if _matches(markers.signature, raw.rstrip())), None
    )
    above = lines if delimiter is None else lines[:delimiter]
    content = [i for i, line in enumerate(above) if line.strip()]
    for index in reversed(content[-(MAX_SIGNATURE_LINES + 1) :]):
        if _matches(markers.closings, above[index].strip()):
            after = [i for i in content if i > index]
            if len(after) <= MAX_SIGNATURE_LINES and all(len(above[i]) <= 60 for i in after):
                return index
    return delimiter


def read_reply(text: str) -> Reading:
    """Split ``text`` into what is new, what is quoted and the signature."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = _quote_start(lines)
    body, quoted = (lines, []) if start is None else (lines[:start], lines[start:])
    # Inline replies: quoted lines between new ones are history too.
    kept = [line for line in body if not line.lstrip().startswith(">")]
    cut = _signature_start(kept)
    signature = kept[cut:] if cut is not None else []
    new = kept[:cut] if cut is not None else kept
    return Reading(
        new="\n".join(new).strip(),
        quoted="\n".join(quoted).strip(),
        signature="\n".join(signature).strip(),
    )


_FIELD = re.compile(r"^\*?(from|date|sent|subject|to|cc|von|betreff|an)\*?:\s*(.*)$", re.I)


def read_forwarded(text: str) -> Forwarded | None:
    """The email forwarded in ``text`` (Gmail, Apple Mail or Outlook style), if any."""
    markers = _markers()
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if not _matches(markers.forward, line.strip()):
            continue
        fields: dict[str, str] = {}
        cursor = index + 1
        while cursor < len(lines) and (lines[cursor].strip() == "" and not fields):
            cursor += 1
        while cursor < len(lines) and (found := _FIELD.match(lines[cursor].strip())):
            fields.setdefault(found.group(1).lower(), found.group(2).strip())
            cursor += 1
        name, address = parseaddr(fields.get("from") or fields.get("von") or "")
        if "@" not in address:
            continue
        return Forwarded(
            sender=address.lower(),
            sender_name=name or None,
            subject=fields.get("subject") or fields.get("betreff"),
            text="\n".join(lines[cursor:]).strip(),
        )
    return None


def is_auto_reply_subject(subject: str) -> bool:
    """A subject only automatic replies carry ("Automatic reply: …", "Out of office")."""
    return _matches(_markers().auto_subjects, subject.strip())
