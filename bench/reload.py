"""Edit-to-reload latency of `sitegen serve`: from an article's save to the reload event.

    python bench/reload.py [--size 5000] [--edits 20] [--edit text|front-matter] [--sitegen CMD]

Makes the benchmark corpus (bench/corpus.py) in a temporary folder, builds it once (an editor
has built before), starts `sitegen serve` on a free port, listens to its event stream as a
browser tab does, then saves one article `--edits` times, a second apart (each save adds a
line to its text, or with `--edit front-matter` changes its `updated:` date), timing each save
until the `state` event with a new build number arrives. Prints the median, min and max, and
checks that the served page shows the edit.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shlex
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import served_corpus  # noqa: E402


def states(port: int):  # type: ignore[no-untyped-def]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/__sitegen/events")
    response = connection.getresponse()
    while True:
        line = response.readline().decode()
        if not line:
            raise SystemExit("the event stream closed")
        if line.startswith("data: "):
            yield json.loads(line[6:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000, help="articles in the corpus")
    parser.add_argument("--edits", type=int, default=20, help="saves to time")
    parser.add_argument("--sitegen", default=str(Path(sys.executable).parent / "sitegen"))
    parser.add_argument("--edit", choices=["text", "front-matter"], default="text",
                        help="what each save changes: a line of the text (the usual save, which "
                             "serve renders on its own), or a front matter field (a whole rebuild)")
    args = parser.parse_args()
    command = shlex.split(args.sitegen)
    with served_corpus(args.size, command, "sitegen-reload-") as (root, port):
        events = states(port)  # the server's end closes it when the server stops
        build = next(events)["build"]
        source = sorted((root / "content").rglob("*.md"))[args.size // 2]
        original = source.read_text(encoding="utf-8")
        latencies = []
        for i in range(args.edits):
            time.sleep(1.0)
            started = time.perf_counter()
            if args.edit == "text":
                source.write_text(f"{original}\nRedigering nummer {i}.\n", encoding="utf-8")
            else:
                # `updated` (not in the corpus's front matter): the sitemap and the feeds show it
                updated = f"---\nupdated: 2025-01-{i % 28 + 1:02d}\n"
                source.write_text(original.replace("---\n", updated, 1), encoding="utf-8")
            state = next(events)
            while state["build"] == build:
                state = next(events)
            latencies.append(time.perf_counter() - started)
            build = state["build"]
            if state["problems"]:
                raise SystemExit(f"the edit broke the build: {state['problems']}")
        print(f"{args.size} articles, {args.edits} edits ({args.edit}) of {source.relative_to(root)}:")
        print(
            f"edit-to-reload median {statistics.median(latencies) * 1000:.0f} ms, "
            f"min {min(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
