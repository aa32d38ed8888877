"""The invented people and places of the demo retail store, and its well-known demo customers.

Names are combined at random from our own lists (ASCII only, since user ids and emails are
built from them); places are real US cities with the first three digits of their zip codes,
so a generated address is plausible without being anyone's.
"""

from dataclasses import dataclass


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


FIRST_NAMES: tuple[str, ...] = _words(
    "Adaeze Amara Anders Ananya Arjun Astrid Bao Camila Chiamaka Claire Declan Dmitri "
    "Elif Emre Finn Freya Giulia Grace Hamza Hiroshi Ingrid Joaquin Jun Katarzyna Kavya "
    "Keoni Kofi Kwame Leila Linh Lucia Malia Marcus Mateo Minjun Nathan Nikolai Nour "
    "Olumide Paolo Rachel Rohan Santiago Siobhan Soren Tariq Tevita Thanh Valentina "
    "Ximena Xiulan Yuki Zainab"
)

LAST_NAMES: tuple[str, ...] = _words(
    "Adeyemi Banerjee Becker Bennett Bergstrom Bianchi Brennan Castillo Choi Clarke "
    "Demir Dubois Esposito Fernandes Fischer Foster Gallagher Haddad Herrera Hughes Iyer "
    "Kealoha Khalil Kowalski Laurent Mendoza Mensah Morales Moreau Murphy Nakamura "
    "Nilsen Novak Ortega Park Petrov Pham Reddy Reyes Romano Schmidt Takahashi Tran "
    "Tupou Vargas Volkov Walsh Yilmaz"
)

STREETS: tuple[str, ...] = _words(
    (
        "Alder Way, Aspen Court, Bayberry Circle, Birchwood Drive, Cobblestone Road, "
        "Copper Ridge Road, Dogwood Terrace, Fairmount Street, Foxglove Lane, "
        "Granite Avenue, Harbor View Road, Ironwood Drive, Juniper Court, Kingfisher Way, "
        "Larkspur Street, Magnolia Boulevard, Meadowbrook Road, Northgate Avenue, "
        "Orchard Hill Road, Prairie Rose Drive, Quarry Street, Redbud Lane, Sagebrush Trail, "
        "Tamarack Street, Union Avenue, Vineyard Road, Westfield Drive, Yarrow Court, "
        "Zinnia Place"
    ),
    separator=", ",
)


@dataclass(frozen=True)
class Place:
    """A US city; its zip codes are `zip_prefix` followed by two digits up to `max_suffix`."""

    city: str
    state: str
    zip_prefix: str
    max_suffix: int


PLACES: tuple[Place, ...] = (
    Place("Portland", "OR", "972", 66),
    Place("Minneapolis", "MN", "554", 55),
    Place("Madison", "WI", "537", 26),
    Place("Milwaukee", "WI", "532", 35),
    Place("Boise", "ID", "837", 16),
    Place("Albuquerque", "NM", "871", 23),
    Place("Tucson", "AZ", "857", 56),
    Place("Raleigh", "NC", "276", 17),
    Place("Richmond", "VA", "232", 37),
    Place("Pittsburgh", "PA", "152", 36),
    Place("Cleveland", "OH", "441", 44),
    Place("Kansas City", "MO", "641", 55),
    Place("St. Louis", "MO", "631", 47),
    Place("Omaha", "NE", "681", 64),
    Place("Salt Lake City", "UT", "841", 24),
    Place("Sacramento", "CA", "958", 42),
    Place("Oakland", "CA", "946", 21),
    Place("Spokane", "WA", "992", 24),
    Place("Tampa", "FL", "336", 47),
    Place("Atlanta", "GA", "303", 42),
    Place("Nashville", "TN", "372", 21),
    Place("Louisville", "KY", "402", 45),
    Place("New Orleans", "LA", "701", 30),
    Place("Boston", "MA", "021", 35),
    Place("Providence", "RI", "029", 9),
    Place("Buffalo", "NY", "142", 26),
    Place("Burlington", "VT", "054", 8),
    Place("Baltimore", "MD", "212", 39),
    Place("Las Vegas", "NV", "891", 49),
    Place("Tulsa", "OK", "741", 46),
    Place("Birmingham", "AL", "352", 35),
    Place("Honolulu", "HI", "968", 25),
    Place("Anchorage", "AK", "995", 17),
    Place("Des Moines", "IA", "503", 21),
)


