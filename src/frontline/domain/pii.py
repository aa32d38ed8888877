"""Personal data in free text: where it is, what kind it is, and the text without it.

``find_pii(text)`` returns the spans of personal data a message holds; ``redact(text)``
replaces each with its kind in brackets (``[email]``, ``[card]``...); ``mask_cards(text)``
keeps only the last four digits of payment card numbers, the form card numbers are stored in.

Kinds and how each is recognised (checks keep numbers that merely look alike out)::

    email     local@domain.tld
    card      13 to 19 digits, spaces or dashes between groups, passing the Luhn check
    iban      country code, check digits and account, passing the mod-97 check
    phone     +country numbers; national numbers of the US, UK, DE, FR and IN with their
              separators; bare digits only after a word that says it is a phone number
    address   house number + street name + street word (Street, Rd, Lane...), with the
              flat/suite, town, state, zip or postcode that follow it
    name      after an introduction ("my name is", "I'm", "this is"), on a signature line
              after a closing ("Thanks,\\nAnna Kowalski"), or a name the caller knows
              (the customer on file)

Order numbers (``#W1234567``), 10-digit item ids, prices, dates, tracking numbers and a zip
code on its own are not personal data here. The agent still reads the raw text (it needs
the email and zip code to verify a customer); redaction is for logs, exports, analytics and
stored copies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class PiiKind(StrEnum):
    email = "email"  # an email address
    phone = "phone"  # a telephone number
    card = "card"  # a payment card number (Luhn-valid)
    iban = "iban"  # an international bank account number (mod-97 valid)
    address = "address"  # a street address
    name = "name"  # a person's name


@dataclass(frozen=True, slots=True)
class PiiSpan:
    kind: PiiKind
    start: int
    end: int
    text: str


# Where more than one reading covers the same characters, the more specific wins.
_PRECEDENCE = {
    PiiKind.email: 0,
    PiiKind.iban: 1,
    PiiKind.card: 2,
    PiiKind.address: 3,
    PiiKind.phone: 4,
    PiiKind.name: 5,
}

_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

_CARD = re.compile(r"(?<![\w#=-])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![\w=-])")

_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
# Lengths of the countries' IBANs (ISO 13616 registry, the ones customers here use most).
_IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21,
    "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27,
}  # fmt: skip

_SEP = r"[ .\-]?"
_PHONE_PATTERNS = (
    # international: +44 20 7946 0958, +49 (0)30 1234567, +1-415-555-0132, +33 6 12 34 56 78
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(0\))?(?:[ .\-]?\(?\d{1,5}\)?){2,6}(?![\w])"),
    re.compile(r"(?<![\w+])(?<!\d[ .\-])00\d{1,3}(?:[ .\-]\d{1,5}){2,6}(?![\w])"),
    # US: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199
    re.compile(
        r"(?<![\w(])(?<!\d[ .\-])(?:1[ .\-])?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?![\w-])"
    ),
    # national trunk prefix 0: 07700 900123, 020 7946 0958, 030 12345678, 06 12 34 56 78
    re.compile(r"(?<![\w(])(?<!\d[ .\-])(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .\-/]\d{2,8}){1,4}(?![\w-])"),
    # India: 98765 43210, 98765-43210
    re.compile(r"(?<![\w])(?<!\d[ .\-])[6-9]\d{4}[ \-]\d{5}(?![\w-])"),
)
# Bare digits are a phone number only when the words before them say so.
_PHONE_CUE = re.compile(
    r"(?:phone|mobile|cell|tel|telephone|number|call me|call|reach me|text me|whatsapp)"
    r"(?:\s+(?:number|no\.?|#))?\s*(?:is|:|at|on)?\s*$",
    re.IGNORECASE,
)
_NOT_PHONE_CUE = re.compile(
    r"(?:tracking|order|item|reference|ref|invoice|serial|account|product|parcel)\W+\w*\W*$",
    re.IGNORECASE,
)
_BARE_DIGITS = re.compile(r"(?<![\w#+-])\d{10,12}(?![\w-])")

_STREET_WORDS = (
    "street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|"
    "terrace|ter|close|crescent|cres|gardens|gdns|parkway|pkwy|highway|hwy|square|sq|row|"
    "mews|grove|circle|cir|trail|trl|walk|hill"
)
_STATE = (
    r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|"
    r"S[CD]|T[NX]|UT|V[AT]|W[AIVY])"
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
_ADDRESS = re.compile(
    r"(?<![\w#])(?:(?i:flat|apt|apartment|unit)\.? ?\d+[A-Za-z]?,? )?"
    r"\d{1,5}[A-Za-z]?,? "
    r"(?:(?!(?i:and|or|the|my|to|of|for|in|at|is|x)\b)[A-Za-z][A-Za-z'.\-]*\.? ){1,4}?"
    rf"(?i:{_STREET_WORDS})\b\.?"
    r"(?:,? (?i:apt|apartment|suite|ste|unit|flat|fl|floor)\.? ?#?[\w\-]+|,? #\d+[A-Za-z]?)?"
    r"(?:,? (?!(?:And|Or|But|Please|Thanks|Thank|I|My|The|It|Is|For)\b)"
    r"[A-Z][A-Za-z\-]+(?: [A-Z][A-Za-z\-]+){0,2})?"
    rf"(?:,? {_STATE}\b)?"
    rf"(?:,? (?:\d{{5}}(?:-\d{{4}})?|{_UK_POSTCODE}))?"
    r"(?![\w-])"
)

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}'’\-]+(?:-[{_UPPER}][{_LOWER}]+)?"
_ANY_NAME_WORD = rf"(?:[{_UPPER}{_LOWER}][{_LOWER}'’\-]+|[{_UPPER}]\.)"
# After an introduction the name may be written in lower case; elsewhere it must be capitalised.
_INTRODUCED = re.compile(
    r"\b(?:(?:my )?name(?: is|'s|’s|:)|this is|i am|i'm|i’m|im|signed|"
    r"(?:account |card)?holder:?|je suis|je m'appelle|ich bin|mein name ist|"
    r"(?:order|parcel|package|delivery)(?: #?\w+)? for)\s+"
    rf"({_ANY_NAME_WORD}(?:\s+{_ANY_NAME_WORD}){{0,2}})",
    re.IGNORECASE,
)
_LOWER_CASE_INTROS = ("my name", "name", "mein name", "je m'appelle")
# "Olivia Yilmaz here." at the start of a message or line
_HERE = re.compile(
    rf"(?:^|\n|(?i:hi|hello|hey)[,!]?)[ \t]*({_NAME_WORD}(?: (?:{_NAME_WORD}|[{_UPPER}]\.)){{0,2}}) here\b"
)
_CLOSING = re.compile(
    r"(?:^|\n)[ \t]*(?:thanks|thank you|many thanks|regards|best regards|kind regards|best|"
    r"cheers|sincerely|yours|warm regards|all the best|thx|br|mfg|cordialement|merci)"
    r"[ \t]*[,!.\-]*[ \t]*(?:\n|[ \t]+-?[ \t]*)"
    rf"[ \t]*-?[ \t]*({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|[A-Z]\.)){{0,2}})[ \t]*\.?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DASH_SIGNATURE = re.compile(
    rf"(?:^|\n)[ \t]*(?:--|—|-)[ \t]*({_NAME_WORD}(?: {_NAME_WORD}){{0,2}})[ \t]*$"
)
# Words that follow an introduction but are not names ("I'm sorry", "this is urgent").
_NOT_NAME = frozenset(
    [
        "a",
        "about",
        "afraid",
        "after",
        "again",
        "all",
        "also",
        "always",
        "am",
        "an",
        "and",
        "angry",
        "annoyed",
        "any",
        "anyone",
        "are",
        "as",
        "at",
        "available",
        "away",
        "back",
        "bad",
        "based",
        "being",
        "below",
        "but",
        "by",
        "calling",
        "can",
        "cancel",
        "cancelling",
        "changing",
        "checking",
        "confused",
        "contacting",
        "currently",
        "desperate",
        "disappointed",
        "done",
        "double",
        "down",
        "each",
        "either",
        "else",
        "emailing",
        "even",
        "ever",
        "expecting",
        "fine",
        "for",
        "frustrated",
        "from",
        "getting",
        "glad",
        "going",
        "gonna",
        "good",
        "guessing",
        "happy",
        "having",
        "her",
        "here",
        "his",
        "hoping",
        "how",
        "i",
        "if",
        "in",
        "interested",
        "it",
        "its",
        "just",
        "kind",
        "kinda",
        "like",
        "looking",
        "me",
        "messaging",
        "more",
        "moving",
        "my",
        "new",
        "no",
        "not",
        "now",
        "of",
        "off",
        "ok",
        "okay",
        "on",
        "one",
        "only",
        "or",
        "order",
        "ordering",
        "our",
        "out",
        "over",
        "pleased",
        "ready",
        "really",
        "regarding",
        "related",
        "reporting",
        "requesting",
        "returning",
        "right",
        "sad",
        "same",
        "sending",
        "so",
        "still",
        "stuck",
        "such",
        "sure",
        "surprised",
        "telling",
        "terrible",
        "than",
        "thank",
        "thanks",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thinking",
        "this",
        "those",
        "to",
        "too",
        "trying",
        "unable",
        "unhappy",
        "up",
        "upset",
        "urgent",
        "us",
        "very",
        "waiting",
        "want",
        "wanting",
        "was",
        "we",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "wondering",
        "worried",
        "would",
        "writing",
        "yes",
        "yet",
        "you",
        "your",
    ]
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _emails(text: str) -> Iterable[tuple[PiiKind, int, int]]:
    for m in _EMAIL.finditer(text):
        yield PiiKind.email, m.start(), m.end()


def _cards(text: str) -> Iterable[tuple[PiiKind, int, int]]:
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m[0])
        if 13 <= len(digits) <= 19 and _luhn_ok(digits) and len(set(digits)) > 1:
            yield PiiKind.card, m.start(), m.end()


def _ibans(text: str) -> Iterable[tuple[PiiKind, int, int]]:
    for m in _IBAN.finditer(text.upper()):
        # the account part may end in a word run on after it: try the longest valid prefix
        candidate = m[0]
        while len(candidate.replace(" ", "")) >= 15:
            if _iban_ok(candidate):
                yield PiiKind.iban, m.start(), m.start() + len(candidate)
                break
            candidate = candidate[:-1].rstrip()


def _digit_count(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _phones(text: str) -> Iterable[tuple[PiiKind, int, int]]:
    for pattern in _PHONE_PATTERNS:
        for m in pattern.finditer(text):
            digits = _digit_count(m[0])
            if 9 <= digits <= 15 and not _looks_like_date(m[0]):
                yield PiiKind.phone, m.start(), m.end()
    for m in _BARE_DIGITS.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if _PHONE_CUE.search(before) and not _NOT_PHONE_CUE.search(before):
            yield PiiKind.phone, m.start(), m.end()


_DATE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}$")


def _looks_like_date(value: str) -> bool:
    return bool(_DATE.match(value.strip()))


def _addresses(text: str) -> Iterable[tuple[PiiKind, int, int]]:
    for m in _ADDRESS.finditer(text):
        yield PiiKind.address, m.start(), m.end()


def _name_words_end(value: str) -> int:
    """Where the name in ``value`` ends: before the first word that is not a name."""
    end = 0
    for word in re.finditer(r"\S+", value):
        if word[0].lower().strip("'’") in _NOT_NAME:
            break
        end = word.end()
    return end


def _names(text: str, known_names: Iterable[str]) -> Iterable[tuple[PiiKind, int, int]]:
    for m in _INTRODUCED.finditer(text):
        value = m[1]
        end = _name_words_end(value)
        if end == 0:
            continue
        name = value[:end]
        # "I'm Anna" is a name; "I'm looking" was refused above; "this is Order" is not
        if not name[0].isupper() and not m[0].lower().startswith(_LOWER_CASE_INTROS):
            continue
        yield PiiKind.name, m.start(1), m.start(1) + end
    for pattern in (_CLOSING, _DASH_SIGNATURE, _HERE):
        for m in pattern.finditer(text):
            if _name_words_end(m[1]) == len(m[1]):
                yield PiiKind.name, m.start(1), m.end(1)
    for known in known_names:
        # the whole name in any case; one part of it only where written capitalised ("Will",
        # not "I will")
        whole = " ".join(known.split())
        if len(whole) >= 3:
            spaced = r"\s+".join(re.escape(p) for p in whole.split())
            for m in re.finditer(rf"(?<!\w){spaced}(?!\w)", text, re.IGNORECASE):
                yield PiiKind.name, m.start(), m.end()
        for part in whole.split():
            if len(part) >= 2:
                capitalised = re.escape(part[0].upper() + part[1:].lower())
                for m in re.finditer(rf"(?<!\w){capitalised}(?!\w)", text):
                    yield PiiKind.name, m.start(), m.end()


def find_pii(text: str, known_names: Iterable[str] = ()) -> list[PiiSpan]:
    """The personal data in ``text``, in order, without overlaps; ``known_names`` are names
    on file for the writer (the whole name in any case, a part of it where capitalised)."""
    found = [*_emails(text), *_names(text, known_names)]
    if _DIGIT.search(text):  # numbers, cards, IBANs and addresses all hold digits
        found += [*_ibans(text), *_cards(text), *_addresses(text), *_phones(text)]
    # the most specific reading first, then the longest; a span overlapping a kept one goes
    found.sort(key=lambda s: (_PRECEDENCE[s[0]], s[1] - s[2]))
    kept: list[tuple[PiiKind, int, int]] = []
    for kind, start, end in found:
        if all(end <= k_start or start >= k_end for _, k_start, k_end in kept):
            kept.append((kind, start, end))
    kept.sort(key=lambda s: s[1])
    return [PiiSpan(kind, start, end, text[start:end]) for kind, start, end in kept]


def redact(text: str, known_names: Iterable[str] = ()) -> str:
    """``text`` with each piece of personal data replaced by its kind: ``[email]``, ``[card]``."""
    return _replace(text, find_pii(text, known_names), lambda span: f"[{span.kind.value}]")


def mask_cards(text: str) -> str:
    """``text`` with every card number reduced to its last four digits (``[card ****4242]``)."""
    spans = [PiiSpan(PiiKind.card, s, e, text[s:e]) for _, s, e in _cards(text)]
    return _replace(text, spans, lambda span: f"[card ****{re.sub(r'[ -]', '', span.text)[-4:]}]")


# Mail clients put the text parts before the attachments; scanning a 30 MB email whole would
# hold up the SMTP answer by seconds.
EMAIL_SCAN_BYTES = 1024 * 1024


# Headers whose values other code matches byte for byte (threading, MIME structure).
_KEPT_HEADERS = frozenset(
    {"message-id", "in-reply-to", "references", "content-type", "content-id", "thread-index"}
)
_HEADER_FIELD = re.compile(r"^[^ \t\r\n][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.MULTILINE)


def _mask_headers(headers: str) -> str:
    def field(m: re.Match[str]) -> str:
        name = m[0].partition(":")[0].strip().lower()
        return m[0] if name in _KEPT_HEADERS else mask_cards(m[0])

    return _HEADER_FIELD.sub(field, headers)


def mask_cards_in_email(raw: bytes) -> bytes:
    """``mask_cards`` over a raw email: its headers (but those threading and the MIME
    structure depend on) and the first ``EMAIL_SCAN_BYTES`` of its body. The bytes are read as
    Latin-1, which maps every byte to one character and back, so all else stays byte for byte.
    Card numbers inside base64-encoded parts are not seen here; the text parsed from them is
    masked when it is stored."""
    split = min((i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0), default=-1)
    if split < 0:
        split = len(raw)
    headers = raw[:split].decode("latin-1")
    window = raw[split : split + EMAIL_SCAN_BYTES].decode("latin-1")
    masked_headers, masked = _mask_headers(headers), mask_cards(window)
    if masked_headers == headers and masked == window:
        return raw
    rest = raw[split + EMAIL_SCAN_BYTES :]
    return (masked_headers + masked).encode("latin-1") + rest


def _replace(text: str, spans: list[PiiSpan], label: Callable[[PiiSpan], str]) -> str:
    if not spans:
        return text
    parts: list[str] = []
    at = 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[at : span.start])
        parts.append(label(span))
        at = span.end
    parts.append(text[at:])
    return "".join(parts)
