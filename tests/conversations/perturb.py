"""Meaning-preserving perturbations of customer messages (CheckList-style invariance).

Each perturbation rewrites what a customer types without changing what they mean: the case,
the punctuation, common misspellings of words that carry no request, fillers and hedges,
contractions, polite padding. Tokens that carry facts (order ids, emails, numbers, zip codes)
are never touched. The outcome of a conversation (writes, end state, hand-off) must not change
under any of them.

Used by the invariance suite (``test_invariance.py``) on the development scenarios and by
``bench/reactive_customers.py`` on the scripted customers of ``../shared/eval``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

# a token that carries a fact: an email, an order id, anything with a digit
_FACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|#?\w*\d[\w.,/-]*")
_SENTENCE_PUNCT = re.compile(r"[.,!?;:()\"“”…]+")

# common misspellings of words that carry no request or fact
_TYPOS = {
    "please": "pls",
    "thanks": "thx",
    "would": "woud",
    "could": "coud",
    "because": "becuase",
    "really": "realy",
    "actually": "actualy",
    "probably": "probly",
    "something": "somethign",
    "think": "thnk",
    "there": "ther",
    "which": "wich",
    "about": "abt",
    "just": "jsut",
    "with": "wiht",
    "that": "taht",
    "know": "kno",
    "okay": "ok",
}
_CONTRACT = {
    "i am": "i'm",
    "do not": "don't",
    "does not": "doesn't",
    "it is": "it's",
    "i would": "i'd",
    "i have": "i've",
    "that is": "that's",
    "cannot": "can't",
    "i will": "i'll",
}
_EXPAND = {v: k for k, v in _CONTRACT.items()}
_FILLERS = ("um, ", "so, ", "so basically ", "well, ", "hmm, ")
_PADDING = (" thanks", " thank you", " please", " if that's ok")


def _outside_facts(text: str, rewrite: Callable[[str], str]) -> str:
    """Apply ``rewrite`` to the stretches of text between fact tokens."""
    out, last = [], 0
    for match in _FACT.finditer(text):
        out.append(rewrite(text[last : match.start()]))
        out.append(match.group(0).rstrip(".,"))
        tail = match.group(0)[len(match.group(0).rstrip(".,")) :]
        out.append(rewrite(tail))
        last = match.end()
    out.append(rewrite(text[last:]))
    return "".join(out)


def lowercase(text: str, rng: random.Random) -> str:
    return _outside_facts(text, str.lower)


def no_punctuation(text: str, rng: random.Random) -> str:
    stripped = _outside_facts(text, lambda part: _SENTENCE_PUNCT.sub(" ", part))
    return re.sub(r"[ \t]+", " ", stripped).strip()


def lowercase_no_punctuation(text: str, rng: random.Random) -> str:
    return no_punctuation(lowercase(text, rng), rng)


def _swap_words(text: str, table: dict[str, str]) -> str:
    def one(part: str) -> str:
        for source, target in table.items():
            part = re.sub(
                rf"\b{re.escape(source)}\b",
                lambda m, t=target: t if m.group(0).islower() else t.capitalize(),
                part,
                flags=re.IGNORECASE,
            )
        return part

    return _outside_facts(text, one)


def typos(text: str, rng: random.Random) -> str:
    return _swap_words(text, _TYPOS)


def contractions(text: str, rng: random.Random) -> str:
    contracted = _swap_words(text, _CONTRACT)
    return contracted if contracted != text else _swap_words(text, _EXPAND)


def fillers(text: str, rng: random.Random) -> str:
    if not text or text.strip().lower() in {"yes", "no", "y", "n"}:
        return text
    return rng.choice(_FILLERS) + text[0].lower() + text[1:]


def padding(text: str, rng: random.Random) -> str:
    if not text:
        return text
    return text.rstrip() + rng.choice(_PADDING)


PERTURBATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "lowercase": lowercase,
    "no_punctuation": no_punctuation,
    "lowercase_no_punctuation": lowercase_no_punctuation,
    "typos": typos,
    "contractions": contractions,
    "fillers": fillers,
    "padding": padding,
}


def perturb(text: str, name: str, seed: int = 0) -> str:
    """``text`` rewritten by the perturbation ``name`` (deterministic for a seed)."""
    return PERTURBATIONS[name](text, random.Random(f"{seed}:{text}"))
