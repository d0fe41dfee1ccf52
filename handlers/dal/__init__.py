"""Data access, one module per aggregate; every function returns typed records.

``table.py`` holds what they share: the region's clients (with the timeouts), the typed
(de)serialisation and the translation of botocore errors. Nothing above this package sees
DynamoDB's attribute-value format or botocore's exceptions.
"""
