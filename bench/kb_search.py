"""Knowledge-base search: quality on the labelled questions, latency at 100 and 10,000 articles.

Quality: recall@1, recall@5, MRR and decline precision/recall on ``tests/knowledge/kb_eval.yaml``
over the demo articles, and recall on Bitext customer-support questions whose intents map to
an article (read from ``../shared/datasets`` at run time). Latency: one ``HybridIndex.search``
per question (query encoding, BM25, cosine, fusion), over every question of the evaluation set,
on an index of the first 100 articles of a synthetic base and on all 10,000 (the demo articles'
paragraphs recombined under new titles); p50 and p99 in milliseconds, the median over runs.

    .venv/bin/python bench/kb_search.py [--runs 3] [--large 10000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from pathlib import Path

from frontline.agent.reading.encoder import OnnxEncoder
from frontline.config import Settings
from frontline.knowledge.evaluation import (
    bitext_questions,
    evaluate_retrieval,
    load_documents,
    load_questions,
    recall_at,
)
from frontline.knowledge.search import ANSWER_CONFIDENCE, HybridIndex, SearchDocument, VectorCache
from frontline.services.demo import DEMO_ARTICLES

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "tests" / "knowledge" / "kb_eval.yaml"
BITEXT = (
    ROOT.parent
    / "shared"
    / "datasets"
    / "bitext_customer_support"
    / "Bitext_Sample_Customer_Support_Training_Dataset.csv"
)


def synthetic(base: list[SearchDocument], count: int, seed: int = 7) -> list[SearchDocument]:
    """``count`` articles: the base ones first, then paragraphs of two base articles mixed."""
    rng = random.Random(seed)
    documents = list(base[:count])
    paragraphs = [p for d in base for p in d.body.split("\n\n") if p.strip()]
    while len(documents) < count:
        first, second = rng.sample(base, 2)
        number = len(documents)
        body = "\n\n".join(rng.sample(paragraphs, 3))
        documents.append(
            SearchDocument(
                article_id=f"syn-{number}",
                slug=f"syn-{number}",
                title=f"{first.title} with {second.title.lower()} (model {number})",
                category=first.category,
                tags=first.tags,
                body=body,
            )
        )
    return documents


def latency(index: HybridIndex, questions: list[str], runs: int) -> tuple[float, float]:
    p50s, p99s = [], []
    for _ in range(runs):
        times = []
        for question in questions:
            start = time.perf_counter()
            index.search(question, limit=5)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p50s.append(times[len(times) // 2])
        p99s.append(times[min(len(times) - 1, int(len(times) * 0.99))])
    return statistics.median(p50s), statistics.median(p99s)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    encoder = OnnxEncoder(Settings().encoder_dir, threads=2)
    vectors = VectorCache(encoder)
    base = load_documents(DEMO_ARTICLES)
    questions = load_questions(EVAL_SET)
    index = HybridIndex(base, vectors)
    report = evaluate_retrieval(index, questions, ANSWER_CONFIDENCE)
    print(f"evaluation set: {len(base)} articles, {report.questions} questions")
    print(
        f"  recall@1 {report.recall_at_1:.3f}  recall@5 {report.recall_at_5:.3f}  "
        f"MRR {report.mrr:.3f}  answered with the right article {report.answered_correctly:.3f}"
    )
    print(
        f"  decline (confidence < {ANSWER_CONFIDENCE}): precision {report.decline_precision:.3f}"
        f"  recall {report.decline_recall:.3f}"
    )
    lexical = evaluate_retrieval(HybridIndex(base, VectorCache(None)), questions, 0.0)
    print(f"  lexical only: recall@1 {lexical.recall_at_1:.3f}  recall@5 {lexical.recall_at_5:.3f}")
    if BITEXT.exists():
        bitext = bitext_questions(BITEXT, per_intent=30)
        print(
            f"bitext: {len(bitext)} questions of 12 intents: recall@1 "
            f"{recall_at(index, bitext, 1):.3f}  recall@5 {recall_at(index, bitext, 5):.3f}"
        )
    texts = [q.text for q in questions]
    large = synthetic(base, args.large)
    for size in (100, args.large):
        start = time.perf_counter()
        sized = HybridIndex(large[:size], vectors)
        built = time.perf_counter() - start
        p50, p99 = latency(sized, texts, args.runs)
        print(
            f"{size:>6} articles: query p50 {p50:.2f} ms  p99 {p99:.2f} ms  (index built in {built:.1f} s)"
        )


if __name__ == "__main__":
    main()
