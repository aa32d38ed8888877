"""Knowledge-base articles: Markdown with a YAML front matter, versioned, published or not.

An article file looks like::

    ---
    title: Returning items
    category: Returns and refunds
    tags: [returns, refunds]
    language: en
    slug: returning-items        # optional: made from the title when absent
    steps:                       # optional: a guided troubleshooting walk-through
      - do: Unplug the hub for ten seconds.
        check: Does the screen show a picture now?
    ---
    The body, in Markdown.

Article states::

    draft ──publish──► published ──archive──► archived
      ▲                    │                      │
      └──────edit──────────┘ (stays published)    └──publish──► published
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NewType

import yaml

from frontline.domain.errors import InvalidInput
from frontline.domain.ids import new_id
from frontline.domain.text import drop_control_characters

ArticleId = NewType("ArticleId", str)

MAX_TITLE = 200
MAX_BODY = 100_000
MAX_TAGS = 20
MAX_STEPS = 20
DEFAULT_CHECK = "Did that fix it?"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2})?$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.+)$")


def new_article_id() -> ArticleId:
    return ArticleId(new_id("art"))


class ArticleStatus(StrEnum):
    draft = "draft"  # written, seen by staff only
    published = "published"  # public: in the portal, the search API and the agent's answers
    archived = "archived"  # withdrawn; kept with its history


@dataclass(frozen=True, slots=True)
class Step:
    """One troubleshooting step: what to do, and the yes/no question that checks it worked."""

    do: str
    check: str = DEFAULT_CHECK


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """What an author writes: everything but the id, state and history."""

    title: str
    body: str
    category: str = "General"
    tags: tuple[str, ...] = ()
    language: str = "en"
    slug: str = ""
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    id: ArticleId
    slug: str
    title: str
    body: str
    category: str
    tags: tuple[str, ...]
    language: str
    status: ArticleStatus
    version: int  # 1 for the first text, +1 per edit that changes it
    created_at: datetime
    updated_at: datetime
    steps: tuple[Step, ...] = ()
    published_at: datetime | None = None
    helpful_yes: int = 0
    helpful_no: int = 0

    def guided_steps(self) -> tuple[Step, ...]:
        """The front matter's steps, else the body's first numbered list."""
        return self.steps or steps_from_body(self.body)


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    article_id: ArticleId
    version: int
    title: str
    body: str
    category: str
    tags: tuple[str, ...]
    edited_at: datetime
    editor: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFile:
    draft: ArticleDraft
    status: ArticleStatus = ArticleStatus.published
    extra: dict[str, Any] = field(default_factory=dict)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:80].strip("-")


def check_draft(draft: ArticleDraft) -> ArticleDraft:
    """The draft with its slug made and its fields trimmed; ``InvalidInput`` when refused."""
    title = " ".join(drop_control_characters(draft.title).split())
    body = drop_control_characters(draft.body).strip()
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput(f"an article needs a title of 1 to {MAX_TITLE} characters")
    if len(body) > MAX_BODY:
        raise InvalidInput(f"an article's body is at most {MAX_BODY} characters")
    slug = draft.slug.strip() or slugify(title)
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise InvalidInput(f"invalid slug {slug!r}: lower-case letters, digits and dashes")
    if not LANGUAGE_PATTERN.match(draft.language):
        raise InvalidInput(f"invalid language {draft.language!r}: a code like 'en' or 'pt-BR'")
    tags = tuple(dict.fromkeys(t.strip().lower() for t in draft.tags if t.strip()))
    if len(tags) > MAX_TAGS or any(len(t) > 50 for t in tags):
        raise InvalidInput(f"at most {MAX_TAGS} tags of at most 50 characters")
    if len(draft.steps) > MAX_STEPS:
        raise InvalidInput(f"at most {MAX_STEPS} steps")
    category = " ".join(drop_control_characters(draft.category).split()) or "General"
    if len(category) > 100:
        raise InvalidInput("a category name is at most 100 characters")
    return ArticleDraft(
        title=title,
        body=body,
        category=category,
        tags=tags,
        language=draft.language,
        slug=slug,
        steps=draft.steps,
    )


def parse_article_file(text: str, source: str = "article") -> ParsedFile:
    """Read a Markdown file with a YAML front matter; ``InvalidInput`` names what is wrong."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise InvalidInput(f"{source}: no YAML front matter (a '---' block at the top)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise InvalidInput(f"{source}: the front matter is not valid YAML: {error}") from error
    if not isinstance(meta, dict):
        raise InvalidInput(f"{source}: the front matter must be a mapping")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list):
        raise InvalidInput(f"{source}: tags must be a list")
    status = str(meta.get("status") or ArticleStatus.published)
    if status not in ArticleStatus.__members__:
        raise InvalidInput(f"{source}: unknown status {status!r}")
    draft = ArticleDraft(
        title=str(meta.get("title") or ""),
        body=text[match.end() :],
        category=str(meta.get("category") or "General"),
        tags=tuple(str(t) for t in tags),
        language=str(meta.get("language") or "en"),
        slug=str(meta.get("slug") or ""),
        steps=_parse_steps(meta.get("steps"), source),
    )
    known = {"title", "category", "tags", "language", "slug", "steps", "status"}
    extra = {str(k): v for k, v in meta.items() if k not in known}
    return ParsedFile(check_draft(draft), ArticleStatus(status), extra)


def _parse_steps(raw: object, source: str) -> tuple[Step, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidInput(f"{source}: steps must be a list")
    steps = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            steps.append(Step(item.strip()))
        elif isinstance(item, dict) and str(item.get("do") or "").strip():
            check = str(item.get("check") or "").strip() or DEFAULT_CHECK
            steps.append(Step(str(item["do"]).strip(), check))
        else:
            raise InvalidInput(f"{source}: each step is a text or a mapping with 'do'")
    return tuple(steps)


def steps_from_body(body: str) -> tuple[Step, ...]:
    """The first numbered list of a body, one step per item."""
    steps: list[Step] = []
    for line in body.splitlines():
        match = _NUMBERED.match(line)
        if match:
            steps.append(Step(match.group(1).strip()))
        elif steps and line.strip():
            break
    return tuple(steps[:MAX_STEPS]) if len(steps) >= 2 else ()


def render_article_file(article: Article) -> str:
    """The article as a Markdown file that ``parse_article_file`` reads back the same."""
    meta: dict[str, Any] = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category,
        "tags": list(article.tags),
        "language": article.language,
        "status": str(article.status),
    }
    if article.steps:
        meta["steps"] = [{"do": s.do, "check": s.check} for s in article.steps]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip()
    return f"---\n{front}\n---\n{article.body}\n"
