"""A real Frontline server (uvicorn on a free loopback port) and Debian's Chromium, driven by
Playwright. Playwright's own browser download does not exist here: the tests use
/usr/bin/chromium and skip when it is missing (CI installs the ``chromium`` package).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from browser_support import LiveServer

from frontline.bootstrap import build
from frontline.config import Environment, Settings
from frontline.services.demo import reset_backoffice
from frontline.services.live import InProcessLiveUpdates
from frontline.storage.database import upgrade_database
from frontline.web.app import create_app

CHROMIUM = Path(os.environ.get("FRONTLINE_TEST_CHROMIUM", "/usr/bin/chromium"))
# The flags this machine's notes ask for: no sandbox as root, and no background traffic to
# hosts that a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, encoder_dir: Path) -> Iterator[LiveServer]:
    settings = Settings(
        environment=Environment.test,
        encoder_dir=encoder_dir,
        database_url=f"sqlite:///{tmp_path_factory.mktemp('browser') / 'frontline.db'}",
        _env_file=None,  # type: ignore[call-arg]  # pydantic-settings accepts it at run time
    )
    frontline = build(settings)
    upgrade_database(frontline.engine)
    reset_backoffice(frontline)  # the generated demo store, as `make run` loads it
    port = _free_port()
    live = InProcessLiveUpdates()
    config = uvicorn.Config(
        create_app(frontline, live),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="websockets-sansio",
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uvicorn_server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", frontline, live)
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    frontline.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
