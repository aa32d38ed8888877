"""The names a message may give: every ordinary form proposes the right pair, first or near it."""

from __future__ import annotations

import pytest

from frontline.agent.reading.person_names import is_only_a_name, name_candidates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ethan Thomas. zip 43188.", ("Ethan", "Thomas")),
        ("anya brown, zip is 10121", ("Anya", "Brown")),
        ("Of course. My name is Ava Nguyen and my zip code is 28251.", ("Ava", "Nguyen")),
        ("my first name is raj, my last name is ito, and my zip code is 60641", ("Raj", "Ito")),
        ("mia thomas 60654", ("Mia", "Thomas")),
        ("Sure, it's Noah Kovacs, and my zip code is 20566.", ("Noah", "Kovacs")),
        ("i want to return the tea kettle ivan kim 60636", ("Ivan", "Kim")),
    ],
)
def test_that_a_name_in_an_ordinary_form_is_the_first_candidate(
    text: str, expected: tuple[str, str]
) -> None:
    assert name_candidates(text)[0] == expected


def test_that_a_middle_name_also_proposes_first_and_last() -> None:
    assert ("Mary", "Smith") in name_candidates("it is Mary Ann Smith, 12345")


def test_that_words_of_a_request_or_an_email_are_no_name() -> None:
    assert name_candidates("i dont remember my email") == []
    assert name_candidates("jane.doe@example.com") == []


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("ivan kim", True),
        ("it's Anya Brown, thanks", True),
        ("not sure, my husband set it up", False),
    ],
)
def test_that_only_a_message_of_a_name_is_read_as_one(text: str, only: bool) -> None:
    assert is_only_a_name(text) is only
