"""What a customer's message means for the dialogue: yes or no, a question, its requests.

Cue patterns the engine reads besides the understanding model: explicit confirmations, the
verb that makes a clause a request of its own, references to the order being discussed.
"""

from __future__ import annotations

import re

from frontline.agent.engine.identity import BARE_NAME
from frontline.agent.reading.results import Understanding

_ACTION_WORDS = {
    "exchange_items": r"exchange|swap|trade|change|replace|new (?:one|pair)\b",
    "return_items": r"return|send (?:it |them )?back|refund",
    "cancel_order": r"cancel",
    "modify_order_items": r"change|modify|switch|swap",
    "change_shipping_address": r"ship|address|deliver|redirect"
    r"|(?:sent|send (?:it|them|the order|my order|the package)) (?:to|somewhere|elsewhere)\b"
    r"|where (?:it|they|the order|my order|the package)(?:'s| is| are)? (?:go(?:es|ing)?|headed)\b",
    "change_payment_method": r"pay|bill(?:ed|ing)\b|charge",
    "update_account_address": r"address",
}


def names_its_action(intent: str, words: str) -> bool:
    """A clause that says its own verb ("and cancel order #W...") is that request."""
    pattern = _ACTION_WORDS.get(intent)
    return bool(pattern and re.search(rf"\b(?:{pattern})", words, re.IGNORECASE))


# "... and refund it to my gift card": where the money of the request before goes
REFUND_TO = re.compile(
    r"^\W*(?:and\s+)?(?:please\s+)?(?:refund|send|put|give)\b(?:\s+(?:it|that|them|the money|me))?"
    r"(?:\s+back)?\s+(?:to|on|onto)\b",
    re.IGNORECASE,
)
PAYMENT_FOR = re.compile(
    r"\b(?:for|on|with) (?:any|all|the|each)? ?(?:payments?|refunds?|differences?|charges?)\b",
    re.IGNORECASE,
)
# "first ..., and after that ...": the customer says in which order the requests go
SEQUENCE = re.compile(
    r"\b(?:first(?:ly)?|then|after that|afterwards|next|later|once (?:that|it)(?:'s| is) done)\b",
    re.IGNORECASE,
)
OTHER_ORDER = re.compile(r"\b(?:another|(?:my|the) other|a different) order\b", re.IGNORECASE)
# A request that replaces the one under discussion: "Then can you...", "In that case..."
INSTEAD = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|fine|alright|hmm)\W+)?(?:then|in that case|instead)\b"
    r"|\bif (?:i|you|we) (?:can'?t|cannot|can not)\b",  # "if I can't cancel it, then just..."
    re.I,
)
# Clauses that name an action without asking for it now: "if I can't cancel only some items",
# "I'll return the office stuff later", "leave the payment as it is".
DEFERRED = re.compile(
    r"\bif\b[^,.;!?]*|\b(?:i'?ll|i will|i'?m going to|i am going to)\b[^,.;!?]*\blater\b"
    r"|\bleave (?:the |my |it|that|them)[^,.;!?]{0,25}?\b(?:as (?:it is|they are|is)|alone)\b",
    re.IGNORECASE,
)
ADDITION = re.compile(
    r"\b(?:also|too|as well|in addition|before (?:that|you do that|doing that))\b", re.IGNORECASE
)
# "And in order #W9, two more: ...", "one more thing like that": the last action again
MORE_OF_THE_SAME = re.compile(
    r"\b(?:one|two|three|four|a few|some|1|2|3|4) more\b(?! (?:thing|question|request))"
    r"|\bsame (?:thing|again) (?:for|with|in)\b",
    re.IGNORECASE,
)
# words that continue a list of requests: "and #W2 too", "next #W3", "same deal for the other one"
FOLLOW_UP = re.compile(
    r"\b(?:too|also|as well|next|same (?:deal|thing|here|again|for|with|as)|the other one"
    r"|(?:the )?last one|another one|one more|the (?:second|third|fourth)(?: one)?)\b",
    re.IGNORECASE,
)
SAME_ORDER = re.compile(
    r"\b(?:the|that|this|same) (?:whole |entire |same )?order\b(?! #?w?\d)", re.IGNORECASE
)
REFUND_TOTAL = re.compile(
    r"\bhow much\b(?![^.?!]*\b(?:pay|paid|cost|spen[dt])\b)[^.?!]*\b(?:back|refund(?:ed)?|in total|total)\b"
    r"|\btotal refund",
    re.IGNORECASE,
)
# Asks for something the policy rules out in general: answered from the policy text.
POLICY_LIMIT = re.compile(
    r"\bsplit (?:the |my )?(?:payment|bill)\b|\b(?:two|2|several|multiple) (?:cards|payment methods)\b"
    r"|\bmore than one (?:card|payment method)\b",
    re.IGNORECASE,
)
MARKUP = re.compile(r"<[^<>]{0,300}>")
_REQUEST_VERB = re.compile(
    r"\b(?:return|refund|send (?:it |them )?back|exchange|swap|replace|cancel|change|modify"
    r"|update|switch|ship|track|where|status|how|what|which|when|is|are|can|could|do|does"
    r"|tell|show|list|check|know|want|need|like|make (?:it|that|this|them)|set)"
    r"(?:s|es|d|ed|ing)?\b",  # "a couple of item changes", "returning"
    re.IGNORECASE,
)


