"""Text from outside: the control characters that carry no text and that no store keeps.

PostgreSQL refuses NUL in any text value (SQLite keeps it), so text that reaches storage
must not hold one, on either database:

- free text someone wrote (a note, a tag, a macro, an article) keeps its words and loses
  its C0 control characters other than tab, newline and carriage return;
- an id or a name never holds one, so one that does names nothing.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)


def names_nothing(value: str) -> bool:
    """Whether ``value`` cannot be any stored id or name."""
    return "\x00" in value
