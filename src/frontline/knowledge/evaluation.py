"""Retrieval quality: recall@k, MRR and decline precision/recall over labelled questions.

A question is declined when the best hit's confidence is below ``threshold``; an unanswerable
question (label ``None``) should be declined, an answerable one answered with its article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from frontline.domain.articles import parse_article_file
from frontline.knowledge.search import HybridIndex, SearchDocument


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    text: str
    slug: str | None  # None: the knowledge base has no answer


@dataclass(frozen=True, slots=True)
class RetrievalReport:
    questions: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    decline_precision: float  # of the questions declined, the share that had no answer
    decline_recall: float  # of the questions with no answer, the share declined
    answered_correctly: float  # answerable questions answered (not declined) with the right article


def load_documents(folder: Path) -> list[SearchDocument]:
    documents = []
    for path in sorted(folder.glob("*.md")):
        draft = parse_article_file(path.read_text(encoding="utf-8"), path.name).draft
        documents.append(
            SearchDocument(
                article_id=draft.slug,
                slug=draft.slug,
                title=draft.title,
                category=draft.category,
                tags=draft.tags,
                body=draft.body,
                language=draft.language,
            )
        )
    return documents


def load_questions(path: Path) -> list[LabelledQuestion]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [
        LabelledQuestion(str(text), str(slug))
        for slug, texts in data["answerable"].items()
        for text in texts
    ]
    questions += [LabelledQuestion(str(text), None) for text in data["unanswerable"]]
    return questions


def evaluate_retrieval(
    index: HybridIndex, questions: Sequence[LabelledQuestion], threshold: float
) -> RetrievalReport:
    answerable = [q for q in questions if q.slug is not None]
    ranks: list[int | None] = []
    declined_answerable = declined_unanswerable = correct = 0
    for question in questions:
        hits = index.search(question.text, limit=5)
        declined = not hits or hits[0].confidence < threshold
        if question.slug is None:
            declined_unanswerable += declined
            continue
        declined_answerable += declined
        slugs = [h.document.slug for h in hits]
        rank = slugs.index(question.slug) + 1 if question.slug in slugs else None
        ranks.append(rank)
        correct += rank == 1 and not declined
    unanswerable = len(questions) - len(answerable)
    declined_all = declined_answerable + declined_unanswerable
    return RetrievalReport(
        questions=len(questions),
        recall_at_1=_share(sum(r == 1 for r in ranks), len(answerable)),
        recall_at_5=_share(sum(r is not None for r in ranks), len(answerable)),
        mrr=_share(sum(1 / r for r in ranks if r is not None), len(answerable)),
        decline_precision=_share(declined_unanswerable, declined_all),
        decline_recall=_share(declined_unanswerable, unanswerable),
        answered_correctly=_share(correct, len(answerable)),
    )


def _share(part: float, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


# Bitext customer-support intents that one of the demo articles answers (any slug listed).
BITEXT_ARTICLES: dict[str, tuple[str, ...]] = {
    "cancel_order": ("cancelling-an-order",),
    "delivery_period": ("shipping-times-and-costs", "when-an-order-is-processed-or-delivered"),
    "check_invoice": ("receipts-and-invoices",),
    "get_invoice": ("receipts-and-invoices",),
    "track_refund": (
        "refunds-and-how-long-they-take",
        "when-does-my-refund-arrive-after-a-return",
    ),
    "check_payment_methods": ("ways-to-pay",),
    "delete_account": ("closing-your-account",),
    "contact_human_agent": ("talking-to-a-person",),
    "recover_password": ("resetting-your-password", "signing-in-problems"),
    "newsletter_subscription": ("email-preferences-and-newsletter",),
    "payment_issue": ("payment-declined", "charged-twice"),
    "track_order": ("tracking-your-package", "order-statuses"),
}


def bitext_questions(path: Path, per_intent: int) -> list[tuple[str, tuple[str, ...]]]:
    """The first ``per_intent`` Bitext instructions of each mapped intent, with their slugs;
    read from the dataset at run time (placeholders like ``{{Order Number}}`` left as written)."""
    import csv

    taken: dict[str, int] = {}
    questions = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            intent = row["intent"]
            if intent in BITEXT_ARTICLES and taken.get(intent, 0) < per_intent:
                taken[intent] = taken.get(intent, 0) + 1
                questions.append((row["instruction"], BITEXT_ARTICLES[intent]))
    return questions


def recall_at(
    index: HybridIndex, questions: Sequence[tuple[str, tuple[str, ...]]], k: int
) -> float:
    found = 0
    for text, slugs in questions:
        found += any(h.document.slug in slugs for h in index.search(text, limit=k))
    return _share(found, len(questions))