def request_spans(u: Understanding) -> list[tuple[str, float, str]]:
    """The message's requests, each with all the words up to the next one; a clause with no
    request verb belongs to the one before it ("exchange the bottle and the lamp I received")."""
    kept = [
        r
        for n, r in enumerate(u.requests)
        if n == 0 or (len(r.text.split()) >= 3 and _REQUEST_VERB.search(r.text))
    ]
    spans: list[tuple[str, float, str]] = []
    for n, request in enumerate(kept):
        start = 0 if n == 0 else request.start
        end = kept[n + 1].start if n + 1 < len(kept) else len(u.text)
        spans.append((request.intent, request.confidence, u.text[start:end].strip()))
    return spans


_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|ya|y|sure|ok(?:ay)?|correct|confirm(?:ed)?|go ahead|do it|please do"
    r"|proceed|that(?:'?s| is) (?:right|correct|fine)|sounds good|absolutely|definitely|of course"
    r"|yes please|please go ahead|let'?s do it|i confirm|perfect|great|excellent|al(?:l )?right)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    # "no", "no thanks", "no forget it"; not "no longer needed", "no problem", "no idea"
    r"^\W*(?:\w+\W+){0,2}(?:no|nope|nah)\b(?!\s+(?:longer|need|problem|worries|rush|hurry|idea"
    r"|doubt|way|matter|reason|clue|issue|big deal|one|other|more than|less than)\b)"
    # "don't do it", "do not cancel"; not "yes, I just don't need it anymore" (a reason)
    r"|\b(?:don'?t|do not)(?! (?:need|have|know|mind|care|worry)\b)"
    r"|\b(?:never ?mind|not now|i'?ll keep|keep it|changed my mind"
    r"|cancel that|forget (?:it|that|about it|the \w+)|stop|hold on"
    r"|leave (?:it|them|(?:that|this|those|these|the)(?: \w+)?) (?:alone|as (?:it is|is|they are)))\b",
    re.IGNORECASE,
)
_LATER_YES = re.compile(
    r"[,.!;:]\s+(?:yes|yeah|yep|yup|sure|ok(?:ay)?|go ahead|(?:please |you (?:may|can) )?proceed)\b",
    re.IGNORECASE,
)
# words after a yes that take it back: "yes, but wait", "ok actually no"
_TURNS = re.compile(
    r"\b(?:but|wait|actually|hold on|hang on|on second thought|no|not|don'?t|nope)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?|^\W*(?:how|what|which|when|where|why|who|is|are|do|does|can|could|would|will|tell me"
    r"|i (?:want|would like|'d like) to know|i wonder)\b",
    re.IGNORECASE,
)


_INDIFFERENT = re.compile(
    r"\b(?:i )?(?:don'?t|do not) (?:care|mind)\b|\bdoesn'?t matter\b|\bno problem\b",
    re.IGNORECASE,
)


def confirmation_answer(text: str) -> bool | None:
    """True for an explicit yes, False for a no, None for anything else (ask again)."""
    text = _INDIFFERENT.sub(" ", text)
    if _YES.search(text) and not _TURNS.search(text):
        return True  # "yes please, cancel that one too": a yes first, and nothing turns it
    if _NO.search(text):
        return False
    if _YES.search(text):
        return True
    later = _LATER_YES.search(text)  # "Oh wow, that worked out. Yes, go ahead!"
    if later and not _TURNS.search(text, later.end()):
        return True
    return None


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def identify_words(text: str) -> bool:
    """A bare "First Last" answer, as people give their name when asked."""
    return bool(BARE_NAME.match(text))
