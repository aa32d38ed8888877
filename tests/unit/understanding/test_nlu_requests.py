from __future__ import annotations

from frontline.agent.reading import IntentClassifier, Understander
from frontline.agent.reading.requests import split_clauses


def test_that_a_message_is_cut_at_joining_words_and_sentence_ends() -> None:
    clauses = split_clauses("Cancel #W2378156 and tell me where #W4817420 is. Thank you!")

    assert [c.text for c in clauses] == [
        "Cancel #W2378156",
        "tell me where #W4817420 is",
        "Thank you!",
    ]


def test_that_a_bare_order_id_stays_with_its_request() -> None:
    clauses = split_clauses("cancel #W2378156 and #W4817420")

    assert [c.text for c in clauses] == ["cancel #W2378156 and #W4817420"]


def test_that_two_requests_in_one_message_give_two_intents_with_spans(
    lexical_model: IntentClassifier,
) -> None:
    # given
    text = "cancel #W2378156 and tell me where #W4817420 is"

    # when
    result = Understander(lexical_model).understand(text)

    # then
    assert [(r.intent, r.text) for r in result.requests] == [
        ("cancel_order", "cancel #W2378156"),
        ("order_status", "tell me where #W4817420 is"),
    ]
    assert all(text[r.start : r.end] == r.text for r in result.requests)


def test_that_the_same_request_on_two_orders_counts_twice(lexical_model: IntentClassifier) -> None:
    result = Understander(lexical_model).understand(
        "please cancel #W2378156 and also cancel #W4817420"
    )

    assert [r.intent for r in result.requests] == ["cancel_order", "cancel_order"]


def test_that_a_single_request_has_no_request_list(lexical_model: IntentClassifier) -> None:
    assert Understander(lexical_model).understand("where is my order #W2378156?").requests == ()
