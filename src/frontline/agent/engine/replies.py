"""Reply templates: one YAML file per language, several wordings per message.

Templates are ``str.format`` strings whose fields are filled only with facts from the back
office or the customer's own words. The wording is picked by the turn number, so a
conversation varies but a replay of it is identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from string import Formatter
from typing import Any

import yaml


class RepliesError(ValueError):
    """A reply file is invalid or a template is missing."""


class Replies:
    def __init__(self, templates: Mapping[str, tuple[str, ...]], language: str) -> None:
        self._templates = dict(templates)
        self.language = language

    @classmethod
    def load(cls, language: str, directory: Path) -> Replies:
        """The templates of ``language`` in ``directory`` (a pack's ``replies_dir``)."""
        path = directory / f"{language}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise RepliesError(f"{path}: {error}") from error
        if not isinstance(data, dict):
            raise RepliesError(f"{path}: a mapping of message keys to templates")
        templates: dict[str, tuple[str, ...]] = {}
        for key, value in data.items():
            given = (value,) if isinstance(value, str) else _as_list(value)
            variants = tuple(v for v in given if isinstance(v, str))
            if not variants or len(variants) != len(given):
                raise RepliesError(f"{path}: {key!r} needs one or more template strings")
            for variant in variants:
                _check_template(path, str(key), variant)
            templates[str(key)] = variants
        return cls(templates, language)

    def has(self, key: str) -> bool:
        return key in self._templates

    def render(self, key: str, seed: int = 0, **facts: Any) -> str:
        variants = self._templates.get(key)
        if variants is None:
            raise RepliesError(f"no reply template {key!r} for language {self.language!r}")
        try:
            return variants[seed % len(variants)].format(**facts)
        except (KeyError, IndexError, AttributeError, ValueError) as error:
            raise RepliesError(f"reply {key!r} needs the fact {error}") from error


def _as_list(value: object) -> tuple[object, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _check_template(path: Path, key: str, template: str) -> None:
    try:
        list(Formatter().parse(template))
    except ValueError as error:
        raise RepliesError(f"{path}: {key!r} is not a valid template: {error}") from error
