"""Dialogue acts from cue phrases: affirm, deny, correction, thanks, greeting, goodbye,
ask for a human, complaint.

Acts are not exclusive ("no thanks, bye" is deny + thanks + goodbye). Affirm and deny only
count at the start of a message or as a whole short reply, so "I said no one called me" is no
deny. COMPLAINT also comes from the sentiment side: a frustrated message is a complaint.
"""

from __future__ import annotations

import re

from frontline.agent.reading.results import DialogueAct

_FLAGS = re.IGNORECASE
_AFFIRM = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|ya|sure|ok(?:ay)?|correct|right|absolutely|definitely|of course"
    r"|that'?s (?:right|correct|fine|it)|sounds good|go ahead|please do|do it|confirm(?:ed)?"
    r"|affirmative|exactly|perfect|great|fine|alright|all right|yes please|si|oui|ja)\b"
    r"(?!\s*(?:,\s*)?(?:another|just perfect))",
    _FLAGS,
)
_DENY = re.compile(
    r"^\W*(?:no|nope|nah|not really|negative|never ?mind|don'?t|do not|cancel that|stop"
    r"|i don'?t (?:want|think so)|not now|wrong|that'?s (?:wrong|not (?:it|right|correct)))\b",
    _FLAGS,
)
_CORRECTION = re.compile(
    r"\b(?:actually|i meant|i mean|sorry,? (?:i meant|i mean|wrong)|correction|my mistake"
    r"|not that one|the other one|instead|rather|typo|i misspoke|scratch that|wait,)\b",
    _FLAGS,
)
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|appreciate(?:d)?|grateful)\b", _FLAGS)
_NOT_THANKS = re.compile(r"\bthanks? (?:for )?nothing\b|\bno thanks to\b", _FLAGS)
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|greetings|yo"
    r"|dear (?:sir|madam|team|support))\b",
    _FLAGS,
)
_GOODBYE = re.compile(
    r"\b(?:bye|goodbye|good bye|see (?:you|ya)|take care|have a (?:good|nice|great) (?:day|one"
    r"|evening|weekend)|that'?s all|that is all|nothing else|i'?m done|talk later)\b",
    _FLAGS,
)
_ASK_HUMAN = re.compile(
    r"\b(?:human|real person|live (?:agent|person|chat)|(?:an?|your) (?:agent|representative"
    r"|operator|supervisor|manager)|someone (?:real|else|who can help)|customer service rep"
    r"|talk to (?:a |an |some)?(?:one|body|person|people)|speak (?:to|with) (?:a |an |some)?"
    r"(?:one|body|person|people)|not (?:a|this) (?:bot|robot|machine)|stop(?: being)? a bot"
    r"|escalate)\b",
    _FLAGS,
)
_COMPLAINT = re.compile(
    r"\b(?:complain(?:t)?|unacceptable|ridiculous|terrible|awful|horrible|worst|useless"
    r"|disappoint(?:ed|ing)?|not happy|unhappy|fed up|sick of|tired of|pathetic|incompetent"
    r"|rip[- ]?off|scam|outrageous|disgrace(?:ful)?|poor service|bad service|never again)\b",
    _FLAGS,
)
SHORT_REPLY_WORDS = 6


def detect_acts(text: str, *, frustrated: bool = False) -> tuple[DialogueAct, ...]:
    """The acts a message performs, in a fixed order."""
    acts: list[DialogueAct] = []
    short = len(text.split()) <= SHORT_REPLY_WORDS
    if _GREETING.search(text):
        acts.append(DialogueAct.GREETING)
    if _AFFIRM.search(text) and (short or not _DENY.search(text)) and not frustrated:
        acts.append(DialogueAct.AFFIRM)
    if _DENY.search(text):
        acts.append(DialogueAct.DENY)
    if _CORRECTION.search(text):
        acts.append(DialogueAct.CORRECTION)
    if _THANKS.search(text) and not _NOT_THANKS.search(text):
        acts.append(DialogueAct.THANKS)
    if _GOODBYE.search(text):
        acts.append(DialogueAct.GOODBYE)
    if _ASK_HUMAN.search(text):
        acts.append(DialogueAct.ASK_HUMAN)
    if frustrated or _COMPLAINT.search(text):
        acts.append(DialogueAct.COMPLAINT)
    return tuple(acts)
