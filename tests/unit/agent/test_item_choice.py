from __future__ import annotations

from typing import Any

from frontline.agent.mentions import find_mentions
from frontline.agent.slots.items import chosen_items


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
