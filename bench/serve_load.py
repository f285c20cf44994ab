"""`sitegen serve` under load, while rebuilding: latency percentiles, failures, torn pages.

    python bench/serve_load.py [--size 1000] [--clients 200] [--requests 40000]
                               [--rebuild-every 0.5] [--processes 4] [--sitegen CMD]

Makes the benchmark corpus (bench/corpus.py) in a temporary folder, builds it once, starts
`sitegen serve` on a free port of 127.0.0.1 (and only there), and reads its sitemap for
the addresses to ask for, plus the stylesheet, the feed and one missing page. Then
`--clients` clients at once, spread over `--processes` processes (threads in each, so
the clients are not held back by one interpreter), send `--requests` GET requests in all
for random addresses: even clients keep their connection alive, odd ones open a new one
for every request. Meanwhile one article is saved every `--rebuild-every` seconds, and a
listener on the event stream counts the rebuilds that follow.

Prints the count of requests, failed requests (an error, a dropped connection, a body
shorter than announced, or a status other than 200, or 404 for the missing page), HTML
pages that do not end in `</html>`, the rebuilds, and the time from sending each request
to having read its whole body: p50, p90, p99 and max. Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import shlex
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import HOST, served_corpus  # noqa: E402

# HOST (127.0.0.1) is the only address this script ever sends to.
MISSING = "/finns-inte/"
Tally = dict[str, Any]  # latencies, failures, torn (URLs), pages (a count)


def addresses(port: int) -> list[str]:
    """Every page in the sitemap, the stylesheet, the feed and a missing page."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/sitemap.xml")
    sitemap = connection.getresponse().read().decode()
    pages = [
        re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    return pages + ["/css/site.css", "/feed.xml", MISSING]


def client(
    number: int, port: int, urls: list[str], count: int, start: threading.Barrier, out: Tally
) -> None:
    pick = random.Random(number)
    connection = None
    start.wait()
    for _ in range(count):
        url = pick.choice(urls)
        began = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
            connection.request("GET", url)
            response = connection.getresponse()
            body = response.read()
            if number % 2 or response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as exc:
            out["failures"].append(f"{url}: {exc!r}")
            connection = None
            continue
        out["latencies"].append(time.perf_counter() - began)
        expected = 404 if url == MISSING else 200
        if response.status != expected:
            out["failures"].append(f"{url}: status {response.status}, expected {expected}")
        if (response.getheader("Content-Type") or "").startswith("text/html"):
            out["pages"] += 1
            if not body.rstrip().endswith(b"</html>"):
                out["torn"].append(url)
    if connection is not None:
        connection.close()


def run_clients(first: int, clients: int, per_client: int, port: int, urls: list[str]) -> Tally:
    """One process's share: `clients` threads, numbered from `first`."""
    out: Tally = {"latencies": [], "failures": [], "torn": [], "pages": 0}
    start = threading.Barrier(clients)
    threads = [
        threading.Thread(target=client, args=(first + n, port, urls, per_client, start, out))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def listen(port: int, builds: list[dict[str, Any]], stop: threading.Event) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("GET", "/__sitegen/events")
    response = connection.getresponse()
    while not stop.is_set():
        line = response.readline().decode()
        if not line:
            return
        if line.startswith("data: "):
            builds.append(json.loads(line[6:]))


def percentile(ordered: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--clients", type=int, default=200, help="clients at once")
    parser.add_argument("--requests", type=int, default=40_000, help="requests in all")
    parser.add_argument("--rebuild-every", type=float, default=0.5, help="seconds between saves")
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--sitegen", default=str(Path(sys.executable).parent / "sitegen"))
    args = parser.parse_args()
    command = shlex.split(args.sitegen)
    with served_corpus(args.size, command, "sitegen-load-") as (root, port):
        urls = addresses(port)
        builds: list[dict[str, Any]] = []
        stop = threading.Event()
        threading.Thread(target=listen, args=(port, builds, stop), daemon=True).start()
        source = sorted((root / "content").rglob("*.md"))[args.size // 2]
        original = source.read_text(encoding="utf-8")
        saves = 0

        def edit() -> None:
            nonlocal saves
            while not stop.wait(args.rebuild_every):
                saves += 1
                # Saved whole, as editors do: a truncated file read halfway through a
                # slow write (the clients keep both cores busy) would fail the rebuild.
                staged = root / ".save.tmp"  # outside the watched folders
                staged.write_text(f"{original}\nRedigering nummer {saves}.\n", encoding="utf-8")
                os.replace(staged, source)

        per_client = args.requests // args.clients
        shares = [args.clients // args.processes + (n < args.clients % args.processes)
                  for n in range(args.processes)]  # fmt: skip
        firsts = [sum(shares[:n]) for n in range(args.processes)]
        time.sleep(1)  # the listener's first state arrives
        seen = len(builds)
        editor = threading.Thread(target=edit)
        started = time.perf_counter()
        editor.start()
        with ProcessPoolExecutor(args.processes) as pool:
            parts = list(pool.map(run_clients, firsts, shares, [per_client] * args.processes,
                                  [port] * args.processes, [urls] * args.processes))  # fmt: skip
        elapsed = time.perf_counter() - started
        stop.set()
        editor.join()
        latencies = sorted(x for part in parts for x in part["latencies"])
        failures = [x for part in parts for x in part["failures"]]
        torn = [x for part in parts for x in part["torn"]]
        pages = sum(part["pages"] for part in parts)
        during = builds[seen:]
        broken = [b for b in during if b["problems"]]
        sent = per_client * args.clients

        def ms(seconds: float) -> str:
            return f"{seconds * 1000:.1f} ms"

        print(f"{args.size} articles ({len(urls)} addresses), {args.clients} clients in "
              f"{args.processes} processes, {sent} requests in {elapsed:.1f} s "
              f"({sent / elapsed:.0f}/s), a save every {args.rebuild_every} s")  # fmt: skip
        print(f"failed requests: {len(failures)}; HTML pages: {pages}, not ending in "
              f"</html>: {len(torn)}; saves: {saves}, rebuilds seen: {len(during)}, "
              f"failed rebuilds: {len(broken)}")  # fmt: skip
        if latencies:
            print(f"latency p50 {ms(percentile(latencies, 50))}, p90 "
                  f"{ms(percentile(latencies, 90))}, p99 {ms(percentile(latencies, 99))}, "
                  f"max {ms(latencies[-1])}")  # fmt: skip
        for failure in failures[:10]:
            print(f"  {failure}", file=sys.stderr)
        return 1 if failures or torn or broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
