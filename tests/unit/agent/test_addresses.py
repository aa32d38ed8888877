from __future__ import annotations

import pytest

from frontline.agent.retail.addresses import (
    Address,
    address_from_backoffice,
    names_place_of,
    parse_address,
)

FORT_WORTH = Address(
    address1="445 Maple Drive",
    address2="Suite 394",
    city="Fort Worth",
    state="TX",
    country="USA",
    zip="76165",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "please ship it to 123 Elm Street, Apt 4B, Springfield, IL 62704",
            Address("123 Elm Street", "Apt 4B", "Springfield", "IL", "USA", "62704"),
            id="commas-with-apartment",
        ),
        pytest.param(
            "my new address is 1 Main St Suite 300 Austin TX 78701 USA",
            Address("1 Main St", "Suite 300", "Austin", "TX", "USA", "78701"),
            id="no-commas-with-suite-and-country",
        ),
        pytest.param(
            "change it to 742 Evergreen Terrace, Springfield, OR 97403, United States",
            Address("742 Evergreen Terrace", "", "Springfield", "OR", "USA", "97403"),
            id="no-second-line-united-states",
        ),
        pytest.param(
            "445 Maple Drive\nSuite 394\nFort Worth\nTX 76165",
            FORT_WORTH,
            id="newlines",
        ),
        pytest.param(
            "Send it to 742 Evergreen Terrace Springfield OR 97403",
            Address("742 Evergreen Terrace", "", "Springfield", "OR", "USA", "97403"),
            id="no-commas-street-type-ends-street",
        ),
        pytest.param(
            "new address: 500 Broadway, New York, New York 10001",
            Address("500 Broadway", "", "New York", "NY", "USA", "10001"),
            id="full-state-name-same-as-city",
        ),
        pytest.param(
            "55 Pine St #12 Boston, Massachusetts 02108-1234",
            Address("55 Pine St", "#12", "Boston", "MA", "USA", "02108-1234"),
            id="hash-unit-state-name-zip-plus-four",
        ),
        pytest.param(
            "it's 12 Oak Ave St Louis mo 63101, U.S.A.",
            Address("12 Oak Ave", "", "St Louis", "MO", "USA", "63101"),
            id="saint-city-lowercase-state",
        ),
        pytest.param(
            "123 Main St NW, Washington, DC 20001",
            Address("123 Main St NW", "", "Washington", "DC", "USA", "20001"),
            id="street-direction",
        ),
        pytest.param(
            "1200 Route 66 Bldg C; Tulsa; Oklahoma 74101 US",
            Address("1200 Route 66", "Bldg C", "Tulsa", "OK", "USA", "74101"),
            id="numbered-road-building-semicolons",
        ),
        pytest.param(
            "ship to 9 McAllister St, San Diego, CA 92101",
            Address("9 McAllister St", "", "San Diego", "CA", "USA", "92101"),
            id="cased-by-the-customer-kept",
        ),
        pytest.param(
            "ship to 9 harbor view rd apartment 2, san diego, ca 92101",
            Address("9 Harbor View Rd", "Apartment 2", "San Diego", "CA", "USA", "92101"),
            id="lowercase-written-as-addresses-are",
        ),
        pytest.param(
            "I have 3 items, please send them to 12 Oak Rd Floor 2 Austin Texas 78701",
            Address("12 Oak Rd", "Floor 2", "Austin", "TX", "USA", "78701"),
            id="numbers-before-the-address",
        ),
    ],
)
def test_that_an_address_is_read_from_a_message(text: str, expected: Address) -> None:
    # given a customer message with an address in it

    # when it is parsed
    address = parse_address(text)

    # then every part is found, state as a code and country as USA
    assert address == expected


@pytest.mark.parametrize(
    "text",
    [
        "my order #W1234567 has 3 items",
        "62704",
        "my zip is 76165",
        "you can reach me at noah.brown7922@example.com",
        "I live in 90210",
        "445 Maple Drive, Fort Worth",  # no state or zip
        "Fort Worth, TX 76165",  # no street
        "445 Maple Drive, TX 76165",  # no city
        "I bought 2 shirts in Austin TX 78701",
        "",
    ],
)
def test_that_no_address_is_read_when_the_message_has_no_complete_address(text: str) -> None:
    # given a message without a complete address

    # when it is parsed
    address = parse_address(text)

    # then nothing is returned
    assert address is None


def test_that_an_address_converts_to_the_back_office_shape_and_back() -> None:
    # given an address

    # when it is converted to the back office's dict and read back
    data = FORT_WORTH.to_backoffice()

    # then the dict has the back office's keys and the round trip is lossless
    assert data == {
        "address1": "445 Maple Drive",
        "address2": "Suite 394",
        "city": "Fort Worth",
        "country": "USA",
        "state": "TX",
        "zip": "76165",
    }
    assert address_from_backoffice(data) == FORT_WORTH


def test_that_a_back_office_address_may_leave_out_the_second_line_and_country() -> None:
    # given a back-office address without address2 or country
    data = {"address1": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701"}

    # when it is read
    address = address_from_backoffice(data)

    # then address2 is empty and the country is USA
    assert address == Address("1 Main St", "", "Austin", "TX", "USA", "78701")


def test_that_a_back_office_address_without_a_city_is_rejected() -> None:
    # given a back-office address with no city
    data = {"address1": "1 Main St", "address2": "", "state": "TX", "zip": "78701"}

    # when it is read, then the missing field is named
    with pytest.raises(ValueError, match="missing city"):
        address_from_backoffice(data)


def test_that_one_line_joins_the_parts_and_skips_an_empty_second_line() -> None:
    # given addresses with and without a second line
    without_suite = Address("1 Main St", "", "Austin", "TX", "USA", "78701")

    # when they are written on one line, then
    assert FORT_WORTH.one_line() == "445 Maple Drive, Suite 394, Fort Worth, TX 76165, USA"
    assert without_suite.one_line() == "1 Main St, Austin, TX 78701, USA"


DC = {"address1": "565 Maple Drive", "city": "Washington", "state": "DC", "zip": "20307"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ship them to my Washington DC address", True, id="city-and-code"),
        pytest.param("the order that went to washington", True, id="city-any-case"),
        pytest.param("my place in the District of Columbia", True, id="state-name"),
        pytest.param("the DC one", True, id="state-code-in-capitals"),
        pytest.param("my address in Denver", False, id="another-city"),
        pytest.param("dc is short for direct current", False, id="code-in-lower-case"),
        pytest.param("Washingtonville NY", False, id="city-inside-a-longer-word"),
    ],
)
def test_that_a_place_is_named_only_by_its_city_state_name_or_capitalised_code(
    text: str, expected: bool
) -> None:
    # when a message is checked against a back-office address in Washington, DC
    # then only a real mention of that city or state counts
    assert names_place_of(text, DC) is expected
