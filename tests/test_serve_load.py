"""The preview server under a bounded load, over real sockets on 127.0.0.1 only: 200 clients
at once, 4,000 requests, a rebuild every 0.5 s throughout; not one request may fail, and
every page must arrive whole. (bench/serve_load.py runs a larger version and times it.)"""

from __future__ import annotations

import http.client
import os
import random
import threading
import time
from pathlib import Path

from conftest import article
from test_serve import serving

CLIENTS = 200
REQUESTS = 4_000  # in all; each client sends REQUESTS // CLIENTS
REBUILD_EVERY = 0.5  # seconds
MISSING = "/finns-inte/"


def urls_of(folder: Path) -> list[str]:
    """Every address a built folder answers, and one it does not."""
    urls = [MISSING]
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            relative = path.relative_to(folder).as_posix()
            urls.append("/" + relative.removesuffix("index.html"))
    return urls


def client(
    number: int, port: int, urls: list[str], start: threading.Barrier, failures: list[str],
    pages: list[bytes],
) -> None:  # fmt: skip
    """REQUESTS // CLIENTS requests for random addresses: even clients keep their connection
    alive, odd ones open a new one for every request."""
    pick = random.Random(number)
    connection: http.client.HTTPConnection | None = None
    start.wait()
    for _ in range(REQUESTS // CLIENTS):
        url = pick.choice(urls)
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", url)
            response = connection.getresponse()
            body = response.read()  # raises IncompleteRead if shorter than announced
            if number % 2 or response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as exc:
            failures.append(f"{url}: {exc!r}")
            connection = None
            continue
        expected = 404 if url == MISSING else 200
        if response.status != expected:
            failures.append(f"{url}: {response.status}, expected {expected}")
        if (response.getheader("Content-Type") or "").startswith("text/html"):
            pages.append(body)
    if connection is not None:
        connection.close()


def test_200_clients_while_rebuilding_every_half_second(make_site) -> None:  # type: ignore[no-untyped-def]
    kommuner = ["Ale", "Åmål", "Borås", "Malmö"]
    root = make_site({
        f"2016/a{n}.md": article(f"Artikel {n}", date=f"2016-0{1 + n % 9}-1{n % 10}",
                                 kommun=kommuner[n % 4], tags=f"[Tagg {n % 5}, Socialtjänst]",
                                 body=f"Text {n}. " * 50)
        for n in range(40)
    }, config="title: Test\nper_page: 5\n")  # fmt: skip
    with serving(root) as (port, preview):
        before = preview.snapshot()
        assert before.live is not None and before.problems == []
        urls = urls_of(before.live)
        failures: list[str] = []
        pages: list[bytes] = []
        start = threading.Barrier(CLIENTS + 1)
        clients = [
            threading.Thread(target=client, args=(n, port, urls, start, failures, pages))
            for n in range(CLIENTS)
        ]
        for thread in clients:
            thread.start()
        done = threading.Event()

        def edit() -> None:
            version = 0
            while not done.wait(REBUILD_EVERY):
                version += 1
                # Saved whole, as editors do: under this load a plain write's truncation
                # and its text may come far enough apart for a rebuild to read between.
                staged = root / ".save.tmp"  # outside the watched folders
                staged.write_text(
                    # Its kommun and tags kept: every page, facets included, stays.
                    article("Artikel 0", date="2016-01-10", body=f"Version {version}.",
                            kommun="Ale", tags="[Tagg 0, Socialtjänst]"),
                    encoding="utf-8",
                )
                os.replace(staged, root / "content/2016/a0.md")

        editor = threading.Thread(target=edit)
        start.wait()
        started = time.monotonic()
        editor.start()
        deadline = started + 120
        for thread in clients:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        elapsed = time.monotonic() - started
        done.set()
        editor.join()
        assert not any(thread.is_alive() for thread in clients), "clients still waiting"
        after = preview.snapshot()

    assert failures == []
    assert len(pages) > REQUESTS / 2  # most addresses are pages
    incomplete = [page[-80:] for page in pages if not page.rstrip().endswith(b"</html>")]
    assert incomplete == []
    assert after.problems == []
    # The rebuilds really ran during the load (one per 0.5 s, give or take the watcher).
    assert after.build - before.build >= min(2, int(elapsed / REBUILD_EVERY) - 1), elapsed
