"""Invariance of the development scenarios: the share whose outcome each perturbation keeps.

The same measurement as ``tests/conversations/test_invariance.py`` (which asserts at least
95 % per perturbation), printed as a table with the scenarios that change.

    .venv/bin/python bench/invariance.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "conversations"))

from perturb import PERTURBATIONS, perturb  # noqa: E402
from test_invariance import SCENARIOS, _play  # noqa: E402

from frontline.agent.reading.brain import load_understander  # noqa: E402
from frontline.agent.retail.pack import RETAIL  # noqa: E402
from frontline.backoffice.retail.generator import generate_store  # noqa: E402
from frontline.backoffice.retail.loader import load_store_file  # noqa: E402
from frontline.backoffice.retail.records import check_store_data  # noqa: E402
from frontline.config import Settings  # noqa: E402
from frontline.storage.database import make_engine, upgrade_database  # noqa: E402

DATASETS = ROOT.parent / "shared" / "datasets"


def main() -> None:
    understander = load_understander(
        None,
        Settings().encoder_dir,
        examples=RETAIL.intent_examples,
        contexts=RETAIL.intent_contexts,
    )
    stores = {
        "tau2": load_store_file(DATASETS / "tau2_bench" / "retail" / "db.json"),
        "demo": check_store_data(generate_store()),
    }
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade_database(engine)
        written = {
            s.id: _play(s, lambda t: t, understander, stores[s.store], engine) for s in SCENARIOS
        }
        total = kept = 0
        print(f"| perturbation | invariant ({len(SCENARIOS)} scenarios) | changed |")
        print("|---|---:|---|")
        for name in sorted(PERTURBATIONS):
            changed = [
                s.id
                for s in SCENARIOS
                if _play(s, lambda t, n=name: perturb(t, n), understander, stores[s.store], engine)
                != written[s.id]
            ]
            total += len(SCENARIOS)
            kept += len(SCENARIOS) - len(changed)
            share = 1 - len(changed) / len(SCENARIOS)
            print(f"| {name} | {share:.1%} | {', '.join(changed) or '—'} |", flush=True)
        print(f"| all | {kept / total:.1%} ({kept} of {total}) | |")


if __name__ == "__main__":
    main()
