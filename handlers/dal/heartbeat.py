"""``HEALTH#<region>``: each region's last deep ping; a peer's tells how fresh replication is."""

from __future__ import annotations

from collections.abc import Sequence

from ..exceptions import StorageUnavailable
from .table import Table, key, to_raw, translated_errors


def ping(table: Table, at_ms: int, regions: Sequence[str]) -> dict[str, int]:
    """Write this region's heartbeat, then read every region's with a strongly consistent read.

    Uses the health client (short timeouts, no retry). Returns region -> heartbeat epoch ms for
    the regions that have one. Raises ``StorageUnavailable`` if the write or the read fails or our
    own write is not read back.
    """
    with translated_errors():
        table.health_client.put_item(
            TableName=table.name,
            Item={**key(f"HEALTH#{table.region}"), **to_raw({"at": at_ms, "region": table.region})},
        )
    items = table.batch_get(
        [f"HEALTH#{r}" for r in regions], consistent=True, client=table.health_client
    )
    beats = {str(item["region"]): int(item["at"]) for item in items.values()}
    if beats.get(table.region) != at_ms:
        raise StorageUnavailable("own heartbeat not read back")
    return beats
