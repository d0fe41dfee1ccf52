"""Data access, one module per aggregate; every function returns typed records.

They build on ``multi_region_api.runtime`` (the region's client with its timeouts, the typed
(de)serialisation, botocore errors translated). Nothing above this package sees DynamoDB's
attribute-value format or botocore's exceptions.
"""
