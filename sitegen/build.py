"""The whole build, top to bottom: read → collect → plan → render → write."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .collect import Site, collect
from .errors import BuildError, Problem
from .plan import PlanSettings, plan
from .read import ReadResult, ReadSettings, find_sources, read_all
from .render import SiteInfo, environment, render
from .views import Link
from .write import check_output, files_under, staged

_PARALLEL_FROM = 200  # below this many files a process pool costs more than it saves


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    now: datetime
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    strict: bool = False
    jobs: int = 1
    write: bool = True  # False: check everything, write nothing
    serving: bool = False


@dataclass
class BuildReport:
    output: Path
    pages: int = 0
    files: int = 0
    articles: int = 0
    warnings: list[Problem] = field(default_factory=list)


def theme_root() -> Path:
    """The built-in theme: packaged beside the code, or this checkout's own layouts/ and assets/."""
    packaged = Path(__file__).parent / "theme"
    return packaged if (packaged / "layouts").is_dir() else Path(__file__).parent.parent


def build(options: BuildOptions) -> BuildReport:
    root = options.root.resolve()
    overrides: dict[str, Any] = {"base_url": options.base_url} if options.base_url else {}
    config = load_config(root, overrides)
    output = (root / config.output_dir) if options.output is None else options.output
    report = BuildReport(output)
    theme = theme_root()
    results = _read(root, config, theme, options.jobs)
    errors = [p for r in results for p in r.errors]
    report.warnings = sorted(p for r in results for p in r.warnings)
    articles = [r.article for r in results if r.article is not None]
    site, problems = collect(articles, now=options.now, drafts=options.drafts,
                             future=options.future, taxonomies=config.taxonomies)  # fmt: skip
    errors += problems
    if options.strict:
        errors += report.warnings
    if errors:
        raise BuildError(errors)
    report.articles = len(site.articles)
    pages = plan(site, PlanSettings(config.per_page, config.permalinks["page"],
                                    config.permalinks["home"], config.feed_size), options.now)  # fmt: skip
    env = environment([root / "layouts", theme / "layouts"], _site_info(config, site, options))
    rendered = render(env, pages, [root, theme])
    report.pages = len(pages)
    if not options.write:
        for _ in rendered:  # render everything so template errors surface
            pass
        return report
    check_output(output, [root / "content", root / "layouts", root / "assets", root / "config.yaml"])
    with staged(output) as staging:
        copies = dict(files_under(theme / "assets"))
        copies.update(files_under(root / "assets"))
        copies.update(files_under(root / "content", skip_suffix=".md"))
        for relative, source in sorted(copies.items()):
            staging.copy(relative, source)
        for relative, data in rendered:
            staging.write(relative, data)
        report.files = staging.files
    return report


def _read(root: Path, config: Config, theme: Path, jobs: int) -> list[ReadResult]:
    settings = ReadSettings(
        root=root,
        content_dir=root / "content",
        image_dirs=(root / "content", root / "assets", theme / "assets"),
        permalink=config.permalinks["article"],
        timezone=config.timezone,
    )
    paths = find_sources(settings.content_dir)
    if jobs <= 1 or len(paths) < _PARALLEL_FROM:
        return list(read_all(paths, settings))
    chunks = [paths[i::jobs * 4] for i in range(jobs * 4)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(_read_chunk, chunks, [settings] * len(chunks)))
    by_path = {r_path: result for part in parts for r_path, result in part}
    return [by_path[p] for p in paths]


def _read_chunk(paths: list[Path], settings: ReadSettings) -> list[tuple[Path, ReadResult]]:
    return list(zip(paths, read_all(paths, settings), strict=True))


def _site_info(config: Config, site: Site, options: BuildOptions) -> SiteInfo:
    nav = (Link("Start", config.permalinks["home"]),) + tuple(
        Link(t.config.index_title, t.url) for t in site.taxonomies
    )
    return SiteInfo(
        title=config.title,
        description=config.description,
        base_url=config.base_url,
        language="sv",
        nav=nav,
        labels=tuple((t.config.field, t.config.label) for t in site.taxonomies),
        archive_full_text=config.archive_full_text,
        serving=options.serving,
    )


def default_jobs() -> int:
    return os.cpu_count() or 1
