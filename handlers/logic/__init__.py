"""Domain rules per route family, between the thin routes and ``handlers.store``."""
