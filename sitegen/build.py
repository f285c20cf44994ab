"""The whole build, top to bottom: read → collect → plan → render → write."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import markdown

from sitegen.config import Config, read_config
from sitegen.content.files import visible_files
from sitegen.content.read import ReadResult, ReadSettings, Stamp, read_all
from sitegen.errors import BuildError, Problem
from sitegen.incremental.cache import (
    CACHE_DIR,
    Cache,
    OutputEntry,
    code_salt,
    digest,
    pack_shard,
    shard_of,
)
from sitegen.output.render import CompiledTemplates, Renderer, SiteInfo, environment
from sitegen.output.write import Output, WriteStats, check_output, files_under
from sitegen.site.collect import Site, collect
from sitegen.site.plan import Page, PlanSettings, page_keys, plan
from sitegen.site.review import review_kommun, review_links
from sitegen.site.views import Link, ViewMemo
from sitegen.urls import output_path

Progress = Callable[[str, int, int], None]
_RACY_NS = 2_000_000_000
_PARALLEL_FROM = 200
_STEP = 100  # articles or pages between progress reports when working in one process  # below this many files to read, a process pool costs more than it saves


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
    cache: Cache | None = None  # kept by `serve` between rebuilds; else read from the site root
    verify_output: bool = True  # False: files already in the output are as the cache says
    use_cache: bool = True  # False: neither read nor write .sitegen-cache/
    progress: Progress | None = None  # told (stage, done, total) as articles and pages go by


@dataclass
class BuildReport:
    output: Path
    pages: int = 0
    articles: int = 0
    read: int = 0  # sources parsed this time (the rest came from the cache)
    written: WriteStats = field(default_factory=WriteStats)
    warnings: list[Problem] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # old URL → new, since the last build


def _silent(stage: str, done: int, total: int) -> None:
    pass


def theme_root() -> Path:
    """The built-in theme: packaged beside the code, or this checkout's own layouts/ and assets/."""
    packaged = Path(__file__).parent / "theme"
    return packaged if (packaged / "layouts").is_dir() else Path(__file__).parent.parent


def build(options: BuildOptions) -> BuildReport:
    root, theme = options.root.resolve(), theme_root()
    overrides: dict[str, Any] = {"base_url": options.base_url} if options.base_url else {}
    config, config_problems = read_config(root, overrides)
    output = (root / config.output_dir) if options.output is None else options.output
    cache = options.cache or Cache.open(root / CACHE_DIR if options.use_cache else None)
    report = BuildReport(output)
    results = _read(root, config, theme, options.jobs, cache, report, options.progress or _silent)
    errors = config_problems + [p for r in results for p in r.errors]
    report.warnings = sorted(p for r in results for p in r.warnings)
    articles = [r.article for r in results if r.article is not None]
    site, problems, variants = collect(articles, now=options.now, drafts=options.drafts,
                                       future=options.future, taxonomies=config.taxonomies)  # fmt: skip
    known = {r.article.source for r in results if r.article is not None}
    report.warnings = sorted(report.warnings + variants + _review(site, config, known))
    errors += problems + (report.warnings if options.strict else [])
    if errors:
        raise BuildError(errors, report.warnings)
    settings = PlanSettings(config.per_page, config.permalinks["page"], config.permalinks["home"],
                            config.feed_size)  # fmt: skip
    # A source's file hash, plus the one outside input reading looks at: whether its photo exists.
    source_keys = {s: f"{k}:{r.article and r.article.image}" for s, (k, r) in cache.reads.items()}
    cache.memo.views = cache.memo.views or ViewMemo()
    pages = plan(site, settings, options.now, source_keys, cache.memo.views)
    info = _site_info(config, site, options)
    compiled = CompiledTemplates(cache.compiled)
    env = environment([root / "layouts", theme / "layouts"], info, compiled)
    renderer = Renderer(env, [root, theme], cache.references)
    report.articles, report.pages = len(site.articles), len(pages)
    if not options.write:
        for page in pages:  # render everything so that template errors surface
            renderer.render(page)
        renderer.raise_problems()
        return report
    check_output(
        output, [root / "content", root / "layouts", root / "assets", root / "config.yaml"]
    )
    if cache.changed:
        cache.save_reads()
    out = Output(output.resolve(), cache.outputs.get(str(output.resolve())),
                 verify=options.verify_output)  # fmt: skip
    report.written = _write(out, pages, renderer, _assets(root, theme), cache, info,
                            options.jobs, options.progress or _silent)  # fmt: skip
    if cache.changed or compiled.changed or renderer.parsed:
        cache.save()
    # Since this process's last good build; `serve` redirects the old addresses.
    urls = {article.source: article.url for article in site.articles}
    report.moved, cache.memo.urls = _moved(cache.memo.urls, urls), urls
    return report


