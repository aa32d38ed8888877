"""Sentiment, frustration and urgency of a customer message.

VADER alone misreads customer service: it scores "Great, ANOTHER delay. Just perfect. Thanks
for nothing." as strongly positive and "This is the third time I'm asking. Where is my
refund???" as neutral. So VADER is one signal among the cue families of :mod:`cues`
(sarcasm, repeated contact, threats to leave, anger, urgency) and shouting in capitals.
Each family adds its weight; the sum is squashed to 0..1 (a sum of 1 gives 0.5, the
decision threshold). ``data/sentiment_eval.csv`` measures it (``bench/nlu``).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from frontline.agent.reading.cues import FRUSTRATION, SOFTENERS, URGENCY, cue_score, matched
from frontline.agent.reading.results import Sentiment

THRESHOLD = 0.5
MAX_CHARS = 2000
_THANKS = re.compile(
    r"\b(?:thank you|thanks|thx)\b(?!(?: (?:a lot|so much))? for nothing)", re.IGNORECASE
)
# "nope, all good, thanks!!": a bare no that opens a message answers a question; it is no feeling
_ANSWER_NO = re.compile(r"^\W*(?:no|nope|nah)\b[\s,.!]*", re.IGNORECASE)
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_NOT_SHOUTING = frozenset(
    {
        "USA",
        "USD",
        "ASAP",
        "FAQ",
        "PIN",
        "ATM",
        "SMS",
        "LED",
        "XXL",
        "BBB",
        "ETA",
        "URGENT",
        "OK",
        "CEO",
        "API",
        "PDF",
        "GPS",
        "USB",
        "HDMI",
        "EVA",  # product options: "the EVA sole", "RGB backlight", "512GB SSD"
        "RGB",
        "SSD",
        "HDD",
        "RAM",
        "CPU",
        "GPU",
        "IPX",
        "TPU",
        "PVC",
    }
)


def _squash(raw: float) -> float:
    """0 -> 0, 1 -> 0.5, 2 -> 0.75, ...; negative sums give 0."""
    return round(max(0.0, 1 - math.exp(-raw * math.log(2))), 4)


def _shouting(text: str) -> float:
    words = [w for w in _CAPS_WORD.findall(text) if w not in _NOT_SHOUTING]
    letters = [c for c in text if c.isalpha()]
    mostly_caps = len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7
    if mostly_caps:
        return 1.0
    return 0.7 if words else 0.0


@lru_cache(maxsize=1)
def _vader() -> Any:
    # lazy: loads a lexicon file; vaderSentiment ships no type information
    from vaderSentiment import vaderSentiment  # type: ignore[import-untyped]

    return vaderSentiment.SentimentIntensityAnalyzer()


def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text[:MAX_CHARS])["compound"])


def analyse_sentiment(text: str) -> Sentiment:
    """Polarity, frustration and urgency of ``text`` (never raises)."""
    text = text[:MAX_CHARS]
    felt = _ANSWER_NO.sub("", text)
    compound = vader_compound(felt) if felt.strip() else 0.0
    raw = cue_score(text, FRUSTRATION) + cue_score(text, SOFTENERS) + _shouting(text)
    if matched(text, FRUSTRATION) == ["sarcasm"] and _THANKS.search(text):
        raw -= cue_score(text, FRUSTRATION)  # "thank you, you were very helpful." means it
    if compound <= -0.6:
        raw += 0.4
    frustration = _squash(raw)
    urgency = _squash(cue_score(text, URGENCY))
    frustrated = frustration >= THRESHOLD
    polarity = min(compound, -frustration) if frustrated else compound
    label = "negative" if polarity <= -0.05 else "positive" if polarity >= 0.05 else "neutral"
    return Sentiment(
        polarity=round(polarity, 4),
        label=label,
        frustration=frustration,
        urgency=urgency,
        frustrated=frustrated,
        urgent=urgency >= THRESHOLD,
    )
