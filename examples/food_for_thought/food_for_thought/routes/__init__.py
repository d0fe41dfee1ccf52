"""Thin route modules: parse and validate the request, call ``..logic``, shape the reply.

``ROUTERS`` is what the component's ``app.routers`` names (``food_for_thought.routes:ROUTERS``):
the platform's dispatcher includes them after its own ``/health``.
"""

from __future__ import annotations

from . import catalog, hello, hits, items, orders, page, regions

ROUTERS = (
    hello.router,
    hits.router,
    items.router,
    orders.router,
    catalog.router,
    regions.router,
    page.router,
)
