"""The application each server process builds for itself: ``frontline serve --workers N``.

Uvicorn starts every worker as a fresh (spawned) process that imports this module and calls
``app_from_settings``. Each process builds its own ``Frontline`` from the same settings (the
environment and ``.env`` it inherited) and shares with the others only what lives outside it:
the database, and on Redis the rate-limit counters, live updates and jobs
(``Settings._check_shared_by_processes`` refuses the rest).
"""

from __future__ import annotations

from fastapi import FastAPI

from frontline.bootstrap import build
from frontline.config import Settings
from frontline.web.app import create_app


def app_from_settings() -> FastAPI:
    frontline = build(Settings())
    _ = frontline.agent  # load the understanding model now, not on the first customer message
    return create_app(frontline)
