"""Choose the intent classifier's regularisation (``IntentConfig.c_lexical``, ``c_embedding``)
on a held-out part of the Banking77 train split; report the test split once, at the end.

    .venv/bin/python bench/nlu/choose_regularisation.py            # about 15 minutes, 1 thread
    .venv/bin/python bench/nlu/choose_regularisation.py --no-test  # the dev grid only

1. Split Banking77 train, stratified by intent with a fixed seed: 90% fit, 10% dev.
2. For every pair of the grid, train with the public ``IntentClassifier.train`` on fit (its own
   calibration hold-out and expert-weight choice included) and score accuracy on dev, with
   no out-of-scope threshold, as ``run.py`` scores Banking77.
3. Pick the pair with the best dev accuracy; ties go to the current defaults, then to the
   smaller C's (stronger regularisation).
4. Train the chosen pair, and the current one if different, on all of train; score test.

The test split is read only in step 4 and never influences the choice.

Encoding is the slow part, and the classifier takes an encoder, not vectors. ``MemoEncoder``
wraps the ONNX encoder and remembers each ``encode`` call's result, keyed by the exact tuple
of texts. Training and prediction make the same calls for every pair (same texts, same
chunks), so from the second pair on every call is a hit, and each pair sees exactly the
vectors an uncached run would compute (keying by single text would not: int8 activations are
quantised per batch, so a vector depends slightly on its batch).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# the machine is shared: one thread, for BLAS (scikit-learn) too; ONNX gets threads=1 below
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # imported after the thread settings

from frontline.agent.reading import Example, IntentClassifier, IntentConfig, evaluate
from frontline.agent.reading.encoder import FloatMatrix, OnnxEncoder, SentenceEncoder

ROOT = Path(__file__).resolve().parents[2]
BANKING77 = ROOT.parent / "shared" / "datasets" / "banking77"
DEFAULT_ENCODER = Path.home() / ".cache" / "frontline" / "encoders" / "minilm-l6-int8"
SPLIT_SEED = 13
DEV_SHARE = 0.1
C_LEXICAL_GRID = (10.0, 30.0, 100.0)
C_EMBEDDING_GRID = (3.0, 10.0, 30.0)

Pair = tuple[float, float]  # (c_lexical, c_embedding)


class MemoEncoder:
    """A ``SentenceEncoder`` that returns the remembered result of a call it has seen."""

    def __init__(self, inner: SentenceEncoder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.hits = 0
        self.misses = 0
        self._seen: dict[tuple[int, tuple[str, ...]], FloatMatrix] = {}

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> FloatMatrix:
        key = (batch_size, tuple(texts))
        if key in self._seen:
            self.hits += 1
        else:
            self.misses += 1
            self._seen[key] = self.inner.encode(texts, batch_size)
        return self._seen[key].copy()  # a copy: the caller may change it in place


@dataclass(frozen=True, slots=True)
class DevScore:
    pair: Pair
    accuracy: float
    correct: np.ndarray  # bool per dev example, for the paired comparison
    lexical_weight: float  # the tf-idf share the training picked on its own hold-out
    seconds: float


def banking77(split: str) -> list[Example]:
    rows = csv.DictReader(io.StringIO((BANKING77 / f"{split}.csv").read_text()))
    return [Example(r["text"], r["category"]) for r in rows]


def split_fit_dev(examples: list[Example], seed: int) -> tuple[list[Example], list[Example]]:
    """Stratified: ``DEV_SHARE`` of each intent (rounded) goes to dev."""
    rng = random.Random(seed)
    by_label: dict[str, list[Example]] = {}
    for e in examples:
        by_label.setdefault(e.label, []).append(e)
    fit, dev = [], []
    for label in sorted(by_label):
        items = by_label[label]
        rng.shuffle(items)
        cut = round(len(items) * DEV_SHARE)
        dev += items[:cut]
        fit += items[cut:]
    return fit, dev


def config_for(pair: Pair) -> IntentConfig:
    return IntentConfig(c_lexical=pair[0], c_embedding=pair[1])


def score_dev(
    pair: Pair, fit: list[Example], dev: list[Example], encoder: SentenceEncoder
) -> DevScore:
    started = time.perf_counter()
    model = IntentClassifier.train(fit, encoder, config_for(pair))
    predicted = [p.intent for p in model.predict([e.text for e in dev], threshold=0.0)]
    correct = np.array([p == e.label for p, e in zip(predicted, dev, strict=True)])
    return DevScore(
        pair,
        float(correct.mean()),
        correct,
        model.config.lexical_weight,
        time.perf_counter() - started,
    )


def choose(scores: list[DevScore], current: Pair) -> DevScore:
    """Best dev accuracy; ties: the current pair, then the smaller C's."""
    return max(scores, key=lambda s: (s.accuracy, s.pair == current, -s.pair[0], -s.pair[1]))


