"""Snippets: a passage cut to a window around the query's words, those words marked.

The snippet is HTML: the text is escaped and each matching word wrapped in ``<mark>``, so it
can be shown as is (the portal, the workspace) or stripped of tags (a chat reply).
"""

from __future__ import annotations

import html
import re

from frontline.knowledge.passages import STOPWORDS, stem

SNIPPET_CHARS = 220
_WORD = re.compile(r"[A-Za-z0-9]+")


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    wanted = {stem(w) for w in _WORD.findall(query.lower()) if w not in STOPWORDS}
    matches = [m for m in _WORD.finditer(text) if stem(m.group().lower()) in wanted]
    start = 0
    if matches and len(text) > width:
        start = max(0, matches[0].start() - width // 4)
        space = text.rfind(" ", 0, start)
        start = space + 1 if start and space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(html.escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(html.escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)
