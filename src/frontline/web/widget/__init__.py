"""The chat widget: the served script, its WebSocket, and the demo shop that hosts it."""
