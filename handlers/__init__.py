"""The platform's dispatcher Lambda: one handler (``contract.HANDLER``) for every route and region.

It ships in the Lambda archive with ``multi_region_api/__init__.py`` (which imports nothing) and
``multi_region_api.runtime``, next to the application's code. It may import the Python standard
library, the Lambda runtime's boto3/botocore, the AWS-managed Powertools v3 layer (which brings
pydantic v2 and aws-xray-sdk) and ``multi_region_api.runtime``; never ``components``.
"""
