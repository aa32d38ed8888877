"""The text a message is read as: the customer's words without the fillers around them.

"um, yes go ahead", "so basically i want to return the lamp", "i want, uh, the black one" are
read as "yes go ahead", "i want to return the lamp", "i want the black one". The stored
message keeps what was sent. The fillers are data (``data/fillers.txt``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_FILLERS_FILE = Path(__file__).parent / "data" / "fillers.txt"


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lines = _FILLERS_FILE.read_text(encoding="utf-8").splitlines()
    fillers = sorted(
        (w.strip() for w in lines if w.strip() and not w.startswith("#")), key=len, reverse=True
    )
    sounds = [f for f in fillers if re.fullmatch(r"(?:u|e|h|m)[mhr]*m*", f)]
    words = "|".join(r"\s+".join(map(re.escape, f.split())) for f in fillers)
    leading = re.compile(rf"^(?:\W*\b(?:{words})\b(?:\s*[,.…]+|\s+))+", re.IGNORECASE)
    anywhere = re.compile(
        rf"(?:,\s*)?\b(?:{'|'.join(map(re.escape, sounds))})\b(?:\s*[,.…]+)?", re.IGNORECASE
    )
    return leading, anywhere


def without_fillers(text: str) -> str:
    """``text`` without leading fillers and filler sounds; unchanged when nothing else is left."""
    leading, anywhere = _patterns()
    stripped = re.sub(r"[ \t]{2,}", " ", anywhere.sub(" ", leading.sub("", text, count=1))).strip()
    return stripped if stripped.strip(" .,!?") else text
