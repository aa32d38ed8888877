"""The helpdesk tests use the API client of tests/api."""

from tests.api.conftest import admin_headers, agent_headers, client

__all__ = ["admin_headers", "agent_headers", "client"]
