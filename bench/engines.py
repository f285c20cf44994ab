"""Markdown engines on the benchmark corpus's bodies: how long each takes per body.

    python bench/engines.py [--count 5000] [--runs 5]

Converts `--count` bodies from corpus.py (every 5th with a table, every 7th with a
footnote) with sitegen's two engines, each alone and with the shared post-pass that gives
heading ids and article links, and with the candidate compiled engines that are installed
(cmarkgfm, pyromark, markdown-it-pyrs; `pip install` them to compare). Prints the best and
median of `--runs` passes over all bodies. A scratch measurement, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402

from sitegen.content.engines import engine, render  # noqa: E402

TABLE = "\n\n| Enhet | Antal |\n| --- | --- |\n| Barn och unga | 12 |\n| Vuxen | 8 |\n"
NOTE = "\n\nSe rapporten[^1].\n\n[^1]: Socialstyrelsen, 2016.\n"


def candidates() -> dict[str, Callable[[str], object]]:
    """The compiled engines compared when choosing `commonmark`, those that are installed,
    each with tables and footnotes on and raw HTML passed through."""
    found: dict[str, Callable[[str], object]] = {}
    if importlib.util.find_spec("cmarkgfm"):
        import cmarkgfm
        from cmarkgfm.cmark import Options

        options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
        found["cmarkgfm"] = lambda text: cmarkgfm.markdown_to_html_with_extensions(
            text, options=options, extensions=["table"]
        )
    if importlib.util.find_spec("pyromark"):
        import pyromark

        flags = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
        found["pyromark"] = lambda text: pyromark.html(text, options=flags)
    if importlib.util.find_spec("markdown_it_pyrs"):
        import markdown_it_pyrs

        parser = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "footnote"])
        found["markdown-it-pyrs"] = parser.render
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bodies = [
        a.body + (TABLE if i % 5 == 0 else "") + (NOTE if i % 7 == 0 else "")
        for i, a in enumerate(corpus.generate(args.count))
    ]
    print(f"{len(bodies)} bodies, {sum(map(len, bodies)) / 1e6:.1f} MB of Markdown\n")
    timed: dict[str, Callable[[str], object]] = {}
    for name in ("python-markdown", "commonmark"):
        timed[name] = engine(name).convert
        timed[f"{name} + post-pass"] = lambda text, name=name: render(text, "content/a.md", name)
    timed.update((f"candidate {k}", v) for k, v in candidates().items())
    print("| engine | best (s) | median (s) | µs per body |\n| --- | ---: | ---: | ---: |")
    for name, convert in timed.items():
        convert(bodies[0])  # set-up (Python-Markdown's 50 ms) is not what is measured
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            for body in bodies:
                convert(body)
            runs.append(time.perf_counter() - start)
        best, median = min(runs), statistics.median(runs)
        print(f"| {name} | {best:.2f} | {median:.2f} | {best / len(bodies) * 1e6:.0f} |")


if __name__ == "__main__":
    main()
