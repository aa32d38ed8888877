"""How a back-office result reads to the agent: exactly τ²-bench's tool message content.

Strings are given verbatim; records (dicts, as `RetailBackOffice` returns them in τ²'s field
order) and lists are `json.dumps` with Python's default separators and ASCII escaping, which is
how τ² prints `model_dump()`. A failure reads "Error: " + its message.
"""

from __future__ import annotations

import json

from frontline.backoffice.port import OperationFailed


def render_output(result: object) -> str:
    if isinstance(result, str):
        return result
    return json.dumps(result)


def render_failure(failure: OperationFailed) -> str:
    return f"Error: {failure.message}"
