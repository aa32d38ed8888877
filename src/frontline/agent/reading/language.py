"""Language identification, restricted to the languages the deployment supports.

lingua with every language costs about 1.1 GB of memory; restricted to seven languages its
high-accuracy mode costs about 240 MB and its low-accuracy mode about 30 MB. We use the
low-accuracy mode plus a function-word vote, which fixes its errors on short messages
("where is my order" is English, not German). ``accurate=True`` picks the larger models.
Empty, binary or unreadable text gives ``und``; several writing systems set ``mixed_script``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from frontline.agent.reading.results import LanguageGuess

DEFAULT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS = {
    "en": _word_set(
        "the my is are was i you it to and of for a an not where what when why how can do "
        "does did this that with have has please order refund your me be on in"
    ),
    "es": _word_set(
        "el la los las mi es son no y de para un una por qué que dónde cuándo cómo puedo "
        "quiero mi pedido gracias por favor con su está hola"
    ),
    "fr": _word_set(
        "le la les mon ma mes est sont et de pour un une pas où quand comment je vous "
        "commande merci bonjour avec votre suis ne"
    ),
    "de": _word_set(
        "der die das mein meine ist sind und von für ein eine nicht wo wann wie ich sie "
        "bestellung danke bitte mit ihr hallo kann"
    ),
    "it": _word_set(
        "il lo la gli le mio mia è sono e di per un una non dove quando come io posso "
        "ordine grazie ciao con voglio"
    ),
    "pt": _word_set(
        "o a os as meu minha é são e de para um uma não onde quando como eu posso pedido "
        "obrigado obrigada olá com quero encomenda"
    ),
    "nl": _word_set(
        "de het een mijn is zijn en van voor niet waar wanneer hoe ik u bestelling dank "
        "bedankt alstublieft met hallo kan"
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 2


def scripts_of(text: str) -> set[str]:
    """Writing systems used by the letters of ``text`` (LATIN, CYRILLIC, CJK, ...)."""
    found = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "UNKNOWN")
            found.add(name.split(" ")[0])
    return found


class LanguageIdentifier:
    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES, *, accurate: bool = False):
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        self.languages = tuple(languages)
        chosen = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages]
        builder = LanguageDetectorBuilder.from_languages(*chosen)
        if not accurate:
            builder = builder.with_low_accuracy_mode()
        self._detector: Any = builder.build()

    def identify(self, text: str) -> LanguageGuess:
        sample = text[:1000]
        scripts = scripts_of(sample)
        mixed = len(scripts) > 1
        letters = sum(ch.isalpha() for ch in sample)
        if letters < MIN_LETTERS:
            return LanguageGuess("und", 0.0, mixed_script=mixed)
        votes = self._function_word_votes(sample)
        values = self._detector.compute_language_confidence_values(sample)
        lingua = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
        combined = {
            code: 0.5 * lingua.get(code, 0.0) + 0.5 * votes.get(code, 0.0)
            for code in self.languages
        }
        code = max(combined, key=lambda c: combined[c])
        if combined[code] < 0.2:
            return LanguageGuess("und", round(combined[code], 4), mixed_script=mixed)
        return LanguageGuess(code, round(combined[code], 4), mixed_script=mixed)

    def _function_word_votes(self, text: str) -> dict[str, float]:
        words = [w.lower() for w in _WORD.findall(text)]
        counts = {c: sum(w in _FUNCTION_WORDS.get(c, ()) for w in words) for c in self.languages}
        total = sum(counts.values())
        return {c: n / total for c, n in counts.items()} if total else {}
