"""The dispatcher Lambda: one handler (``handlers.app.lambda_handler``) for every route and region.

This package is the only code shipped to Lambda. It may import the Python standard library, the
Lambda runtime's boto3/botocore and the AWS-managed Powertools v3 layer (which brings pydantic v2
and aws-xray-sdk); nothing else, and never ``components``.
"""
