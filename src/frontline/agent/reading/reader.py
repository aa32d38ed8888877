"""The reading interface: one customer message in, one :class:`Understanding` out.

The engine reads every message through a ``Reader``. The embedded one is
:class:`~frontline.agent.reading.understander.Understander` (an intent model, pattern
entities, cue-phrase acts, sentiment and language, no LLM); a reader built on a language model
would implement the same protocol and return the same structure (``reading/results.py``:
intents with calibrated confidence, requests with their words, entities with offsets, acts,
sentiment, language), so the engine does not change.
"""

from __future__ import annotations

from typing import Protocol

from frontline.agent.reading.results import Understanding


class Reader(Protocol):
    def understand(self, text: object) -> Understanding:
        """What ``text`` says; never raises on odd input (empty, huge, binary)."""
        ...
