"""Scripted reactive customers played against a running Frontline, scored on the end state.

Starts ``frontline serve`` on a fresh SQLite database loaded with the τ²-retail store, creates
an admin token and runs ``../shared/eval/run_scenarios.py`` (the driver, never edited here) on
each folder of customers. With ``--perturb NAME`` every customer utterance is first rewritten
by a meaning-preserving perturbation (``tests/conversations/perturb.py``): the same customers
typing, say, in lowercase without punctuation.

    .venv/bin/python bench/reactive_customers.py [--set shared|fresh|second|third|fourth|fifth|sixth|seventh|eighth|PATH ...]
        [--perturb lowercase_no_punctuation] [--only tb177 ...] [--verbose]

Prints the driver's lines and, per set, ``scenarios N, success K (P%), policy-violating writes W``,
then how many of those W are a gold write with an item "changed" into the very same variant,
made without that item (the policy allows no such change; the agent says so and leaves it out).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "conversations"))

from perturb import PERTURBATIONS, perturb  # noqa: E402

SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
DB_JSON = DATASETS / "tau2_bench" / "retail" / "db.json"
SETS = {
    "shared": SHARED / "eval" / "scenarios",
    "fresh": ROOT / "bench" / "customers" / "fresh",
    "second": ROOT / "bench" / "customers" / "second",
    "third": ROOT / "bench" / "customers" / "third",
    "fourth": ROOT / "bench" / "customers" / "fourth",
    "fifth": ROOT / "bench" / "customers" / "fifth",
    "sixth": ROOT / "bench" / "customers" / "sixth",
    "seventh": ROOT / "bench" / "customers" / "seventh",
    "eighth": ROOT / "bench" / "customers" / "eighth",
}
FRONTLINE = str(ROOT / ".venv" / "bin" / "frontline")
HOST = "127.0.0.1"


def _perturbed(value: Any, name: str) -> Any:
    """Every utterance of a scenario (strings and ``say`` fields) rewritten; the rest kept."""
    if isinstance(value, str):
        return perturb(value, name)
    if isinstance(value, list):
        return [_perturbed(v, name) for v in value]
    if isinstance(value, dict):
        return {k: (_perturbed(v, name) if k != "next" else v) for k, v in value.items()}
    return value


def perturb_folder(source: Path, target: Path, name: str) -> None:
    """Copy the scenarios of ``source`` to ``target`` with their customer turns perturbed."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yaml")):
        scenario = yaml.safe_load(path.read_text())
        for key in ("opening", "answers", "requests", "confirmations", "closing"):
            if key in scenario:
                scenario[key] = _perturbed(scenario[key], name)
        (target / path.name).write_text(yaml.safe_dump(scenario, sort_keys=False))


_WRITE = re.compile(r"(missing|unexpected) write (\w+)\(([^()]*)\)")
_PAIRS = re.compile(r"items=\[([^\]]*)\]")


def _without_same_variant(arguments: str) -> str:
    """A write's arguments with every ``X->X`` pair of its items left out."""

    def kept(match: re.Match[str]) -> str:
        pairs = [p.strip() for p in match.group(1).split(",")]
        return "items=[" + ", ".join(p for p in pairs if len(set(p.split("->"))) > 1) + "]"

    return _PAIRS.sub(kept, arguments)


def same_variant_writes(line: str) -> int:
    """The unexpected writes of a driver's FAIL line that are a missing gold write without the
    items it "changes" into themselves."""
    writes = _WRITE.findall(line)
    missing = {(tool, _without_same_variant(a)) for kind, tool, a in writes if kind == "missing"}
    return sum(1 for kind, tool, a in writes if kind == "unexpected" and (tool, a) in missing)


def _run_driver(command: list[str], env: dict[str, str]) -> int:
    """Run the driver, echoing its lines, and add the count of same-variant writes."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    same = 0
    for line in process.stdout:
        print(line, end="", flush=True)
        same += same_variant_writes(line) if " FAIL " in line else 0
    print(f"of the policy-violating writes, same-variant gold left out: {same}", flush=True)
    return process.wait()


def _wait_ready(port: int, timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs="+", default=["shared", "fresh"])
    parser.add_argument("--perturb", choices=sorted(PERTURBATIONS))
    parser.add_argument("--only", nargs="+")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, FRONTLINE_DATABASE_URL=f"sqlite:///{tmp}/frontline.db")
        reset = f"{FRONTLINE} backoffice reset --from {DB_JSON}"
        subprocess.run([FRONTLINE, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run(reset.split(), env=env, check=True, capture_output=True)
        token = subprocess.run(
            [FRONTLINE, "tokens", "create", "--admin", "--name", "bench"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        server = subprocess.Popen(
            [FRONTLINE, "serve", "--host", HOST, "--port", str(args.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        status = 0
        try:
            _wait_ready(args.port)
            for name in args.set:
                folder = SETS.get(name, Path(name))
                if args.perturb:
                    target = Path(tmp) / f"{folder.name}-{args.perturb}"
                    perturb_folder(folder, target, args.perturb)
                    folder = target
                print(f"## {name}{' / ' + args.perturb if args.perturb else ''}", flush=True)
                command = [
                    sys.executable,
                    str(SHARED / "eval" / "run_scenarios.py"),
                    "--base",
                    f"http://{HOST}:{args.port}",
                    "--token",
                    token,
                    "--data",
                    str(DATASETS),
                    "--scenarios",
                    str(folder),
                    "--reset",
                    reset,
                    "--min-success",
                    "0",
                ]
                command += ["--only", *args.only] if args.only else []
                command += ["--verbose"] if args.verbose else []
                status |= _run_driver(command, env)
        finally:
            server.terminate()
            server.wait()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
