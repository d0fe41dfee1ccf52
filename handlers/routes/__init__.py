"""The platform's own routes: ``/health`` always, ``GET /`` when no application is deployed.

The application's routes come from its own package (``APP_ROUTERS``); ``handlers/app.py``
includes both, and ``/openapi.json`` documents both.
"""
