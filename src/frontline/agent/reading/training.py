"""Train an intent model directory from an examples file (what ``frontline nlu train`` does).

The encoder comes from an encoder directory (``frontline nlu build-encoder``); with
``finetune_epochs`` > 0 it is first fine-tuned on the examples (needs the build extras).
Without an encoder the model is lexical only (TF-IDF), which is fast and still useful.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from frontline.agent.reading.encoder import OnnxEncoder, SentenceEncoder
from frontline.agent.reading.examples import Example
from frontline.agent.reading.intents import IntentClassifier, IntentConfig, Progress


@dataclass(frozen=True, slots=True)
class TrainReport:
    examples: int
    intents: int
    seconds: float
    threshold: float
    temperature: float
    encoder: str | None


def train_model(
    examples: list[Example],
    out_dir: Path,
    *,
    encoder_dir: Path | None,
    config: IntentConfig | None = None,
    finetune_epochs: int = 0,
    progress: Progress | None = None,
) -> TrainReport:
    """Train on ``examples`` and write a self-contained model directory to ``out_dir``."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        encoder = _encoder(examples, encoder_dir, finetune_epochs, Path(scratch), progress)
        model = IntentClassifier.train(examples, encoder, config, progress)
        model.save(out_dir)
    report = TrainReport(
        examples=len(examples),
        intents=len(model.labels),
        seconds=round(time.perf_counter() - started, 2),
        threshold=round(model.threshold, 4),
        temperature=round(model.temperature, 4),
        encoder=getattr(encoder, "name", None),
    )
    (out_dir / "training.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    return report


def _encoder(
    examples: list[Example],
    encoder_dir: Path | None,
    finetune_epochs: int,
    scratch: Path,
    progress: Progress | None,
) -> SentenceEncoder | None:
    if finetune_epochs > 0:
        from frontline.agent.reading.finetune import (  # lazy: needs torch
            FinetuneConfig,
            finetune_encoder,
        )

        def report(done: int, total: int) -> None:
            if progress:
                progress("finetune", done, total)

        tuned = finetune_encoder(
            [e.text for e in examples],
            [e.label for e in examples],
            scratch / "encoder",
            FinetuneConfig(epochs=finetune_epochs),
            report,
        )
        return OnnxEncoder(tuned)
    return OnnxEncoder(encoder_dir) if encoder_dir is not None else None
