"""``frontline nlu``: train, run and evaluate the understanding engine from the shell.

frontline nlu build-encoder [--out DIR]      once, with the build extras (torch)
frontline nlu train DATA --out MODEL_DIR     DATA: .csv (text,label) or .yaml
frontline nlu predict MODEL_DIR < in.jsonl   {"text": ...} per line -> JSON per line
frontline nlu eval MODEL_DIR DATA            accuracy, macro-F1, OOS precision/recall
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from frontline.agent.reading.entities import DEFAULT_ORDER_ID_PATTERN, EntityConfig
from frontline.agent.reading.examples import ExamplesError, load_examples

# The model-side modules (scikit-learn, onnxruntime) load inside the commands that use them,
# so every other `frontline` command starts without them.
if TYPE_CHECKING:
    from frontline.agent.reading.intents import IntentClassifier

app = typer.Typer(
    help="Train, run and evaluate the intent and entity models.", no_args_is_help=True
)
err = Console(stderr=True)


def _encoder_dir(given: Path | None) -> Path:
    """The directory given, else the configured one (``FRONTLINE_ENCODER_DIR``)."""
    from frontline.config import Settings

    return given or Settings().encoder_dir


@app.command("build-encoder")
def build_encoder(
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the ONNX encoder (default: FRONTLINE_ENCODER_DIR)."),
    ] = None,
    layers: Annotated[int, typer.Option(min=1, max=6)] = 6,
) -> None:
    """Convert the packaged all-MiniLM-L6-v2 to int8 ONNX (needs torch; run once)."""
    from frontline.agent.reading.encoder_build import build_onnx_encoder

    out = _encoder_dir(out)
    build_onnx_encoder(out, layers=layers)
    err.print(f"encoder written to {out}")


@app.command()
def train(
    data: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CSV or YAML examples.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Model directory to write.")],
    encoder: Annotated[
        Path | None, typer.Option(help="Encoder directory (default: FRONTLINE_ENCODER_DIR).")
    ] = None,
    lexical_only: Annotated[bool, typer.Option(help="TF-IDF only, no embeddings.")] = False,
    finetune_epochs: Annotated[int, typer.Option(help="Fine-tune the encoder first (torch).")] = 0,
) -> None:
    """Train an intent model from DATA and write a self-contained MODEL_DIR."""
    from frontline.agent.reading.intents import IntentConfig
    from frontline.agent.reading.training import train_model

    examples = _examples(data)
    encoder_dir = None if lexical_only or finetune_epochs else _encoder_dir(encoder)
    if encoder_dir is not None and not (encoder_dir / "model.onnx").exists():
        err.print(f"[red]no encoder in {encoder_dir}[/]: run `frontline nlu build-encoder` first")
        raise typer.Exit(2)
    with _progress_bars() as bars:
        report = train_model(
            examples,
            out,
            encoder_dir=encoder_dir,
            config=IntentConfig(),
            finetune_epochs=finetune_epochs,
            progress=bars,
        )
    err.print(
        f"trained {report.intents} intents on {report.examples} examples in {report.seconds}s "
        f"(oos threshold {report.threshold}) -> {out}"
    )


@app.command()
def predict(
    model_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    catalog: Annotated[
        Path | None, typer.Option(help="Back office db.json (products) for catalog entities.")
    ] = None,
    top_k: Annotated[int, typer.Option(min=1)] = 5,
    threshold: Annotated[float | None, typer.Option(help="Override the OOS threshold.")] = None,
    order_id_pattern: Annotated[str, typer.Option()] = DEFAULT_ORDER_ID_PATTERN,
) -> None:
    """Read JSON lines {"text": ...} on stdin, write one JSON result per line on stdout."""
    from frontline.agent.reading.catalog import Catalog
    from frontline.agent.reading.language import LanguageIdentifier
    from frontline.agent.reading.understander import Understander, UnderstanderConfig

    products = Catalog.from_db(json.loads(catalog.read_text())) if catalog else None
    understander = Understander(
        _model(model_dir),
        catalog=products,
        languages=LanguageIdentifier(),
        config=UnderstanderConfig(top_k, threshold, EntityConfig(order_id_pattern)),
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        result = understander.understand(_text_of(line)).to_dict()
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command("eval")
def eval_command(
    model_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    data: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    threshold: Annotated[float | None, typer.Option(help="Override the OOS threshold.")] = None,
) -> None:
    """Accuracy, macro-F1, OOS precision and recall, most confused pairs (JSON on stdout)."""
    from frontline.agent.reading.evaluation import evaluate

    report = evaluate(_model(model_dir), _examples(data), threshold=threshold)
    payload = {
        "examples": report.examples,
        "accuracy": round(report.accuracy, 4),
        "in_scope_accuracy": round(report.in_scope_accuracy, 4),
        "macro_f1": round(report.macro_f1, 4),
        "oos_precision": report.oos_precision,
        "oos_recall": report.oos_recall,
        "confused": [{"gold": g, "predicted": p, "count": n} for g, p, n in report.confused],
    }
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


def _text_of(line: str) -> Any:
    """The "text" of a JSON line; a line that is not JSON is taken as the text itself."""
    try:
        record = json.loads(line)
    except ValueError:
        return line.rstrip("\n")
    return record.get("text", "") if isinstance(record, dict) else record


def _examples(path: Path) -> list[Any]:
    try:
        examples = load_examples(path)
    except (ExamplesError, ValueError) as error:
        err.print(f"[red]cannot read {path}[/]: {error}")
        raise typer.Exit(2) from error
    if not examples:
        err.print(f"[red]{path} has no examples[/]")
        raise typer.Exit(2)
    return examples


def _model(model_dir: Path) -> IntentClassifier:
    from frontline.agent.reading.intents import IntentClassifier, IntentModelError

    try:
        return IntentClassifier.load(model_dir)
    except IntentModelError as error:
        err.print(f"[red]{error}[/]")
        raise typer.Exit(2) from error


class _progress_bars:  # noqa: N801 - used like a function in a with statement
    """Rich progress bars keyed by training stage (embed, calibrate, finetune, fit)."""

    def __enter__(self) -> _progress_bars:
        self._progress = Progress(
            TextColumn("{task.description:>10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
        )
        self._tasks: dict[str, Any] = {}
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)
