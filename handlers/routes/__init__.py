"""Thin route modules: parse and validate the request, call ``handlers.logic``, shape the reply.

Each module owns one ``Router``; ``handlers/app.py`` includes them. A user route is one more
module like these and one more line in ``app_routers()``.
"""
