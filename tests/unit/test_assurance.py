"""Identity assurance: levels, signatures, codes in messages, and the settings that pick them."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from frontline.config import Environment, Settings
from frontline.domain.assurance import (
    Assurance,
    code_in,
    meets,
    sign_identity,
    signature_is_valid,
)


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]  # accepted at run time


def test_that_a_level_meets_the_levels_at_or_below_it() -> None:
    assert meets(Assurance.signed, Assurance.one_time_code)
    assert meets(Assurance.one_time_code, Assurance.knowledge)
    assert not meets(Assurance.knowledge, Assurance.one_time_code)
    assert not meets(Assurance.one_time_code, Assurance.signed)
    assert not meets(None, Assurance.knowledge)


def test_that_only_the_right_secret_and_value_make_a_valid_signature() -> None:
    signature = sign_identity("s3cret", "mia@example.com")
    assert signature_is_valid("s3cret", "mia@example.com", signature)
    assert signature_is_valid("s3cret", "mia@example.com", signature.upper())
    assert not signature_is_valid("other", "mia@example.com", signature)
    assert not signature_is_valid("s3cret", "eve@example.com", signature)
    assert not signature_is_valid("s3cret", "mia@example.com", "")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("482913", "482913"),
        ("my code is 482 913.", "482913"),
        ("order #W2378156", None),
        ("zip 10001", None),
        ("call 555-123-4567", None),
        ("123456 or 654321", None),
    ],
)
def test_that_a_code_is_read_only_when_a_message_gives_exactly_one(
    text: str, code: str | None
) -> None:
    assert code_in(text) == code


def test_that_development_keeps_knowledge_and_production_needs_a_code_for_writes() -> None:
    assert _settings().assurance_for_writes is Assurance.knowledge
    production = _settings(environment=Environment.production, secret_key=SecretStr("x" * 32))
    assert production.assurance_for_writes is Assurance.one_time_code
    explicit = _settings(
        environment=Environment.production,
        secret_key=SecretStr("x" * 32),
        identity_assurance=Assurance.knowledge,
    )
    assert explicit.assurance_for_writes is Assurance.knowledge


def test_that_signed_assurance_without_a_signing_secret_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="SIGNING_SECRET"):
        _settings(identity_assurance=Assurance.signed)
