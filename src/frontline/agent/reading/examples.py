"""Training examples: load them from CSV (``text,label``) or YAML (``intent: [examples]``).

CSV files need a header row with ``text`` and ``label`` columns (``intent`` or ``category`` are
accepted for the label); other columns are ignored. YAML files map each intent to a list of
example texts. The label ``oos`` marks out-of-scope examples.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from frontline.agent.reading.results import OOS

LABEL_COLUMNS = ("label", "intent", "category")


class ExamplesError(ValueError):
    """The training file cannot be read as examples."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str


def load_examples(path: Path) -> list[Example]:
    """Read examples from a ``.csv``, ``.yaml`` or ``.yml`` file; blank texts are skipped."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in {".yaml", ".yml"}:
        return parse_yaml_examples(raw)
    return parse_csv_examples(raw)


def with_contexts(
    examples: list[Example], contexts: Path, *, skip: frozenset[str] = frozenset({OOS})
) -> list[Example]:
    """``examples`` and, for each one not labelled in ``skip``, the same request said with an
    opener before it and a closer after it (``contexts``: YAML with ``openers`` and
    ``closers``, taken in turn), so that such words weigh on no intent; the openers and
    closers alone are out of scope."""
    data = yaml.safe_load(contexts.read_text(encoding="utf-8")) or {}
    openers = [str(o) for o in data.get("openers") or ()]
    closers = [str(c) for c in data.get("closers") or ()]
    if not openers or not closers:
        raise ExamplesError(f"{contexts}: needs lists of 'openers' and 'closers'")
    wider = [e for e in examples if e.label not in skip]
    extra = [
        Example(f"{openers[i % len(openers)]} {e.text} {closers[i % len(closers)]}", e.label)
        for i, e in enumerate(wider)
    ]
    alone = [*openers, *closers, *(f"{o} {c}" for o, c in zip(openers, closers, strict=False))]
    return [*examples, *extra, *(Example(text, OOS) for text in alone)]


def parse_csv_examples(raw: str) -> list[Example]:
    reader = csv.DictReader(io.StringIO(raw))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    label_field = next((c for c in LABEL_COLUMNS if c in fields), None)
    if "text" not in fields or label_field is None:
        raise ExamplesError("CSV needs a header row with 'text' and 'label' columns")
    names = dict(zip(fields, reader.fieldnames or [], strict=True))
    examples: list[Example] = []
    for row in reader:
        text = (row.get(names["text"]) or "").strip()
        label = (row.get(names[label_field]) or "").strip()
        if text and label:
            examples.append(Example(text, label))
    return examples


def parse_yaml_examples(raw: str) -> list[Example]:
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):
        raise ExamplesError("YAML examples must map each intent to a list of texts")
    examples: list[Example] = []
    for label, texts in data.items():
        if not isinstance(texts, list):
            raise ExamplesError(f"intent {label!r}: expected a list of example texts")
        examples.extend(Example(str(t).strip(), str(label)) for t in texts if str(t).strip())
    return examples
