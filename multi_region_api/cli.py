"""The ``multi-region-api`` console script: ``local`` runs the local runtime, the rest are ops."""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = "usage: multi-region-api {local,drill,cost,failover-time,verify} [options]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr if not args else sys.stdout)
        return 2 if not args else 0
    if args[0] == "local":
        from .local_runtime.__main__ import main as local_main

        return local_main(args[1:])
    from .ops.__main__ import main as ops_main

    return ops_main(args)


if __name__ == "__main__":
    sys.exit(main())
