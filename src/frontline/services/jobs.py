"""The job queue port: background work named by a job and one string argument.

Services enqueue *after* their transaction has committed, so a job never sees a state that
might still roll back. Every job is idempotent: the database row it names says whether the
work is still to do, so a job delivered twice (a retry, a replay after a crash, the periodic
sweep) does it once. ``frontline.worker`` holds the adapters (Dramatiq, in-process or Redis).
"""

from __future__ import annotations

from typing import Protocol

PROCESS_INBOUND_EMAIL = "process_inbound_email_job"
SEND_OUTBOUND_EMAIL = "send_outbound_email_job"
REFRESH_KPI_ROLLUPS = "refresh_kpi_rollups_job"  # its argument is unused
APPLY_RETENTION = "apply_retention_job"  # its argument is unused
REFRESH_REASON_ROLLUPS = "refresh_reason_rollups_job"  # its argument is unused


class JobQueue(Protocol):
    def enqueue(self, job: str, argument: str) -> None:
        """Hand ``job(argument)`` to the workers; never runs it inline."""


class DiscardingJobQueue:
    """Drops every job; for processes that only read (the periodic sweep finds the work)."""

    def enqueue(self, job: str, argument: str) -> None:
        del job, argument
