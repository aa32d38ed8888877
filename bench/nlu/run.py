"""Benchmarks of the understanding engine; prints one markdown table.

    .venv/bin/python bench/nlu/run.py                  # everything (about 10 minutes)
    .venv/bin/python bench/nlu/run.py --only banking77 --finetune-epochs 1

Datasets come from ../shared/datasets (see its README). Models train on train splits only;
scores are on test splits. Runs single-threaded (the machine is shared), except that latency
is measured the same way, one message at a time, as the service would see it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # imported after the thread setting

from frontline.agent.reading import (
    OOS,
    Example,
    IntentClassifier,
    LanguageIdentifier,
    Understander,
    analyse_sentiment,
    evaluate,
    train_model,
)
from frontline.agent.reading.sentiment import vader_compound

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT.parent / "shared" / "datasets"
DATA = ROOT / "src" / "frontline" / "agent" / "reading" / "data"
DEFAULT_ENCODER = Path.home() / ".cache" / "frontline" / "encoders" / "minilm-l6-int8"
BITEXT_SEED = 13  # fixed stratified 80/20 split
FEW_SHOT_SEEDS = (1, 2, 3)

Row = tuple[str, str, str]  # (benchmark, result, notes)


def banking77(split: str) -> list[Example]:
    rows = csv.DictReader(io.StringIO((DATASETS / "banking77" / f"{split}.csv").read_text()))
    return [Example(r["text"], r["category"]) for r in rows]


def clinc(split: str) -> list[Example]:
    data = json.loads((DATASETS / "clinc150" / "data_full.json").read_text())
    return [Example(text, label) for text, label in data[split]]


def bitext() -> tuple[list[Example], list[Example]]:
    path = (
        DATASETS / "bitext_customer_support" / "Bitext_Sample_Customer_Support_Training_Dataset.csv"
    )
    rows = csv.DictReader(io.StringIO(path.read_text()))
    by_label: dict[str, list[Example]] = {}
    for r in rows:
        by_label.setdefault(r["intent"], []).append(Example(r["instruction"], r["intent"]))
    rng = random.Random(BITEXT_SEED)
    train, test = [], []
    for label in sorted(by_label):
        items = by_label[label]
        rng.shuffle(items)
        cut = round(len(items) * 0.8)
        train += items[:cut]
        test += items[cut:]
    return train, test


def few_shot(examples: list[Example], per_label: int, seed: int) -> list[Example]:
    rng = random.Random(seed)
    by_label: dict[str, list[Example]] = {}
    for e in examples:
        by_label.setdefault(e.label, []).append(e)
    return [e for label in sorted(by_label) for e in rng.sample(by_label[label], per_label)]


def train(examples: list[Example], out: Path, encoder: Path | None, epochs: int = 0) -> float:
    started = time.perf_counter()
    train_model(examples, out, encoder_dir=encoder, finetune_epochs=epochs)
    return time.perf_counter() - started


def latency(call: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    for text in texts[:20]:
        call(text)  # warm up
    times = []
    for text in texts:
        started = time.perf_counter()
        call(text)
        times.append(time.perf_counter() - started)
    return float(np.percentile(times, 50) * 1000), float(np.percentile(times, 99) * 1000)


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def resident_mb(model: Path) -> float:
    """Peak RSS (VmHWM) of a fresh process that loads the model (with language id) and
    predicts. Not ru_maxrss: on Linux that keeps the forking parent's high-water mark."""
    code = (
        "from pathlib import Path\n"
        "from frontline.agent.reading import Understander\n"
        f"u = Understander.load(Path({str(model)!r}))\n"
        "u.understand('where is my card? I ordered it two weeks ago')\n"
        "status = Path('/proc/self/status').read_text().splitlines()\n"
        "print(next(int(x.split()[1]) for x in status if x.startswith('VmHWM')) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def bench_banking77(encoder: Path | None, work: Path, epochs: int) -> list[Row]:
    train_set, test_set = banking77("train"), banking77("test")
    model_dir = work / "banking77"
    seconds = train(train_set, model_dir, encoder, epochs)
    model = IntentClassifier.load(model_dir)
    report = evaluate(model, test_set, threshold=0.0)
    texts = [e.text for e in test_set[:500]]
    p50, p99 = latency(lambda t: model.predict([t]), texts)
    full = Understander(model, languages=LanguageIdentifier())
    f50, f99 = latency(full.understand, texts)
    tuned = f", encoder fine-tuned {epochs} epoch(s)" if epochs else ""
    return [
        (
            "Banking77 full, accuracy",
            f"{report.accuracy:.2%}",
            f"macro-F1 {report.macro_f1:.2%}{tuned}",
        ),
        ("Banking77 train time", f"{seconds:.0f} s", "10,003 examples, 1 thread"),
        (
            "Predict latency, intent only",
            f"p50 {p50:.2f} ms / p99 {p99:.2f} ms",
            "one message per call",
        ),
        (
            "Predict latency, full understand()",
            f"p50 {f50:.2f} ms / p99 {f99:.2f} ms",
            "+entities, acts, sentiment, language",
        ),
        ("Model size on disk", f"{dir_size_mb(model_dir):.1f} MB", "incl. 23 MB int8 encoder"),
        (
            "Resident memory",
            f"{resident_mb(model_dir):.0f} MB",
            "fresh process, model + language id",
        ),
    ]


def bench_banking77_few_shot(encoder: Path | None, work: Path) -> list[Row]:
    full, test_set = banking77("train"), banking77("test")
    scores = []
    for seed in FEW_SHOT_SEEDS:
        out = work / f"b77-10shot-{seed}"
        train(few_shot(full, 10, seed), out, encoder)
        scores.append(evaluate(IntentClassifier.load(out), test_set, threshold=0.0).accuracy)
    detail = ", ".join(f"{s:.2%}" for s in scores)
    return [("Banking77 10-shot, accuracy (3 seeds)", f"{np.mean(scores):.2%}", detail)]


def bench_clinc(encoder: Path | None, work: Path) -> list[Row]:
    out = work / "clinc150"
    train(clinc("train") + clinc("oos_train"), out, encoder)
    model = IntentClassifier.load(out)
    threshold = pick_clinc_threshold(model, clinc("val") + clinc("oos_val"))
    test_set = clinc("test") + clinc("oos_test")
    report = evaluate(model, test_set, threshold=threshold)
    plain = evaluate(model, clinc("test"), threshold=0.0)
    sweep = []
    for point in (0.2, 0.4, 0.6, 0.8):
        r = evaluate(model, test_set, threshold=point)
        sweep.append(f"t={point}: {r.in_scope_accuracy:.1%}/{r.oos_recall or 0:.1%}")
    return [
        (
            "CLINC150 in-scope accuracy",
            f"{report.in_scope_accuracy:.2%}",
            f"threshold {threshold:.3f} chosen on val; {plain.accuracy:.2%} with no threshold",
        ),
        (
            "CLINC150 OOS recall / precision",
            f"{report.oos_recall or 0:.2%} / {report.oos_precision or 0:.2%}",
            "oos_train used as a class; 1,000 oos_test",
        ),
        ("CLINC150 test sweep (in-scope acc / OOS recall)", "; ".join(sweep), "for reference only"),
    ]


def pick_clinc_threshold(model: IntentClassifier, val: list[Example]) -> float:
    """Highest OOS recall on val at an in-scope val accuracy at most 1 point below the
    accuracy with no threshold."""
    scores = model.scores([e.text for e in val])
    best_label = np.array(model.labels)[scores.argmax(axis=1)]
    oos_column = model.labels.index(OOS)
    in_scope_best = np.where(np.arange(len(model.labels)) == oos_column, -1, scores).max(axis=1)
    gold = np.array([e.label for e in val])
    in_scope = gold != OOS
    floor = (best_label[in_scope] == gold[in_scope]).mean() - 0.01
    chosen = 0.0
    for threshold in np.linspace(0.0, 0.95, 96):
        predicted = np.where((best_label == OOS) | (in_scope_best < threshold), OOS, best_label)
        if (predicted[in_scope] == gold[in_scope]).mean() >= floor:
            chosen = float(threshold)
    return chosen


def bench_bitext(encoder: Path | None, work: Path) -> list[Row]:
    train_set, test_set = bitext()
    out = work / "bitext"
    train(train_set, out, encoder)
    report = evaluate(IntentClassifier.load(out), test_set, threshold=0.0)
    return [("Bitext accuracy", f"{report.accuracy:.2%}", f"stratified 80/20, seed {BITEXT_SEED}")]


def bench_sentiment() -> list[Row]:
    rows: list[Row] = []
    for name in ("sentiment_eval.csv", "sentiment_holdout.csv"):
        data = list(csv.DictReader(io.StringIO((DATA / name).read_text())))
        results = [(analyse_sentiment(r["text"]), r) for r in data]
        frus = np.mean([s.frustrated == (r["frustrated"] == "1") for s, r in results])
        urg = np.mean([s.urgent == (r["urgent"] == "1") for s, r in results])
        vader = np.mean(
            [(vader_compound(r["text"]) <= -0.05) == (r["frustrated"] == "1") for r in data]
        )
        rows.append(
            (
                f"Frustration / urgency accuracy, {name}",
                f"{frus:.1%} / {urg:.1%}",
                f"{len(data)} messages; VADER-negative as frustration: {vader:.1%}",
            )
        )
    return rows


def ensure_encoder(path: Path) -> Path:
    if not (path / "model.onnx").exists():
        from frontline.agent.reading.encoder_build import build_onnx_encoder

        build_onnx_encoder(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--encoder", type=Path, default=DEFAULT_ENCODER)
    parser.add_argument("--lexical-only", action="store_true")
    parser.add_argument("--finetune-epochs", type=int, default=0, help="Banking77 full only")
    parser.add_argument(
        "--only", nargs="*", default=["banking77", "fewshot", "clinc", "bitext", "sentiment"]
    )
    args = parser.parse_args()
    encoder = None if args.lexical_only else ensure_encoder(args.encoder)
    benches: dict[str, Callable[[Path], list[Row]]] = {
        "banking77": lambda w: bench_banking77(encoder, w, args.finetune_epochs),
        "fewshot": lambda w: bench_banking77_few_shot(encoder, w),
        "clinc": lambda w: bench_clinc(encoder, w),
        "bitext": lambda w: bench_bitext(encoder, w),
        "sentiment": lambda _: bench_sentiment(),
    }
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as work:
        for name in args.only:
            rows += benches[name](Path(work))
            print(f"done: {name}", file=sys.stderr, flush=True)
    print("| benchmark | result | notes |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nbench process peak RSS {peak:.0f} MB; encoder: {encoder or 'none (lexical only)'}")


if __name__ == "__main__":
    main()
