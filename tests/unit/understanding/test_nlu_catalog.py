from __future__ import annotations

from frontline.agent.reading import Catalog, EntityKind

KEYBOARD_ID = "1656367028"  # "Mechanical Keyboard" in the τ²-retail catalog


def values(catalog: Catalog, text: str, kind: EntityKind) -> list[str]:
    return [e.value for e in catalog.match(text) if e.kind is kind]


def test_that_a_product_is_found_by_its_head_noun_and_an_option(catalog: Catalog) -> None:
    text = "I want to exchange the clicky keyboard"

    assert values(catalog, text, EntityKind.PRODUCT) == [KEYBOARD_ID]
    assert values(catalog, text, EntityKind.OPTION) == ["switch type=clicky"]


def test_that_size_and_colour_are_found(catalog: Catalog) -> None:
    assert values(catalog, "size M in blue please", EntityKind.OPTION) == ["size=M", "color=blue"]


def test_that_typos_in_product_names_are_tolerated(catalog: Catalog) -> None:
    matches = [
        e for e in catalog.match("my mechanical keybaord is broken") if e.kind is EntityKind.PRODUCT
    ]

    assert [m.value for m in matches] == [KEYBOARD_ID]
    assert matches[0].text == "mechanical keybaord"
    assert 0.85 <= matches[0].score < 1.0


def test_that_short_words_are_not_mistaken_for_options(catalog: Catalog) -> None:
    assert values(catalog, "I'm asking about the weather and the time", EntityKind.OPTION) == []


def test_that_the_named_option_wins_over_a_more_common_one(catalog: Catalog) -> None:
    assert "lens color=blue" in values(
        catalog, "sunglasses with lens color blue", EntityKind.OPTION
    )
