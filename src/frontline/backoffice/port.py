"""The back-office port: the only way the agent (or any caller) acts on a company's systems.

A back office is a set of named operations ("tools"). `tools()` describes them; `call()` runs
one with JSON-like arguments and returns a JSON-able result (a string, or a dict/list of JSON
values). Adapters: `frontline.backoffice.retail.operations.RetailBackOffice` (built-in store
with τ²-bench retail semantics); a company may write its own (Shopify, an internal API).

Errors raised by `call()`::

    BackOfficeError                 anything the back office refuses; nothing was changed
     ├── UnknownTool                no operation has this name
     ├── InvalidArguments           missing, unexpected or wrongly typed arguments
     └── OperationFailed            the operation ran and refused (`.message`, e.g.
                                    "Order not found"); the agent sees "Error: " + message

Handing off to a human is not an error: `transfer_to_human_agents` returns
"Transfer successful".

Writes may carry an idempotency key. The back office records the key with the write's result
in the write's own transaction; a later call with the same key and the same arguments changes
nothing and returns the recorded result, and `recorded(key)` tells whether a write with that
key happened. So a caller that crashed between a write and its own record of it can ask, or
simply repeat the call, without applying anything twice.

     └── IdempotencyConflict        the key was used before for another call
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from frontline.domain.text import names_nothing


class ArgumentType(StrEnum):
    STRING = "string"  # a JSON string
    STRING_LIST = "list[string]"  # a JSON array of strings (duplicates allowed)


@dataclass(frozen=True, slots=True)
class ToolArgument:
    name: str
    type: ArgumentType
    description: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """What an operation is called, what it does, what it takes, and whether it changes state."""

    name: str
    description: str
    arguments: tuple[ToolArgument, ...]
    writes: bool  # True: changes the back office (the agent must get confirmation first)

    def json_schema(self) -> dict[str, Any]:
        """The arguments as a JSON Schema object (the OpenAI function-calling `parameters`)."""
        properties: dict[str, Any] = {}
        for argument in self.arguments:
            schema: dict[str, Any] = (
                {"type": "string"}
                if argument.type is ArgumentType.STRING
                else {"type": "array", "items": {"type": "string"}}
            )
            properties[argument.name] = {**schema, "description": argument.description}
        return {
            "type": "object",
            "properties": properties,
            "required": [a.name for a in self.arguments if a.required],
            "additionalProperties": False,
        }


class BackOfficeError(Exception):
    """Base of every error `BackOffice.call` raises on purpose; the back office is unchanged."""


class UnknownTool(BackOfficeError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown back-office tool {name!r}")
        self.name = name


class InvalidArguments(BackOfficeError):
    """The arguments do not match the tool's spec; the message names the argument."""

    def __init__(self, tool: str, message: str) -> None:
        super().__init__(f"{tool}: {message}")
        self.tool = tool


class OperationFailed(BackOfficeError):
    """The operation refused; `message` is the exact text τ²-bench gives (without "Error: ")."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IdempotencyConflict(BackOfficeError):
    """The idempotency key was used before with another operation or other arguments."""

    def __init__(self, key: str) -> None:
        super().__init__(f"idempotency key {key!r} was used for another call")
        self.key = key


@dataclass(frozen=True, slots=True)
class RecordedWrite:
    """A write the back office applied under an idempotency key, and what it returned."""

    key: str
    name: str
    digest: str  # `call_digest` of the call
    result: Any


def call_digest(name: str, arguments: Mapping[str, object]) -> str:
    """A fingerprint of one call: a key reused for another call is told apart by it."""
    text = json.dumps([name, arguments], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class BackOffice(Protocol):
    def tools(self) -> list[ToolSpec]:
        """Every operation this back office offers."""
        ...

    def call(
        self, name: str, arguments: Mapping[str, object], *, idempotency_key: str | None = None
    ) -> object:
        """Run operation `name` atomically and return its JSON-able result.

        Raises `UnknownTool`, `InvalidArguments` (nothing ran) or `OperationFailed` (it ran,
        refused, and changed nothing). A write with an `idempotency_key` already recorded
        returns the recorded result (`IdempotencyConflict` when the call differs).
        """
        ...

    def recorded(self, idempotency_key: str) -> RecordedWrite | None:
        """The write applied under this key, if any."""
        ...


def check_arguments(spec: ToolSpec, arguments: Mapping[str, object]) -> dict[str, Any]:
    """`arguments` as a plain dict once they match `spec`, else `InvalidArguments`."""
    if not isinstance(arguments, Mapping):
        raise InvalidArguments(spec.name, "the arguments must be an object")
    known = {argument.name for argument in spec.arguments}
    unexpected = sorted(str(key) for key in arguments if key not in known)
    if unexpected:
        raise InvalidArguments(spec.name, f"unexpected argument {unexpected[0]!r}")
    for argument in spec.arguments:
        if argument.name not in arguments:
            if argument.required:
                raise InvalidArguments(spec.name, f"missing argument {argument.name!r}")
            continue
        value = arguments[argument.name]
        if not _has_type(value, argument.type):
            raise InvalidArguments(
                spec.name,
                f"argument {argument.name!r} must be a {argument.type.value}, "
                f"got {type(value).__name__}",
            )
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and names_nothing(text) for text in texts):
            raise InvalidArguments(spec.name, f"argument {argument.name!r} holds a NUL byte")
    return dict(arguments)


def _has_type(value: object, expected: ArgumentType) -> bool:
    if expected is ArgumentType.STRING:
        return isinstance(value, str)
    return isinstance(value, list) and all(isinstance(element, str) for element in value)
