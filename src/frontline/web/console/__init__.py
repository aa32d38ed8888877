"""The agent workspace: server-rendered pages (Jinja2 + htmx) behind a staff session."""
