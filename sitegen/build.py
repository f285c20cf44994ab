"""Building a site: whether there is anything to build, then the pipeline that builds it.

`build()` first checks whether the output already is what this build would write (the
snapshot of the last build's inputs, `incremental.unchanged`): then it returns without
reading an article, or importing the stages (Jinja, the Markdown engines, Pillow). Else the
pipeline (`sitegen.pipeline`) runs: read → collect → plan → render → write.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.config import read_config
from sitegen.errors import Problem
from sitegen.incremental.cache import CACHE_DIR, Cache, output_name
from sitegen.incremental.pages import Memo
from sitegen.incremental.unchanged import Survey, inputs_key, still_built, survey
from sitegen.output.write import WriteStats, recover

if TYPE_CHECKING:
    from sitegen.output.search import Indexed

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    """One build's inputs besides the files: `now` is timezone-aware (the build's idea of
    the present, for scheduled articles); `write=False` checks everything and writes
    nothing (`sitegen check`); `memo` is kept by `serve` between builds, else each build
    makes a new one from `.sitegen-cache/` (or from nothing, with `use_cache=False`)."""

    root: Path
    now: datetime
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    strict: bool = False
    jobs: int = 1
    write: bool = True
    memo: Memo | None = None
    verify_output: bool = True  # False: files already in the output are as the cache says
    use_cache: bool = True
    progress: Progress | None = None  # told (stage, done, total) as articles and pages go by


@dataclass
class BuildReport:
    output: Path
    pages: int = 0
    articles: int = 0
    drafts: int = 0  # articles with draft: true left out (a build without --drafts)
    read: int = 0  # sources parsed this time
    cached: int = 0  # sources whose read result came from the cache
    written: WriteStats = field(default_factory=WriteStats)
    warnings: list[Problem] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # old URL → new, since the last build
    next_due: datetime | None = None  # when the first scheduled article becomes due
    base_url: str = ""  # the site's address, for the URLs of the files written
    notices: list[str] = field(default_factory=list)  # what the cache ignored, one line each
    search: Indexed | None = None  # what indexing for search did (`search: true` only)
    images: int = 0  # image variants made (not found in the cache), see `output.images`
    # Output path of each article's and page's page → its source (content/…md), for telling
    # problems found in the built pages where they are written (`check --links`).
    sources: dict[str, str] = field(default_factory=dict)


def theme_root() -> Path:
    """The built-in theme: packaged beside the code, or this checkout's own layouts/ and assets/."""
    packaged = Path(__file__).parent / "theme"
    return packaged if (packaged / "layouts").is_dir() else Path(__file__).parent.parent


def build(options: BuildOptions) -> BuildReport:
    """Build the site; raises BuildError with every problem found (the output untouched),
    UnsafeOutput for an output folder it must not replace, OSError when writing fails."""
    root, theme = options.root.resolve(), theme_root()
    config, config_problems = read_config(root, {"base_url": options.base_url} if options.base_url else {})
    output = (root / config.output_dir) if options.output is None else options.output
    memo = options.memo or Memo(Cache.open(root / CACHE_DIR if options.use_cache else None))
    if options.write:
        recover(output.resolve())  # what a killed build left: the previous site back, no leftovers
    files, report = _unchanged(root, theme, output, memo, options)
    if report is not None:
        return report  # the output already is what this build would write
    from sitegen.pipeline import run  # the stages: only when there is something to build

    return run(root, theme, config, config_problems, output, memo, files, options)


def places(root: Path, theme: Path) -> dict[str, Path]:
    """Every place a build reads from, by the name the snapshot gives it."""
    return {"config": root / "config.yaml", "content": root / "content", "layouts": root / "layouts",
            "assets": root / "assets", "theme-layouts": theme / "layouts",
            "theme-assets": theme / "assets"}  # fmt: skip


def options_key(options: BuildOptions, output: Path | None, root: Path) -> str:
    """A hash of sitegen's code and the options (the output folder too, unless None)."""
    return inputs_key({"base_url": options.base_url, "drafts": options.drafts,
                       "future": options.future, "strict": options.strict,
                       "output": output_name(output, root) if output else None})  # fmt: skip


def _unchanged(root: Path, theme: Path, output: Path, memo: Memo,
               options: BuildOptions) -> tuple[Survey | None, BuildReport | None]:  # fmt: skip
    """The files as found now (for the snapshot this build leaves, or for the next build of
    a session to see what changed), and a report when the last build's output is already
    what this one would write (see `incremental.unchanged`). Only builds that keep their
    cache on disk take snapshots; `serve` surveys for its next build; `check` does neither."""
    if not options.write or (memo.cache.folder is None and options.memo is None):
        return None, None
    found = places(root, theme)
    try:
        files = survey(found)
    except OSError:
        return None, None
    if memo.cache.folder is None:
        return files, None  # a session in memory: nothing saved to compare with
    last = still_built(memo.cache, options_key(options, output, root), files, found, options.now,
                       output.resolve(), output_name(output, root), options.verify_output)  # fmt: skip
    if last is None:
        return files, None
    articles, pages, warnings, due, drafts = last
    unchanged = WriteStats(unchanged=len(memo.cache.outputs[output_name(output, root)]))
    sources = files.sources()
    report = BuildReport(output, pages=pages, articles=articles, drafts=drafts, cached=sources,
                         written=unchanged, warnings=warnings, notices=memo.cache.notices,
                         next_due=datetime.fromisoformat(due) if due else None)  # fmt: skip
    return files, report


def default_jobs() -> int:
    return os.cpu_count() or 1
