"""retail."""
