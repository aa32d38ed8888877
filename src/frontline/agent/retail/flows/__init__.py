"""Declarative business processes: one YAML file per flow, loaded and validated at start."""
