"""A test kit for programs and applications that use ``MultiRegionApi``.

Route tests (``routes``): ``ApiClient`` runs the platform's dispatcher in-process with an
application's routers, ``MotoTable`` is the component's table in moto, ``event`` builds the event
of any front door.
"""

from .routes import DEFAULT_REGIONS, DEFAULT_TABLE, ApiClient, ApiResponse, MotoTable, event

__all__ = ["DEFAULT_REGIONS", "DEFAULT_TABLE", "ApiClient", "ApiResponse", "MotoTable", "event"]
