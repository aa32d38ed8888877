"""The understanding engine: one call turns a customer message into an :class:`Understanding`.

It never raises on odd input: empty, huge, binary or mixed-script text gives a result (out of
scope, language ``und`` when nothing is readable). Huge messages are cut to ``MAX_TEXT`` for
the pattern extractors and to ``features.MAX_CHARS`` for the classifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontline.agent.reading.acts import detect_acts
from frontline.agent.reading.catalog import Catalog
from frontline.agent.reading.entities import EntityConfig, extract_entities
from frontline.agent.reading.features import clean_text
from frontline.agent.reading.intents import IntentClassifier
from frontline.agent.reading.language import LanguageIdentifier
from frontline.agent.reading.requests import find_requests
from frontline.agent.reading.results import (
    OOS,
    Entity,
    EntityKind,
    IntentScore,
    LanguageGuess,
    Understanding,
)
from frontline.agent.reading.sentiment import analyse_sentiment

MAX_TEXT = 10_000


@dataclass(frozen=True, slots=True)
class UnderstanderConfig:
    top_k: int = 5
    threshold: float | None = None  # None: the model's calibrated threshold
    entities: EntityConfig = field(default_factory=EntityConfig)


class Understander:
    def __init__(
        self,
        classifier: IntentClassifier | None,
        *,
        catalog: Catalog | None = None,
        languages: LanguageIdentifier | None = None,
        config: UnderstanderConfig | None = None,
    ) -> None:
        self.classifier = classifier
        self.catalog = catalog
        self.languages = languages
        self.config = config or UnderstanderConfig()

    @classmethod
    def load(cls, model_dir: Path, *, catalog: Catalog | None = None) -> Understander:
        """A model directory made by ``frontline nlu train``, with language identification."""
        return cls(
            IntentClassifier.load(model_dir), catalog=catalog, languages=LanguageIdentifier()
        )

    def understand(self, text: object) -> Understanding:
        message = _as_text(text)
        entities = self.entities(message)
        sentiment = analyse_sentiment(message)
        acts = detect_acts(message, frustrated=sentiment.frustrated)
        language = self.languages.identify(message) if self.languages else LanguageGuess("und", 0.0)
        intent, confidence, oos, ranking = self._intent(message)
        requests = find_requests(message, self._classify_clauses, self._has_order_id)
        return Understanding(
            text=message,
            intent=intent,
            confidence=confidence,
            oos=oos,
            intents=ranking,
            requests=tuple(requests),
            entities=tuple(entities),
            acts=acts,
            sentiment=sentiment,
            language=language,
        )

    def entities(self, text: str) -> list[Entity]:
        found = extract_entities(text, self.config.entities)
        if self.catalog is not None:
            taken = [(e.start, e.end) for e in found]
            found += [
                e
                for e in self.catalog.match(text)
                if not any(s < e.end and e.start < t for s, t in taken)
            ]
        return sorted(found, key=lambda e: (e.start, e.end))

    def _intent(self, text: str) -> tuple[str, float, bool, tuple[IntentScore, ...]]:
        if self.classifier is None or not clean_text(text):
            return OOS, 0.0, True, ()
        (prediction,) = self.classifier.predict([text], threshold=self.config.threshold)
        ranking = prediction.ranking[: self.config.top_k]
        return prediction.intent, prediction.confidence, prediction.oos, ranking

    def _classify_clauses(self, clauses: Sequence[str]) -> list[tuple[str, float, bool]]:
        if self.classifier is None:
            return [(OOS, 0.0, True) for _ in clauses]
        predictions = self.classifier.predict(list(clauses), threshold=self.config.threshold)
        return [(p.intent, p.confidence, p.oos) for p in predictions]

    def _has_order_id(self, text: str) -> bool:
        return any(
            e.kind is EntityKind.ORDER_ID for e in extract_entities(text, self.config.entities)
        )


def _as_text(value: object) -> str:
    """Whatever arrived, as bounded text: bytes are decoded leniently, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", errors="replace")
    text = value if isinstance(value, str) else str(value)
    text = text[:MAX_TEXT].replace("\x00", " ")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
