"""Running the jobs: Dramatiq worker threads plus the sweep that replays what a crash left.

``frontline serve`` runs one in-process when the jobs stay in memory; ``frontline worker`` runs
one in its own process (several of them, on Redis, share the work).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import TYPE_CHECKING

import dramatiq

from frontline.services.agent_turns import finish_interrupted_turns
from frontline.services.followups import resolve_stale_pending, wake_snoozed
from frontline.services.inbound_emails import recover_email_work
from frontline.services.jobs import APPLY_RETENTION, REFRESH_KPI_ROLLUPS, REFRESH_REASON_ROLLUPS
from frontline.services.routing import assign_waiting
from frontline.services.sla import scan_slas
from frontline.services.survey_offers import deliver_email_surveys
from frontline.worker.jobs import register_jobs
from frontline.worker.queue import QUEUE

if TYPE_CHECKING:
    from frontline.bootstrap import Frontline

log = logging.getLogger(__name__)


class RunningWorker:
    def __init__(self, frontline: Frontline, threads: int, sweep_seconds: float) -> None:
        self._frontline = frontline
        self._sweep_seconds = sweep_seconds
        self._stopping = threading.Event()
        self._retention_due = 0.0  # monotonic time of the next retention run
        register_jobs(frontline)
        self._worker = dramatiq.Worker(frontline.broker, worker_threads=threads, worker_timeout=100)
        self._sweeper = threading.Thread(target=self._sweep, name="frontline-sweep", daemon=True)

    def start(self) -> RunningWorker:
        self._worker.start()
        self._sweeper.start()
        return self

    def sweep_once(self) -> None:
        frontline = self._frontline
        if frontline.agent is not None:  # turns a crash interrupted, and their writes
            finish_interrupted_turns(
                frontline.store,
                frontline.agent,
                frontline.backoffice,
                timedelta(seconds=frontline.settings.turn_recovery_seconds),
            )
        deliver_email_surveys(frontline.store, frontline.settings.public_url)
        recover_email_work(frontline.store, frontline.jobs, frontline.email)
        scan_slas(frontline.store, frontline.jobs)
        assign_waiting(frontline.store)  # work that waited for an agent with room
        wake_snoozed(frontline.store)
        resolve_stale_pending(
            frontline.store,
            frontline.settings.pending_resolve_days,
            frontline.settings.pending_resolve_notice,
        )
        frontline.jobs.enqueue(REFRESH_KPI_ROLLUPS, "")  # the KPI rollups catch up each sweep
        if frontline.settings.retention_rules and time.monotonic() >= self._retention_due:
            self._retention_due = time.monotonic() + frontline.settings.retention_sweep_seconds
            frontline.jobs.enqueue(APPLY_RETENTION, "")
        frontline.jobs.enqueue(REFRESH_REASON_ROLLUPS, "")  # and so do the contact reasons

    def _sweep(self) -> None:
        while not self._stopping.is_set():
            try:
                self.sweep_once()
            except Exception:  # the sweep must outlive a database hiccup
                log.warning("worker: sweep failed; trying again", exc_info=True)
            self._stopping.wait(self._sweep_seconds)

    def join(self, timeout_seconds: float = 30.0) -> None:
        """Wait until every enqueued job (retries included) has run: for tests and benchmarks."""
        broker = self._frontline.broker
        join = getattr(broker, "join", None)
        if join is not None:
            join(QUEUE, timeout=int(timeout_seconds * 1000))
        self._worker.join()

    def stop(self) -> None:
        self._stopping.set()
        self._worker.stop()
        self._sweeper.join(timeout=5)


def start_worker(frontline: Frontline) -> RunningWorker:
    settings = frontline.settings
    return RunningWorker(frontline, settings.worker_threads, settings.worker_sweep_seconds).start()
