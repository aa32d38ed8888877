from __future__ import annotations

from frontline.agent.reading import Entity, EntityConfig, EntityKind, extract_entities


def kinds_and_values(entities: list[Entity]) -> list[tuple[EntityKind, str]]:
    return [(e.kind, e.value) for e in entities]


def test_that_order_ids_are_found_with_or_without_the_hash() -> None:
    text = "cancel #W2378156 and tell me where w4817420 is"

    entities = extract_entities(text)

    assert kinds_and_values(entities) == [
        (EntityKind.ORDER_ID, "#W2378156"),
        (EntityKind.ORDER_ID, "#W4817420"),
    ]
    assert text[entities[0].start : entities[0].end] == "#W2378156"


def test_that_a_back_office_can_configure_its_own_order_id_pattern() -> None:
    config = EntityConfig(order_id_pattern=r"\bORD-\d{5}\b", order_id_prefix="")

    entities = extract_entities("my order ORD-12345 never came, not #W2378156", config)

    assert kinds_and_values(entities) == [(EntityKind.ORDER_ID, "ORD-12345")]


def test_that_contact_details_are_extracted() -> None:
    text = "Email me at Yusuf.Rossi7301@example.com or call (215) 555-0142, zip 19122."

    found = kinds_and_values(extract_entities(text))

    assert (EntityKind.EMAIL, "yusuf.rossi7301@example.com") in found
    assert (EntityKind.PHONE, "2155550142") in found
    assert (EntityKind.ZIP_CODE, "19122") in found


def test_that_a_customer_introducing_themselves_gives_a_person() -> None:
    for text in ("Hi, this is Yusuf Rossi.", "my name is Mei Kovacs", "I'm Arjun Patel, hello"):
        persons = [e.value for e in extract_entities(text) if e.kind is EntityKind.PERSON]
        assert len(persons) == 1, text
    assert [
        e.value for e in extract_entities("this is Yusuf Rossi") if e.kind is EntityKind.PERSON
    ] == ["Yusuf Rossi"]


def test_that_ordinary_sentences_are_not_names() -> None:
    for text in ("This is ridiculous", "I'm Very Sorry", "this is the third time", "I'm not sure"):
        assert not [e for e in extract_entities(text) if e.kind is EntityKind.PERSON], text


def test_that_amounts_are_normalised() -> None:
    found = kinds_and_values(extract_entities("I paid $1,254.20 but was refunded 30 dollars"))

    assert found == [(EntityKind.AMOUNT, "1254.20"), (EntityKind.AMOUNT, "30")]


def test_that_dates_are_normalised_to_iso() -> None:
    found = kinds_and_values(
        extract_entities("ordered on 2024-05-03, delivered 5/9/2024, due May 21st, or tomorrow")
    )

    assert found == [
        (EntityKind.DATE, "2024-05-03"),
        (EntityKind.DATE, "2024-05-09"),
        (EntityKind.DATE, "--05-21"),
        (EntityKind.DATE, "tomorrow"),
    ]


def test_that_payment_method_mentions_are_recognised() -> None:
    text = "Refund it to my PayPal, not the gift card or the Visa ending 4421"

    found = kinds_and_values(extract_entities(text))

    assert found == [
        (EntityKind.PAYMENT_METHOD, "paypal"),
        (EntityKind.PAYMENT_METHOD, "gift_card"),
        (EntityKind.PAYMENT_METHOD, "credit_card;brand=visa;last_four=4421"),
    ]


def test_that_an_order_id_is_not_also_read_as_a_phone_or_zip() -> None:
    found = kinds_and_values(extract_entities("order #W2378156"))

    assert found == [(EntityKind.ORDER_ID, "#W2378156")]
