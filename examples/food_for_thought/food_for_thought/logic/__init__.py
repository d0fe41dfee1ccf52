"""Domain rules per route family, between the thin routes and the data layer (``..dal``)."""
