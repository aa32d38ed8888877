"""Intent classifier: linear model over TF-IDF + sentence embeddings, calibrated, with OOS.

Training (``IntentClassifier.train``):

1. embed every example once (the encoder is the slow part);
2. calibrate on held-out predictions: three folds for small sets, one 10% hold-out for large
   ones; a softmax temperature is fitted on the held-out scores (minimum log-loss), then the
   out-of-scope threshold is set so that ``config.max_in_scope_rejection`` of the held-out
   in-scope examples fall below it;
3. refit on all examples.

A message is out of scope when its best intent is ``oos`` (trained from examples labelled
``oos``) or when its calibrated confidence is below the threshold.

A model directory holds ``model.json``, ``weights.npz``, ``features.json``, ``idf.npz`` and
``encoder/`` (the ONNX encoder, when the model uses one): it needs nothing else to load.
"""

from __future__ import annotations

import json
import random
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

# scikit-learn ships no type information
from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

from frontline.agent.reading.encoder import (
    FloatMatrix,
    OnnxEncoder,
    SentenceEncoder,
    copy_encoder,
)
from frontline.agent.reading.examples import Example
from frontline.agent.reading.features import FeatureSpace
from frontline.agent.reading.results import OOS, IntentScore

FORMAT_VERSION = 1
Progress = Callable[[str, int, int], None]  # (stage, done, total)
_EMBED_CHUNK = 256
MIN_HELD_OUT_FOR_WEIGHT = 50  # fewer held-out examples: keep the configured expert weights


class IntentModelError(ValueError):
    """Training data or a model directory is unusable."""


@dataclass(frozen=True, slots=True)
class IntentConfig:
    c_lexical: float = 30.0  # inverse regularisation of the tf-idf logistic regression
    c_embedding: float = 10.0  # inverse regularisation of the embedding logistic regression
    lexical_weight: float = 0.4  # share of the tf-idf model in the summed logits
    max_in_scope_rejection: float = 0.02  # share of held-out in-scope examples below threshold
    holdout: float = 0.1  # hold-out share for calibration on large sets
    small_set: int = 3000  # below this many examples calibrate with 3 folds instead
    seed: int = 13
    max_iter: int = 1000


@dataclass(frozen=True, slots=True)
class Prediction:
    intent: str  # best label, or "oos" when out of scope
    confidence: float  # calibrated probability of the best in-scope label
    oos: bool
    ranking: tuple[IntentScore, ...]  # all labels, best first


class IntentClassifier:
    def __init__(
        self,
        features: FeatureSpace,
        labels: list[str],
        coef: npt.NDArray[np.float32],
        intercept: npt.NDArray[np.float32],
        *,
        temperature: float,
        threshold: float,
        config: IntentConfig,
    ) -> None:
        self.features = features
        self.labels = labels
        self._coef_t = np.ascontiguousarray(coef.T, dtype=np.float32)
        self._intercept = intercept.astype(np.float32)
        self.temperature = temperature
        self.threshold = threshold
        self.config = config

    # -- training ---------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        examples: Sequence[Example],
        encoder: SentenceEncoder | None,
        config: IntentConfig | None = None,
        progress: Progress | None = None,
    ) -> IntentClassifier:
        config = config or IntentConfig()
        texts = [e.text for e in examples]
        labels = [e.label for e in examples]
        if len(set(labels)) < 2:
            raise IntentModelError("need examples of at least two intents (or intents and oos)")
        vectors = _embed(encoder, texts, progress)
        lexical, dense, held_labels = _held_out_scores(
            texts, labels, vectors, encoder, config, progress
        )
        classes = sorted(set(labels))
        held_index = np.array([classes.index(y) for y in held_labels])
        config = replace(config, lexical_weight=_pick_weight(lexical, dense, held_index, config))
        held_scores = _mix(lexical, dense, config.lexical_weight)
        temperature = fit_temperature(held_scores, held_index)
        probs = softmax(held_scores / temperature)
        threshold = _pick_threshold(probs, held_index, classes, config.max_in_scope_rejection)
        features, coef, intercept = _fit(texts, labels, vectors, encoder, config)
        if progress:
            progress("fit", 1, 1)
        return cls(
            features,
            classes,
            coef,
            intercept,
            temperature=temperature,
            threshold=threshold,
            config=config,
        )

    # -- prediction -------------------------------------------------------------------------

    def scores(self, texts: Sequence[str]) -> FloatMatrix:
        """Calibrated probabilities, one row per text, columns in ``self.labels`` order."""
        logits = self.features.logits(texts, self._coef_t) + self._intercept
        return softmax(logits / self.temperature)

    def predict(self, texts: Sequence[str], *, threshold: float | None = None) -> list[Prediction]:
        limit = self.threshold if threshold is None else threshold
        return [self._decide(row, limit) for row in self.scores(texts)] if texts else []

    def _decide(self, row: FloatMatrix, threshold: float) -> Prediction:
        order = np.argsort(-row)
        ranking = tuple(IntentScore(self.labels[i], round(float(row[i]), 4)) for i in order)
        best = ranking[0]
        in_scope = [s for s in ranking if s.intent != OOS]
        confidence = in_scope[0].score if in_scope else 0.0
        if best.intent == OOS or best.score < threshold:
            return Prediction(OOS, confidence, oos=True, ranking=ranking)
        return Prediction(best.intent, best.score, oos=False, ranking=ranking)

    # -- persistence ------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT_VERSION,
            "labels": self.labels,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "config": asdict(self.config),
            "encoder": self.features.encoder is not None,
        }
        (directory / "model.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
        np.savez_compressed(
            directory / "weights.npz", coef=self._coef_t.T, intercept=self._intercept
        )
        self.features.save(directory)
        encoder = self.features.encoder
        if isinstance(encoder, OnnxEncoder) and encoder.directory != directory / "encoder":
            copy_encoder(encoder.directory, directory / "encoder")

    @classmethod
    def load(cls, directory: Path, *, threads: int = 1) -> IntentClassifier:
        try:
            meta = json.loads((directory / "model.json").read_text())
        except (OSError, ValueError) as error:
            raise IntentModelError(f"{directory} is not an intent model: {error}") from error
        if meta.get("format") != FORMAT_VERSION:
            raise IntentModelError(f"unsupported model format {meta.get('format')!r}")
        encoder = OnnxEncoder(directory / "encoder", threads=threads) if meta["encoder"] else None
        weights = np.load(directory / "weights.npz")
        return cls(
            FeatureSpace.load(directory, encoder),
            list(meta["labels"]),
            weights["coef"],
            weights["intercept"],
            temperature=float(meta["temperature"]),
            threshold=float(meta["threshold"]),
            config=_config_from(meta.get("config", {})),
        )


# -- helpers ----------------------------------------------------------------------------------


def _config_from(saved: dict[str, object]) -> IntentConfig:
    """The training config of a saved model; settings this version does not know are dropped."""
    known = {f.name for f in fields(IntentConfig)}
    return IntentConfig(**{k: v for k, v in saved.items() if k in known})  # type: ignore[arg-type]  # JSON values


def softmax(logits: FloatMatrix) -> FloatMatrix:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)


