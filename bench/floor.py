"""The floor: the least time a Python build of a corpus could take, stage by stage.

    python bench/floor.py CORPUS [--jobs 2]

CORPUS is a sitegen site made by `corpus.py`. This is not sitegen: it is the smallest
pipeline written with the same libraries, to show how far issue 9's cold-build target
(at most half of Hugo's time) is from what Python can do at all on this machine. Each
stage runs in `--jobs` processes and is timed on its own:

- **articles**: each Markdown file read, its front matter parsed with PyYAML's C loader
  (no positions, no checks), its body converted by cmarkgfm (sitegen's compiled engine),
  one small Jinja page rendered and written to `/{year}/{slug}/index.html`. No
  sanitizing, no addresses rewritten, no related articles, no structured data.
- **archives**: the home page and every tag's and kommun's archive, 10 titles a page, with
  a small Jinja template (sitegen's pages also show a card per article, facets, feeds).
- **variants**: the photos' smaller copies, made by sitegen's own `make_variants` (the
  widths and WebP/JPEG settings that define the bytes sitegen publishes).

Hugo's bench layouts (bench/data/hugo/) make no image variants, so "articles + archives"
is the floor to compare with Hugo's cold time, and "variants" is work sitegen does on top.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import cmarkgfm
import jinja2
import yaml
from cmarkgfm.cmark import Options

_ENV = jinja2.Environment(autoescape=True)
_ARTICLE = _ENV.from_string(
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{{ fm.title }}</title>'
    '</head><body><header><nav><a href="/">Start</a></nav></header><main><article>'
    '<h1>{{ fm.title }}</h1><p class="lead">{{ fm.lead }}</p><p>{{ fm.kommun }} · {{ fm.date }}</p>'
    '<ul>{% for t in fm.tags %}<li><a href="/etikett/{{ t | lower }}/">{{ t }}</a></li>{% endfor %}'
    "</ul>{{ body | safe }}</article></main><footer>Socionom i kommunen</footer></body></html>"
)
_LIST = _ENV.from_string(
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
    "<body><main><h1>{{ title }}</h1><ul>{% for a in entries %}"
    '<li><a href="{{ a.url }}">{{ a.title }}</a> <time>{{ a.date }}</time><p>{{ a.lead }}</p></li>'
    '{% endfor %}</ul>{% if next %}<a href="{{ next }}" rel="next">Nästa</a>{% endif %}'
    "</main></body></html>"
)
PER_PAGE = 10


def articles(files: list[Path], out: Path) -> list[dict[str, Any]]:
    """Read, parse, convert, render and write each of `files`; returns what archives list."""
    listed = []
    for file in files:
        _, head, body = file.read_text("utf-8").split("---\n", 2)
        fm = yaml.load(head, Loader=yaml.CSafeLoader)
        html = cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)
        url = f"/{file.parent.name}/{file.stem}/"
        folder = out / url.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_ARTICLE.render(fm=fm, body=html), "utf-8")
        tags = fm.get("tags") or []
        listed.append({"url": url, "title": fm["title"], "date": str(fm["date"]), "lead": fm.get("lead", ""),
                       "terms": [f"etikett/{t.lower()}" for t in tags] + [f"kommun/{fm['kommun'].lower()}"]})
    return listed


def archive(lists: list[tuple[str, list[dict[str, Any]]]], out: Path) -> int:
    """Write each archive's pages; returns how many."""
    written = 0
    for path, entries in lists:
        pages = [entries[i : i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)]
        for number, page in enumerate(pages, 1):
            folder = out / path / (f"sida/{number}" if number > 1 else "")
            folder.mkdir(parents=True, exist_ok=True)
            following = f"/{path}/sida/{number + 1}/" if number < len(pages) else None
            (folder / "index.html").write_text(_LIST.render(title=path, entries=page, next=following), "utf-8")
            written += 1
    return written


def variants(photos: list[Path], cache: Path) -> int:
    """sitegen's smaller copies of each of `photos`, into `cache`; returns how many."""
    from sitegen.output.images import make_variants, measure, variants_of

    made = 0
    for photo in photos:
        picture = measure(f"/{photo.name}", photo)
        if picture is not None:
            made += make_variants(variants_of(picture), photo, cache)
    return made


def timed(label: str, work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label:10} {seconds:6.2f} s", flush=True)
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a sitegen site made by corpus.py")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: every core)")
    args = parser.parse_args()
    content = args.corpus / "content"
    files = sorted(content.rglob("*.md"))
    photos = sorted(p for p in content.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not files:
        print(f"floor.py: no articles in {content}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="sitegen-floor-"))
    try:
        out = work / "public"
        with ProcessPoolExecutor(args.jobs) as pool:
            chunks = [files[i :: args.jobs] for i in range(args.jobs)]
            listed, first = timed("articles", lambda: [e for part in pool.map(articles, chunks, [out] * args.jobs)
                                                       for e in part])  # fmt: skip
            terms: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for entry in sorted(listed, key=lambda e: e["date"], reverse=True):
                terms[""].append(entry)
                for term in entry["terms"]:
                    terms[term].append(entry)
            lists = sorted(terms.items())
            _, second = timed("archives", lambda: sum(pool.map(archive, [lists[i :: args.jobs] for i in range(args.jobs)],
                                                               [out] * args.jobs)))  # fmt: skip
            parts = [photos[i :: args.jobs] for i in range(args.jobs)]
            made, third = timed("variants", lambda: sum(pool.map(variants, parts, [work / "images"] * args.jobs)))
        print(f"{len(files)} articles, {len(lists)} archives, {len(photos)} photos ({made} variants), "
              f"--jobs {args.jobs}")  # fmt: skip
        print(f"articles + archives: {first + second:.2f} s; with variants: {first + second + third:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
