from __future__ import annotations

from typing import Any

from frontline.agent.reading.mentions import find_mentions, mentioned_items
from frontline.agent.retail.slots.items import (
    _describes_order,
    _like_items,
    _twins,
    chosen_items,
    described_twin,
    spoken_twin,
)


def items(*names: str) -> list[dict[str, Any]]:
    return [
        {"item_id": str(n), "name": name, "price": 10.0 + n, "options": {}}
        for n, name in enumerate(names)
    ]


ORDER = items("Backpack", "Vacuum Cleaner", "Desk Lamp")


def test_that_an_item_it_came_with_only_says_which_order() -> None:
    # when the customer names the item they want by the one it came with
    chosen = chosen_items("I want to return the backpack I got with the vacuum cleaner", ORDER)

    # then only the backpack is chosen
    assert chosen == [0]


def test_that_two_items_named_together_are_both_chosen() -> None:
    # when both items are what the customer wants
    chosen = chosen_items("return the backpack and the vacuum cleaner", ORDER)

    # then both are chosen
    assert chosen == [0, 1]


def test_that_came_with_alone_does_not_drop_the_only_item_named() -> None:
    # when the only item named comes after "came with"
    chosen = chosen_items("the one that came with the desk lamp", ORDER)

    # then it is still read (nothing named before it)
    assert chosen == [2]


def test_that_shelves_is_the_plural_of_shelf() -> None:
    # when an item is named in a plural ending in -elves
    found = find_mentions("cancel all the bookshelves", ["Bookshelf", "Jigsaw Puzzle"])

    # then the singular name is found
    assert [m.index for m in found] == [0]


def test_that_a_one_word_name_is_found_by_its_end() -> None:
    # when the customer says "watch" for a Wristwatch and "phone" for a Smartphone
    found = find_mentions("my watch and my phone", ["Wristwatch", "Smartphone", "Laptop"])

    # then both are found, and nothing else
    assert sorted(m.index for m in found) == [0, 1]


def test_that_a_generic_head_lets_the_first_word_name_the_product() -> None:
    # when the customer says "the jigsaw" and "the luggage"
    found = find_mentions(
        "the jigsaw and the luggage", ["Jigsaw Puzzle", "Luggage Set", "Desk Lamp"]
    )

    # then both products are found
    assert sorted(m.index for m in found) == [0, 1]


def test_that_a_descriptive_first_word_alone_names_nothing() -> None:
    # when only the describing word of a name is said
    found = find_mentions("an electric one", ["Electric Kettle", "Desk Lamp"])

    # then no product is named
    assert found == []


def test_that_a_word_of_another_name_is_not_read_as_a_typo() -> None:
    # when the customer says "speakers", one letter away from "sneakers"
    found = find_mentions("any bluetooth speakers under $300?", ["Bluetooth Speaker", "Sneakers"])

    # then only the speaker is named
    assert [m.index for m in found] == [0]


EARBUDS = [
    {
        "item_id": "a",
        "name": "Wireless Earbuds",
        "price": 257.38,
        "options": {"color": "black", "battery life": "4 hours", "water resistance": "IPX7"},
    },
    {
        "item_id": "b",
        "name": "Digital Camera",
        "price": 3066.23,
        "options": {"resolution": "30MP", "zoom": "10x", "storage": "SD card"},
    },
    {
        "item_id": "c",
        "name": "Wireless Earbuds",
        "price": 267.9,
        "options": {"color": "black", "battery life": "6 hours", "water resistance": "IPX7"},
    },
]


def test_that_a_sentence_about_the_other_pair_speaks_of_that_pair() -> None:
    # when the customer says which of two like items they keep, not wanting it
    spoken = spoken_twin(
        "Not the other black pair with 6 hours, I'm keeping those", EARBUDS, [0, 2]
    )

    # then the words are about the 6-hour pair, though they don't want it changed
    assert spoken == 2


def test_that_words_both_twins_share_speak_of_neither() -> None:
    assert spoken_twin("the black earbuds", EARBUDS, [0, 2]) is None


def test_that_a_not_in_brackets_leaves_out_only_what_the_brackets_hold() -> None:
    # given an order with two kettles, a chair and a thermostat
    order = [
        {"item_id": "k1", "name": "Tea Kettle", "price": 90.0, "options": {"material": "ceramic"}},
        {"item_id": "c", "name": "Office Chair", "price": 500.0, "options": {"material": "fabric"}},
        {"item_id": "t", "name": "Smart Thermostat", "price": 200.0, "options": {}},
        {"item_id": "k2", "name": "Tea Kettle", "price": 100.0, "options": {"material": "steel"}},
    ]

    # when the brackets say which kettle, and the list goes on after them
    chosen = chosen_items(
        "the steel tea kettle (not the ceramic one) and the chair and the thermostat", order
    )

    # then the chair and the thermostat are still chosen
    assert chosen is not None
    assert {1, 2} <= set(chosen)


