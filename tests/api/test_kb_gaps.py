"""The gap report: unanswered questions grouped by meaning, in the workspace and the CLI."""

from __future__ import annotations

from console_helpers import log_in, make_staff
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role

UNANSWERED = [
    "do you have a loyalty points program?",
    "how do I earn reward points",
    "is there a rewards program for regular customers",
    "can I rent furniture from you",
    "do you offer furniture rental",
    "what is the capital of France",
]


def test_that_unanswered_questions_are_clustered_with_counts(frontline: Frontline) -> None:
    # given
    for question in UNANSWERED:
        frontline.knowledge.note_unanswered(question)
    # when
    gaps = frontline.knowledge.gaps()
    # then: loyalty (3) and rental (2) each form one cluster, the odd one its own
    assert [g.count for g in gaps] == [3, 2, 1]
    assert set(gaps[0].examples) == set(UNANSWERED[:3])
    assert set(gaps[1].examples) == set(UNANSWERED[3:5])


def test_that_staff_see_the_gap_report_in_the_workspace(
    client: TestClient, frontline: Frontline
) -> None:
    for question in UNANSWERED[:3]:
        frontline.knowledge.note_unanswered(question)
    make_staff(frontline, "gina", Role.agent)
    assert client.get("/console/knowledge/gaps", follow_redirects=False).status_code in {302, 303}
    log_in(client, "gina")
    page = client.get("/console/knowledge/gaps")
    assert page.status_code == 200
    assert "<td>3</td>" in page.text
    assert "how do I earn reward points" in page.text
