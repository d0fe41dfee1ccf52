"""The platform's own rules (the health check), between its routes and ``handlers.dal``."""
