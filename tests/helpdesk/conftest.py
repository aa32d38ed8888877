"""The helpdesk tests use the API client of tests/api."""

import sys
from pathlib import Path

# tests/api's helpers are imported by their module names there, as pytest imports them
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))

from tests.api.conftest import admin_headers, agent_headers, client

__all__ = ["admin_headers", "agent_headers", "client"]