@dataclass(frozen=True)
class DemoPaymentMethod:
    """A fixed payment method of a demo customer (brand and last four for cards only)."""

    source: str
    id: str
    brand: str = ""
    last_four: str = ""
    balance: float = 0.0


@dataclass(frozen=True)
class DemoCustomer:
    """A customer who is the same in every generated store, for demos and the README.

    Their orders hold the named products (the variants depend on the seed); the delivered
    order comes first in their order list and the pending one last, as the newest.
    """

    user_id: str
    first_name: str
    last_name: str
    email: str
    address1: str
    address2: str
    city: str
    state: str
    zip: str
    payment_methods: tuple[DemoPaymentMethod, ...]
    delivered_order_id: str
    delivered_products: tuple[str, ...]
    pending_order_id: str
    pending_products: tuple[str, ...]
    try_saying: str


DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (
    DemoCustomer(
        user_id="maren_okafor_4821",
        first_name="Maren",
        last_name="Okafor",
        email="maren.okafor7314@example.com",
        address1="1482 Larkspur Street",
        address2="Apt 3B",
        city="Portland",
        state="OR",
        zip="97214",
        payment_methods=(
            DemoPaymentMethod("credit_card", "credit_card_5092847", "visa", "4417"),
            DemoPaymentMethod("gift_card", "gift_card_7730215", balance=64.2),
        ),
        delivered_order_id="#W5150372",
        delivered_products=("Floor Lamp", "Throw Blanket"),
        pending_order_id="#W5150419",
        pending_products=("French Press", "Cast Iron Skillet"),
        try_saying=(
            "I want to return the floor lamp from my delivered order, "
            "my email is maren.okafor7314@example.com"
        ),
    ),
    DemoCustomer(
        user_id="rafael_lindqvist_2096",
        first_name="Rafael",
        last_name="Lindqvist",
        email="rafael.lindqvist5583@example.com",
        address1="77 Magnolia Boulevard",
        address2="",
        city="Raleigh",
        state="NC",
        zip="27605",
        payment_methods=(
            DemoPaymentMethod("paypal", "paypal_3318460"),
            DemoPaymentMethod("credit_card", "credit_card_8846201", "mastercard", "0932"),
        ),
        delivered_order_id="#W6027714",
        delivered_products=("Rain Jacket", "Wool Sweater"),
        pending_order_id="#W6027751",
        pending_products=("Camping Tent", "Sleeping Bag", "Trekking Poles"),
        try_saying=(
            "Please cancel my pending order with the camping tent, I ordered it by mistake. "
            "My email is rafael.lindqvist5583@example.com"
        ),
    ),
    DemoCustomer(
        user_id="hana_whitaker_6650",
        first_name="Hana",
        last_name="Whitaker",
        email="hana.whitaker3902@example.com",
        address1="2210 Tamarack Street",
        address2="Unit 12",
        city="Minneapolis",
        state="MN",
        zip="55408",
        payment_methods=(
            DemoPaymentMethod("credit_card", "credit_card_2209571", "amex", "1008"),
            DemoPaymentMethod("gift_card", "gift_card_4471938", balance=150.0),
        ),
        delivered_order_id="#W7304482",
        delivered_products=("Computer Monitor", "USB-C Hub"),
        pending_order_id="#W7304526",
        pending_products=("Standing Desk", "Table Lamp"),
        try_saying=(
            "I don't remember my email. I'm Hana Whitaker, zip code 55408: "
            "has my standing desk shipped yet?"
        ),
    ),
)
"""Customers to try the agent with. The generator also adds lookalikes of the last one
(a namesake in another zip code, and a neighbour with the same first name), so signing in
by name and zip code needs all three."""
