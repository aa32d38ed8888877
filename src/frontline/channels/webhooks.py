"""Outgoing webhooks: one JSON POST per notification, retried by the job queue on failure."""

from __future__ import annotations

import json

import httpx

TIMEOUT_SECONDS = 10.0


class WebhookFailed(Exception):
    """The receiver did not answer 2xx; the job raises it so that Dramatiq retries."""


def deliver_webhook(argument: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """POST ``payload`` to ``url``, both read from the job's JSON ``argument``."""
    data = json.loads(argument)
    url, payload = str(data["url"]), data["payload"]
    try:
        response = httpx.post(
            url,
            json=payload,
            timeout=timeout,
            headers={"User-Agent": "Frontline-Webhook/1", "X-Frontline-Event": payload["event"]},
        )
    except httpx.HTTPError as error:
        raise WebhookFailed(f"{url}: {error}") from error
    if not response.is_success:
        raise WebhookFailed(f"{url} answered {response.status_code}")
