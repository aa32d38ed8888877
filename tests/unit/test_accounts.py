"""Staff accounts: argon2 password hashes, unique usernames, one vague login error."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from frontline.bootstrap import Frontline
from frontline.domain.errors import Conflict, InvalidInput, Unauthorized
from frontline.domain.staff import Role
from frontline.services.accounts import authenticate_staff, create_staff_user
from frontline.storage.tables import staff_users


def test_that_an_admin_can_create_a_user_whose_password_is_stored_as_an_argon2_hash(
    frontline: Frontline,
) -> None:
    # when a user is created
    user = create_staff_user(
        frontline.store, "Ana.Lopez", "s3cret-enough", Role.agent, queues=["Billing", "general"]
    )

    # then the username is normalized, queues kept, and only an argon2id hash is stored
    assert (user.username, user.queues) == ("ana.lopez", ("billing", "general"))
    with frontline.engine.connect() as connection:
        stored = connection.execute(select(staff_users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert "s3cret-enough" not in stored


def test_that_a_user_can_log_in_with_their_password_only(frontline: Frontline) -> None:
    # given a user
    create_staff_user(frontline.store, "ana", "s3cret-enough", Role.supervisor)

    # then the right password logs in, and a wrong one or an unknown user fail alike
    assert authenticate_staff(frontline.store, "ANA", "s3cret-enough").role is Role.supervisor
    with pytest.raises(Unauthorized, match="wrong username or password"):
        authenticate_staff(frontline.store, "ana", "s3cret-enougH")
    with pytest.raises(Unauthorized, match="wrong username or password"):
        authenticate_staff(frontline.store, "bob", "s3cret-enough")


def test_that_an_admin_cannot_create_two_users_with_one_username(frontline: Frontline) -> None:
    create_staff_user(frontline.store, "ana", "s3cret-enough", Role.agent)
    with pytest.raises(Conflict):
        create_staff_user(frontline.store, "ANA", "another-one-1", Role.agent)


@pytest.mark.parametrize(("username", "password"), [("ana", "short"), ("a b", "long enough pw")])
def test_that_an_admin_cannot_create_a_user_with_a_weak_password_or_odd_username(
    frontline: Frontline, username: str, password: str
) -> None:
    with pytest.raises(InvalidInput):
        create_staff_user(frontline.store, username, password, Role.agent)