def _write(out: Output, pages: list[Page], renderer: Renderer, assets: dict[str, Path],
           cache: Cache, info: SiteInfo, jobs: int, progress: Progress) -> WriteStats:  # fmt: skip
    output = out.folder
    try:
        for relative, source in assets.items():
            stat = source.stat()
            key = f"asset:{source}:{stat.st_size}:{stat.st_mtime_ns}"
            if not out.unchanged(relative, key):
                out.write(relative, key, source.read_bytes())
        site_key = repr((info, cache.salt))
        # What every page of a template shares: the site's settings, sitegen, the templates.
        shared = {
            name: digest(f"{site_key}{renderer.template_key(name)}".encode())
            for name in {page.template for page in pages}
        }
        todo = []
        for page, page_key in zip(pages, page_keys(pages, cache.memo.page_keys), strict=True):
            relative = output_path(page.url)
            key = shared[page.template] + page_key
            if not out.unchanged(relative, key):
                todo.append((page, relative, key))
        for relative, entry, staged in _render_all(todo, renderer, out, jobs, progress):
            out.record(relative, entry, staged)
        renderer.raise_problems()
    except BaseException:
        out.abort()
        raise
    stats = out.commit()
    if out.entries != cache.outputs.get(str(output)):
        cache.outputs[str(output)] = out.entries
        cache.changed = True
    return stats


Job = tuple[Page, str, str]  # page, output path, key
Done = tuple[str, OutputEntry, bool]

# The one piece of module state: the work of a parallel render, set just before the worker
# processes fork so that they inherit it instead of receiving it pickled.
_FORKED: tuple[list[Job], Renderer, Output] | None = None


def _render_all(
    todo: list[Job], renderer: Renderer, out: Output, jobs: int, progress: Progress
) -> list[Done]:
    """Render and stage the pages; with several jobs, in forked workers over slices."""
    global _FORKED
    import multiprocessing as mp  # here, not at the top: most rebuilds render in-process
    from concurrent.futures import ProcessPoolExecutor

    if jobs <= 1 or len(todo) < _PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        done: list[Done] = []
        for start in range(0, len(todo), _STEP):
            done += _render_slice(todo[start : start + _STEP], renderer, out)
            progress("Sidor", len(done), len(todo))
        return done
    _FORKED = (todo, renderer, out)
    # Out of the collector's sight before forking: a collection in a worker would write to
    # every object's header and so copy the whole inherited heap page by page. (They live
    # as long as the build anyway; `gc.freeze` is what the gc docs advise before a fork.)
    gc.freeze()
    slices = jobs * 8
    finished: list[Done] = []
    try:
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            for part, problems in pool.map(_render_forked, range(slices), [slices] * slices):
                finished += part
                for found in problems:
                    renderer.problems.setdefault(str(found), found)
                progress("Sidor", len(finished), len(todo))
    finally:
        _FORKED = None
    return finished


def _render_forked(index: int, count: int) -> tuple[list[Done], list[Problem]]:
    assert _FORKED is not None
    todo, renderer, out = _FORKED
    done = _render_slice(todo[index::count], renderer, out)
    return done, list(renderer.problems.values())


def _render_slice(todo: list[Job], renderer: Renderer, out: Output) -> list[Done]:
    done = []
    for page, relative, key in todo:
        data = renderer.render(page)
        if data is not None:
            done.append((relative, *out.prepare(relative, key, data)))
    return done


def _moved(before: dict[str, str], urls: dict[str, str]) -> dict[str, str]:
    """Old URL → new of the articles whose URL changed (a new title or date)."""
    return {old: urls[s] for s, old in before.items() if s in urls and urls[s] != old}


def _review(site: Site, config: Config, known_sources: set[str]) -> list[Problem]:
    """Links between articles must lead somewhere; `kommun` must be a real municipality
    (where kommun is one of the site's taxonomies)."""
    warnings = review_links(site.articles, known_sources)
    if any(t.field == "kommun" for t in config.taxonomies):
        warnings += review_kommun(site.articles, config.stadsdelar)
    return warnings


def _assets(root: Path, theme: Path) -> dict[str, Path]:
    """Files copied as they are: the theme's assets, the site's over them, content's non-Markdown."""
    copies = dict(files_under(theme / "assets"))
    copies.update(files_under(root / "assets"))
    copies.update(files_under(root / "content", skip_suffix=".md"))
    return dict(sorted(copies.items()))


