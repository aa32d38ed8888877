"""Write ``messages.jsonl``: support messages labelled with the personal data they hold.

Run ``python tests/data/pii/generate.py`` to rebuild it (seeded: the same file every time).
Each line is ``{"text": str, "spans": [{"kind", "start", "end"}]}``. Messages are built from
templates written like real support messages (chat and email, several countries) filled with
generated values; about half hold no personal data at all, and many hold numbers that look
like it but are not: order numbers, item ids, prices, dates, tracking numbers, zip codes.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

OUT = Path(__file__).parent / "messages.jsonl"

FIRST = [
    "Anna",
    "Liam",
    "Olivia",
    "Noah",
    "Emma",
    "Yusuf",
    "Priya",
    "Arjun",
    "Sofia",
    "Lucas",
    "Mia",
    "Mateo",
    "Chloe",
    "Hannah",
    "Jonas",
    "Lea",
    "Camille",
    "Louis",
    "Manon",
    "Hugo",
    "Aarav",
    "Ananya",
    "Rohan",
    "Kavya",
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ethan",
    "Fatima",
    "Mohammed",
    "Aisha",
    "Chen",
    "Mei",
    "Kenji",
    "Yuki",
    "Ivan",
    "Olga",
    "Lena",
    "Felix",
    "Maximilian",
    "Clara",
    "Siobhan",
    "Declan",
    "Grace",
    "Zara",
    "Omar",
    "Elif",
    "Mehmet",
    "Ingrid",
    "Lars",
    "Beatriz",
    "Joao",
]
LAST = [
    "Kowalski",
    "Rossi",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Garcia",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Dubois",
    "Martin",
    "Bernard",
    "Lefebvre",
    "Moreau",
    "Sharma",
    "Patel",
    "Gupta",
    "Iyer",
    "Reddy",
    "Nair",
    "Taylor",
    "Evans",
    "Hughes",
    "Walker",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Nguyen",
    "Tanaka",
    "Kim",
    "Ivanova",
    "Petrov",
    "Andersson",
    "Larsen",
    "Silva",
    "Santos",
    "Costa",
    "Yilmaz",
    "Demir",
    "Khan",
    "Ahmed",
    "Thomas",
    "Wright",
    "Baker-Jones",
    "Lopez",
]
STREETS = [
    "Main",
    "Oak",
    "Maple",
    "Cedar",
    "Elm",
    "Park",
    "Lake",
    "Hill",
    "Baker",
    "Station",
    "Church",
    "Victoria",
    "Mill",
    "High",
    "King",
    "Queen",
    "Sunset",
    "Washington",
    "Lincoln",
    "Jefferson",
    "Madison",
    "Pine",
    "Willow",
    "Birch",
    "Chestnut",
    "Highland",
    "Riverside",
    "Fairview",
    "Greenwood",
    "Spring",
    "Ash",
]
US_SUFFIX = [
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Road",
    "Rd",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Boulevard",
    "Blvd",
    "Court",
    "Ct",
    "Way",
    "Place",
]
UK_SUFFIX = [
    "Road",
    "Street",
    "Lane",
    "Close",
    "Crescent",
    "Gardens",
    "Terrace",
    "Grove",
    "Avenue",
    "Way",
    "Mews",
]
US_CITIES = [
    ("Springfield", "IL"), ("Austin", "TX"), ("Portland", "OR"), ("Denver", "CO"),
    ("Columbus", "OH"), ("San Jose", "CA"), ("Boston", "MA"), ("Seattle", "WA"),
    ("Atlanta", "GA"), ("Phoenix", "AZ"), ("Madison", "WI"), ("Raleigh", "NC"),
]  # fmt: skip
UK_TOWNS = ["London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "York", "Bath"]
PRODUCTS = [
    "water bottle",
    "hiking boots",
    "office chair",
    "desk lamp",
    "t-shirt",
    "backpack",
    "wireless earbuds",
    "coffee maker",
    "yoga mat",
    "smart watch",
    "jigsaw puzzle",
    "tea kettle",
    "skateboard",
    "laptop",
    "sunglasses",
    "mechanical keyboard",
    "running shoes",
    "air purifier",
    "bluetooth speaker",
    "gaming mouse",
]
MAIL_DOMAINS = [
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "web.de",
    "orange.fr",
    "example.com",
    "proton.me",
    "hotmail.de",
    "rediffmail.com",
    "icloud.com",
    "company.co.in",
]


def luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def iban(rng: random.Random, country: str, length: int) -> str:
    account = "".join(rng.choice("0123456789") for _ in range(length - 4))
    if country == "GB":
        account = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + account[4:]
    number = int("".join(str(int(c, 36)) for c in account + country + "00"))
    compact = f"{country}{98 - number % 97:02d}{account}"
    if rng.random() < 0.6:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.person = (rng.choice(FIRST), rng.choice(LAST))

    def choice(self, values: list[str] | tuple[str, ...]) -> str:
        return self.rng.choice(values)

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    # --- personal data -------------------------------------------------------------------
    def name(self) -> str:
        first, last = self.person
        return self.choice([f"{first} {last}", f"{first} {last}", first, f"{first} {last[0]}."])

    def lower_name(self) -> str:
        return f"{self.person[0]} {self.person[1]}".lower()

    def email(self) -> str:
        first, last = (re.sub(r"[^a-z]", "", p.lower().replace("ü", "u")) for p in self.person)
        local = self.choice(
            [f"{first}.{last}", f"{first}{last[0]}", f"{first}_{last}{self.digits(2)}",
             f"{last}.{first}+shop", f"{first[0]}{last}"]
        )  # fmt: skip
        return f"{local}@{self.choice(MAIL_DOMAINS)}"

    def phone(self) -> str:
        d = self.digits
        return self.choice([
            f"({d(3)}) 555-{d(4)}", f"415-555-{d(4)}", f"212.555.{d(4)}", f"+1 646 555 {d(4)}",
            f"1-800-555-{d(4)}", f"07700 9{d(5)}", f"020 7946 {d(4)}", f"+44 7700 9{d(5)}",
            f"+44 (0)161 496 {d(4)}", f"030 {d(8)}", f"0151 {d(8)}", f"+49 30 {d(7)}",
            f"+49 (0)89 {d(6)}", f"06 {d(2)} {d(2)} {d(2)} {d(2)}", f"01.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
            f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}", f"+91 98{d(3)} {d(5)}", f"9{d(4)} {d(5)}",
            f"+91-80-{d(4)}-{d(4)}", f"+61 4{d(2)} {d(3)} {d(3)}", f"+34 6{d(2)} {d(3)} {d(3)}",
        ])  # fmt: skip

    def card(self) -> str:
        rng = self.rng
        kind = rng.choice(["visa", "mc", "amex", "disc", "visa13"])
        prefix, n = {
            "visa": ("4", 16), "mc": (f"5{rng.randint(1, 5)}", 16), "amex": ("37", 15),
            "disc": ("6011", 16), "visa13": ("4", 13),
        }[kind]  # fmt: skip
        body = prefix + self.digits(n - len(prefix) - 1)
        number = body + luhn_digit(body)
        style = rng.choice(["space", "dash", "plain", "space"])
        if kind == "amex":
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i : i + 4] for i in range(0, len(number), 4)]
        if style == "plain":
            return number
        return (" " if style == "space" else "-").join(groups)

    def iban(self) -> str:
        country, length = self.choice(
            [("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24), ("IT", 27), ("BE", 16)]
        )
        if country in ("FR", "IT"):
            return (
                iban(self.rng, country, length).replace(" ", "")
                if self.rng.random() < 0.3
                else iban(self.rng, country, length)
            )
        return iban(self.rng, country, length)

    def address(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            city, state = rng.choice(US_CITIES)
            street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(US_SUFFIX)}"
            if rng.random() < 0.3:
                street += rng.choice(
                    [
                        f", Apt {rng.randint(1, 40)}",
                        f" Suite {rng.randint(100, 999)}",
                        f" #{rng.randint(1, 30)}",
                    ]
                )
            return rng.choice(
                [street, f"{street}, {city}, {state} {self.digits(5)}", f"{street}, {city} {state}"]
            )
        town = rng.choice(UK_TOWNS)
        postcode = f"{rng.choice(['SW', 'NW', 'M', 'LS', 'BS', 'G', 'CF', 'E'])}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTUWX')}"
        street = f"{rng.randint(1, 250)} {rng.choice(STREETS)} {rng.choice(UK_SUFFIX)}"
        if rng.random() < 0.25:
            street = f"Flat {rng.randint(1, 12)}, {street}"
        return rng.choice([street, f"{street}, {town} {postcode}", f"{street}, {town}"])

    # --- look-alikes that are not personal data --------------------------------------------
    def order(self) -> str:
        return self.choice([f"#W{self.digits(7)}", f"W{self.digits(7)}", f"#{self.digits(6)}"])

    def item(self) -> str:
        return str(self.rng.randint(1_000_000_000, 9_999_999_999))

    def price(self) -> str:
        return self.choice(
            [
                f"${self.rng.randint(5, 900)}.{self.digits(2)}",
                f"€{self.rng.randint(5, 400)},{self.digits(2)}",
                f"£{self.rng.randint(5, 300)}",
                f"{self.rng.randint(5, 999)}.99 USD",
                f"Rs. {self.rng.randint(300, 90000)}",
            ]
        )

    def date(self) -> str:
        d, m = self.rng.randint(1, 28), self.rng.randint(1, 12)
        return self.choice(
            [
                f"{m}/{d}/2026",
                f"{d:02d}.{m:02d}.2026",
                f"2026-{m:02d}-{d:02d}",
                f"{d} March",
                f"{d:02d}/{m:02d}/26",
            ]
        )

    def tracking(self) -> str:
        return self.choice(
            [
                f"1Z{self.digits(3)}AA1{self.digits(10)}",
                f"9400 1{self.digits(3)} {self.digits(4)} {self.digits(4)} {self.digits(4)} {self.digits(2)}",
                self.digits(12),
                f"JD0{self.digits(15)}GB",
                f"{self.digits(22)}",
            ]
        )

    def zip(self) -> str:
        return self.choice(
            [
                self.digits(5),
                f"{self.digits(5)}-{self.digits(4)}",
                f"{self.rng.randint(10, 99)}{self.digits(3)}",
            ]
        )

    def product(self) -> str:
        return self.choice(PRODUCTS)

    def qty(self) -> str:
        return str(self.rng.randint(1, 12))

    def bad_card(self) -> str:
        body = "4" + self.digits(14)
        wrong = str((int(luhn_digit(body)) + self.rng.randint(1, 9)) % 10)
        number = body + wrong
        return " ".join(number[i : i + 4] for i in range(0, 16, 4))


PII_KINDS = {
    "name": "name", "lower_name": "name", "email": "email", "phone": "phone",
    "card": "card", "iban": "iban", "address": "address",
}  # fmt: skip

WITH_PII = [
    "Hi, my name is {name} and I want to return the {product} from order {order}.",
    "hello my name is {lower_name}, my email is {email}",
    "I'm {name}. Can you check order {order}? It was supposed to arrive on {date}.",
    "This is {name}, I ordered a {product} for {price} and it never came.",
    "Please update my shipping address to {address}.",
    "I moved! New address: {address}. Order {order} hasn't shipped yet right?",
    "can you send it to {address} instead",
    "You can reach me at {phone} any time after 5pm.",
    "My phone number is {phone}, please call me about the refund.",
    "call me on {phone}",
    "Email me at {email} when the {product} is back in stock.",
    "my email is {email} and zip is {zip}",
    "{email}",
    "The account email is {email}, not the one on the invoice.",
    "I paid with my card {card} but was charged twice ({price}).",
    "card number {card} exp 09/27 - please refund to this card",
    "Can I pay with a different card? {card}",
    "Please send the refund to my bank account {iban}.",
    "IBAN: {iban}\nAccount holder: {name}",
    "Refund to IBAN {iban} please, the card is closed.",
    "Hi,\n\nthe {product} arrived broken. Order {order}.\n\nThanks,\n{name}",
    "Hello,\nI never got my parcel (tracking {tracking}).\n\nKind regards,\n{name}",
    "Dear support,\nplease cancel order {order}.\nBest regards,\n{name}\n{phone}",
    "Hi there, the tracking number {tracking} shows delivered but nothing is here.\nCheers,\n{name}",
    "I'd like to exchange item {item} for a larger size.\n\nRegards,\n{name}\n{address}",
    "Name: {name}\nEmail: {email}\nPhone: {phone}\nIssue: wrong colour",
    "I'm {name}, {email}, and I need to change the address on order {order} to {address}",
    "{name} here. Phone {phone}. The {product} stopped working after {qty} days.",
    "Please ship the replacement to {address}. You can text me at {phone}.",
    "hi its about order {order}, my mobile is {phone}",
    "Bonjour, je suis {name}, mon numéro est {phone}. Merci",
    "Hallo, meine IBAN ist {iban}. Bitte erstatten Sie {price}.",
    "Namaste, this is {name} from Bangalore, my number is {phone}.",
    "i used card {card} for order {order} and it says payment failed",
    "Hi,\nmy billing address is {address}, the card ending is wrong.\nThanks\n{name}",
    "Is it possible to deliver to my work address, {address}?",
    "Contact: {email} / {phone}",
    "My name is {name}. Zip code {zip}. I want to know the status of {order}.",
    "my name is {lower_name} and my zip is {zip}",
    "Sorry, typo - the email should be {email}",
    "I was charged {price} on {date} on card {card}, which I did not authorise.",
    "Could you refund to {iban} instead of the gift card?",
    "Hello, this is {name} calling back about ticket {order}. My number: {phone}",
    "order {order} for {name}, deliver to {address}",
    "Thanks for your help!\n\n-- {name}",
    "The courier said to contact you. I'm at {address} all day.",
    "Hi, I'm {name} and I live at {address}. The {product} I got is the wrong one.",
    "Please remove my number {phone} from your SMS list.",
    "Hey! It's my partner's order, her email is {email}.",
    "I can't log in with {email}, can you reset it?",
]
WITHOUT_PII = [
    "Where is my order {order}?",
    "I want to return the {product}, it doesn't fit.",
    "The {product} (item {item}) is listed at {price} but I was charged more.",
    "My zip code is {zip}.",
    "zip {zip}",
    "Tracking {tracking} hasn't moved since {date}.",
    "Can I exchange item {item} for the blue one?",
    "I ordered {qty} of them on {date} but only got one.",
    "What is your return policy for opened items?",
    "Do you ship to Canada?",
    "The order number is {order} and the total was {price}.",
    "Hi, the {product} arrived with a scratch. Order {order}, item {item}.",
    "I'm looking for a {product} under {price}.",
    "I'm really upset, this is the third time I'm writing!",
    "This is urgent, I need the {product} by {date}.",
    "Thanks, that solved it!",
    "yes please cancel it",
    "no, the other one",
    "Is the {product} waterproof?",
    "My reference is {bad_card} according to the receipt.",
    "Invoice {order} dated {date}, amount {price}.",
    "I got order {order} and {order} mixed up, sorry.",
    "I'm not sure which size to pick, I usually wear 42.",
    "Can you tell me when {order} will be delivered? The page says {date}.",
    "The package weighs 2.5 kg and the box is 40 x 30 x 20 cm.",
    "Please cancel the second item ({item}), keep the rest.",
    "Parcel {tracking} is stuck in customs.",
    "Product code {item}, colour black, size M.",
    "It says 'out of stock' since {date}, any news?",
    "Hello? Anyone there?",
    "I'd like a refund of {price} for order {order}.",
    "Do you have this in 3 colours? The 2 pack was {price}.",
    "I'm happy with the replacement, thank you very much.",
    "Serial number SN-{item}-X, it won't turn on.",
    "Hi team,\nthe {product} is great but the strap broke after {qty} weeks.\nThanks!",
    "My order was placed at 10:45 on {date}.",
    "The coupon SAVE20 didn't apply to order {order}.",
    "Ordered 2 x {product} and 1 x {product}, total {price}.",
    "The estimated delivery is between {date} and {date}.",
    "Postcode area only: {zip} - do you deliver there?",
]


# Written by hand, labels inline as [[kind:value]]: forms the templates above do not cover.
HANDWRITTEN = [
    "I'm Canadian, do you ship to Toronto?",
    "I'm [[name:Sam]], order #W2378156 is late",
    "hi im [[name:priya iyer]]",
    "name's [[name:Tom Baker]], zip 10001",
    "My number changed, it's now [[phone:+44 20 7946 0018]].",
    "Reach me on WhatsApp: [[phone:+91 99887 76655]]",
    "Tel. [[phone:+49 (0)40 4133 2270]]",
    "call [[phone:(312) 555-0187]] after 6",
    "ph: [[phone:0412 555 219]]",
    "my cell is [[phone:6505550143]]",
    "item 6505550143 is the wrong size",
    "The invoice total was $1,249.00 incl. VAT.",
    "Delivery window 09:00-13:00 on 04/12/2026.",
    "The box says model 2026-07-XL.",
    "my card [[card:4111 1111 1111 1111]] got declined",
    "Amex [[card:3782 822463 10005]] please",
    "ref 4000 1234 5678 9010 on the statement",
    "Gift card code 6035 7199 9999 9999 91 didn't work",
    "IBAN [[iban:GB82 WEST 1234 5698 7654 32]] (Lloyds)",
    "please wire to [[iban:DE89370400440532013000]]",
    "NL91ABNA04171643 is what the form shows but it's rejected",
    "Send it to [[address:1600 Pennsylvania Avenue, Washington, DC 20500]] lol",
    "New address: [[address:221B Baker Street, London NW1 6XE]]",
    "ship to [[address:42 wallaby way]], sydney",
    "I live on Main Street but the parcel went to the neighbours.",
    "The store on 5th Avenue told me to contact you.",
    "I bought 3 Way Adapters and 2 Road Bikes",
    "apt [[address:4B, 17 Elm Street, Springfield, IL 62704]]",
    "deliver to [[address:Flat 3, 88 Station Road, Bristol BS1 4DJ]] please",
    "Best,\n[[name:Jonas Weber]]",
    "Thank you!\n[[name:Mei]]",
    "Regards\n[[name:Declan Murphy]]\nSent from my iPhone",
    "Sent from my iPhone",
    "This is Amazon order 113-4567890-1234567, can you match the price?",
    "This is [[name:Ingrid Larsen]] again about the broken lamp.",
    "Hi, [[name:Grace Hughes]] here - still waiting on my refund",
    "My wife [[name:Elif]] placed the order with [[email:elif.demir@web.de]]",
    "contact [[email:support-team@shop.example.org]] said to write here",
    "my login is john(at)gmail.com",
    "Order W4471212 / item 7583924015 / qty 2 / $38.50",
    "Tracking: 1Z999AA10123456784",
    "USPS 9400 1118 9922 3397 4511 23 shows delivered",
    "Zip 94107, Suite 300",
    "Postcode M1 1AE",
    "I paid 49,99 € on 03.11.2026 at 14:32.",
    "The order from 2026-11-03 with 4 items, total 129.97",
    "phone number on the account ends in 4567",
    "Please call me, number is [[phone:020 3966 4127]]",
    "Kindly refund to my SBI account, IFSC SBIN0001234",
    "Mein Name ist [[name:Lena Fischer]], Bestellung W8812345",
    "Je m'appelle [[name:Camille Moreau]], mon adresse: 12 rue de la Paix, Paris",
    "My name is [[name:Aarav Gupta]] and I live at [[address:77 Park Lane, London W1K 7TN]]",
]


def handwritten(line: str) -> dict[str, object]:
    text = ""
    spans: list[dict[str, object]] = []
    for part in re.split(r"(\[\[\w+:[^\]]+\]\])", line):
        match = re.fullmatch(r"\[\[(\w+):([^\]]+)\]\]", part)
        if match:
            spans.append({"kind": match[1], "start": len(text), "end": len(text) + len(match[2])})
            text += match[2]
        else:
            text += part
    return {"text": text, "spans": spans}


def render(template: str, gen: Gen) -> dict[str, object]:
    text = ""
    spans: list[dict[str, object]] = []
    for part in re.split(r"(\{\w+\})", template):
        match = re.fullmatch(r"\{(\w+)\}", part)
        if not match:
            text += part
            continue
        key = match[1]
        value = getattr(gen, key)()
        if key in PII_KINDS:
            spans.append(
                {"kind": PII_KINDS[key], "start": len(text), "end": len(text) + len(value)}
            )
        text += value
    return {"text": text, "spans": spans}


def main() -> None:
    rng = random.Random(20261203)
    rows = [render(t, Gen(rng)) for t in WITH_PII for _ in range(4)]
    rows += [render(t, Gen(rng)) for t in WITHOUT_PII for _ in range(4)]
    rows += [handwritten(line) for line in HANDWRITTEN]
    rng.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} messages written to {OUT}")


if __name__ == "__main__":
    main()
