"""The background jobs: each body calls one service function with the ids it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dramatiq

from frontline.channels.webhooks import deliver_webhook
from frontline.services import (
    inbound_emails,
    kpi_reports,
    outbound_emails,
    privacy,
    reason_reports,
)
from frontline.services.jobs import (
    APPLY_RETENTION,
    PROCESS_INBOUND_EMAIL,
    REFRESH_KPI_ROLLUPS,
    REFRESH_REASON_ROLLUPS,
    SEND_OUTBOUND_EMAIL,
)
from frontline.services.sla import SEND_SLA_WEBHOOK
from frontline.worker.queue import QUEUE

if TYPE_CHECKING:
    from frontline.bootstrap import Frontline


def register_jobs(frontline: Frontline) -> None:
    """Declare every job on ``frontline``'s broker, bound to its store and adapters."""

    def process_inbound_email_job(inbound_id: str) -> None:
        inbound_emails.process_inbound_email(
            frontline.store,
            frontline.jobs,
            frontline.email,
            frontline.limits,
            frontline.agent,
            inbound_id,
        )

    def send_outbound_email_job(outbound_id: str) -> None:
        relay = frontline.relay
        if relay is not None:
            outbound_emails.send_outbound_email(
                frontline.store, relay, frontline.email, outbound_id
            )

    def send_sla_webhook_job(argument: str) -> None:
        deliver_webhook(argument)

    def refresh_kpi_rollups_job(argument: str) -> None:
        del argument  # the watermark in the database says what is new
        kpi_reports.refresh_kpi_rollups(frontline.store)

    def apply_retention_job(argument: str) -> None:
        del argument  # the rules are in the settings; what is due is in the database
        privacy.apply_retention(frontline.store, frontline.settings.retention_rules)

    def refresh_reason_rollups_job(argument: str) -> None:
        del argument  # the watermark in the database says what is new
        reason_reports.refresh_reason_rollups(frontline.store)

    for name, body in (
        (PROCESS_INBOUND_EMAIL, process_inbound_email_job),
        (SEND_OUTBOUND_EMAIL, send_outbound_email_job),
        (SEND_SLA_WEBHOOK, send_sla_webhook_job),
        (REFRESH_KPI_ROLLUPS, refresh_kpi_rollups_job),
        (APPLY_RETENTION, apply_retention_job),
        (REFRESH_REASON_ROLLUPS, refresh_reason_rollups_job),
    ):
        if name not in frontline.broker.actors:
            dramatiq.Actor(
                body,
                broker=frontline.broker,
                actor_name=name,
                queue_name=QUEUE,
                priority=0,
                options={},
            )
