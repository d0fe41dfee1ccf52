"""The application's entry point for ``routers``: ``service:ROUTERS``."""

from notes.routes import router as notes
from tags.routes import router as tags

ROUTERS = (notes, tags)
