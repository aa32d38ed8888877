"""The FastAPI application: routes, error handlers and limits, around one ``Frontline``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from frontline import __version__
from frontline.bootstrap import Frontline
from frontline.services.live import LiveUpdates
from frontline.web import surveys as web_surveys
from frontline.web.api import actions as api_actions
from frontline.web.api import audit as api_audit
from frontline.web.api import backoffice, conversations, customers, emails, kb
from frontline.web.api import followups as api_followups
from frontline.web.api import macros as api_macros
from frontline.web.api import privacy as api_privacy
from frontline.web.api import reports as api_reports
from frontline.web.api import routing as api_routing
from frontline.web.api import sla as api_sla
from frontline.web.console import articles as console_articles
from frontline.web.console import audit as console_audit
from frontline.web.console import dashboard as console_dashboard
from frontline.web.console import emails as console_emails
from frontline.web.console import helpdesk as console_helpdesk
from frontline.web.console import knowledge as console_knowledge
from frontline.web.console import live as console_live
from frontline.web.console import routes as console_routes
from frontline.web.console.session import install_session_handlers
from frontline.web.errors import install_error_handlers
from frontline.web.help import routes as help_routes
from frontline.web.limits import BodySizeLimit, NulInUrl, RateLimit, RateLimits
from frontline.web.live import make_live_updates
from frontline.web.widget import routes as widget_routes
from frontline.web.widget.routes import STATIC_DIR

SESSION_COOKIE = "frontline_session"


def create_app(frontline: Frontline, live: LiveUpdates | None = None) -> FastAPI:
    # The live-updates adapter is picked here from the settings until bootstrap owns it.
    updates = live or make_live_updates(frontline.settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if live is None:  # ours to close; one handed in belongs to the caller
            updates.close()

    app = FastAPI(
        title="Frontline",
        version=__version__,
        description="Self-hosted AI customer service. Public API v1.",
        lifespan=lifespan,
    )
    app.state.frontline = frontline
    app.state.live = updates
    install_error_handlers(app)
    install_session_handlers(app)
    app.include_router(conversations.router)
    app.include_router(api_privacy.router)
    app.include_router(customers.router)
    app.include_router(api_audit.router)
    app.include_router(emails.router)
    app.include_router(backoffice.router)
    app.include_router(api_actions.router)
    app.include_router(api_routing.router)
    app.include_router(api_macros.router)
    app.include_router(api_followups.router)
    app.include_router(api_sla.router)
    app.include_router(kb.router)
    app.include_router(help_routes.router)
    app.include_router(console_knowledge.router)
    app.include_router(console_articles.router)
    app.include_router(api_reports.router)
    app.include_router(web_surveys.router)
    app.include_router(console_dashboard.router)
    app.include_router(console_audit.router)
    app.include_router(console_routes.router)
    app.include_router(console_helpdesk.router)
    app.include_router(console_live.router)
    app.include_router(console_emails.router)
    app.include_router(widget_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(BodySizeLimit, max_bytes=frontline.settings.max_request_bytes)
    app.add_middleware(NulInUrl)
    per_ip, per_token, per_conversation = frontline.settings.rate_limits
    if per_ip or per_token or per_conversation:
        limits = RateLimits(
            per_ip, per_token, per_conversation, frontline.settings.rate_limit_trust_forwarded
        )
        app.add_middleware(RateLimit, counters=frontline.counters, limits=limits)
    app.add_middleware(
        SessionMiddleware,
        secret_key=frontline.settings.secret_key.get_secret_value(),
        session_cookie=SESSION_COOKIE,
        max_age=frontline.settings.session_lifetime_seconds,
        same_site="lax",
        https_only=frontline.settings.secure_cookies,
    )
    return app
