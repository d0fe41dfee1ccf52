"""The local multi-region runtime: every region of a stack on 127.0.0.1, no AWS account.

One moto server is DynamoDB for all regions, one OS process per region runs the real dispatcher
behind an API Gateway REST (v1) proxy-event adapter, a replicator copies changes between the
regional tables from their streams, and a global endpoint routes like Route 53 latency records
with health checks. ``multi-region-api local --stack us`` starts it (``make local``).
"""
