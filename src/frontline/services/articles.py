"""Knowledge-base articles: write, edit, publish, archive, import and export.

Every change goes through ``SqlArticleStore.save``, which also keeps the version history and
moves the revision counter that running search indexes compare against, so an article saved by
one process (``frontline kb import``) is found by a running server on its next search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from frontline.domain.articles import (
    MAX_BODY,
    Article,
    ArticleDraft,
    ArticleStatus,
    ArticleVersion,
    check_draft,
    new_article_id,
    parse_article_file,
    render_article_file,
    slugify,
)
from frontline.domain.conversations import Conversation, ConversationStatus, Direction, Message
from frontline.domain.errors import Conflict, InvalidInput, NotFound
from frontline.domain.staff import StaffUser
from frontline.services.clock import now
from frontline.storage.sql_articles import SqlArticleStore

MAX_IMPORT_FILE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[str, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        text = (
            f"articles: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        )
        return text + "".join(f"\n  error: {e}" for e in self.errors)


def create_article(
    store: SqlArticleStore, draft: ArticleDraft, *, editor: str, publish: bool = False
) -> Article:
    draft = check_draft(draft)
    if store.get_by_slug(draft.slug) is not None:
        raise Conflict(f"an article with the slug {draft.slug!r} exists")
    at = now()
    article = Article(
        id=new_article_id(),
        slug=draft.slug,
        title=draft.title,
        body=draft.body,
        category=draft.category,
        tags=draft.tags,
        language=draft.language,
        status=ArticleStatus.published if publish else ArticleStatus.draft,
        version=1,
        created_at=at,
        updated_at=at,
        steps=draft.steps,
        published_at=at if publish else None,
    )
    store.save(article, editor=editor, new_version=True, is_new=True)
    return article


def edit_article(
    store: SqlArticleStore, article_id: str, draft: ArticleDraft, *, editor: str
) -> Article:
    """A new version of the article's text; its state (draft, published) stays."""
    article = get_article(store, article_id)
    draft = check_draft(replace(draft, slug=draft.slug or article.slug))
    if draft.slug != article.slug and store.get_by_slug(draft.slug) is not None:
        raise Conflict(f"an article with the slug {draft.slug!r} exists")
    if _same_text(article, draft):
        return article
    edited = replace(
        article,
        slug=draft.slug,
        title=draft.title,
        body=draft.body,
        category=draft.category,
        tags=draft.tags,
        language=draft.language,
        steps=draft.steps,
        version=article.version + 1,
        updated_at=now(),
    )
    store.save(edited, editor=editor, new_version=True, is_new=False)
    return edited


def publish_article(store: SqlArticleStore, article_id: str, *, editor: str) -> Article:
    return _set_status(store, get_article(store, article_id), ArticleStatus.published, editor)


def archive_article(store: SqlArticleStore, article_id: str, *, editor: str) -> Article:
    return _set_status(store, get_article(store, article_id), ArticleStatus.archived, editor)


def _set_status(
    store: SqlArticleStore, article: Article, status: ArticleStatus, editor: str
) -> Article:
    if article.status == status:
        return article
    at = now()
    published_at = at if status == ArticleStatus.published else article.published_at
    changed = replace(article, status=status, updated_at=at, published_at=published_at)
    store.save(changed, editor=editor, new_version=False, is_new=False)
    return changed


def get_article(store: SqlArticleStore, article_id: str) -> Article:
    article = store.get(article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    return article


def get_published_article(store: SqlArticleStore, slug: str) -> Article:
    """What the public may read: a published article, else ``NotFound``."""
    article = store.get_by_slug(slug)
    if article is None or article.status != ArticleStatus.published:
        raise NotFound(f"no article {slug!r}")
    return article


def article_history(store: SqlArticleStore, article_id: str) -> Sequence[ArticleVersion]:
    get_article(store, article_id)
    return store.versions(article_id)


def rate_article(store: SqlArticleStore, slug: str, *, helpful: bool) -> Article:
    """A reader's "was this helpful?" vote."""
    article = get_published_article(store, slug)
    store.vote(article.id, helpful=helpful, at=now())
    return get_published_article(store, slug)


def import_articles(
    store: SqlArticleStore, folder: Path, *, editor: str = "import"
) -> ImportReport:
    """Every ``*.md`` file under ``folder``, matched to articles by slug: new ones are created,
    changed ones get a new version, the same text is left alone. A bad file is reported and
    skipped; the others are imported."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    created = updated = unchanged = 0
    errors: list[str] = []
    for path in sorted(folder.rglob("*.md")):
        try:
            outcome = _import_file(store, path, editor)
        except (InvalidInput, Conflict) as error:
            errors.append(f"{path.name}: {error.message}")
            continue
        created += outcome == "created"
        updated += outcome == "updated"
        unchanged += outcome == "unchanged"
    return ImportReport(created, updated, unchanged, tuple(errors))


def _import_file(store: SqlArticleStore, path: Path, editor: str) -> str:
    if path.stat().st_size > MAX_IMPORT_FILE_BYTES:
        raise InvalidInput(f"larger than {MAX_IMPORT_FILE_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read: {error}") from error
    parsed = parse_article_file(text, path.name)
    existing = store.get_by_slug(parsed.draft.slug)
    if existing is None:
        article = create_article(store, parsed.draft, editor=editor)
        if parsed.status != ArticleStatus.draft:
            _set_status(store, article, parsed.status, editor)
        return "created"
    edited = edit_article(store, existing.id, parsed.draft, editor=editor)
    final = _set_status(store, edited, parsed.status, editor)
    return "unchanged" if final == existing else "updated"


def export_articles(store: SqlArticleStore, folder: Path) -> int:
    """Write every article as ``<slug>.md`` (front matter and body); the count written."""
    folder.mkdir(parents=True, exist_ok=True)
    exported = store.list_articles()
    for article in exported:
        (folder / f"{article.slug}.md").write_text(render_article_file(article), encoding="utf-8")
    return len(exported)


def _same_text(article: Article, draft: ArticleDraft) -> bool:
    return (
        article.slug,
        article.title,
        article.body,
        article.category,
        article.tags,
        article.language,
        article.steps,
    ) == (
        draft.slug,
        draft.title,
        draft.body,
        draft.category,
        draft.tags,
        draft.language,
        draft.steps,
    )


def draft_article_from_conversation(
    store: SqlArticleStore,
    staff: StaffUser,
    conversation: Conversation,
    messages: Sequence[Message],
) -> Article:
    """A resolved conversation as a draft article: the customer's question, then the replies
    that resolved it, for an author to edit and publish."""
    if conversation.status != ConversationStatus.resolved:
        raise Conflict("only a resolved conversation can become an article")
    asked = [m.text for m in messages if m.direction == Direction.inbound]
    answered = [m.text for m in messages if m.direction == Direction.outbound]
    if not asked or not answered:
        raise Conflict("the conversation needs a question and an answer")
    question = " ".join(asked[0].split())
    title = question if len(question) <= 80 else question[:77].rsplit(" ", 1)[0] + "…"
    body = "## Question\n\n" + "\n\n".join(asked) + "\n\n## Answer\n\n" + "\n\n".join(answered)
    draft = ArticleDraft(
        title=title,
        body=body[:MAX_BODY],
        category="Drafts from conversations",
        tags=("from-conversation",),
        slug=f"{slugify(title)[:50]}-{conversation.id[-8:]}".strip("-"),
    )
    return create_article(store, draft, editor=staff.username)
