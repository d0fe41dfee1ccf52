"""``_mra#HEALTH#<region>``: each region's last deep ping; a peer's shows how fresh replication is.

The platform's own items, under ``RESERVED_KEY_PREFIX``: application tables refuse these keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from multi_region_api.runtime.errors import StorageUnavailable
from multi_region_api.runtime.table import Raw, Table, Timeouts, to_raw, translated_errors

from ..contract import PARTITION_KEY, RESERVED_KEY_PREFIX

# The deep health check answers Route 53, which allows 2 s for the whole response, on a cold start
# too. Two calls of at most 0.5 s each, no retry: a hanging DynamoDB gives a clean 503 in ~1 s.
HEALTH_TIMEOUTS = Timeouts(connect=0.5, read=0.5, attempts=1)
PREFIX = f"{RESERVED_KEY_PREFIX}HEALTH#"


class HeartbeatTable(Table):
    """The table as the health check reaches it: its own client, and only the platform's keys."""

    timeouts = HEALTH_TIMEOUTS

    def key(self, pk: str) -> Raw:
        if not pk.startswith(PREFIX):
            raise ValueError(f"{pk!r} is not a heartbeat key")
        return to_raw({PARTITION_KEY: pk})


@cache
def heartbeat_table(name: str, region: str) -> HeartbeatTable:
    return HeartbeatTable(name, region)


def ping(table: HeartbeatTable, at_ms: int, regions: Sequence[str]) -> dict[str, int]:
    """Write this region's heartbeat, then read every region's with a strongly consistent read.

    Short timeouts, no retry. Returns region -> heartbeat epoch ms for the regions that have one.
    Raises ``StorageUnavailable`` if the write or the read fails or our own write is not read back.
    """
    with translated_errors():
        table.client.put_item(
            TableName=table.name,
            Item={
                **table.key(f"{PREFIX}{table.region}"),
                **to_raw({"at": at_ms, "region": table.region}),
            },
        )
    items = table.batch_get([f"{PREFIX}{r}" for r in regions], consistent=True)
    beats = {str(item["region"]): int(item["at"]) for item in items.values()}
    if beats.get(table.region) != at_ms:
        raise StorageUnavailable("own heartbeat not read back")
    return beats
