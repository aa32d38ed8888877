from __future__ import annotations

import pytest

from frontline.agent.engine.dialogue import confirmation_answer


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "yes please, go ahead",
        "Oh wow, that actually worked out. Yes, the camera and the earbuds. Please go ahead!",
        "That's a relief. Sure, do it",
        "Perfect, yes, do it.",
        "That is correct: the bottle and the puzzle. You may proceed.",
    ],
)
def test_that_a_yes_opening_a_sentence_confirms(text: str) -> None:
    assert confirmation_answer(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "no, forget it",
        "Hmm. Yes, but not the earbuds, don't change those",
    ],
)
def test_that_a_no_or_a_yes_taken_back_does_not_confirm(text: str) -> None:
    assert confirmation_answer(text) is not True


def test_that_words_without_a_yes_are_no_answer() -> None:
    assert confirmation_answer("Wow, that actually worked out.") is None
