"""Retrieval quality floors on the labelled questions over the demo articles.

The figures themselves (and their latency) are measured by ``bench/kb_search.py``; these floors
catch a change that makes search clearly worse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.agent.reading.encoder import OnnxEncoder
from frontline.knowledge import search
from frontline.knowledge.evaluation import (
    bitext_questions,
    evaluate_retrieval,
    load_documents,
    load_questions,
    recall_at,
)
from frontline.knowledge.search import ANSWER_CONFIDENCE, HybridIndex, VectorCache
from frontline.services.demo import DEMO_ARTICLES

EVAL_SET = Path(__file__).parent / "kb_eval.yaml"


@pytest.fixture(scope="module")
def index(encoder_dir: Path) -> HybridIndex:
    return HybridIndex(load_documents(DEMO_ARTICLES), VectorCache(OnnxEncoder(encoder_dir)))


def test_that_the_evaluation_set_is_large_enough_and_labelled_with_real_articles() -> None:
    questions = load_questions(EVAL_SET)
    slugs = {d.slug for d in load_documents(DEMO_ARTICLES)}
    answerable = [q for q in questions if q.slug is not None]
    assert len(slugs) >= 60
    assert len(answerable) >= 150
    assert len(questions) - len(answerable) >= 20
    assert {q.slug for q in answerable} <= slugs


def test_that_search_finds_the_right_article_for_most_questions(index: HybridIndex) -> None:
    report = evaluate_retrieval(index, load_questions(EVAL_SET), ANSWER_CONFIDENCE)
    assert report.recall_at_1 >= 0.85
    assert report.recall_at_5 >= 0.95
    assert report.mrr >= 0.88


def test_that_questions_without_an_answer_are_declined(index: HybridIndex) -> None:
    report = evaluate_retrieval(index, load_questions(EVAL_SET), ANSWER_CONFIDENCE)
    assert report.decline_recall >= 0.85
    assert report.decline_precision >= 0.55
    assert report.answered_correctly >= 0.8


def test_that_bitext_questions_find_their_articles(index: HybridIndex, datasets_dir: Path) -> None:
    path = (
        datasets_dir
        / "bitext_customer_support"
        / "Bitext_Sample_Customer_Support_Training_Dataset.csv"
    )
    questions = bitext_questions(path, per_intent=10)
    assert len(questions) >= 100
    assert recall_at(index, questions, 5) >= 0.65


def test_that_a_lexical_index_works_without_the_encoder() -> None:
    index = HybridIndex(load_documents(DEMO_ARTICLES), VectorCache(None))
    hits = index.search("how long does shipping take to Alaska?")
    assert hits[0].document.slug == "shipping-to-alaska-hawaii-and-territories"


def test_that_the_projected_first_stage_of_large_bases_keeps_the_ranking(
    index: HybridIndex, encoder_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the projection a base of thousands of articles uses, forced on the demo articles
    monkeypatch.setattr(search, "PROJECT_ABOVE", 10)
    monkeypatch.setattr(search, "PROJECTED_DIMENSIONS", 32)
    monkeypatch.setattr(search, "PROJECTED_CANDIDATES", 20)
    projected = HybridIndex(load_documents(DEMO_ARTICLES), VectorCache(OnnxEncoder(encoder_dir)))
    questions = load_questions(EVAL_SET)
    # then
    exact = evaluate_retrieval(index, questions, ANSWER_CONFIDENCE)
    rough = evaluate_retrieval(projected, questions, ANSWER_CONFIDENCE)
    assert rough.recall_at_1 >= exact.recall_at_1 - 0.02
    assert rough.recall_at_5 >= exact.recall_at_5 - 0.02
