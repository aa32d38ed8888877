"""The FastAPI application: routes, error handlers and limits, around one ``Frontline``."""

from __future__ import annotations

from fastapi import FastAPI

from frontline import __version__
from frontline.bootstrap import Frontline
from frontline.web.api import backoffice, conversations, customers
from frontline.web.errors import install_error_handlers
from frontline.web.limits import BodySizeLimit


def create_app(frontline: Frontline) -> FastAPI:
    app = FastAPI(
        title="Frontline",
        version=__version__,
        description="Self-hosted AI customer service. Public API v1.",
    )
    app.state.frontline = frontline
    install_error_handlers(app)
    app.include_router(conversations.router)
    app.include_router(customers.router)
    app.include_router(backoffice.router)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(BodySizeLimit, max_bytes=frontline.settings.max_request_bytes)
    return app
