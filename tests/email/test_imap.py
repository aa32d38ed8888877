"""IMAP polling, the alternative inbound: unseen emails of a mailbox are stored once each, then
flagged seen, over IMAP on loopback."""

from __future__ import annotations

from imap_server import ImapServer, Mailbox
from mail_helpers import customer_email

from frontline.bootstrap import Frontline
from frontline.channels.email.imap import poll_mailbox, read_imap_url
from frontline.domain.emails import InboundStatus
from frontline.services.inbound_emails import receive_email
from frontline.services.jobs import DiscardingJobQueue


def test_that_polling_stores_each_unseen_email_once_and_flags_it_seen(
    email_frontline: Frontline,
) -> None:
    # given a mailbox with two unseen emails, one of which was already stored before a crash
    first = customer_email("a@example.com", "Hi", "First", "imap-1@example.com").as_bytes()
    second = customer_email("b@example.com", "Hi", "Second", "imap-2@example.com").as_bytes()
    box = Mailbox("support", "s3cret", {1: first, 2: second})
    receive_email(email_frontline.store, DiscardingJobQueue(), second, email_frontline.email)

    with ImapServer(box) as server:
        mailbox = read_imap_url(f"imap://support:s3cret@127.0.0.1:{server.port}/INBOX")
        # when the poller runs twice
        new = poll_mailbox(email_frontline, mailbox)
        again = poll_mailbox(email_frontline, mailbox)

    # then the one not yet stored is new, both are flagged seen, and nothing is fetched twice
    assert (new, again) == (1, 0)
    assert box.seen == {1, 2}
    assert sorted(box.fetched) == [1, 2]
    with email_frontline.store.transaction() as tx:
        stored = [tx.emails.find_inbound(f"imap-{n}@example.com") for n in (1, 2)]
    assert all(s is not None and s.status is InboundStatus.received for s in stored)


def test_that_an_imap_url_names_its_mailbox_and_tls() -> None:
    mailbox = read_imap_url("imaps://help%40shop.example:p%40ss@imap.shop.example/Support")
    assert (mailbox.username, mailbox.password) == ("help@shop.example", "p@ss")
    assert (mailbox.host, mailbox.port, mailbox.mailbox, mailbox.tls) == (
        "imap.shop.example",
        993,
        "Support",
        True,
    )
