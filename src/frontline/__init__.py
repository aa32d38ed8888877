"""Frontline: self-hosted AI customer service and helpdesk."""

__version__ = "0.1.0"
