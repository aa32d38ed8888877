"""Cue phrases for frustration and urgency, in families with a weight each.

A family is a list of regular-expression alternatives (case-insensitive); it counts once per
message however many of its phrases match. Weights are in "half-points": a total of 1.0
makes a score of 0.5, the decision threshold (see :mod:`sentiment`). Tuned on
``data/sentiment_eval.csv``; ``data/sentiment_holdout.csv`` was written after tuning and is
the honest check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that turn a cheerful opener into sarcasm: something went wrong.
_BAD_EVENT = (
    r"(?:lost|lose|losing|broke|broken|wrong|late|delay\w*|never|nothing|vanish\w*|crush\w*"
    r"|leak\w*|missing|again|still|another|empty|twice|cancel\w*|closed|not|no|n't|only"
    r"|someone else|blame|slow|month|weeks|days|on hold|coupon|automated|apolog\w*|sorry"
    r"|inconvenience|take your time|taking|takes)"
)
_OPENER = (
    r"(?:^|[.!?]\s+)(?:oh,? |well,? |wow,? |gosh,? |really |just )?(?:great|wonderful|fantastic"
    r"|brilliant|awesome|perfect|splendid|terrific|lovely|nice|amazing|incredible|superb"
    r"|fabulous|sure|impressive|congratulations|how nice|what a surprise|that's just great"
    r"|nice job|great job|great customer service)\b"
)


@dataclass(frozen=True, slots=True)
class CueFamily:
    name: str
    pattern: re.Pattern[str]
    weight: float


def _family(name: str, weight: float, *alternatives: str) -> CueFamily:
    return CueFamily(name, re.compile("|".join(alternatives), re.IGNORECASE), weight)


FRUSTRATION = (
    _family(
        "sarcasm",
        1.6,
        rf"{_OPENER}[^.!?]*\b{_BAD_EVENT}\b",
        r"\bthanks? (?:a lot |so much )?for (?:nothing|\w+ing me)\b",
        r"\breally appreciate it\b.*\b(?:twice|wrong|lost|never)\b",
        r"\b(?:just|simply|oh|how) (?:perfect|great|wonderful|fantastic|lovely|brilliant)\b",
        r"\byeah,? right\b|\blove (?:how|that for me|getting)\b|\bmade my day\b",
        r"\bhow original\b|\bvery convincing\b|\bnot like i\b|\btotally enjoy\b",
        r"\bso helpful of you\b|\bclearly\b.*\btoo much\b|\bwhat a (?:joke|surprise|shock)\b",
        r"\b(?:amazing|incredible) how\b|\bvery helpful\.",
    ),
    _family(
        "repeated_contact",
        1.1,
        r"\b(?:second|third|fourth|fifth|sixth|umpteenth|\d+(?:nd|rd|th)|another) "
        r"(?:time|message|email|call|ticket|replacement|request)\b",
        r"\b(?:two|three|four|five|several|multiple|many|so many|countless|numerous|\d+) "
        r"(?:times|emails|calls|messages|tickets)\b",
        r"\bstill (?:waiting|no|not|nothing|haven'?t|hasn'?t|don'?t|doesn'?t|chasing)\b",
        r"\b(?:already|before) (?:told|asked|called|contacted|sent|explained|emailed|gave|said)\b",
        r"\b(?:told|gave|sent|said|explained) (?:it |this |that )?(?:to you )?already\b",
        r"\bi'?ve said this\b|\bas i said\b|\brepeat myself\b|\bover and over\b",
        r"\bkeep (?:asking|getting|telling|waiting)\b|\bgoing in circles\b|\bsame problem\b",
        r"\bno one\b|\bnobody\b|\bnot a single\b|\bzero answers\b|\band nothing\b",
        r"\bnever (?:heard|got|received|answered|replied|came|arrived)\b",
        r"\b(?:weeks|days|months) (?:now|and|ago)\b|\bfor (?:weeks|days|months|ages)\b",
        r"\bin (?:days|weeks)\b|\bevery (?:single )?time\b|\bhow many times\b",
        r"^again\b|\bonce again\b|\byet again\b"
        r"|(?<!thanks )(?<!thank you )(?<!pal )(?<!card )(?<!please )\bagain[.!?]",  # not "PayPal again."
        r"\b(?:was told|you said|you promised|was promised|said it would)\b",
        r"\bit'?s not\.|\bit isn'?t\.|\bopened \w+ tickets\b|\bover a month\b",
    ),
    _family(
        "threat_to_leave",
        1.6,
        r"\bbusiness elsewhere\b|\bcompetitor\b|\bswitch\w* to\b"
        # "I'll shop somewhere else", "we'll go somewhere else"; not "I need it sent somewhere
        # else", "my order needs to go somewhere else"
        r"|\b(?:shop\w*|buy\w*|business|money) somewhere (?:else|that)\b"
        r"|\b(?:i|we)(?:'ll| will|'m| am|'re| are)? (?:just )?(?:going to |gonna )?"
        r"(?:go|going|order\w*) somewhere (?:else|that)\b",
        r"\b(?:never|won'?t|not) (?:be )?(?:order|buy|shop|use|com)\w*(?: anything)?"
        r"(?: from you| here| with you)? (?:again|back)\b|\bever again\b|\bnever again\b",
        r"\bcancel\w* my (?:account|membership|subscription)\b|\bclose my account\b",
        r"\bcharge ?back\b|\bdisput\w+\b|\bcard (?:issuer|company)\b|\bmy bank\b|\bthe bank\b",
        r"\blawyer\b|\blegal action\b|\bsue\b|\battorney\b|\bcourt\b|\bconsumer protection\b",
        r"\bbbb\b|\bbetter business bureau\b|\breport(?:ing)? (?:you|this)\b",
        r"\b(?:bad|one[- ]star|1[- ]star|negative) review\b|\bmy review\b|\bsocial media\b",
        r"\blast time i\b|\b(?:my|this) last order\b|\blast order with\b",
        r"\bdone (?:with|being|ordering)\b|\bi'?m leaving\b(?! for| on| tomorrow| today)",
        r"\blost (?:a|my) (?:customer|business)\b|\bavoid your\b|\btell\w* (?:all )?my friends\b",
        r"\bi'?m done\b(?! with (?:the|my) (?:order|question))",
    ),
    _family(
        "anger",
        1.2,
        r"\bunacceptable\b|\bridiculous\b|\bterrible\b|\bawful\b|\bhorrible\b|\bworst\b",
        r"\buseless\b|\bjoke\b|\bfrustrat\w*|\bangry\b|\bfurious\b|\bannoy\w*|\bupset\b",
        r"\blivid\b|\bfed up\b|\bsick (?:and tired )?of\b|\btired of\b|\bpathetic\b",
        r"\bincompetent\b|\bscam\w*|\brip[- ]?off\b|\boutrag\w*|\bdisgrac\w*|\bdisaster\b",
        r"\brubbish\b|\bgarbage\b|\btrash\b|\bnonsense\b|\bwtf\b|\bffs\b|\bdamn\b|\bcrap\b",
        r"\bshit\w*|\babsurd\b|\bappalling\b|\bnot (?:ok(?:ay)?|happy|acceptable)\b",
        r"\bunhappy\b|\bseriously\?|\bare you kidding\b|\byou people\b|\bhow hard can\b",
        r"\bi mean it\b|\bdisappoint\w*",
    ),
    _family("shouting_punctuation", 0.7, r"\?{2,}|!{2,}|\?!|!\?"),
)

# Cues that lower frustration: a softened complaint ("a bit disappointed").
SOFTENERS = (
    _family(
        "softened",
        -0.8,
        r"\b(?:a (?:little|bit)|slightly|somewhat|mildly) disappointed\b",
        r"\bbut overall it'?s fine\b|\bnot a (?:big|huge) (?:deal|issue)\b",
    ),
)

_NEED = (
    r"(?:need\w*|must|has to|have to|before|by|until|arrive|deliver\w*|ship\w*|get (?:it|this)"
    r"|process\w*|update|change|fix|cancel|sorted|answer|swap|pick up|expedite)"
)
URGENCY = (
    _family(
        "explicit",
        1.8,
        r"\basap\b|\ba\.s\.a\.p\b|\burgent\w*|\bemergency\b|\bimmediately\b|\bright (?:now|away)\b",
        r"\bas soon as (?:possible|you can)\b|\btime[- ]sensitive\b|\bhurry\b|\bat once\b",
        r"\bcan'?t wait\b|\bcannot wait\b|\bno later than\b",
        r"\b(?:please|respond|reply|answer|process|sort|fix|swap|change|cancel|get)\w*\b"
        r"[^.?!]{0,25}\b(?:quickly|fast)\b",
        r"\b(?:stop|cancel|fix|help|refund|change|need|answer|respond)\w*\b[^.?!]{0,30}\bnow\b",
    ),
    _family(
        "deadline",
        1.1,
        rf"\b{_NEED}\b[^.?!]{{0,40}}\b(?:today|tonight|tomorrow|this (?:weekend|morning|afternoon))\b",
        r"\bby (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|noon|tomorrow"
        r"|tonight|the weekend|end of (?:the )?(?:day|week))\b|\bdeadline\b",
        r"\bwithin (?:the )?(?:next )?(?:hour|day|\d+ (?:hours?|minutes?))\b",
        r"\bbefore (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend"
        r"|my (?:flight|trip|event|wedding|birthday)|it ships|then)\b",
        r"\b(?:flight|trip|wedding|birthday|event|party) (?:is|on) (?:tomorrow|today|tonight"
        r"|this|in|\w+day)\b|\b(?:party|event) is tonight\b|\bleaving for\b",
        r"\bneeded it yesterday\b|\bin time\b|\bwon'?t be home\b|\bsale ends\b",
        r"\bdue (?:today|tomorrow|tonight)\b",
        r"\bbefore it'?s (?:charged|processed|shipped)\b|\babout to be (?:processed|shipped)\b",
    ),
    _family(
        "risk",
        1.0,
        r"\bfraud\w*|\bunauthori[sz]ed\b|\bstolen\b|\bhacked\b|\bcharged twice\b",
        r"\bdouble charged\b|\blocked out\b|\bsmoke\b|\bspark\w*|\bdangerous\b|\bhazard\w*",
        r"\bfire\b|\binjur\w*|\bon fire\b|\bat my door\b",
    ),
    _family("insistence", 0.6, r"\?{2,}|!{2,}", r"\bwhere is my (?:refund|order|package|money)\b"),
)


def cue_score(text: str, families: tuple[CueFamily, ...]) -> float:
    return sum(f.weight for f in families if f.pattern.search(text))


def matched(text: str, families: tuple[CueFamily, ...]) -> list[str]:
    """Names of the families that fire (for explanations and debugging)."""
    return [f.name for f in families if f.pattern.search(text)]
