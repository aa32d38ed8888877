from __future__ import annotations

import time
from pathlib import Path

import pytest

from frontline.agent.engine.policy_answers import (
    PolicyKnowledge,
    PolicyKnowledgeError,
    PolicySection,
)
from frontline.agent.retail.pack import RETAIL


@pytest.fixture(scope="module")
def knowledge() -> PolicyKnowledge:
    return PolicyKnowledge.load(RETAIL.policy_text)


def section_id(knowledge: PolicyKnowledge, question: str) -> str | None:
    answer = knowledge.answer(question)
    return None if answer is None else answer.section.id


def write_policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_that_a_customer_asking_how_long_a_refund_takes_hears_5_to_7_business_days(
    knowledge: PolicyKnowledge,
) -> None:
    # given the shipped store policy

    # when a customer asks about refund timing
    answer = knowledge.answer("how long does a refund take")

    # then the refunds section answers, with its timing
    assert answer is not None
    assert answer.section.id == "refunds"
    assert "5 to 7 business days" in answer.section.answer
    assert "gift card" in answer.section.answer


def test_that_a_customer_asking_for_a_processing_guarantee_hears_that_no_date_is_promised(
    knowledge: PolicyKnowledge,
) -> None:
    # when a customer asks for a promise about when the order is processed
    answer = knowledge.answer("Can you guarantee my order will be processed within 5 days?")

    # then the processing-times section answers, without promising a date
    assert answer is not None
    assert answer.section.id == "processing_times"
    assert "can't promise" in answer.section.answer


def test_that_a_customer_cannot_cancel_an_order_that_is_already_processed(
    knowledge: PolicyKnowledge,
) -> None:
    # when a customer asks about cancelling a processed order
    answer = knowledge.answer("can I cancel an order that's already processed")

    # then the processed-orders section answers that it can't be cancelled
    assert answer is not None
    assert answer.section.id == "processed_orders"
    assert "no longer be cancelled" in answer.section.answer


def test_that_a_customer_asking_to_exchange_a_shirt_for_shoes_gets_the_exchange_rules(
    knowledge: PolicyKnowledge,
) -> None:
    # when a customer asks about exchanging across products
    answer = knowledge.answer("can I exchange a shirt for shoes")

    # then the exchanges section answers, which rules out another kind of product
    assert answer is not None
    assert answer.section.id == "exchanges"
    assert "can't be exchanged for shoes" in answer.section.answer


def test_that_a_customer_asking_for_cancellation_reasons_gets_the_two_allowed_reasons(
    knowledge: PolicyKnowledge,
) -> None:
    # when a customer asks which reasons they may give
    answer = knowledge.answer("what reasons can I give to cancel")

    # then the cancellation section answers, naming both reasons
    assert answer is not None
    assert answer.section.id == "cancel_pending_orders"
    assert "no longer need it" in answer.section.answer
    assert "by mistake" in answer.section.answer


def test_that_a_customer_asking_for_a_price_match_is_told_we_cannot(
    knowledge: PolicyKnowledge,
) -> None:
    # when a customer asks for a price match
    answer = knowledge.answer("do you price match")

    # then the can't-do section answers
    assert answer is not None
    assert answer.section.id == "not_possible"
    assert "don't match other stores' prices" in answer.section.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("why do you need my email", "identity"),
        ("can you tell me about my wife's order", "one_customer"),
        ("what does processed mean", "order_statuses"),
        ("can I change the shipping address of my order", "modify_pending_orders"),
        ("how many times can I modify items", "modify_pending_orders"),
        ("can I pay with two cards", "modify_payment"),
        ("the item I got doesn't fit, can I send it back", "returns"),
        ("what payment methods do you accept", "payment_methods"),
        ("I moved, can you update my address", "default_address"),
        ("can I talk to a real person", "human_agent"),
        ("Can I get a DISCOUNT?", "not_possible"),
        ("I want compensation for the delay", "not_possible"),
        ("when will I get my money back", "refunds"),
        ("I'd like a cancellation, I ordered it by mistake", "cancel_pending_orders"),
    ],
)
def test_that_each_policy_question_finds_its_section(
    knowledge: PolicyKnowledge, question: str, expected: str
) -> None:
    # when a customer asks a policy question, then the matching section answers
    assert section_id(knowledge, question) == expected


