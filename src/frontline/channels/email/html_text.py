"""HTML email bodies as plain text: what a person reads, never markup, scripts or styles.

Block elements become line breaks, links keep their address when it differs from their text,
and quoted blocks (``<blockquote>``, Gmail's ``gmail_quote``) come out with ``> `` in front
of each line so the quote reader sees them as quoted (Outlook quotes nothing: its header block
of the quoted email is found in the text). Nothing of the markup survives: the result is safe to show as text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "svg"})
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol",
        "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "blockquote", "address",
    }
)  # fmt: skip
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted")
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (quote depth, text)
        self._current: list[str] = []
        self._skip = 0
        self._stack: list[tuple[str, bool]] = []  # (tag, opened a quote)
        self._quote = 0
        self._href: list[str | None] = []

    def _break(self) -> None:
        text = "".join(self._current)
        self._current = []
        self.lines.append((self._quote, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag in _SKIPPED:
            self._skip += 1
            return
        if tag == "br":
            self._break()
            return
        if tag == "a":
            self._href.append(values.get("href"))
        if tag in _VOID:
            return
        marks = f"{values.get('class', '')} {values.get('id', '')}".lower()
        quote = tag == "blockquote" or any(name in marks for name in _QUOTE_CLASSES)
        if tag in _BLOCKS or quote:
            self._break()
        self._stack.append((tag, quote))
        if quote:
            self._quote += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "a" and self._href:
            href = self._href.pop()
            if href and href.startswith(("http:", "https:")) and href not in "".join(self._current):
                self._current.append(f" <{href}>")
        # Close up to the matching open tag: mail HTML often leaves elements unclosed.
        while self._stack:
            open_tag, quote = self._stack.pop()
            if quote:
                self._quote -= 1
            if open_tag in _BLOCKS or quote:
                self._break()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def text(self) -> str:
        self._break()
        out: list[str] = []
        for depth, line in self.lines:
            cleaned = " ".join(line.replace("\xa0", " ").split())
            if not cleaned:
                if out and out[-1] != "":
                    out.append("")
                continue
            out.append(("> " * depth) + cleaned)
        return "\n".join(out).strip()


_COMMENTS = re.compile(r"<!--.*?-->", re.S)


def html_to_text(markup: str) -> str:
    """The readable text of ``markup``; never raises on broken HTML."""
    collector = _TextCollector()
    try:
        collector.feed(_COMMENTS.sub("", markup))
        collector.close()
    except (AssertionError, ValueError):  # html.parser gives up on some garbage: keep what it read
        pass
    return collector.text()
