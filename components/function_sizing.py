"""How big and how patient the dispatcher function is: what the component deploys and what the
cost model prices, read from one place."""

from __future__ import annotations

FUNCTION_MEMORY_MB = 512
# Route 53 waits 4 s to connect and 2 s for the answer; the handler's own DynamoDB timeouts stay
# well under that, and the function timeout only has to stop a stuck invocation early.
FUNCTION_TIMEOUT_SECONDS = 10