@pytest.mark.parametrize(
    "question",
    ["what's the weather", "hello", "tell me a joke", "can you help me with my account", ""],
)
def test_that_a_question_the_policy_does_not_cover_gets_no_answer(
    knowledge: PolicyKnowledge, question: str
) -> None:
    # when a customer asks something the policy doesn't cover, then there is no answer
    assert knowledge.answer(question) is None


def test_that_answers_are_deterministic_and_fast(knowledge: PolicyKnowledge) -> None:
    # given a question
    question = "can I cancel an order that's already processed"

    # when it is answered many times
    started = time.perf_counter()
    answers = {knowledge.answer(question) for _ in range(200)}
    per_answer = (time.perf_counter() - started) / 200

    # then every answer is the same and each takes well under a millisecond
    assert len(answers) == 1
    assert per_answer < 0.001


def test_that_the_shipped_policy_covers_every_rule_area(knowledge: PolicyKnowledge) -> None:
    # when the shipped policy is loaded, then it has one section per rule area
    assert [section.id for section in knowledge.sections()] == [
        "identity",
        "one_customer",
        "order_statuses",
        "processing_times",
        "cancel_pending_orders",
        "refunds",
        "modify_pending_orders",
        "modify_payment",
        "returns",
        "exchanges",
        "processed_orders",
        "payment_methods",
        "default_address",
        "human_agent",
        "not_possible",
    ]
    assert all(isinstance(section, PolicySection) for section in knowledge.sections())


def test_that_a_custom_policy_file_can_be_loaded(tmp_path: Path) -> None:
    # given a store's own policy file
    path = write_policy(
        tmp_path,
        "- id: shipping\n"
        "  title: Shipping times\n"
        "  keywords: [shipping, delivery]\n"
        "  answer: >-\n"
        "    Orders arrive\n"
        "    within three days.\n",
    )

    # when it is loaded and asked a question
    knowledge = PolicyKnowledge.load(path)
    answer = knowledge.answer("How fast is delivery?")

    # then its section answers, with folded whitespace
    assert answer is not None
    assert answer.section == PolicySection(
        id="shipping",
        title="Shipping times",
        keywords=("shipping", "delivery"),
        answer="Orders arrive within three days.",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("- id: [unclosed\n", "not valid YAML", id="malformed-yaml"),
        pytest.param("id: refunds\n", "expected a non-empty list", id="not-a-list"),
        pytest.param("- just text\n", "section 1: expected a mapping", id="not-a-mapping"),
        pytest.param(
            "- id: refunds\n  title: Refunds\n  keywords: [refund]\n",
            "section 1 ('refunds'): 'answer' must be a non-empty string",
            id="missing-answer",
        ),
        pytest.param(
            "- id: refunds\n  title: Refunds\n  keywords: refund\n  answer: Soon.\n",
            "section 1 ('refunds'): 'keywords' must be a non-empty list",
            id="keywords-not-a-list",
        ),
        pytest.param(
            "- id: refunds\n  title: Refunds\n  keywords: [refund]\n  answer: Soon.\n"
            "  answr: typo\n",
            "section 1 ('refunds'): unknown fields answr",
            id="unknown-field",
        ),
        pytest.param(
            "- id: refunds\n  title: Refunds\n  keywords: [the]\n  answer: Soon.\n",
            "keyword 'the' has no searchable word",
            id="stopword-keyword",
        ),
        pytest.param(
            "- {id: refunds, title: Refunds, keywords: [refund], answer: Soon.}\n"
            "- {id: refunds, title: Again, keywords: [money], answer: Later.}\n",
            "section 'refunds': duplicate id",
            id="duplicate-id",
        ),
    ],
)
def test_that_a_broken_policy_file_is_rejected_naming_the_file_and_section(
    tmp_path: Path, text: str, message: str
) -> None:
    # given a broken policy file
    path = write_policy(tmp_path, text)

    # when it is loaded, then the error names the file and what is wrong
    with pytest.raises(PolicyKnowledgeError) as raised:
        PolicyKnowledge.load(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


def test_that_a_missing_policy_file_is_rejected(tmp_path: Path) -> None:
    # given a path with no file
    path = tmp_path / "absent.yaml"

    # when it is loaded, then the error names the file
    with pytest.raises(PolicyKnowledgeError, match="cannot read the policy"):
        PolicyKnowledge.load(path)