def fit_temperature(scores: FloatMatrix, target: npt.NDArray[np.int_]) -> float:
    """Temperature minimising the held-out negative log-likelihood (grid search)."""
    if len(target) == 0:
        return 1.0
    grid = np.exp(np.linspace(np.log(0.01), np.log(10.0), 80))
    rows = np.arange(len(target))
    losses = [-np.log(softmax(scores / t)[rows, target] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(losses))])


def _pick_threshold(
    probs: FloatMatrix, target: npt.NDArray[np.int_], classes: list[str], rejection: float
) -> float:
    """Confidence below which a message is out of scope (see the module docstring)."""
    in_scope = np.array([classes[t] != OOS for t in target], dtype=bool)
    if not in_scope.any() or rejection <= 0:
        return 0.0
    best = probs[in_scope].max(axis=1)
    return float(np.quantile(best, rejection))


def _embed(
    encoder: SentenceEncoder | None, texts: list[str], progress: Progress | None
) -> FloatMatrix | None:
    if encoder is None:
        return None
    space = FeatureSpace(encoder)
    chunks = []
    for start in range(0, len(texts), _EMBED_CHUNK):
        chunk = space.embed(texts[start : start + _EMBED_CHUNK])
        if chunk is not None:
            chunks.append(chunk)
        if progress:
            progress("embed", min(start + _EMBED_CHUNK, len(texts)), len(texts))
    return np.vstack(chunks) if chunks else np.zeros((0, encoder.dim), dtype=np.float32)


Experts = tuple[
    FeatureSpace,
    tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]],  # tf-idf coef, intercept
    tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]] | None,  # embedding, if any
]


