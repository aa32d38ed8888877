from __future__ import annotations

import pytest

from frontline.agent.reading import LanguageIdentifier


@pytest.fixture(scope="module")
def languages() -> LanguageIdentifier:
    return LanguageIdentifier()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("where is my order", "en"),
        ("¿Dónde está mi pedido? Lo necesito hoy", "es"),
        ("Bonjour, je voudrais annuler ma commande", "fr"),
        ("Wo ist meine Bestellung?", "de"),
        ("Quero cancelar a minha encomenda", "pt"),
    ],
)
def test_that_the_language_of_a_message_is_identified(
    languages: LanguageIdentifier, text: str, code: str
) -> None:
    assert languages.identify(text).code == code


@pytest.mark.parametrize("text", ["", "   ", "12345", "!!!", "\x00\x01"])
def test_that_text_without_letters_has_no_language(
    languages: LanguageIdentifier, text: str
) -> None:
    assert languages.identify(text).code == "und"


def test_that_mixed_scripts_are_flagged(languages: LanguageIdentifier) -> None:
    guess = languages.identify("Привет, where is 我的 order?")

    assert guess.mixed_script
