"""Time the search index (`search: true`): how long Pagefind takes for the corpus's article
pages, cold, after one article's edit, and with no article page changed (kept as it is).

    python bench/search.py               # 1,000 and 5,000 articles
    python bench/search.py --sizes 1000

Each size: the corpus (bench/corpus.py) is written into a temporary folder with
`search: true`, then built three times through the build cache (cold; one article's body
edited; a new file that no article page shows); each line gives the whole build's time and
the part of it spent indexing (`BuildReport.search`: writing the pages for Pagefind,
running it, reading its bundle back and writing it into the output)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402

from sitegen.build import BuildOptions, BuildReport, build  # noqa: E402

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def timed(root: Path, output: Path, jobs: int) -> tuple[float, BuildReport]:
    start = time.perf_counter()
    report = build(BuildOptions(root=root, now=NOW, output=output, jobs=jobs))
    return time.perf_counter() - start, report


def line(n: int, step: str, seconds: float, report: BuildReport) -> str:
    search = report.search
    if search is None:
        told = "not indexed"
    elif search.skipped:
        told = f"index kept ({search.seconds:.2f} s to tell)"
    else:
        told = f"{search.pages:,} pages indexed in {search.seconds:.2f} s"
    return f"| {n:,} | {step} | {seconds:.2f} s | {told} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    print("| articles | build | whole build | search index |")
    print("| --- | --- | --- | --- |")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="sitegen-bench-search-") as folder:
            root, output = Path(folder) / "site", Path(folder) / "public"
            articles = corpus.write(n, root)
            with open(root / "config.yaml", "a", encoding="utf-8") as config:
                config.write("\nsearch: true\n")
            print(line(n, "cold", *timed(root, output, args.jobs)), flush=True)
            edited = root / "content" / articles[n // 2].path
            edited.write_text(edited.read_text(encoding="utf-8") + "\nEtt nytt stycke.\n", encoding="utf-8")
            print(line(n, "one article edited", *timed(root, output, args.jobs)), flush=True)
            (root / "content" / "ny-fil.txt").write_text("Ingen sida visar den.\n", encoding="utf-8")
            print(line(n, "no article page changed", *timed(root, output, args.jobs)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