def _fit(
    texts: list[str],
    labels: list[str],
    vectors: FloatMatrix | None,
    encoder: SentenceEncoder | None,
    config: IntentConfig,
) -> tuple[FeatureSpace, npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Fit the features and the linear model; coef rows follow ``sorted(set(labels))``.

    Two logistic regressions, one on tf-idf and one on embeddings, each with its own
    regularisation; their weighted logits add up (a product of experts), which is again a
    linear model over ``[word | char | embedding]``. On Banking77 this beats one model over
    the joined features by half a point.
    """
    features, (coef, intercept), dense = _fit_experts(texts, labels, vectors, encoder, config)
    if dense is None:
        return features, coef, intercept
    weight = config.lexical_weight
    coef = np.hstack([weight * coef, (1 - weight) * dense[0]]).astype(np.float32)
    intercept = (weight * intercept + (1 - weight) * dense[1]).astype(np.float32)
    return features, coef, intercept


def _fit_experts(
    texts: list[str],
    labels: list[str],
    vectors: FloatMatrix | None,
    encoder: SentenceEncoder | None,
    config: IntentConfig,
) -> Experts:
    features = FeatureSpace(encoder)
    lexical = _logistic(features.fit_lexical(texts), labels, config.c_lexical, config)
    if encoder is None:
        return features, lexical, None
    if vectors is None:
        vectors = features.embed(texts)
    return features, lexical, _logistic(vectors, labels, config.c_embedding, config)


def _mix(lexical: FloatMatrix, dense: FloatMatrix | None, weight: float) -> FloatMatrix:
    return lexical if dense is None else weight * lexical + (1 - weight) * dense


def _pick_weight(
    lexical: FloatMatrix,
    dense: FloatMatrix | None,
    target: npt.NDArray[np.int_],
    config: IntentConfig,
) -> float:
    """The tf-idf share that classifies the held-out examples best (ties: the default)."""
    if dense is None or len(target) < MIN_HELD_OUT_FOR_WEIGHT:
        return config.lexical_weight

    def accuracy(weight: float) -> float:
        return float((_mix(lexical, dense, weight).argmax(axis=1) == target).mean())

    grid = [0.2, 0.3, 0.4, 0.5, 0.6]
    return max(grid, key=lambda w: (accuracy(w), -abs(w - config.lexical_weight)))


def _logistic(
    x: object, labels: list[str], c: float, config: IntentConfig
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    model = LogisticRegression(C=c, max_iter=config.max_iter, random_state=config.seed)
    with warnings.catch_warnings():
        # a fit stopped at max_iter is still a good classifier; the warning would only alarm
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, labels)
    coef = np.asarray(model.coef_, dtype=np.float32)
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    if len(model.classes_) == 2:  # binary: sklearn keeps one row; make one row per class
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
    return coef, intercept


def _held_out_scores(
    texts: list[str],
    labels: list[str],
    vectors: FloatMatrix | None,
    encoder: SentenceEncoder | None,
    config: IntentConfig,
    progress: Progress | None,
) -> tuple[FloatMatrix, FloatMatrix | None, list[str]]:
    """Logits of each expert (tf-idf, embedding) on examples the model did not see, columns
    in ``sorted(set(labels))`` order; a label missing from a fold's training part scores -1e4."""
    classes = sorted(set(labels))
    lexical_rows: list[FloatMatrix] = []
    dense_rows: list[FloatMatrix] = []
    held_labels: list[str] = []
    folds = _folds(labels, config)
    for done, held in enumerate(folds, start=1):
        keep = sorted(set(range(len(texts))) - set(held))
        if len({labels[i] for i in keep}) < 2 or not held:
            continue
        features, lexical, dense = _fit_experts(
            [texts[i] for i in keep],
            [labels[i] for i in keep],
            _subset(vectors, keep),
            encoder,
            config,
        )
        columns = [classes.index(c) for c in sorted({labels[i] for i in keep})]
        held_vectors = _subset(vectors, held)
        padding = np.zeros((encoder.dim if encoder else 0, len(columns)), dtype=np.float32)
        coef_t = np.vstack([lexical[0].T, padding])
        logits = features.logits([texts[i] for i in held], coef_t, held_vectors) + lexical[1]
        lexical_rows.append(_widen(logits, columns, len(classes)))
        if dense is not None and held_vectors is not None:
            dense_logits = held_vectors @ dense[0].T + dense[1]
            dense_rows.append(_widen(dense_logits, columns, len(classes)))
        held_labels.extend(labels[i] for i in held)
        if progress:
            progress("calibrate", done, len(folds))
    empty = np.zeros((0, len(classes)), dtype=np.float32)
    lexical_all = np.vstack(lexical_rows) if lexical_rows else empty
    return lexical_all, (np.vstack(dense_rows) if dense_rows else None), held_labels


def _widen(logits: FloatMatrix, columns: list[int], width: int) -> FloatMatrix:
    full = np.full((len(logits), width), -1e4, dtype=np.float32)
    full[:, columns] = logits
    return full


def _subset(vectors: FloatMatrix | None, index: list[int]) -> FloatMatrix | None:
    return None if vectors is None else vectors[index]


def _folds(labels: list[str], config: IntentConfig) -> list[list[int]]:
    """Held-out index lists, stratified; a label's only example is never held out."""
    rng = random.Random(config.seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    n_folds = 3 if len(labels) < config.small_set else 1
    folds: list[list[int]] = [[] for _ in range(n_folds)]
    for members in by_label.values():
        if len(members) < 2:
            continue
        rng.shuffle(members)
        if n_folds == 1:
            folds[0].extend(members[: max(1, round(config.holdout * len(members)))])
            continue
        for j, index in enumerate(
            members[: len(members) - 1] if len(members) <= n_folds else members
        ):
            folds[j % n_folds].append(index)
    return [sorted(f) for f in folds]
