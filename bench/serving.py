"""`sitegen serve` on a generated corpus, for the scripts that measure it (reload.py,
serve_load.py): make the corpus, build it once, serve it on a free port of 127.0.0.1 (the
only address these scripts ever send to), and clean up afterwards."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import corpus

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, seconds: float) -> None:
    """Return once `/` answers 200; exit with a message after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"sitegen serve did not answer on port {port} within {seconds:.0f} s")


@contextmanager
def served_corpus(size: int, command: list[str], prefix: str) -> Iterator[tuple[Path, int]]:
    """(site root, port) of `size` generated articles served by `command` (the sitegen
    command line); the server is stopped and the folder removed on leaving."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    server = None
    try:
        root = folder / "site"
        corpus.write(size, root)
        subprocess.run([*command, "build", "--root", str(root), "--quiet"], check=True)
        port = free_port()
        server = subprocess.Popen(
            [*command, "serve", "--root", str(root), "--port", str(port), "--host", HOST],
            stdout=subprocess.DEVNULL,
        )
        wait_until_up(port, 600)
        yield root, port
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
