"""Card numbers in inbound email: masked in the stored raw email and everything parsed from it."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import text

from frontline.bootstrap import Frontline
from frontline.services.inbound_emails import process_inbound_email, receive_email
from frontline.services.jobs import DiscardingJobQueue

CARD = "5500 0000 0000 0004"


def test_that_a_card_number_in_an_email_is_never_stored_whole(frontline: Frontline) -> None:
    # given an email whose body holds a card number (and whose subject does too)
    email = EmailMessage()
    email["From"] = "Lena Fischer <lena@example.de>"
    email["To"] = frontline.settings.support_address
    email["Subject"] = f"Payment with {CARD}"
    email["Message-ID"] = "<card-1@example.de>"
    email.set_content(f"Hello,\nplease charge my card {CARD} for order W1234567.\nLena")
    email.add_attachment(
        b"%PDF-1.4 receipt", maintype="application", subtype="pdf", filename="r.pdf"
    )

    # when it is received and processed
    received = receive_email(
        frontline.store, DiscardingJobQueue(), email.as_bytes(), frontline.email
    )
    process_inbound_email(
        frontline.store,
        DiscardingJobQueue(),
        frontline.email,
        frontline.limits,
        None,
        received.inbound_id,
    )

    # then no stored copy holds the number, the attachment survived, the last 4 digits remain
    with frontline.engine.connect() as connection:
        raw, subject, parsed = connection.execute(
            text("SELECT raw, subject, text FROM inbound_emails")
        ).one()
        message = connection.execute(text("SELECT text FROM messages")).scalar_one()
        attachments = connection.execute(text("SELECT filename FROM email_attachments")).all()
    for stored in (bytes(raw).decode(), subject, parsed, message):
        assert "5500" not in stored.replace(" ", "")
    assert "[card ****0004]" in message
    assert [a[0] for a in attachments] == ["r.pdf"]
