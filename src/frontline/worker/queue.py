"""The job queue on Dramatiq: a Redis broker in production, an in-memory one by default.

Dramatiq acknowledges a Redis message only after its job returned, so a worker killed mid-job
leaves the message to be delivered again; retries back off exponentially. The in-memory broker
(``StubBroker``) serves one process: its jobs die with it, which is why every job's state lives
in the database and the worker's sweep (``services.inbound_emails.recover_email_work``)
enqueues again whatever a crash left. docs/worker.md says why Dramatiq.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, TimeLimit

from frontline.config import Settings

QUEUE = "frontline"
NAMESPACE = "frontline"


def make_broker(settings: Settings) -> dramatiq.Broker:
    middleware = [
        AgeLimit(),
        TimeLimit(time_limit=settings.job_time_limit_seconds * 1000),
        Callbacks(),
        Pipelines(),
        Retries(
            max_retries=settings.email_send_attempts,
            min_backoff=int(settings.job_min_backoff_seconds * 1000),
            max_backoff=int(settings.job_max_backoff_seconds * 1000),
        ),
    ]
    broker: dramatiq.Broker
    if settings.jobs_on_redis:
        assert settings.redis_url is not None  # jobs_on_redis says so
        # RedisBroker's constructor is unannotated in Dramatiq 2.2.
        broker = RedisBroker(url=settings.redis_url, namespace=NAMESPACE, middleware=middleware)  # type: ignore[no-untyped-call]
    else:
        broker = StubBroker(middleware=middleware)
    broker.declare_queue(QUEUE)
    return broker


class DramatiqJobQueue:
    """The ``JobQueue`` port on a Dramatiq broker: a job is a message to the named actor."""

    def __init__(self, broker: dramatiq.Broker) -> None:
        self.broker = broker

    def enqueue(self, job: str, argument: str) -> None:
        self.broker.enqueue(
            dramatiq.Message(
                queue_name=QUEUE, actor_name=job, args=(argument,), kwargs={}, options={}
            )
        )
