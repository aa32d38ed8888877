"""Personal data in free text: found, labelled, and kept out of stored copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.analytics.pii_evaluation import load_labelled, score
from frontline.domain.pii import PiiKind, find_pii, mask_cards, redact

LABELLED = Path(__file__).resolve().parents[2] / "data" / "pii" / "messages.jsonl"


def test_that_detection_meets_its_targets_on_the_labelled_set() -> None:
    # given
    messages = load_labelled(LABELLED)
    assert len(messages) >= 300
    assert sum(not m.spans for m in messages) >= 100  # many messages hold no personal data
    # when
    scores = score(messages)
    # then
    assert scores.overall.recall >= 0.95, scores.misses
    assert scores.overall.precision >= 0.90, scores.misses
    for kind, kind_score in scores.per_kind.items():
        assert kind_score.labelled >= 20, kind
        assert kind_score.recall >= 0.90, (kind, scores.misses)
        assert kind_score.precision >= 0.90, (kind, scores.misses)


def test_that_redact_replaces_each_kind_with_its_label() -> None:
    text = (
        "My name is Anna Kowalski, anna.k@example.com, +44 7700 900123, card 4111 1111 1111 1111,"
        " IBAN DE89 3704 0044 0532 0130 00, ship to 12 Baker Street, London NW1 6XE"
    )
    assert redact(text) == (
        "My name is [name], [email], [phone], card [card], IBAN [iban], ship to [address]"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Where is order #W1234567?",
        "item 6505550143 is the wrong size",
        "It was $1,249.00 on 04/12/2026",
        "Tracking 1Z999AA10123456784 and 9400 1118 9922 3397 4511 23",
        "my zip is 94107",
        "reference 4111 1111 1111 1112",  # fails the Luhn check
        "DE89 3704 0044 0532 0130 01",  # fails the mod-97 check
        "I'm looking for a blue kettle",
    ],
)
def test_that_look_alikes_are_not_personal_data(text: str) -> None:
    assert find_pii(text) == []


def test_that_card_numbers_keep_only_their_last_four_digits() -> None:
    masked = mask_cards("pay with 5500-0000-0000-0004 or 378282246310005, order W1234567")
    assert masked == "pay with [card ****0004] or [card ****0005], order W1234567"
    assert find_pii(masked) == []


def test_that_a_name_on_file_is_found_in_any_case() -> None:
    spans = find_pii("hi, yusuf rossi again about the lamp", known_names=["Yusuf Rossi"])
    assert [(s.kind, s.text) for s in spans] == [(PiiKind.name, "yusuf rossi")]


def test_that_a_part_of_a_name_on_file_counts_only_where_capitalised() -> None:
    spans = find_pii("Will here, I will call again", known_names=["Will Turner"])
    assert [s.text for s in spans] == ["Will"]
