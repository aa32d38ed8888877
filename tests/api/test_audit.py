"""The audit log: what is recorded, who may read it, and how tampering shows."""

from __future__ import annotations

from console_helpers import PASSWORD, log_in, make_staff
from fastapi.testclient import TestClient
from sqlalchemy import text

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role
from frontline.services.audit import audit_entries, record_audit, verify_audit_log
from frontline.services.tokens import create_api_token


def _seed(frontline: Frontline, count: int) -> None:
    for n in range(count):
        with frontline.store.transaction() as tx:
            record_audit(tx, "cli", "settings.test", f"thing:{n}", {"n": n, "note": "ünïcode"})


def test_that_verification_finds_a_changed_entry(frontline: Frontline) -> None:
    # given an intact log of five entries
    _seed(frontline, 5)
    assert verify_audit_log(frontline.store).intact
    assert verify_audit_log(frontline.store).checked == 5

    # when someone edits the third entry's details in the database
    with frontline.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET details = :d WHERE seq = 3"), {"d": '{"n":99,"note":"x"}'}
        )

    # then verification names that entry
    result = verify_audit_log(frontline.store)
    assert result.broken_at == 3
    assert result.checked == 2


def test_that_verification_finds_a_removed_entry_even_the_last(frontline: Frontline) -> None:
    # given a log of four entries whose last one is deleted
    _seed(frontline, 4)
    with frontline.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 4"))

    # then the head still names it and verification fails there
    assert verify_audit_log(frontline.store).broken_at == 4

    # and a deleted entry in the middle breaks the chain at its place
    with frontline.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    assert verify_audit_log(frontline.store).broken_at == 2


def test_that_an_entry_rewritten_with_a_recomputed_hash_still_breaks_the_next(
    frontline: Frontline,
) -> None:
    # given entry 2 rewritten by someone who also recomputed its own hash
    _seed(frontline, 3)
    entries = {e.seq: e for e in audit_entries(frontline.store, None, 10)}
    from frontline.domain.audit import AuditRecord, entry_hash

    forged = entry_hash(entries[1].hash, 2, entries[2].at, AuditRecord("cli", "x", "y", {}))
    with frontline.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET action='x', target='y', details='{}', hash=:h WHERE seq=2"),
            {"h": forged},
        )

    # then entry 3 no longer chains on it
    assert verify_audit_log(frontline.store).broken_at == 3


def test_that_logins_tokens_and_settings_are_audited(
    client: TestClient, frontline: Frontline
) -> None:
    # given an admin who logs in, a failed login, a token and a macro
    make_staff(frontline, "ada", Role.admin)
    failed = client.post("/console/login", data={"username": "ada", "password": "wrong"})
    assert failed.status_code in (400, 401, 403)
    csrf = log_in(client, "ada", PASSWORD)
    create_api_token(frontline.store, "harness", admin=False)
    client.post("/console/macros", data={"csrf_token": csrf, "name": "Hi", "body": "Hello"})

    # then each is in the log, newest first, and the chain holds
    actions = [(e.actor, e.action) for e in audit_entries(frontline.store, None, 20)]
    assert ("staff:ada", "settings.macro.create") in actions
    assert ("cli", "token.create") in actions
    assert ("staff:ada", "staff.login") in actions
    assert ("cli", "settings.staff.create") in actions
    assert verify_audit_log(frontline.store).intact


def test_that_only_admins_read_the_audit_log(
    client: TestClient,
    frontline: Frontline,
    admin_headers: dict[str, str],
    agent_headers: dict[str, str],
) -> None:
    # given a supervisor and an admin in the workspace, and an entry
    make_staff(frontline, "sue", Role.supervisor)
    make_staff(frontline, "ada", Role.admin)
    _seed(frontline, 1)

    # then the API gives entries to an admin token only
    assert client.get("/api/v1/audit", headers=agent_headers).status_code == 403
    body = client.get("/api/v1/audit?action=settings.test", headers=admin_headers).json()
    assert [e["target"] for e in body] == ["thing:0"]
    assert len(body[0]["hash"]) == 64

    # and the workspace page to an admin only, with the chain check on request
    log_in(client, "sue")
    assert client.get("/console/audit").status_code == 403
    client.post("/console/logout", data={"csrf_token": log_in(client, "ada")})
    log_in(client, "ada")
    page = client.get("/console/audit?verify=true")
    assert page.status_code == 200
    assert 'data-verification="intact"' in page.text
    assert "thing:0" in page.text


def test_that_a_page_past_any_seq_or_an_action_with_a_nul_byte_is_refused(
    client: TestClient, frontline: Frontline, admin_headers: dict[str, str]
) -> None:
    # given an entry
    _seed(frontline, 1)

    # when a page is asked before a seq beyond 64 bits, or for an action holding a NUL byte
    too_far = client.get("/api/v1/audit", params={"before": 2**64}, headers=admin_headers)
    nul = client.get("/api/v1/audit", params={"action": "settings\x00"}, headers=admin_headers)

    # then both are refused, on every database
    assert too_far.status_code == 422, too_far.text
    assert too_far.json()["error"]["code"] == "invalid_request"
    assert nul.status_code == 400, nul.text
    assert nul.json()["error"]["code"] == "invalid_request"
