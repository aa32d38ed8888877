"""Service analytics: KPIs computed as pure functions over the event log."""
