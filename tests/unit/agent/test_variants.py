"""Choosing the variant a customer asks for: "the same keyboard but with clicky switches".

Most cases run against the τ²-bench retail catalog (skipped when the shared datasets are not
checked out); exact edge cases use small hand-made products.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from frontline.agent.retail.variants import (
    ChoiceStatus,
    Wish,
    choose_variant,
    describe_options,
    option_difference,
)
from frontline.agent.retail.wishes import read_wishes

Product = Mapping[str, Any]


@pytest.fixture(scope="module")
def catalog(datasets_dir: Path) -> dict[str, Product]:
    """The τ² retail products by name."""
    db_path = datasets_dir / "tau2_bench" / "retail" / "db.json"
    if not db_path.is_file():
        pytest.skip(f"the τ² retail catalog is not at {db_path}")
    products = json.loads(db_path.read_text())["products"]
    return {product["name"]: product for product in products.values()}


def hand_made(*variants: tuple[str, dict[str, str], bool, float]) -> Product:
    return {
        "name": "Desk Lamp",
        "product_id": "p1",
        "variants": {
            item_id: {
                "item_id": item_id,
                "options": options,
                "available": available,
                "price": price,
            }
            for item_id, options, available, price in variants
        },
    }


def options_of(product: Product, item_id: str) -> dict[str, str]:
    return dict(product["variants"][item_id]["options"])


def ask(product: Product, current_item_id: str | None, text: str) -> tuple[list[Wish], Any]:
    current = options_of(product, current_item_id) if current_item_id else None
    wishes = read_wishes(text, product, current)
    return wishes, choose_variant(product, current_item_id, wishes)


def wanted(wishes: list[Wish]) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(wish.option, wish.values, wish.strict) for wish in wishes]


# --- the keyboard -------------------------------------------------------------------------------

LINEAR_RGB_80 = "8484921793"  # available: linear switches, RGB backlight, 80%


def test_that_a_customer_gets_clicky_switches_with_the_other_options_kept(
    catalog: dict[str, Product],
) -> None:
    # given
    keyboard = catalog["Mechanical Keyboard"]

    # when
    wishes, choice = ask(keyboard, LINEAR_RGB_80, "the same keyboard but with clicky switches")

    # then
    assert wanted(wishes) == [("switch type", ("clicky",), True)]
    assert choice.status is ChoiceStatus.FOUND
    assert option_difference(keyboard, LINEAR_RGB_80, choice.item_id) == {
        "switch type": ("linear", "clicky")
    }


def test_that_clicky_rgb_full_size_is_none_when_that_variant_is_out_of_stock(
    catalog: dict[str, Product],
) -> None:
    # given: the clicky, RGB, full-size keyboard exists but is unavailable
    keyboard = catalog["Mechanical Keyboard"]

    # when
    wishes, choice = ask(keyboard, None, "clicky switches, RGB backlight and full size")

    # then: the last wish is the one that cannot be met with the others
    assert [w.option for w in wishes] == ["switch type", "backlight", "size"]
    assert choice.status is ChoiceStatus.NONE
    assert choice.item_id is None
    assert [(w.option, w.values) for w in choice.unmet] == [("size", ("full size",))]
    assert choice.candidates
    for item_id in choice.candidates:
        offered = options_of(keyboard, item_id)
        assert (offered["switch type"], offered["backlight"]) == ("clicky", "RGB")
        assert keyboard["variants"][item_id]["available"]


def test_that_no_backlight_asks_for_the_variant_without_one(catalog: dict[str, Product]) -> None:
    # given
    keyboard = catalog["Mechanical Keyboard"]

    # when
    wishes, choice = ask(keyboard, LINEAR_RGB_80, "clicky switches but no backlight")

    # then
    assert wanted(wishes) == [("switch type", ("clicky",), True), ("backlight", ("none",), True)]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(keyboard, choice.item_id) == {
        "switch type": "clicky",
        "backlight": "none",
        "size": "80%",
    }


def test_that_anything_but_rgb_allows_every_other_backlight(catalog: dict[str, Product]) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    wishes = read_wishes("anything but RGB please", keyboard)

    assert len(wishes) == 1
    assert wishes[0].option == "backlight"
    assert set(wishes[0].values) == {"none", "white"}


def test_that_typos_and_run_together_words_are_understood(catalog: dict[str, Product]) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    wishes, choice = ask(keyboard, LINEAR_RGB_80, "a clikcy one without backlights, fullsize")

    assert [(w.option, w.values) for w in wishes] == [
        ("switch type", ("clicky",)),
        ("backlight", ("none",)),
        ("size", ("full size",)),
    ]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(keyboard, choice.item_id)["size"] == "full size"


def test_that_variants_keeping_as_many_options_tie_and_the_customer_is_asked(
    catalog: dict[str, Product],
) -> None:
    # given: tactile, no backlight, 60%; the clicky ones without backlight are 80% or full size
    keyboard = catalog["Mechanical Keyboard"]
    current = "6439196450"

    # when
    wishes, choice = ask(keyboard, current, "clicky switches")
    by_price = choose_variant(keyboard, current, wishes, price_decides=True)

    # then: a slightly closer price is no reason to pick a size for the customer
    assert choice.status is ChoiceStatus.AMBIGUOUS
    assert set(choice.candidates) == {"9665000388", "7706410293"}
    assert by_price.status is ChoiceStatus.FOUND
    assert by_price.item_id == choice.candidates[0]


def test_that_a_fallback_is_accepted_but_the_first_choice_preferred(
    catalog: dict[str, Product],
) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    wishes, choice = ask(keyboard, LINEAR_RGB_80, "clicky if possible, otherwise tactile")

    assert wanted(wishes) == [
        ("switch type", ("clicky", "tactile"), True),
        ("switch type", ("clicky",), False),
    ]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(keyboard, choice.item_id)["switch type"] == "clicky"


def test_that_the_fallback_is_taken_when_the_first_choice_is_unavailable() -> None:
    lamp = hand_made(
        ("current", {"power source": "AC adapter"}, True, 10.0),
        ("usb", {"power source": "USB"}, False, 10.0),
        ("battery", {"power source": "battery"}, True, 12.0),
    )

    wishes, choice = ask(lamp, "current", "USB, or else battery")

    assert [w.values for w in wishes] == [("USB", "battery"), ("USB",)]
    assert choice.status is ChoiceStatus.FOUND
    assert choice.item_id == "battery"


def test_that_a_preference_chain_is_a_wish_over_all_choices_then_each_in_order(
    catalog: dict[str, Product],
) -> None:
    # given
    lamp = catalog["Desk Lamp"]

    # when
    wishes = read_wishes("For the lamp I prefer battery powered, then USB, then AC", lamp)

    # then
    assert wanted(wishes) == [
        ("power source", ("battery", "USB", "AC adapter"), True),
        ("power source", ("battery",), False),
        ("power source", ("USB",), False),
    ]


def test_that_a_preference_chain_takes_the_first_choice_in_stock() -> None:
    # given: no battery lamp in stock; then no USB lamp either
    lamp = hand_made(
        ("current", {"color": "white", "power source": "battery"}, True, 20.0),
        ("battery", {"color": "black", "power source": "battery"}, False, 20.0),
        ("usb", {"color": "black", "power source": "USB"}, True, 25.0),
        ("ac", {"color": "black", "power source": "AC adapter"}, True, 20.0),
    )
    text = "black. I prefer battery powered, then USB, then AC"
    no_usb = {**lamp, "variants": {k: v for k, v in lamp["variants"].items() if k != "usb"}}

    # when
    _, choice = ask(lamp, "current", text)
    _, last_choice = ask(no_usb, "current", text)

    # then
    assert choice.status is ChoiceStatus.FOUND
    assert choice.item_id == "usb"
    assert last_choice.item_id == "ac"


def test_that_otherwise_and_else_chains_keep_their_order(catalog: dict[str, Product]) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    three = read_wishes("clicky if possible, otherwise tactile, otherwise linear", keyboard)
    ideally = read_wishes("ideally clicky, else tactile", keyboard)

    assert wanted(three) == [
        ("switch type", ("clicky", "tactile", "linear"), True),
        ("switch type", ("clicky",), False),
        ("switch type", ("tactile",), False),
    ]
    assert wanted(ideally) == [
        ("switch type", ("clicky", "tactile"), True),
        ("switch type", ("clicky",), False),
    ]


def test_that_then_chains_only_the_same_option_in_the_same_sentence(
    catalog: dict[str, Product],
) -> None:
    lamp, keyboard = catalog["Desk Lamp"], catalog["Mechanical Keyboard"]

    two_options = read_wishes("black, then USB power", lamp)
    corrected = read_wishes("battery, then USB. Actually, AC adapter", lamp)
    something_else = read_wishes("clicky, or something else", keyboard)

    assert wanted(two_options) == [("color", ("black",), True), ("power source", ("USB",), True)]
    assert wanted(corrected) == [("power source", ("AC adapter",), True)]
    assert wanted(something_else) == [("switch type", ("clicky",), True)]


def test_that_a_later_mention_of_the_same_option_corrects_the_first(
    catalog: dict[str, Product],
) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    wishes = read_wishes("linear switches. Actually no, make it tactile", keyboard)

    assert wanted(wishes) == [("switch type", ("tactile",), True)]


def test_that_an_exclusion_after_a_wish_only_narrows_it(catalog: dict[str, Product]) -> None:
    keyboard, thermostat = catalog["Mechanical Keyboard"], catalog["Smart Thermostat"]

    corrected = read_wishes("I don't want the RGB one, I want white", keyboard)
    narrowed = read_wishes("I want Google. Not Apple.", thermostat)

    assert wanted(corrected) == [("backlight", ("white",), True)]
    assert wanted(narrowed) == [("compatibility", ("Google Assistant",), True)]


def test_that_an_option_the_customer_does_not_mind_is_no_wish(
    catalog: dict[str, Product],
) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    wishes = read_wishes("not sure about the backlight, but clicky", keyboard)
    with_one = read_wishes("with a backlight please", keyboard)

    assert wanted(wishes) == [("switch type", ("clicky",), True)]
    assert [set(w.values) for w in with_one] == [{"RGB", "white"}]


def test_that_the_same_option_keeps_the_current_value(catalog: dict[str, Product]) -> None:
    keyboard = catalog["Mechanical Keyboard"]

    wishes = read_wishes(
        "keep the same switches but a bigger size", keyboard, options_of(keyboard, LINEAR_RGB_80)
    )

    assert wanted(wishes) == [("switch type", ("linear",), True), ("size", ("full size",), True)]


def test_that_values_of_other_products_are_not_read(catalog: dict[str, Product]) -> None:
    wishes, choice = ask(catalog["T-Shirt"], "9612497925", "clicky switches with RGB backlight")

    assert wishes == []
    assert choice.status is ChoiceStatus.NO_WISH


# --- thermostat, clothes, boots, lamp, bottle, laptop -----------------------------------------


def test_that_a_thermostat_moves_to_google_home_instead_of_apple_homekit(
    catalog: dict[str, Product],
) -> None:
    # given: the black Apple HomeKit thermostat
    thermostat = catalog["Smart Thermostat"]

    # when
    wishes, choice = ask(
        thermostat, "4983901480", "compatible with Google Home instead of Apple HomeKit"
    )

    # then
    assert wanted(wishes) == [("compatibility", ("Google Assistant",), True)]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(thermostat, choice.item_id) == {
        "compatibility": "Google Assistant",
        "color": "black",
    }


def test_that_a_value_only_an_unavailable_variant_has_is_none(
    catalog: dict[str, Product],
) -> None:
    # given: the white Google Assistant thermostat is out of stock
    thermostat = catalog["Smart Thermostat"]

    # when
    wishes, choice = ask(thermostat, "4983901480", "the google one in white")

    # then
    assert [w.values for w in wishes] == [("Google Assistant",), ("white",)]
    assert choice.status is ChoiceStatus.NONE
    assert [w.option for w in choice.unmet] == ["color"]
    assert choice.candidates == ("7747408585",)  # the available Google Assistant one


def test_that_a_bigger_t_shirt_is_the_next_size_up(catalog: dict[str, Product]) -> None:
    # given: a blue cotton crew-neck T-shirt in M
    shirt = catalog["T-Shirt"]

    # when
    wishes, choice = ask(shirt, "9612497925", "could I get a bigger one?")

    # then
    assert wanted(wishes) == [("size", ("L",), True)]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(shirt, choice.item_id)["size"] == "L"


def test_that_bigger_boots_are_one_size_up_and_smaller_one_size_down(
    catalog: dict[str, Product],
) -> None:
    boots = catalog["Hiking Boots"]

    up, up_choice = ask(boots, "3613716226", "a bigger one please")  # size 8
    down = read_wishes("one size down", boots, options_of(boots, "8106223139"))  # size 9

    assert wanted(up) == [("size", ("9",), True)]
    assert up_choice.status is ChoiceStatus.FOUND
    assert options_of(boots, up_choice.item_id)["size"] == "9"
    assert wanted(down) == [("size", ("8",), True)]


def test_that_comparatives_need_the_current_item(catalog: dict[str, Product]) -> None:
    assert read_wishes("a bigger one", catalog["Hiking Boots"]) == []


def test_that_the_m_of_i_am_is_not_a_size(catalog: dict[str, Product]) -> None:
    shirt = catalog["T-Shirt"]

    assert wanted(read_wishes("I'm looking for a black one", shirt)) == [
        ("color", ("black",), True)
    ]
    assert wanted(read_wishes("Im after red", shirt)) == [("color", ("red",), True)]
    assert wanted(read_wishes("I m after the red one", shirt)) == [("color", ("red",), True)]


def test_that_letter_sizes_are_read_when_clearly_sizes(catalog: dict[str, Product]) -> None:
    shirt = catalog["T-Shirt"]

    assert [w.values for w in read_wishes("size L in black", shirt)] == [("L",), ("black",)]
    assert [w.values for w in read_wishes("can I have an M", shirt)] == [("M",)]
    assert [w.values for w in read_wishes("in xl please", shirt)] == [("XL",)]
    assert [w.values for w in read_wishes("a large one", shirt)] == [("L",)]


def test_that_boots_can_be_waterproof_or_not(catalog: dict[str, Product]) -> None:
    boots = catalog["Hiking Boots"]

    wishes = read_wishes("size 10 and waterproof", boots)
    negated = read_wishes("not waterproof", boots)

    assert [(w.option, w.values) for w in wishes] == [("size", ("10",)), ("waterproof", ("yes",))]
    assert [w.values for w in negated] == [("no",)]


def test_that_numbers_need_their_unit_or_a_clear_context(catalog: dict[str, Product]) -> None:
    bottle, boots = catalog["Water Bottle"], catalog["Hiking Boots"]

    assert [w.values for w in read_wishes("the 1000ml one", bottle)] == [("1000ml",)]
    assert [w.values for w in read_wishes("1000 ml please", bottle)] == [("1000ml",)]
    assert [w.values for w in read_wishes("a size 10 boot", boots)] == [("10",)]
    assert read_wishes("I have had them for 10 days", boots) == []
    assert read_wishes("order #W1000000 for $10", boots) == []


def test_that_a_value_written_run_together_is_read_as_one(catalog: dict[str, Product]) -> None:
    reader = catalog["E-Reader"]

    wishes = read_wishes("wifi + cellular please", reader)

    assert wanted(wishes) == [("connectivity", ("Wi-Fi + Cellular",), True)]


def test_that_battery_power_if_possible_is_chosen_when_available(
    catalog: dict[str, Product],
) -> None:
    # given: a white USB desk lamp; one silver battery lamp is in stock
    lamp = catalog["Desk Lamp"]

    # when
    wishes, choice = ask(lamp, "9083642334", "battery powered if possible")

    # then
    assert wanted(wishes) == [("power source", ("battery",), False)]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(lamp, choice.item_id)["power source"] == "battery"


def test_that_battery_power_if_possible_gives_way_when_no_battery_lamp_is_available() -> None:
    # given
    lamp = hand_made(
        ("current", {"color": "white", "power source": "USB"}, True, 20.0),
        ("battery", {"color": "white", "power source": "battery"}, False, 20.0),
        ("black-usb", {"color": "black", "power source": "USB"}, True, 21.0),
        ("black-ac", {"color": "black", "power source": "AC adapter"}, True, 20.0),
    )

    # when
    wishes, choice = ask(lamp, "current", "black, battery powered if possible")

    # then: the preference is dropped and the lamp keeps as much as it can
    assert wanted(wishes) == [("color", ("black",), True), ("power source", ("battery",), False)]
    assert choice.status is ChoiceStatus.FOUND
    assert choice.item_id == "black-usb"


def test_that_the_first_preference_counts_more_than_later_ones() -> None:
    lamp = hand_made(
        ("current", {"color": "white", "power source": "USB"}, True, 20.0),
        ("black-ac", {"color": "black", "power source": "AC adapter"}, True, 20.0),
        ("silver-battery", {"color": "silver", "power source": "battery"}, True, 20.0),
    )

    wishes, choice = ask(lamp, "current", "preferably battery powered. Ideally, black")

    assert [w.strict for w in wishes] == [False, False]
    assert choice.item_id == "silver-battery"


def test_that_exact_ties_are_ambiguous_and_no_candidate_is_none() -> None:
    lamp = hand_made(
        ("current", {"color": "white", "power source": "USB"}, True, 20.0),
        ("black-usb", {"color": "black", "power source": "USB"}, True, 20.0),
        ("silver-usb", {"color": "silver", "power source": "USB"}, True, 20.0),
        ("black-ac", {"color": "black", "power source": "AC adapter"}, False, 20.0),
    )

    ambiguous = choose_variant(lamp, "current", read_wishes("not white", lamp))
    none = choose_variant(lamp, "current", read_wishes("black with an AC adapter", lamp))

    assert ambiguous.status is ChoiceStatus.AMBIGUOUS
    assert ambiguous.candidates == ("black-usb", "silver-usb")
    assert none.status is ChoiceStatus.NONE
    assert [w.values for w in none.unmet] == [("AC adapter",)]
    assert none.candidates == ("black-usb",)


def test_that_more_storage_asks_for_every_bigger_value_nearest_first(
    catalog: dict[str, Product],
) -> None:
    # given: a 256GB space grey laptop
    laptop = catalog["Laptop"]

    # when
    wishes, choice = ask(laptop, "2216662955", "more storage please, same color")

    # then
    assert wanted(wishes) == [
        ("storage", ("512GB SSD", "1TB SSD"), True),
        ("color", ("space grey",), True),
    ]
    assert choice.status is ChoiceStatus.FOUND
    assert options_of(laptop, choice.item_id)["color"] == "space grey"


WHITE_MEDIUM_USB_LAMP = "8384507844"


def test_that_a_less_bright_lamp_and_a_preference_chain_pick_the_low_battery_lamp(
    catalog: dict[str, Product],
) -> None:
    # given: a white, medium-brightness USB desk lamp
    lamp = catalog["Desk Lamp"]
    text = ", and a less bright desk lamp. For the lamp I prefer battery powered, then USB, then AC"

    # when
    wishes, choice = ask(lamp, WHITE_MEDIUM_USB_LAMP, text)

    # then: low brightness; battery first, USB next, AC adapter last
    assert wanted(wishes) == [
        ("brightness", ("low",), True),
        ("power source", ("battery", "USB", "AC adapter"), True),
        ("power source", ("battery",), False),
        ("power source", ("USB",), False),
    ]
    assert choice.status is ChoiceStatus.FOUND
    assert choice.item_id == "7453605304"  # silver, low, battery
    assert options_of(lamp, choice.item_id)["brightness"] == "low"


def test_that_brighter_and_less_bright_move_the_brightness(catalog: dict[str, Product]) -> None:
    lamp = catalog["Desk Lamp"]
    current = options_of(lamp, WHITE_MEDIUM_USB_LAMP)

    assert wanted(read_wishes("a brighter one", lamp, current)) == [("brightness", ("high",), True)]
    assert wanted(read_wishes("less brightness please", lamp, current)) == [
        ("brightness", ("low",), True)
    ]
    assert wanted(read_wishes("a more dim lamp", lamp, current)) == [("brightness", ("low",), True)]
    assert read_wishes("a less bright desk lamp", lamp) == []  # no current item


def test_that_lighter_and_heavier_dumbbells_move_the_weight_range(
    catalog: dict[str, Product],
) -> None:
    # given: a 30-50 lbs iron fixed set
    dumbbells = catalog["Dumbbell Set"]

    # when
    lighter = read_wishes("lighter ones please", dumbbells, options_of(dumbbells, "3333391894"))
    heavier, choice = ask(dumbbells, "3333391894", "a heavier set")

    # then
    assert wanted(lighter) == [("weight range", ("5-25 lbs",), True)]
    assert wanted(heavier) == [("weight range", ("55-75 lbs",), True)]
    assert choice.item_id == "2444431651"  # 55-75 lbs, iron, fixed


def test_that_thinner_and_thicker_yoga_mats_move_the_thickness(
    catalog: dict[str, Product],
) -> None:
    mat = catalog["Yoga Mat"]  # current: 5mm TPE pink

    thinner, thin_choice = ask(mat, "1794273251", "a thinner mat")
    thicker, thick_choice = ask(mat, "1794273251", "something less thin")

    assert wanted(thinner) == [("thickness", ("4mm",), True)]
    assert thin_choice.item_id == "5586947715"
    assert wanted(thicker) == [("thickness", ("6mm",), True)]
    assert thick_choice.item_id == "7510236436"


def test_that_longer_and_shorter_move_length_and_battery_life(
    catalog: dict[str, Product],
) -> None:
    hose, speaker = catalog["Garden Hose"], catalog["Bluetooth Speaker"]

    longer = read_wishes("a longer hose", hose, options_of(hose, "3369928769"))  # 25ft
    shorter = read_wishes("a shorter one is fine", speaker, options_of(speaker, "9440686670"))

    assert wanted(longer) == [("length", ("50ft", "100ft"), True)]
    assert wanted(shorter) == [("battery life", ("10 hours",), True)]


def test_that_quieter_asks_for_a_lower_noise_level() -> None:
    fan = hand_made(
        ("current", {"noise level": "medium"}, True, 20.0),
        ("quiet", {"noise level": "low"}, True, 20.0),
        ("loud", {"noise level": "high"}, True, 20.0),
    )

    wishes, choice = ask(fan, "current", "a quieter one")

    assert wanted(wishes) == [("noise level", ("low",), True)]
    assert choice.item_id == "quiet"


def test_that_price_and_other_senses_of_comparatives_are_no_option_wishes(
    catalog: dict[str, Product],
) -> None:
    lamp, dumbbells, hose = catalog["Desk Lamp"], catalog["Dumbbell Set"], catalog["Garden Hose"]

    def read(text: str, product: Product, item_id: str) -> list[Wish]:
        return read_wishes(text, product, options_of(product, item_id))

    assert read("a cheaper one", lamp, WHITE_MEDIUM_USB_LAMP) == []
    assert read("a less expensive lamp", lamp, WHITE_MEDIUM_USB_LAMP) == []
    assert read("maybe a lighter color", dumbbells, "3333391894") == []
    assert read("I no longer need it", hose, "3369928769") == []


def test_that_1080p_is_a_lower_resolution_than_4k(catalog: dict[str, Product]) -> None:
    camera = catalog["Action Camera"]  # current: 4K waterproof black

    higher = read_wishes("higher resolution", camera, options_of(camera, "6700049080"))
    lower = read_wishes("lower resolution", camera, options_of(camera, "6700049080"))

    assert wanted(higher) == [("resolution", ("5K",), True)]
    assert wanted(lower) == [("resolution", ("1080p",), True)]


def test_that_a_value_shared_by_two_options_goes_to_the_option_named(
    catalog: dict[str, Product],
) -> None:
    sunglasses = catalog["Sunglasses"]

    lenses = read_wishes("black lenses", sunglasses)
    frame = read_wishes("a black frame", sunglasses)

    assert [(w.option, w.values) for w in lenses] == [("lens color", ("black",))]
    assert [(w.option, w.values) for w in frame] == [("frame color", ("black",))]


# --- describing ---------------------------------------------------------------------------------


def test_that_options_are_described_in_the_products_order() -> None:
    assert (
        describe_options({"switch type": "clicky", "backlight": "RGB", "size": "full size"})
        == "clicky switches, RGB backlight, full size"
    )
    assert (
        describe_options({"size": "10", "material": "leather", "waterproof": "no"})
        == "size 10, leather, not waterproof"
    )
    assert describe_options({"backlight": "none", "capacity": "1000ml"}) == (
        "no backlight, 1000ml capacity"
    )


def test_that_option_difference_lists_only_what_changes(catalog: dict[str, Product]) -> None:
    thermostat = catalog["Smart Thermostat"]

    difference = option_difference(thermostat, "4983901480", "3377900078")

    assert difference == {"color": ("black", "white")}
    with pytest.raises(KeyError):
        option_difference(thermostat, "4983901480", "0000000000")


# --- superlatives -------------------------------------------------------------------------------


def puzzle(*variants: tuple[str, str, str, bool]) -> Product:
    return {
        "name": "Jigsaw Puzzle",
        "product_id": "p2",
        "variants": {
            item_id: {
                "item_id": item_id,
                "options": {"pieces": pieces, "difficulty level": level},
                "available": available,
                "price": 40.0,
            }
            for item_id, pieces, level, available in variants
        },
    }


def test_that_the_fewest_pieces_takes_the_fewest_available() -> None:
    # given the 500-piece puzzle is sold out
    product = puzzle(
        ("current", "2000", "expert", True),
        ("p500", "500", "expert", False),
        ("p1000", "1000", "expert", True),
        ("p1500", "1500", "expert", True),
    )

    # when the customer asks for the fewest pieces
    wishes, choice = ask(product, "current", "the one with the fewest pieces")

    # then every count is allowed, the fewest first, and the fewest in stock is chosen
    assert wanted(wishes)[0] == ("pieces", ("500", "1000", "1500", "2000"), True)
    assert choice.item_id == "p1000"


def test_that_the_easiest_with_the_fewest_pieces_puts_difficulty_first() -> None:
    # given an easy puzzle with many pieces and a harder one with few
    product = puzzle(
        ("current", "1000", "intermediate", True),
        ("easy_big", "1500", "beginner", True),
        ("hard_small", "500", "expert", True),
        ("easy_small", "500", "beginner", True),
    )

    # when both superlatives are said, difficulty first
    _, choice = ask(product, "current", "the easiest one with the fewest pieces")

    # then the easiest level comes first, then the fewest pieces
    assert choice.item_id == "easy_small"


def test_that_the_most_pieces_counts_from_the_top() -> None:
    product = puzzle(
        ("current", "1000", "expert", True),
        ("p2000", "2000", "expert", True),
        ("p500", "500", "expert", True),
    )

    _, choice = ask(product, "current", "I'd like the most pieces you have")

    assert choice.item_id == "p2000"


def test_that_500_fewer_pieces_is_counted_from_the_current_item() -> None:
    product = puzzle(
        ("current", "1500", "expert", True),
        ("p1000", "1000", "expert", True),
        ("p500", "500", "expert", True),
    )

    wishes, choice = ask(product, "current", "one with 500 fewer pieces")

    assert wanted(wishes) == [("pieces", ("1000",), True)]
    assert choice.item_id == "p1000"


def test_that_a_value_over_another_is_preferred_when_both_exist() -> None:
    # given both themes in stock, the current one being art
    product = {
        "name": "Jigsaw Puzzle",
        "product_id": "p3",
        "variants": {
            k: {"item_id": k, "options": {"theme": theme}, "available": True, "price": 40.0}
            for k, theme in (("current", "art"), ("a", "animals"), ("b", "art"), ("c", "fantasy"))
        },
    }

    # when the customer prefers animals over art
    _, choice = ask(product, "current", "I'd prefer an animal theme over art")

    # then animals wins, though art would keep the current theme
    assert choice.item_id == "a"


def test_that_a_clause_saying_what_the_item_is_now_wishes_nothing() -> None:
    # given a lamp that is black and battery powered now
    lamp = hand_made(
        ("1", {"color": "black", "power source": "battery"}, True, 10.0),
        ("2", {"color": "white", "power source": "USB"}, True, 12.0),
    )
    current = options_of(lamp, "1")

    # when the customer adds what it is now, in brackets or in a clause of its own
    bracketed = read_wishes("white, USB powered (now black, battery)", lamp, current)
    clause = read_wishes(
        "it's currently black with a battery, I'd like white and USB", lamp, current
    )

    # then only the new options are wished for
    assert wanted(bracketed) == [("color", ("white",), True), ("power source", ("USB",), True)]
    assert wanted(clause) == [("color", ("white",), True), ("power source", ("USB",), True)]


def test_that_now_followed_by_a_wish_is_a_wish() -> None:
    lamp = hand_made(
        ("1", {"color": "black", "power source": "battery"}, True, 10.0),
        ("2", {"color": "white", "power source": "USB"}, True, 12.0),
    )

    wishes = read_wishes("now I want it in white", lamp, options_of(lamp, "1"))

    assert wanted(wishes) == [("color", ("white",), True)]


def test_that_a_value_followed_by_still_is_kept_though_a_negation_came_before() -> None:
    jacket = hand_made(
        ("1", {"color": "black", "zipper": "full"}, True, 10.0),
        ("2", {"color": "navy", "zipper": "full"}, True, 11.0),
        ("3", {"color": "navy", "zipper": "half"}, True, 12.0),
    )

    wishes = read_wishes("navy instead of black full zip still", jacket, options_of(jacket, "1"))

    assert wanted(wishes) == [("color", ("navy",), True), ("zipper", ("full",), True)]


def test_that_a_negation_ends_where_another_option_is_named_anew() -> None:
    # given a puzzle of 1000 pieces at expert level
    puzzle = {
        "name": "Jigsaw Puzzle",
        "product_id": "p2",
        "variants": {
            item_id: {"item_id": item_id, "options": options, "available": True, "price": 10.0}
            for item_id, options in {
                "1": {"pieces": "1000", "difficulty level": "expert"},
                "2": {"pieces": "500", "difficulty level": "intermediate"},
                "3": {"pieces": "500", "difficulty level": "beginner"},
            }.items()
        },
    }

    # when the customer lists both changes without a comma between them
    wishes, choice = ask(
        puzzle, "1", "pieces 500 instead of 1000 difficulty level intermediate instead of expert"
    )

    # then "instead of 1000" negates only the pieces, and the intermediate level is wanted
    assert wanted(wishes) == [
        ("pieces", ("500",), True),
        ("difficulty level", ("intermediate",), True),
    ]
    assert choice.item_id == "2"


def test_that_an_amount_written_without_its_decimal_point_is_read_when_no_value_has_it() -> None:
    # given a machine of 2L, also made in 1L and 1.5L
    machine = {
        "name": "Espresso Machine",
        "product_id": "p3",
        "variants": {
            item_id: {"item_id": item_id, "options": {"capacity": capacity}, "available": True}
            for item_id, capacity in {"1": "2L", "2": "1L", "3": "1.5L"}.items()
        },
    }

    # when the customer types "15l" (no 15L exists), or "the 1l one"
    wishes, choice = ask(machine, "1", "capacity 15l instead of 2l")
    spaced, _ = ask(machine, "1", "the 1l one")

    # then 15l is the 1.5L one, while a written 1l stays 1L
    assert wanted(wishes) == [("capacity", ("1.5L",), True)]
    assert choice.item_id == "3"
    assert wanted(spaced) == [("capacity", ("1L",), True)]


def test_that_values_after_instead_of_are_the_old_ones_when_the_new_ones_came_first() -> None:
    # given a cabinet made in oak or pine, 3 or 6 shelves, and in red or grey
    cabinet = {
        "name": "Cabinet",
        "product_id": "p9",
        "variants": {
            item_id: {"item_id": item_id, "options": options, "available": True, "price": 10.0}
            for item_id, options in {
                "1": {"wood": "pine", "shelves": "6", "finish": "red"},
                "2": {"wood": "oak", "shelves": "3", "finish": "red"},
                "3": {"wood": "oak", "shelves": "6", "finish": "red"},
                "4": {"wood": "oak", "shelves": "3", "finish": "grey"},
            }.items()
        },
    }

    # when the customer names both new values, then both old ones joined by "and"
    wishes, choice = ask(cabinet, "1", "I'd go for oak and 3 shelves instead of pine and 6 shelves")

    # then the 6 shelves after "instead of" are what the cabinet has now, not a second wish
    assert wanted(wishes) == [("wood", ("oak",), True), ("shelves", ("3",), True)]
    assert choice.item_id == "2"

    # and an option first named after "instead of" is still a wish of its own
    wishes, choice = ask(cabinet, "1", "oak instead of pine, 3 shelves and grey finish")
    assert choice.item_id == "4"
