from __future__ import annotations

import json

import pytest

from frontline.agent.reading import (
    OOS,
    Catalog,
    DialogueAct,
    EntityKind,
    IntentClassifier,
    LanguageIdentifier,
    Understander,
)


@pytest.fixture(scope="module")
def understander(lexical_model: IntentClassifier, catalog: Catalog) -> Understander:
    return Understander(lexical_model, catalog=catalog, languages=LanguageIdentifier())


def test_that_a_customer_message_is_understood_as_a_whole(understander: Understander) -> None:
    # when
    result = understander.understand(
        "Hi, this is Yusuf Rossi. I want to return the clicky keyboard from #W2378156 asap"
    )

    # then
    assert result.intent == "return_items"
    assert not result.oos
    found = {(e.kind, e.value) for e in result.entities}
    assert (EntityKind.PERSON, "Yusuf Rossi") in found
    assert (EntityKind.ORDER_ID, "#W2378156") in found
    assert (EntityKind.OPTION, "switch type=clicky") in found
    assert DialogueAct.GREETING in result.acts
    assert result.sentiment.urgent
    assert result.language.code == "en"
    assert len(result.intents) <= understander.config.top_k


def test_that_the_result_serialises_to_json(understander: Understander) -> None:
    data = understander.understand("cancel #W2378156 please, thanks").to_dict()

    text = json.dumps(data)
    assert json.loads(text)["entities"][0]["kind"] == "order_id"
    assert "thanks" in data["acts"]


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        None,
        b"\xff\xfe\x00binary\x00\x9c",
        "\x00\x01\x02\x03",
        "a" * 200_000,
        "cancel my order " * 5_000,
        "Привет! 我的订单在哪里? where is my order #W2378156",
        "\ud800 lone surrogate",
        "🙂🙂🙂🙂",
        12345,
    ],
)
def test_that_bad_input_gives_a_result_and_never_a_crash(
    understander: Understander, message: object
) -> None:
    result = understander.understand(message)

    assert isinstance(result.intent, str)
    assert 0.0 <= result.confidence <= 1.0
    json.dumps(result.to_dict())


def test_that_an_empty_message_is_out_of_scope_with_no_language(understander: Understander) -> None:
    result = understander.understand("")

    assert result.oos
    assert result.intent == OOS
    assert result.language.code == "und"


def test_that_an_understander_without_a_model_still_finds_entities_and_acts() -> None:
    result = Understander(None).understand("yes, order #W2378156 is right")

    assert result.oos
    assert [e.value for e in result.entities] == ["#W2378156"]
    assert DialogueAct.AFFIRM in result.acts
