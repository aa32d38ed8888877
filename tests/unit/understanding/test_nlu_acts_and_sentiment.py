from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from frontline.agent.reading import DialogueAct, analyse_sentiment
from frontline.agent.reading.acts import detect_acts
from frontline.agent.reading.sentiment import vader_compound

DATA = Path(__file__).resolve().parents[3] / "src/frontline/agent/reading/data"


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("yes please, go ahead", DialogueAct.AFFIRM),
        ("Yep that's right", DialogueAct.AFFIRM),
        ("no, don't do that", DialogueAct.DENY),
        ("Actually I meant the other order", DialogueAct.CORRECTION),
        ("thanks a lot!", DialogueAct.THANKS),
        ("Hi there", DialogueAct.GREETING),
        ("that's all, bye", DialogueAct.GOODBYE),
        ("can I talk to a real person", DialogueAct.ASK_HUMAN),
        ("I want to speak with a manager", DialogueAct.ASK_HUMAN),
        ("this is unacceptable", DialogueAct.COMPLAINT),
    ],
)
def test_that_a_customer_turn_shows_its_dialogue_act(text: str, act: DialogueAct) -> None:
    assert act in detect_acts(text)


def test_that_thanks_for_nothing_is_not_thanks() -> None:
    acts = detect_acts("Thanks for nothing.", frustrated=True)

    assert DialogueAct.THANKS not in acts
    assert DialogueAct.COMPLAINT in acts


def test_that_a_no_in_the_middle_is_not_a_deny() -> None:
    assert DialogueAct.DENY not in detect_acts("I said that no one called me back")


def test_that_sarcasm_that_vader_calls_positive_reads_as_frustrated() -> None:
    text = "Great, ANOTHER delay. Just perfect. Thanks for nothing."
    assert vader_compound(text) > 0.5  # the problem this module solves

    sentiment = analyse_sentiment(text)

    assert sentiment.frustrated
    assert sentiment.label == "negative"


def test_that_repeated_contact_that_vader_calls_neutral_reads_as_frustrated() -> None:
    sentiment = analyse_sentiment("This is the third time I'm asking. Where is my refund???")

    assert sentiment.frustrated
    assert sentiment.polarity < 0


def test_that_a_deadline_is_urgent_but_a_plain_question_is_not() -> None:
    assert analyse_sentiment("Please cancel it right away, it was a mistake").urgent
    assert not analyse_sentiment("What colors does the keyboard come in?").urgent


def test_that_a_no_that_answers_a_question_is_no_feeling() -> None:
    # a bare "nope" opening a cheerful closing answers "anything else?"; what follows is felt
    assert not analyse_sentiment("nope all good, thanks!!").frustrated
    assert analyse_sentiment("No. This is terrible, I am so angry!!").frustrated


def test_that_an_order_going_somewhere_else_is_no_threat_to_leave() -> None:
    # the parcel goes somewhere else because the customer moves; the customer going elsewhere
    # is a threat to leave
    assert not analyse_sentiment("I'm moving, so my order needs to go somewhere else").frustrated
    assert analyse_sentiment("Fine, I'll just go somewhere else then.").frustration > 0.3


def test_that_a_polite_complaint_is_not_frustrated() -> None:
    sentiment = analyse_sentiment(
        "Hi, unfortunately the lamp arrived with a cracked base. Could you help?"
    )

    assert not sentiment.frustrated


@pytest.mark.parametrize(
    ("name", "floor"), [("sentiment_eval.csv", 0.95), ("sentiment_holdout.csv", 0.75)]
)
def test_that_frustration_and_urgency_stay_accurate_on_the_labelled_sets(
    name: str, floor: float
) -> None:
    rows = list(csv.DictReader(io.StringIO((DATA / name).read_text(encoding="utf-8"))))
    assert len(rows) >= 80

    results = [(analyse_sentiment(r["text"]), r) for r in rows]

    frustration = sum(s.frustrated == (r["frustrated"] == "1") for s, r in results) / len(rows)
    urgency = sum(s.urgent == (r["urgent"] == "1") for s, r in results) / len(rows)
    assert frustration >= floor
    assert urgency >= floor


def test_that_the_labelled_set_has_at_least_300_varied_messages() -> None:
    rows = list(
        csv.DictReader(io.StringIO((DATA / "sentiment_eval.csv").read_text(encoding="utf-8")))
    )

    assert len(rows) >= 300
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["category"] for r in rows} >= {
        "sarcasm",
        "repeated_contact",
        "threat_to_leave",
        "polite_complaint",
        "neutral_request",
    }