def mcnemar_p(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value from the two discordant counts."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(only_a, only_b) + 1)) / 2**n
    return min(1.0, 2 * tail)


def test_accuracy(
    pair: Pair, train: list[Example], test: list[Example], encoder: SentenceEncoder
) -> tuple[float, float, float]:
    """Accuracy and macro-F1 on test of a model trained on all of train; seconds taken."""
    started = time.perf_counter()
    model = IntentClassifier.train(train, encoder, config_for(pair))
    report = evaluate(model, test, threshold=0.0)
    return report.accuracy, report.macro_f1, time.perf_counter() - started


def fmt_c(value: float) -> str:
    return f"{value:g}"


def print_dev_table(scores: list[DevScore], chosen: DevScore, current: Pair) -> None:
    print("| c_lexical \\ c_embedding | " + " | ".join(map(fmt_c, C_EMBEDDING_GRID)) + " |")
    print("|---" * (len(C_EMBEDDING_GRID) + 1) + "|")
    by_pair = {s.pair: s for s in scores}
    for c_lex in C_LEXICAL_GRID:
        cells = []
        for c_emb in C_EMBEDDING_GRID:
            s = by_pair[(c_lex, c_emb)]
            mark = "**" if s is chosen else ""
            note = " (current)" if s.pair == current else ""
            cells.append(f"{mark}{s.accuracy:.2%}{mark}{note}")
        print(f"| {fmt_c(c_lex)} | " + " | ".join(cells) + " |")
    print("\nPer pair (dev correct, tf-idf share picked in training, seconds):")
    for s in scores:
        print(
            f"  c_lexical {fmt_c(s.pair[0]):>3}, c_embedding {fmt_c(s.pair[1]):>2}: "
            f"{int(s.correct.sum())}/{len(s.correct)}, weight {s.lexical_weight}, "
            f"{s.seconds:.0f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--encoder", type=Path, default=DEFAULT_ENCODER)
    parser.add_argument("--seed", type=int, default=SPLIT_SEED, help="fit/dev split seed")
    parser.add_argument("--no-test", action="store_true", help="stop after the dev grid")
    args = parser.parse_args()
    started = time.perf_counter()
    defaults = IntentConfig()
    current: Pair = (defaults.c_lexical, defaults.c_embedding)
    encoder = MemoEncoder(OnnxEncoder(args.encoder, threads=1))

    train = banking77("train")
    fit, dev = split_fit_dev(train, args.seed)
    print(f"Banking77 train {len(train)}: fit {len(fit)}, dev {len(dev)} (seed {args.seed})\n")
    scores = []
    for pair in [(a, b) for a in C_LEXICAL_GRID for b in C_EMBEDDING_GRID]:
        scores.append(score_dev(pair, fit, dev, encoder))
        s = scores[-1]
        print(f"dev {pair}: {s.accuracy:.2%} ({s.seconds:.0f} s)", file=sys.stderr, flush=True)
    chosen = choose(scores, current)
    print_dev_table(scores, chosen, current)
    by_pair = {s.pair: s for s in scores}
    base = by_pair[current]
    only_chosen = int((chosen.correct & ~base.correct).sum())
    only_current = int((base.correct & ~chosen.correct).sum())
    print(
        f"\nchosen: c_lexical {fmt_c(chosen.pair[0])}, c_embedding {fmt_c(chosen.pair[1])} "
        f"({'equals' if chosen.pair == current else 'differs from'} the current defaults "
        f"{fmt_c(current[0])}, {fmt_c(current[1])}); dev examples only the chosen gets right: "
        f"{only_chosen}, only the current: {only_current}, "
        f"exact McNemar p = {mcnemar_p(only_chosen, only_current):.2f}"
    )
    print(f"encoder calls: {encoder.misses} computed, {encoder.hits} remembered")
    grid_seconds = time.perf_counter() - started
    print(f"dev grid: {grid_seconds / 60:.1f} min")
    if args.no_test:
        return

    test = banking77("test")  # first read here, after the choice
    print("\n| pair (c_lexical, c_embedding) | Banking77 test accuracy | macro-F1 | seconds |")
    print("|---|---|---|---|")
    for pair in dict.fromkeys([chosen.pair, current]):
        accuracy, f1, seconds = test_accuracy(pair, train, test, encoder)
        role = "chosen" if pair == chosen.pair else "current"
        role = "chosen = current" if pair == current and pair == chosen.pair else role
        print(
            f"| {fmt_c(pair[0])}, {fmt_c(pair[1])} ({role}) | {accuracy:.2%} | {f1:.2%} "
            f"| {seconds:.0f} |",
            flush=True,
        )
    total = time.perf_counter() - started
    print(f"\ntotal: {total / 60:.1f} min (dev grid {grid_seconds / 60:.1f} min), 1 thread")


if __name__ == "__main__":
    main()
