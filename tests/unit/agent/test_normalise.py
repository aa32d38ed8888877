"""What a message is read as: fillers dropped, misspelt key words corrected, nothing else."""

from __future__ import annotations

import pytest

from frontline.agent.reading.normalise import with_key_words_spelt, without_fillers
from frontline.agent.retail.pack import RETAIL


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("um, yes go ahead", "yes go ahead"),
        ("so basically i want to return the lamp", "i want to return the lamp"),
        ("i want, uh, the black one", "i want the black one"),
        ("hmm, so, yes please", "yes please"),
        ("Well-known brand", "Well-known brand"),
        ("so\n123 Main St\nAustin, TX 78701", "123 Main St\nAustin, TX 78701"),
        ("So", "So"),
        ("Hi! My boots have not arrived yet.", "My boots have not arrived yet."),
        ("hey there, i want to return the lamp", "i want to return the lamp"),
        ("Hi there!", "Hi there!"),
        ("Highland Drive 12", "Highland Drive 12"),
    ],
)
def test_that_fillers_are_not_read(text: str, read: str) -> None:
    assert without_fillers(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("i need to retrun the lamp", "i need to return the lamp"),
        ("excahnge it and cancle #W1234567", "exchange it and cancel #W1234567"),
        ("charge my card", "charge my card"),
        ("anya kovacs, nguyen", "anya kovacs, nguyen"),
        ("quiero cancelar mi pedido", "quiero cancelar mi pedido"),
        ("mail retrun@example.com", "mail retrun@example.com"),
    ],
)
def test_that_only_misspelt_key_words_are_corrected(text: str, read: str) -> None:
    assert with_key_words_spelt(text, RETAIL.key_words) == read