def test_that_an_option_name_holding_a_word_of_the_item_name_is_no_mention() -> None:
    # given an order whose dumbbell set has the option "set type"
    order = [
        {"item_id": "1", "name": "Dumbbell Set", "options": {"set type": "adjustable"}},
        {"item_id": "2", "name": "Bicycle", "options": {"color": "blue"}},
    ]

    # when a clause only keeps that option
    found = mentioned_items("keep set type adjustable", order)

    # then it names no item, while the set's name still does
    assert found == []
    assert [m.index for m in mentioned_items("keep the set, change the bicycle", order)] == [0, 1]


def test_that_a_list_the_customer_keeps_leaves_out_every_item_of_it() -> None:
    # given an order of five items
    order = items("Electric Kettle", "Grill", "Jigsaw Puzzle", "Dumbbell Set", "Skateboard")

    # when the customer keeps a list of them, or ends an action's objects with a comma
    kept_list = "just the grill please. The kettle, puzzle, dumbbells and skateboard are all fine."
    two_then_kept = "return the grill and the kettle, the puzzle and the skateboard stay"

    # then only the items not kept are chosen, and a singular keep keeps only its item
    assert chosen_items(kept_list, order) == [1]
    assert chosen_items(two_then_kept, order) == [0, 1]
    assert chosen_items("return the grill, the kettle is fine", order) == [1]


def test_that_a_count_of_what_the_order_holds_still_lets_one_twin_be_described() -> None:
    # given an order with two grinders that differ in their blades and speed
    order = [
        {
            "item_id": "1",
            "name": "Grinder",
            "price": 30.0,
            "options": {"blade": "steel", "speed": "slow"},
        },
        {
            "item_id": "2",
            "name": "Grinder",
            "price": 32.0,
            "options": {"blade": "ceramic", "speed": "fast"},
        },
    ]
    text = "there are two grinders in it, please switch the ceramic fast one to the steel slow one"

    # when the customer says how many the order holds, then describes one of them
    chosen = chosen_items(text, order)
    twins = _like_items(text, order, chosen or [])

    # then only the grinder described as it is now is meant, not the one it should become
    assert described_twin(text, order, twins) == 1


def test_that_the_two_twins_the_customer_asks_for_are_both_meant() -> None:
    order = [
        {"item_id": "1", "name": "Grinder", "price": 30.0, "options": {"blade": "steel"}},
        {"item_id": "2", "name": "Grinder", "price": 32.0, "options": {"blade": "ceramic"}},
    ]
    text = "please switch the two grinders to the ceramic blade"
    assert _like_items(text, order, chosen_items(text, order) or []) == []


def test_that_a_verb_spelt_like_a_product_is_no_product() -> None:
    from frontline.agent.retail.slots.items import _whole_head

    assert _whole_head("running shoes", "Running Shoes")
    assert _whole_head("skateboard", "Skateboard")
    assert not _whole_head("Charge", "Portable Charger")


def test_that_the_order_an_item_was_in_only_says_which_order() -> None:
    # when the customer says what else the order held
    chosen = chosen_items(
        "i want to send back my backpack, it was in a big order with a vacuum cleaner", ORDER
    )

    # then only the backpack is chosen
    assert chosen == [0]


# two different pairs of one product whose name is plural itself
PAIRS = [
    {"item_id": "1", "name": "Wireless Earbuds", "price": 1.0, "options": {"color": "black"}},
    {"item_id": "2", "name": "Wireless Earbuds", "price": 1.0, "options": {"color": "blue"}},
]


def test_that_twins_of_a_plural_product_named_once_are_not_both_taken() -> None:
    # given an order with two different pairs of one product whose name is plural (PAIRS)
    # when the customer names the product once, in its own (plural) form
    twins = _twins("my earbuds die too fast, I want to swap them", PAIRS, [0, 1])
    both = _twins("both of my earbuds die too fast", PAIRS, [0, 1])

    # then they are twins to ask about, unless the customer says both
    assert twins == [0, 1]
    assert both == []


def test_that_a_twin_said_to_stay_is_not_the_one_described() -> None:
    # when the customer names one pair and says the other is fine, with or without punctuation
    described = described_twin("the BLUE pair. the black pair is fine", PAIRS, [0, 1])
    unpunctuated = described_twin("the blue pair the black pair is fine", PAIRS, [0, 1])
    after = described_twin("the black ones can stay the blue ones go back", PAIRS, [0, 1])

    # then the blue pair is the one meant
    assert described == unpunctuated == after == 1


def test_that_an_order_answer_listing_its_contents_picks_no_item() -> None:
    # an order id, then what the order holds: no item to act on
    assert _describes_order("It's #W6717215: the charger, a makeup kit and a t-shirt.")
    assert _describes_order("#W9810810, with the bookshelf and the kettle")
    # an order id, then what the customer wants: the items are chosen
    assert not _describes_order("#W6717215: the charger, I want it in red")
    assert not _describes_order("#W6717215: the charger please")