def _read(root: Path, config: Config, theme: Path, jobs: int, cache: Cache,
          report: BuildReport, progress: Progress) -> list[ReadResult]:  # fmt: skip
    settings = ReadSettings(
        root=root,
        content_dir=root / "content",
        image_dirs=(root / "content", root / "assets", theme / "assets"),
        permalink=config.permalinks["article"],
        timezone=config.timezone,
        engine=config.markdown_engine,
    )
    cache.use_salt(code_salt(settings, markdown.__version__))
    # Plain strings, not Paths, in this loop: it runs for every article on every rebuild.
    folder = str(settings.content_dir)
    sources = [f"content/{n}" for n in visible_files(settings.content_dir) if n.endswith(".md")]
    results: dict[str, ReadResult] = {}
    todo: list[str] = []
    for source in sources:
        hit = cache.reads.get(source)
        path = os.path.join(folder, source[len("content/") :])
        # Only a cached result needs the file's hash now; new files are hashed as they are read.
        if hit and hit[0] == _content_key(path, source, cache) and _still_valid(hit[1], settings):
            results[source] = hit[1]
        else:
            todo.append(source)
    fresh, adopted = _parse(todo, settings, jobs, progress, cache)
    for source in todo:
        stamp, result = fresh[source]
        results[source] = result
        if stamp is not None:
            _keep_stamp(source, stamp, cache)
        if source not in adopted:
            cache.store_read(source, _hash(stamp), result)
    for gone in cache.reads.keys() - set(sources):
        cache.drop_read(gone)
        cache.stamps.pop(gone, None)
    report.read = len(todo)
    return [results[source] for source in sources]


def _content_key(path: str, source: str, cache: Cache) -> str:
    """The hash of a file's bytes, read again only when its size or modification time moved."""
    try:
        stat = os.stat(path)
        stamp = cache.stamps.get(source)
        if stamp is not None and stamp[:2] == (stat.st_size, stat.st_mtime_ns):
            return stamp[2]
        with open(path, "rb") as handle:
            key = digest(handle.read())
    except OSError:
        return ""  # unreadable: reading it again tells why
    _keep_stamp(source, (stat.st_size, stat.st_mtime_ns, key), cache)
    return key


def _keep_stamp(source: str, stamp: Stamp, cache: Cache) -> None:
    # Like git's "racy" check: a file modified within the clock's granularity of now could be
    # saved again with the same size and time, so its stamp is trusted only once it is older.
    if time.time_ns() - stamp[1] > _RACY_NS and cache.stamps.get(source) != stamp:
        cache.stamps[source] = stamp
        cache.changed = True


def _still_valid(result: ReadResult, settings: ReadSettings) -> bool:
    """A cached result stays right while the photo it found is still there (or still missing)."""
    if any(w.field == "image" for w in result.warnings):
        return False  # a missing photo may have been added since: read again
    image = result.article.image if result.article else None
    if image and image.startswith("/"):
        return any((folder / image.lstrip("/")).is_file() for folder in settings.image_dirs)
    return True


Parsed = tuple[Stamp | None, ReadResult]


def _parse(
    sources: list[str], settings: ReadSettings, jobs: int, progress: Progress, cache: Cache
) -> tuple[dict[str, Parsed], set[str]]:
    """Each source's stamp and read result, and the sources whose results the cache has
    adopted. With many sources, worker processes read them a cache shard at a time; a shard
    with nothing in it yet (every shard, in a cold build) comes back pickled whole, as the
    cache saves it, so the results are pickled once, not once to hand over and again to save.
    """
    parsed: dict[str, Parsed] = {}
    if jobs <= 1 or len(sources) < _PARALLEL_FROM:
        for start in range(0, len(sources), _STEP):
            stamps, results, _ = _parse_group(sources[start : start + _STEP], settings, None)
            parsed.update((s, (stamp, r)) for (s, stamp), r in zip(stamps, results, strict=True))
            progress("Artiklar", len(parsed), len(sources))
        return parsed, set()
    from concurrent.futures import ProcessPoolExecutor  # here: most rebuilds read in-process

    groups: dict[int, list[str]] = {}
    for source in sources:
        groups.setdefault(shard_of(source), []).append(source)
    empty, adopted = cache.empty_shards(), set[str]()
    salts = [cache.salt if shard in empty else None for shard in groups]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        done = pool.map(_parse_group, groups.values(), [settings] * len(groups), salts)
        for shard, (stamps, results, packed) in zip(groups, done, strict=True):
            if packed is not None:
                reads = cache.adopt_shard(shard, packed)
                results = [reads[source][1] for source, _ in stamps]
                adopted.update(source for source, _ in stamps)
            parsed.update((s, (stamp, r)) for (s, stamp), r in zip(stamps, results, strict=True))
            progress("Artiklar", len(parsed), len(sources))
    return parsed, adopted


def _parse_group(
    sources: list[str], settings: ReadSettings, salt: str | None
) -> tuple[list[tuple[str, Stamp | None]], list[ReadResult], bytes | None]:
    """(source, stamp) pairs and read results; with a `salt`, the results come pickled as a
    whole cache shard instead (and the list is empty)."""
    read = list(read_all([settings.root / source for source in sources], settings))
    stamps = [(source, stamp) for source, (stamp, _) in zip(sources, read, strict=True)]
    if salt is None:
        return stamps, [result for _, result in read], None
    reads = {s: (_hash(stamp), r) for s, (stamp, r) in zip(sources, read, strict=True)}
    return stamps, [], pack_shard(salt, reads)


def _hash(stamp: Stamp | None) -> str:
    """The cache key of a source read with this stamp ("" when it could not be read)."""
    return stamp[2] if stamp else ""


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
    )


def default_jobs() -> int:
    return os.cpu_count() or 1
