from __future__ import annotations

import pytest

from frontline.agent.reading.evaluation import macro_f1, score_predictions


def test_that_oos_precision_and_recall_count_rejections() -> None:
    # given: 2 oos messages (one caught), one in-scope message wrongly rejected
    gold = ["cancel_order", "order_status", "oos", "oos"]
    predicted = ["cancel_order", "oos", "oos", "cancel_order"]

    # when
    report = score_predictions(gold, predicted)

    # then
    assert report.accuracy == pytest.approx(0.5)
    assert report.in_scope_accuracy == pytest.approx(0.5)
    assert report.oos_recall == pytest.approx(0.5)
    assert report.oos_precision == pytest.approx(0.5)
    assert ("order_status", "oos", 1) in report.confused


def test_that_without_oos_examples_oos_scores_are_absent() -> None:
    report = score_predictions(["a", "b"], ["a", "b"])

    assert report.oos_recall is None
    assert report.oos_precision is None
    assert report.macro_f1 == pytest.approx(1.0)


def test_that_macro_f1_averages_over_gold_labels() -> None:
    assert macro_f1(["a", "a", "b"], ["a", "b", "b"]) == pytest.approx((2 / 3 + 2 / 3) / 2)
