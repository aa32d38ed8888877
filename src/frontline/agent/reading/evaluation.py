"""Scores of an intent model on labelled examples: accuracy, macro-F1, OOS precision/recall,
the most confused pairs; and the threshold sweep used to pick an OOS threshold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.agent.reading.examples import Example
from frontline.agent.reading.intents import IntentClassifier
from frontline.agent.reading.results import OOS


@dataclass(frozen=True, slots=True)
class EvalReport:
    examples: int
    accuracy: float  # all examples, "oos" counted as a label
    in_scope_accuracy: float  # in-scope examples only (a rejection counts as an error)
    macro_f1: float  # over the gold labels, oos included when present
    oos_precision: float | None  # None when no message was predicted oos
    oos_recall: float | None  # None when there are no oos examples
    confused: tuple[tuple[str, str, int], ...]  # (gold, predicted, count), most first


def evaluate(
    model: IntentClassifier,
    examples: Sequence[Example],
    *,
    threshold: float | None = None,
    top_confused: int = 10,
) -> EvalReport:
    predicted = [p.intent for p in model.predict([e.text for e in examples], threshold=threshold)]
    return score_predictions([e.label for e in examples], predicted, top_confused=top_confused)


def score_predictions(
    gold: Sequence[str], predicted: Sequence[str], *, top_confused: int = 10
) -> EvalReport:
    pairs = list(zip(gold, predicted, strict=True))
    n = len(pairs)
    in_scope = [(g, p) for g, p in pairs if g != OOS]
    predicted_oos = [g for g, p in pairs if p == OOS]
    gold_oos = [p for g, p in pairs if g == OOS]
    confused = Counter((g, p) for g, p in pairs if g != p).most_common(top_confused)
    return EvalReport(
        examples=n,
        accuracy=_ratio(sum(g == p for g, p in pairs), n) or 0.0,
        in_scope_accuracy=_ratio(sum(g == p for g, p in in_scope), len(in_scope)) or 0.0,
        macro_f1=macro_f1(gold, predicted),
        oos_precision=_ratio(sum(g == OOS for g in predicted_oos), len(predicted_oos)),
        oos_recall=_ratio(sum(p == OOS for p in gold_oos), len(gold_oos)),
        confused=tuple((g, p, c) for (g, p), c in confused),
    )


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    total = 0.0
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(labels)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
