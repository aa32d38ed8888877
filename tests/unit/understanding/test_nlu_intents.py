from __future__ import annotations

from pathlib import Path

import pytest

from frontline.agent.reading import OOS, Example, IntentClassifier, load_examples
from frontline.agent.reading.examples import ExamplesError, with_contexts
from frontline.agent.reading.intents import IntentModelError


def test_that_the_classifier_recognises_intents_it_was_taught(
    lexical_model: IntentClassifier,
) -> None:
    # when
    predictions = lexical_model.predict(
        ["please cancel order #W1234567", "where is my package?", "I want to return the shoes"]
    )

    # then
    assert [p.intent for p in predictions] == ["cancel_order", "order_status", "return_items"]
    assert all(not p.oos for p in predictions)


def test_that_out_of_scope_examples_make_an_oos_class(lexical_model: IntentClassifier) -> None:
    (prediction,) = lexical_model.predict(["tell me a joke about the weather"])

    assert prediction.oos
    assert prediction.intent == OOS


def test_that_a_high_threshold_turns_every_message_out_of_scope(
    lexical_model: IntentClassifier,
) -> None:
    (prediction,) = lexical_model.predict(["cancel my order"], threshold=1.01)

    assert prediction.oos
    assert prediction.confidence > 0  # the best in-scope score is still reported


def test_that_scores_are_probabilities_ranked_best_first(lexical_model: IntentClassifier) -> None:
    (prediction,) = lexical_model.predict(["cancel my order please"])

    scores = [s.score for s in prediction.ranking]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0, abs=1e-3)
    assert {s.intent for s in prediction.ranking} == set(lexical_model.labels)


def test_that_calibration_sets_a_temperature_and_threshold(lexical_model: IntentClassifier) -> None:
    assert lexical_model.temperature > 0
    assert 0.0 <= lexical_model.threshold < 1.0


def test_that_a_saved_model_predicts_the_same_after_loading(
    lexical_model: IntentClassifier, tmp_path: Path
) -> None:
    # given
    texts = ["cancel #W2378156", "where's my stuff", "return the lamp", "sing a song"]
    lexical_model.save(tmp_path)

    # when
    loaded = IntentClassifier.load(tmp_path)

    # then
    assert loaded.scores(texts) == pytest.approx(lexical_model.scores(texts), abs=1e-5)
    assert loaded.threshold == lexical_model.threshold


def test_that_loading_a_directory_without_a_model_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(IntentModelError):
        IntentClassifier.load(tmp_path)


def test_that_training_needs_two_labels(retail_examples: list[Example]) -> None:
    with pytest.raises(IntentModelError):
        IntentClassifier.train([e for e in retail_examples if e.label == "oos"], encoder=None)


def test_that_a_model_without_oos_examples_still_rejects_by_threshold(
    retail_examples: list[Example],
) -> None:
    # given
    examples = [e for e in retail_examples if e.label != OOS]
    model = IntentClassifier.train(examples, encoder=None)

    # when
    (prediction,) = model.predict(["qwxz plorb"], threshold=0.9)

    # then
    assert prediction.oos


def test_that_csv_examples_need_text_and_label_and_ignore_other_columns(tmp_path: Path) -> None:
    # given
    path = tmp_path / "examples.csv"
    path.write_text(
        "id,text,label,notes\n1,where is my order,order_status,x\n2,cancel it,cancel_order,\n"
        "3,,order_status,blank text is skipped\n"
    )

    # when
    examples = load_examples(path)

    # then
    assert [(e.text, e.label) for e in examples] == [
        ("where is my order", "order_status"),
        ("cancel it", "cancel_order"),
    ]


def test_that_a_csv_without_a_label_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("message,category_name\nhi,greet\n")

    with pytest.raises(ExamplesError):
        load_examples(path)


def test_that_yaml_examples_map_intents_to_texts(tmp_path: Path) -> None:
    path = tmp_path / "examples.yaml"
    path.write_text(
        "order_status:\n  - where is my order\n  - track it\noos:\n  - tell me a joke\n"
    )

    examples = load_examples(path)

    assert [(e.text, e.label) for e in examples] == [
        ("where is my order", "order_status"),
        ("track it", "order_status"),
        ("tell me a joke", "oos"),
    ]


def test_that_the_shipped_retail_examples_load() -> None:
    path = (
        Path(__file__).resolve().parents[3] / "src/frontline/agent/retail/data/retail_intents.yaml"
    )

    examples = load_examples(path)

    assert len({e.label for e in examples}) >= 10
    assert any(e.label == OOS for e in examples)


def test_that_each_request_is_also_learnt_with_words_around_it(tmp_path: Path) -> None:
    # given two examples and a contexts file
    contexts = tmp_path / "contexts.yaml"
    contexts.write_text("openers: ['Hi,', 'Hello!']\nclosers: ['please', 'from my order']\n")
    examples = [Example("where is my order", "order_status"), Example("tell me a joke", OOS)]

    # when the examples are widened
    widened = with_contexts(examples, contexts)

    # then the request gains one copy with an opener and a closer, out of scope stays as is,
    # and the words around alone ask for nothing
    assert [(e.text, e.label) for e in widened] == [
        ("where is my order", "order_status"),
        ("tell me a joke", OOS),
        ("Hi, where is my order please", "order_status"),
        ("Hi,", OOS),
        ("Hello!", OOS),
        ("please", OOS),
        ("from my order", OOS),
        ("Hi, please", OOS),
        ("Hello! from my order", OOS),
    ]


def test_that_a_contexts_file_without_closers_is_refused(tmp_path: Path) -> None:
    contexts = tmp_path / "contexts.yaml"
    contexts.write_text("openers: ['Hi,']\n")

    with pytest.raises(ExamplesError, match="closers"):
        with_contexts([Example("where is my order", "order_status")], contexts)
