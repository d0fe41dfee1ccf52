"""The thread between the supervisor and each child process it starts.

A child reports readiness by writing to an inherited pipe (the supervisor waits on it instead of
polling ports), stops gracefully on SIGTERM, and exits by itself when its stdin reaches EOF, which
happens when the supervisor dies in any way, even SIGKILL: no orphaned region or moto processes.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

READY_FD_ENV = "LOCAL_RUNTIME_READY_FD"


def notify_ready() -> None:
    """Tell the supervisor this child serves requests now."""
    fd = int(os.environ[READY_FD_ENV])
    os.write(fd, b"ready\n")
    os.close(fd)


def watch_parent() -> None:
    """Exit at once when the supervisor goes away (its end of our stdin closes)."""

    def wait_for_eof() -> None:
        # The raw fd, not sys.stdin: a daemon thread blocked in a buffered read aborts the
        # interpreter's normal exit.
        while os.read(0, 4096):
            pass
        os._exit(0)

    threading.Thread(target=wait_for_eof, name="parent-watch", daemon=True).start()


def on_terminate(stop: Callable[[], None]) -> None:
    """Run ``stop`` (in a thread: it may block on the main thread) on SIGTERM or SIGINT."""

    def handle(signum: int, frame: object) -> None:
        threading.Thread(target=stop, name="stop", daemon=True).start()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
