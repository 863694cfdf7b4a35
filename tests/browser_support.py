"""What the browser suites share: Chromium's flags, free ports, waiting for a server."""

from __future__ import annotations

import socket
import time
import urllib.request

#: Debian's Chromium, headless, offline: no sandbox as root, no background network chatter.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, seconds: float = 90) -> None:
    """Poll ``url`` until it answers; a server that never does fails the test clearly."""
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise TimeoutError(f"server did not answer: {url}")
