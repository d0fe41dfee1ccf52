"""Child process: one moto server on 127.0.0.1, DynamoDB (and its streams) for every region.

Moto keeps one backend per region, so the same table name in each region is a separate regional
table, which is what a global table's replica is. A process of its own keeps moto's work off the
supervisor's GIL (the router, the probes and the replicator live there).

Run by the supervisor as ``python -m local_runtime.moto_server --port N``.
"""

from __future__ import annotations

import argparse
import logging
import threading

from moto.server import ThreadedMotoServer
from multi_region_api.local_runtime import lifeline, moto_patches


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m local_runtime.moto_server")
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    lifeline.watch_parent()
    moto_patches.apply()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per DynamoDB call
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    stopped = threading.Event()

    def stop() -> None:
        server.stop()
        stopped.set()

    lifeline.on_terminate(stop)
    server.start()
    lifeline.notify_ready()
    stopped.wait()


if __name__ == "__main__":
    main()
