"""The application's own ``handlers`` package: at the archive's root, beside the platform's
``multi_region_api/handlers``, with no collision."""
