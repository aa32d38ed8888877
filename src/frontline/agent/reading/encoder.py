"""Run-time sentence encoder: an int8 ONNX MiniLM with its tokenizer, no torch.

An encoder directory (made by :func:`encoder_build.build_onnx_encoder`, and copied into every
trained model directory so that the model is self-contained) holds ``model.onnx``,
``tokenizer.json`` and ``encoder.json``. ``SentenceEncoder`` is the port the intent classifier
uses; ``OnnxEncoder`` is the real adapter, and tests may pass any object with ``encode``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

MAX_TOKENS = 64  # customer messages are short; longer ones are truncated (and split upstream)
ENCODER_FILES = ("model.onnx", "tokenizer.json", "encoder.json")

FloatMatrix = npt.NDArray[np.float32]


class SentenceEncoder(Protocol):
    """Maps texts to L2-normalised vectors of a fixed dimension."""

    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> FloatMatrix: ...


class OnnxEncoder:
    """MiniLM exported to ONNX (mean pooled and normalised inside the graph)."""

    def __init__(self, directory: Path, *, threads: int = 1) -> None:
        # lazy: heavy import, only when a model is loaded; onnxruntime ships no type information
        import onnxruntime as ort  # type: ignore[import-untyped]
        from tokenizers import Tokenizer

        self.directory = directory
        meta = json.loads((directory / "encoder.json").read_text())
        self.dim = int(meta["dim"])
        self.name = str(meta["name"])
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - not a secret
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(directory / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> FloatMatrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # sort by length so that a batch pads little
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out[idx] = self._encode_batch([texts[i] or " " for i in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> FloatMatrix:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (vectors,) = self._session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
        return np.asarray(vectors, dtype=np.float32)


def copy_encoder(source: Path, target: Path) -> None:
    """Copy an encoder directory's files into ``target`` (a model directory's ``encoder/``)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ENCODER_FILES:
        (target / name).write_bytes((source / name).read_bytes())
