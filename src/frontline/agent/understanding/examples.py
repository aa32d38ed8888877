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
