"""The platform's own data access: the deep health check's heartbeats.

Application data access builds on ``multi_region_api.runtime.table``; so does this package.
"""
