"""Choosing an assignee: presence, capacity, language and the two strategies."""

from __future__ import annotations

from frontline.domain.routing import (
    Presence,
    Seat,
    Strategy,
    choose_assignee,
    normalize_languages,
    normalize_queue_name,
)


def seat(
    name: str,
    load: int = 0,
    capacity: int = 3,
    presence: Presence = Presence.online,
    languages: tuple[str, ...] = (),
) -> Seat:
    return Seat(name, presence, capacity, load, languages)


def test_that_round_robin_continues_after_the_last_assignee() -> None:
    seats = [seat("cy"), seat("ana"), seat("bo")]
    assert choose_assignee(Strategy.round_robin, seats, None, None) == "ana"
    assert choose_assignee(Strategy.round_robin, seats, "ana", None) == "bo"
    assert choose_assignee(Strategy.round_robin, seats, "cy", None) == "ana"


def test_that_least_loaded_takes_the_member_holding_fewest() -> None:
    seats = [seat("ana", load=2), seat("bo", load=1), seat("cy", load=1)]
    assert choose_assignee(Strategy.least_loaded, seats, "bo", None) == "cy"
    assert choose_assignee(Strategy.least_loaded, seats, "cy", None) == "bo"


def test_that_nobody_away_full_or_without_the_language_is_chosen() -> None:
    seats = [
        seat("ana", presence=Presence.away),
        seat("bo", load=3, capacity=3),
        seat("cy", languages=("en",)),
        seat("di", languages=("es", "en")),
    ]
    assert choose_assignee(Strategy.round_robin, seats, None, "es") == "di"
    assert choose_assignee(Strategy.round_robin, seats, None, None) == "cy"
    assert choose_assignee(Strategy.round_robin, seats[:2], None, None) is None


def test_that_names_and_languages_are_normalized_or_refused() -> None:
    assert normalize_queue_name("  Billing  EU ") == "billing eu"
    assert normalize_queue_name("") is None
    assert normalize_queue_name("x" * 65) is None
    assert normalize_languages(["EN", "pt-BR", "en"]) == ("en", "pt-br")
    assert normalize_languages(["english!"]) is None
