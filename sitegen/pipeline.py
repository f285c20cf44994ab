"""The pipeline, top to bottom: read → collect → plan → render → write.

`run()` reads as the pipeline does. The stages know nothing of the cache: the incremental
layer (`sitegen.incremental`) decides which sources to parse again and gives each page a
key derived from everything it is rendered with, and the writer skips the pages whose key
the output already holds. `sitegen.build` runs it when the output is not already what a
build would write.
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.build import BuildOptions, BuildReport, options_key, places
from sitegen.config import SOURCES, Config, TaxonomyConfig
from sitegen.content import yamltext
from sitegen.content.files import (
    escaping_links,
    file_stamp,
    last_changed,
    latin1_guess,
    nfc,
    shown,
    undecodable_names,
    unicode_twins,
    unlisted_folders,
    visible_files,
)
from sitegen.content.model import Article, ReadResult
from sitegen.content.read import ReadSettings
from sitegen.errors import BuildError, Problem, unreadable
from sitegen.incremental.bodies import Planned, body_alone, keys_after_edits
from sitegen.incremental.cache import CACHE_DIR, Cache, output_name
from sitegen.incremental.code import code_version, portable
from sitegen.incremental.fingerprint import Fingerprints, digest
from sitegen.incremental.memos import keep_measures, recall_measures, saved_lists
from sitegen.incremental.pages import Memo, PageKeys
from sitegen.incremental.reading import Parsed, keep, parse_again, read_again, read_sources
from sitegen.incremental.saved import PLAN_FILE, DamagedPlan, SavedPlan, Unsavable, encode_plan
from sitegen.incremental.unchanged import (
    RACY_NS,
    Seen,
    Survey,
    edited_sources,
    last_build,
    last_key,
    published_span,
    snapshot,
    warnings_of,
)
from sitegen.output.assets import Asset, prepare_all
from sitegen.output.images import (
    IMAGE_CACHE,
    animated,
    locate,
    make_variants,
    missing_variants,
    variants_of,
)
from sitegen.output.publish import Target, publish
from sitegen.output.render import Renderer, SiteInfo, environment, template_problem
from sitegen.output.search import FOLDER as SEARCH_FOLDER
from sitegen.output.search import index_pages
from sitegen.output.spare import OutputEntry
from sitegen.output.undrawable import undrawable
from sitegen.output.write import (
    DryRun,
    Output,
    check_output,
    files_under,
)
from sitegen.site.claims import clashes, copied_files, variant_files
from sitegen.site.collect import Site, collect
from sitegen.site.pictures import Picture, Variant
from sitegen.site.plan import SEARCH_PAGE, Page, PlanSettings, plan
from sitegen.site.review import (
    district_slugs,
    kommun_slugs,
    review_aliases,
    review_kommun,
    review_links,
)
from sitegen.site.views import Link
from sitegen.urls import base_path, output_path


def run(root: Path, theme: Path, config: Config, config_problems: list[Problem], output: Path,
        memo: Memo, files: Survey | None, options: BuildOptions) -> BuildReport:  # fmt: skip
    """Build the site of `root` (with the theme `theme` and the config read from it) into
    `output`; `files` is the survey of the inputs taken before anything was read (None when
    not taken). Raises BuildError with every problem found (the output untouched),
    UnsafeOutput for an output folder it must not replace, OSError when writing fails."""
    if not config_problems and (report := _edited_bodies(root, theme, output, memo, options, files)
                                or _saved_bodies(root, theme, config, output, memo, options, files)):  # fmt: skip
        return report  # only the pages showing the edited texts were rendered again
    report = BuildReport(output, notices=memo.cache.notices, base_url=config.base_url)
    settings, salt = _reading(root, theme, config)
    listed = visible_files(root / "content", root)  # content/'s files, listed once for every stage
    edited = _edited(root, theme, output, memo, options, files)  # before reading replaces them
    read, report.read = _read(settings, salt, memo, options, listed)
    results = list(read.values())
    report.cached = len(results) - report.read
    site, problems, warnings = collect([r.article for r in results if r.article], now=options.now,
                                       drafts=options.drafts, future=options.future,
                                       taxonomies=_taxonomies(config), districts=config.stadsdelar)  # fmt: skip
    pictures, damaged, refused = _pictures(site, _image_dirs(root, theme), memo)
    report.warnings = sorted([w for r in results for w in r.warnings] + warnings
                             + _review(site, config, read, root, listed) + _undrawable(damaged, site, root, theme))  # fmt: skip
    errors = (config_problems + [e for r in results for e in r.errors] + problems + _twins(root, listed)
              + _undecodable(root) + _unlisted(root) + [unreadable(_source(root, theme, f), exc) for f, exc in refused])
    if errors or (options.strict and report.warnings):
        errors += _more_errors(site, config, root, theme, memo, options, listed, errors,
                               _variant_claims(pictures, root, theme))  # every error in one run
        raise BuildError(errors + (report.warnings if options.strict else []), report.warnings)
    # The variants are made (not in `check`) while the pages are planned and keyed, and
    # copied with the other files when publishing.
    with _Variants(pictures if options.write else {}, root / CACHE_DIR / IMAGE_CACHE, options.jobs) as variants:
        sizes = memo.photos.of([a.image for a in (*site.articles, *site.pages) if a.image],
                               (root / "content", root / "assets", theme / "assets"))  # fmt: skip
        pages = plan(site, _plan_settings(config, sizes), options.now,
                     {url: picture for url, (picture, _) in pictures.items()}, saved_lists(memo.cache))  # fmt: skip
        theme_assets, copies = _assets(root, theme, listed)
        if found := _clashes(pages, config, root, theme, copies, _variant_claims(pictures, root, theme)):
            raise BuildError(found, report.warnings)
        values = _site_info(config, site, theme_assets, preview=options.drafts or options.future)
        if found := _template_problems(root, theme, values, memo):
            raise BuildError(found, report.warnings)
        report.next_due = site.next_due
        report.sources = {output_path(a.url): a.source for a in (*site.articles, *site.pages)}
        copied = {path: _source(root, theme, file) for path, (file, _) in copies.items()}
        report.sources.update((a.path, copied[a.path]) for a in theme_assets  # the site's own stylesheets, modules
                              if a.data is not None and a.source.is_relative_to(root))  # fmt: skip
        renderer = _renderer(root, theme, values, memo)
        keys = PageKeys(renderer, values, memo.fingerprints)
        last = memo.cache.outputs.get(output_name(output, root), {})
        pairs = {source: (old, read[source]) for source, old in edited.items() if source in read}
        key_of = _keyed(pages, keys_after_edits(pages, pairs if len(pairs) == len(edited) else {}, last, keys.of))
        assets = _copies({**copies, **variants.assets}, theme_assets)
        saved = _encode_plan(memo, options, files, pages, read, values, assets)
        if options.write:  # a check saves nothing
            memo.cache.encode_reads()
        report.images = variants.wait()
    target = _target(output, root, memo.cache, options)
    after = _search(config, pages, target, last, report)
    report.written = publish(pages, assets, key_of, renderer, target, options.jobs,
                             options.progress or _silent, after)  # fmt: skip
    report.articles, report.pages = len(site.articles), len(pages)
    report.drafts = 0 if options.drafts else sum(1 for r in results if r.article and r.article.draft)
    articles = [r.article for r in results if r.article]
    if saved is not None:
        memo.cache.keep_file(PLAN_FILE, *saved[1:])
    _remember(memo, articles, files, report, target, renderer, options, saved[0] if saved else None)
    report.moved, memo.urls = _moved(memo.urls, site), {a.source: a.url for a in site.articles}
    if options.memo is not None and files is not None:  # a session: its next build may need less
        again = _Again(config, assets, values, settings, salt, len(results), report)
        memo.planned = Planned(options_key(options, None, root), files, published_span(articles, options.now),
                               pages, [keys.of(page) for page in pages], read, again)  # fmt: skip
    return report


@dataclass(frozen=True)
class _Again:
    """What publishing again after body edits needs of the build that planned the pages."""

    config: Config
    assets: dict[str, tuple[Path | bytes, str]]
    values: SiteInfo
    settings: ReadSettings
    salt: str
    sources: int  # Markdown sources read
    report: BuildReport


def _edited_bodies(root: Path, theme: Path, output: Path, memo: Memo, options: BuildOptions,
                   files: Survey | None) -> BuildReport | None:  # fmt: skip
    """In a session that keeps its memo (`serve`), the rebuild after edits to article
    bodies alone (see `incremental.bodies`): the edited sources read again and only the
    pages showing them rendered again. None, for a whole build, after any other change."""
    planned, memo.planned = memo.planned, None  # taken: after any failure here, a whole build
    if planned is None or files is None or not options.write:
        return None
    sources = planned.edited(options_key(options, None, root), files, places(root, theme), options.now)
    if sources is None:
        return None
    last: _Again = planned.publish
    results = read_again(sources, last.settings, memo.cache, last.salt, memo.fingerprints)
    new = planned.bodies_only(results)
    if new is None:
        return None  # the whole build finds these sources read already
    renderer = _renderer(root, theme, last.values, memo)
    now = planned.with_views(new, PageKeys(renderer, last.values, memo.fingerprints).of)
    report = BuildReport(output, pages=len(now.pages), articles=last.report.articles,
                         drafts=last.report.drafts, read=len(sources),
                         cached=last.sources - len(sources), warnings=list(last.report.warnings),
                         next_due=last.report.next_due, notices=memo.cache.notices,
                         base_url=last.config.base_url)  # fmt: skip
    target = _target(output, root, memo.cache, options)
    after = _search(last.config, now.pages, target, memo.cache.outputs.get(output_name(output, root), {}), report)
    keys = {id(page): key for page, key in zip(now.pages, now.keys, strict=True)}
    report.written = publish(now.pages, last.assets, lambda page: keys[id(page)], renderer, target,
                             options.jobs, options.progress or _silent, after)  # fmt: skip
    read = {**planned.results, **results}
    _remember(memo, [r.article for r in read.values() if r.article], files, report, target, renderer, options)
    memo.planned = replace(now, files=files, results=read)
    return report


def _encode_plan(memo: Memo, options: BuildOptions, files: Survey | None, pages: list[Page],
                 read: dict[str, ReadResult], values: SiteInfo,
                 assets: dict[str, tuple[Path | bytes, str]]) -> tuple[str, bytes, bytes] | None:  # fmt: skip
    """In a build from the command line that saves its cache, this build's plan as the
    next one would read it (see `incremental.saved`): (its token, JSON part, raw part),
    for the cache to keep once the build has published; None when none is kept."""
    if options.memo is not None or memo.cache.folder is None or files is None or not options.write:
        return None
    token = os.urandom(8).hex()
    articles = {source: result.article for source, result in read.items() if result.article}
    try:
        data, raw = encode_plan(token, pages, articles, values, {path: key for path, (_, key) in assets.items()})
    except (Unsavable, RecursionError):
        return None  # the next build after an edit is a whole one
    return token, data, raw


def _keyed(pages: list[Page], key_of: Callable[[Page], str]) -> Callable[[Page], str]:
    """`key_of`, worked out now for every page of `pages` (while the image variants are
    made in other processes) and then looked up; any other page is keyed when asked."""
    keys = {id(page): (page, key_of(page)) for page in pages}

    def known(page: Page) -> str:
        found = keys.get(id(page))
        return found[1] if found is not None and found[0] is page else key_of(page)

    return known


def _saved_bodies(root: Path, theme: Path, config: Config, output: Path, memo: Memo,
                  options: BuildOptions, files: Survey | None) -> BuildReport | None:  # fmt: skip
    """In a build from the command line after edits to article bodies alone, the plan the
    last build saved (`incremental.saved`): the edited sources read again, and only the
    pages showing them decoded and rendered again, as `serve` does with the plan it keeps
    (`_edited_bodies`). None, for a whole build, after any other change, or when the
    saved plan or a reading it needs is missing, damaged or of another build."""
    cache = memo.cache
    if options.memo is not None or cache.folder is None or files is None or not options.write:
        return None
    seen = last_build(cache)
    sources = edited_sources(seen, options_key(options, output, root), files, places(root, theme), options.now)
    warnings = warnings_of(seen) if seen is not None else None
    if seen is None or seen.plan is None or not sources or len(sources) > _EDITS or warnings is None:
        return None
    plan = _saved_plan(cache, seen.plan)
    settings, salt = _reading(root, theme, config)
    values = _site_values(plan) if plan is not None else None
    edits = _edits(sources, settings, salt, cache, seen) if plan is not None and values is not None else None
    if plan is None or values is None or edits is None:
        return None
    parsed, changed = edits
    new = {source: result.article for source, _, result, _ in parsed if result.article is not None}
    for source, _, _, fingerprint in parsed:
        memo.fingerprints.remember(new[source], fingerprint)  # known: the pages' keys need not walk it
    articles = _Articles(cache, salt, lambda source: last_key(cache, seen, source), memo.fingerprints, new)
    renderer = _renderer(root, theme, values, memo)
    keys = PageKeys(renderer, values, memo.fingerprints)
    try:
        shown = {index: plan.page(index, articles) for index in plan.holders_of(changed)}
    except (KeyError, ValueError, TypeError, IndexError, RecursionError) as exc:
        _damaged(cache, exc)
        return None
    target = _target(output, root, cache, options)
    last = cache.outputs.get(output_name(output, root), {})
    try:
        todo = _not_held(plan, shown, articles, target, last, keys.of)
    except DamagedPlan as exc:
        target.abort()
        _damaged(cache, exc)
        return None
    except BaseException:
        target.abort()
        raise
    if todo is None:
        target.abort()  # its staging folder (the spare it took) goes; the whole build makes its own
        return None
    for found in parsed:  # the cache now holds these readings: this build goes on
        keep(found, cache, salt, memo.fingerprints)
    report = BuildReport(output, pages=seen.pages, articles=seen.articles, drafts=seen.drafts,
                         read=len(sources), warnings=warnings, notices=cache.notices,
                         cached=files.sources() - len(sources),
                         next_due=datetime.fromisoformat(seen.next_due) if seen.next_due else None,
                         base_url=config.base_url)  # fmt: skip
    listed = [Page(p.url, p.template, {}) for p in map(plan.listed, range(len(plan)))] if config.search else []
    after = _search(config, listed, target, last, report)  # the search index lists the article pages
    key_of = {id(page): key for page, key in todo}
    report.written = publish([page for page, _ in todo], {}, lambda page: key_of[id(page)], renderer,
                             target, options.jobs, options.progress or _silent, after)  # fmt: skip
    first, second = seen.published
    span = (datetime.fromisoformat(first) if first else None, datetime.fromisoformat(second) if second else None)
    # The plan still holds: its views name their articles by source, read anew in the cache.
    _remember(memo, [], files, report, target, renderer, options, plan.token, span)
    return report


def _damaged(cache: Cache, exc: Exception) -> None:
    """A notice, when a piece of the saved plan that could not be decoded was damaged (not
    when, say, a reading it names is gone): the build is a whole one either way."""
    if isinstance(exc, DamagedPlan):
        cache.notices.append(f"ignored {CACHE_DIR}/{PLAN_FILE}: damaged (checksum mismatch)")


def _site_values(plan: SavedPlan) -> SiteInfo | None:
    """The plan's site values, or None when they are not sitegen's (a plan.json edited with
    its checksum made right: a whole build, not a traceback)."""
    try:
        values = plan.values()
    except (KeyError, ValueError, TypeError, IndexError, RecursionError):
        return None
    return values if isinstance(values, SiteInfo) else None


def _edits(sources: list[str], settings: ReadSettings, salt: str, cache: Cache,
           seen: Seen) -> tuple[list[Parsed], list[str]] | None:  # fmt: skip
    """`sources` parsed again (nothing kept yet), and those whose body text changed, when
    each differs in its body text alone from the cache's reading of the bytes the last
    build (`seen`) read; else None."""
    before = {source: cache.read_of(source) for source in sources}
    if any(hit is None or hit[1] != salt or hit[0] != last_key(cache, seen, source) for source, hit in before.items()):
        return None  # no reading of the bytes the last build read (another site's shard)
    parsed = parse_again(sources, settings)
    if not all(body_alone(before[p[0]][2], p[2]) for p in parsed):  # type: ignore[index]
        return None  # read again by the whole build, which finds them as parsed here
    changed = [p[0] for p in parsed if p[2].article.body != before[p[0]][2].article.body]  # type: ignore[union-attr,index]
    return parsed, changed


def _saved_plan(cache: Cache, token: str) -> SavedPlan | None:
    """The plan saved with the snapshot whose token is `token`, or None."""
    loaded = cache.load_file(PLAN_FILE)
    if loaded is None:
        return None
    try:
        plan = SavedPlan(*loaded)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        cache.notices.append(f"ignored {CACHE_DIR}/{PLAN_FILE}: not a cache this sitegen wrote")
        return None
    return plan if plan.token == token else None


class _Articles:
    """Each source's article for the saved plan's views: the ones read again, else the
    cache's reading of it (under the same salt, of the bytes whose hash `key_of(source)`
    gives: the source unchanged since the last build), decoded once; raises KeyError for
    a source the cache has no such article of."""

    def __init__(self, cache: Cache, salt: str, key_of: Callable[[str], str | None], fingerprints: Fingerprints,
                 known: dict[str, Article]) -> None:  # fmt: skip
        self._cache, self._salt, self._key_of = cache, salt, key_of
        self._fingerprints, self._known = fingerprints, known

    def __call__(self, source: str) -> Article:
        if source not in self._known:
            hit = self._cache.read_of(source)
            if hit is None or hit[1] != self._salt or hit[0] != self._key_of(source) or hit[2].article is None:
                raise KeyError(source)
            self._fingerprints.remember(hit[2].article, hit[3])
            self._known[source] = hit[2].article
        return self._known[source]


def _not_held(plan: SavedPlan, shown: dict[int, Page], articles: _Articles, target: Target,
              last: dict[str, OutputEntry], key_of: Callable[[Page], str]) -> list[tuple[Page, str]] | None:  # fmt: skip
    """The pages to render, each with its key (`key_of`): those in `shown` (the saved
    plan's pages showing edited articles, decoded with their new readings) and any other
    page whose file the target does not hold as the last build (`last`) wrote it; the
    target keeps the rest. None when an asset is not held (a whole build copies it) or a
    page cannot be decoded."""
    if not all(target.unchanged(path, key) for path, key in plan.assets.items()):
        return None
    todo: list[tuple[Page, str]] = []
    for index in range(len(plan)):
        try:
            path = plan.path(index)
            if index not in shown and (entry := last.get(path)) is not None and target.unchanged(path, entry.key):
                continue
            page = shown[index] if index in shown else plan.page(index, articles)
        except DamagedPlan:
            raise
        except (KeyError, ValueError, TypeError, IndexError, RecursionError):
            return None
        todo.append((page, key_of(page)))
    return todo


def _edited(root: Path, theme: Path, output: Path, memo: Memo, options: BuildOptions,
            files: Survey | None) -> dict[str, ReadResult]:  # fmt: skip
    """In a build from the command line whose cache is on disk, each Markdown source whose
    bytes alone changed since the last build (see `unchanged.edited_sources`) → its read
    result in that build, for `bodies.keys_after_edits`; else nothing. Looked up before
    reading replaces them in the cache."""
    if options.memo is not None or memo.cache.folder is None or files is None or not options.write:
        return {}
    seen = last_build(memo.cache)
    sources = edited_sources(seen, options_key(options, output, root), files, places(root, theme), options.now)
    if seen is None or not sources or len(sources) > _EDITS:
        return {}
    found = {source: memo.cache.reads.get(source) for source in sources}
    if any(hit is None or hit[0] != last_key(memo.cache, seen, s) for s, hit in found.items()):
        return {}  # no reading of the bytes the last build read (another site's shard)
    return {s: hit[2] for s, hit in found.items() if hit is not None}


_EDITS = 50  # more edited sources than this: key every page rather than look for their views


def _reading(root: Path, theme: Path, config: Config) -> tuple[ReadSettings, str]:
    """What reading depends on besides the files, and its hash with sitegen's code."""
    settings = ReadSettings(
        root=root,
        content_dir=root / "content",
        image_dirs=(root / "content", root / "assets", theme / "assets"),
        permalink=config.permalinks["article"],
        timezone=config.timezone,
        engine=config.markdown.engine,
        raw_html=config.markdown.raw_html,
    )
    return settings, digest(f"{code_version()} {portable(settings)}".encode())


def _read(settings: ReadSettings, salt: str, memo: Memo, options: BuildOptions,
          listed: list[str]) -> tuple[dict[str, ReadResult], int]:  # fmt: skip
    """Each Markdown source's read result (through the cache), by source path in the order
    found (`listed`: content/'s files), and how many were parsed."""
    sources = [f"content/{n}" for n in listed if n.endswith(".md")]
    results, parsed = read_sources(sources, settings, memo.cache, salt, memo.fingerprints,
                                   options.jobs, options.progress or _silent)  # fmt: skip
    return dict(zip(sources, results, strict=True)), parsed


def _plan_settings(config: Config, sizes: dict[str, tuple[int, int]]) -> PlanSettings:
    home = config.permalinks["home"]
    # A clash with the home page is told where its address is set, when config.yaml sets it.
    owner = config.setting("permalinks.home", f"the home page {home}")
    indexes = {t.field: config.taxonomy_setting(t.field, f"the index of {t.field}") for t in config.taxonomies}
    return PlanSettings(config.per_page, config.permalinks["page"], home,
                        config.feed_size, base_path(config.base_url), sizes, config.search,
                        config.base_url, home_owner=owner if owner.line is not None else None,
                        index_owners=indexes, search_owner=config.setting("search", "the search page"))  # fmt: skip


def _more_errors(site: Site, config: Config, root: Path, theme: Path, memo: Memo, options: BuildOptions,
                 listed: list[str], found: list[Problem], variants: list[tuple[str, Problem]]) -> list[Problem]:  # fmt: skip
    """When other errors stop the build, what a build would go on to find, so that one run
    tells every error: the paths two pages or files would claim (see `_clashes`; the site
    planned as far as it could be read, with the images' smaller copies, `variants`), the
    assets that cannot be published, and the site's own templates that cannot be read or
    compiled. A clash at a place `found` already has an error for (two articles with one
    URL) is left out."""
    known = {(problem.path, problem.line) for problem in found}
    preview = options.drafts or options.future
    try:
        theme_assets, copies = _assets(root, theme, listed)
    except BuildError as exc:  # an image told already as one that cannot be read, among them
        # The templates compiled all the same: what `asset()` gives has no part in that.
        more = exc.problems + _template_problems(root, theme, _site_info(config, site, [], preview=preview), memo)
        return [problem for problem in more if (problem.path, problem.line) not in known]
    values = _site_info(config, site, theme_assets, preview=preview)
    pages = plan(site, _plan_settings(config, {}), options.now)
    clashing = [problem for problem in _clashes(pages, config, root, theme, copies, variants)
                if (problem.path, problem.line) not in known]  # fmt: skip
    return clashing + _template_problems(root, theme, values, memo)


def _clashes(pages: list[Page], config: Config, root: Path, theme: Path, copies: dict[str, tuple[Path, str]],
             variants: list[tuple[str, Problem]]) -> list[Problem]:  # fmt: skip
    """Every path claimed twice, or a file where another claim needs a folder (see
    `claims.clashes`): the pages', the copied files' (`copies`: output path → (file, key)),
    the images' smaller copies' (`variants`) and, with `search: true`, the search index's
    folder, which it writes whole. All are known before anything is written, so `check`
    tells what `build` would. A file at a copy's path is told at the file, claiming second."""
    files = copied_files({path: _source(root, theme, file) for path, (file, _) in copies.items()})
    index = config.setting("search", "the search index of search: true")
    return clashes(pages, [*variants, *files], {SEARCH_FOLDER: index} if config.search else {})


def _variant_claims(pictures: dict[str, tuple[Picture, Path]], root: Path, theme: Path) -> list[tuple[str, Problem]]:
    """The output paths of the images' smaller copies, each owned by its image's file."""
    return variant_files((picture, _source(root, theme, file)) for picture, file in pictures.values())


def _template_problems(root: Path, theme: Path, values: SiteInfo, memo: Memo) -> list[Problem]:
    """Each of the site's own templates (layouts/) that cannot be read (`errors.unreadable`),
    is not UTF-8 text or does not compile, at its line: a template that a page uses would
    fail there anyway, and one that cannot be read would stop the build before any page
    renders. The theme's are sitegen's."""
    problems, readable = [], []
    for name, path in files_under(root / "layouts"):
        try:
            yamltext.decode(path.read_bytes())
            readable.append(name)
        except OSError as exc:
            problems.append(unreadable(f"layouts/{name}", exc))
        except yamltext.TextError as exc:
            problems.append(Problem(f"layouts/{name}", exc.line, exc.column, None, exc.message))
    env = _environment(root, theme, values, memo)
    for name in readable:  # compiled alone: what it extends or includes is loaded when it renders
        try:
            env.get_template(name)
        except Exception as exc:  # noqa: BLE001 (compiling runs extensions' code too)
            problems.append(template_problem(exc, [root, theme]))
    return problems


def _twins(root: Path, listed: list[str]) -> list[Problem]:
    """Two files of content/ or assets/ whose names differ only in how their letters are
    encoded (see `content.files.unicode_twins`) are an error: both would be published at
    one address, and a link in a text could not tell which it means."""
    problems = []
    for folder, files in (("content", listed), ("assets", visible_files(root / "assets", root))):
        for first, second in unicode_twins(files):
            problems.append(Problem(f"{folder}/{second}", None, None, None,
                                    f"has the same name as {folder}/{first}, only with its letters "
                                    "encoded another way (Unicode NFD and NFC: 'ä' as 'a' and a "
                                    "combining mark, or as one character), so the two would be "
                                    "published at one address: rename or remove one"))  # fmt: skip
    return problems


def _undecodable(root: Path) -> list[Problem]:
    """Each file or folder of content/, assets/ or layouts/ whose name is not UTF-8 (a
    name from an old Windows or Mac, or a zip's) is an error: no address, link or template
    name can be written for it. The stages never see them (`visible_files` leaves them
    out); the name is told with each such byte as `\\xNN`, as a shell would show it."""
    problems = []
    for folder in ("content", "assets", "layouts"):
        for name, is_folder in undecodable_names(root / folder):
            base = name.rpartition("/")[2]
            problems.append(Problem(f"{folder}/{shown(name)}", None, None, None,
                                    f"the name of this {'folder' if is_folder else 'file'} is not "
                                    "valid UTF-8 text (each \\xNN is a byte that is no letter in "
                                    "UTF-8), so it cannot be read, linked to or published: rename "
                                    f"it, e.g. to '{latin1_guess(base)}' if it was written in "
                                    "Latin-1 (Windows-1252)"))  # fmt: skip
    return problems


def _review(site: Site, config: Config, read: dict[str, ReadResult], root: Path, listed: list[str]) -> list[Problem]:
    """Links between articles must lead somewhere; aliases are written without the base
    path; `kommun` must be a real municipality
    (where kommun is one of the site's taxonomies); symbolic links that leave the site are
    not followed, and the editor is told."""
    known = {r.article.source for r in read.values() if r.article is not None}
    unreadable = [source for source, result in read.items() if result.article is None]
    warnings = review_links((*site.articles, *site.pages), known, unreadable)  # pages of content/sidor/ too
    warnings += review_aliases((*site.articles, *site.pages), config.base_url)
    for folder in ("content", "assets"):
        for path, target in escaping_links(root / folder, root):
            warnings.append(Problem(f"{folder}/{path}", None, None, None,
                                    f"a symbolic link to {target}, outside the site or to a "
                                    "folder: it is not followed, and nothing of it is published; "
                                    "copy the file into the site instead"))  # fmt: skip
    for name in listed:
        if name.endswith(".md"):
            continue
        lower = name.lower()
        if lower.endswith(MARKDOWN_SUFFIXES) or (lower.endswith(".txt") and _starts_like_an_article(root / "content" / name)):
            stem = name[: -len(".md.txt")] if lower.endswith(".md.txt") else name[: name.rindex(".")]
            fix = (f"content/{stem}.md exists too: remove the one you do not mean"
                   if (root / "content" / f"{stem}.md").exists() else f"rename it to {stem}.md")  # fmt: skip
            warnings.append(Problem(f"content/{name}", None, None, None,
                                    "is not read as an article (only names ending in .md are) and "
                                    f"is published as it is, at /{nfc(name)}: {fix}"))  # fmt: skip
    if any(t.field == "kommun" for t in config.taxonomies):
        warnings += review_kommun(site.articles, config.stadsdelar)
    return warnings


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext")


def _starts_like_an_article(path: Path) -> bool:
    """Whether a text file begins as an article does: a line '---', then a field such as
    'title: …' (Notepad's `Ale.md.txt`, with the extension hidden). A signed security.txt
    (`-----BEGIN PGP SIGNED MESSAGE-----`) or notes under a '---' rule do not."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512).removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    except OSError:
        return False
    lines = head.splitlines()
    return len(lines) > 1 and lines[0].rstrip() == "---" and re.match(r"[A-Za-z_][\w-]*:(\s|$)", lines[1]) is not None


def _taxonomies(config: Config) -> tuple[TaxonomyConfig, ...]:
    """The configured taxonomies; kommun also with the slugs the shipped data chooses
    (Håbo's) and those of the districts in `stadsdelar`, which the editor's `slugs:` in
    config.yaml override."""
    chosen = (*kommun_slugs(), *district_slugs(config.stadsdelar))
    return tuple(replace(t, slugs=(*chosen, *t.slugs)) if t.field == "kommun" else t
                 for t in config.taxonomies)  # fmt: skip


def _site_info(config: Config, site: Site, assets: Sequence[Asset] = (),
               preview: bool = False) -> SiteInfo:  # fmt: skip
    nav = (Link("Start", config.permalinks["home"]),) + tuple(
        Link(t.config.index_title, t.url) for t in site.taxonomies
    ) + tuple(Link(link.text, link.url) for link in config.menu.header) + (
        (Link("Sök", SEARCH_PAGE),) if config.search else ())
    return SiteInfo(
        title=config.title,
        description=config.description,
        base_url=config.base_url,
        language="sv",
        nav=nav,
        labels=tuple((t.config.field, t.config.label) for t in site.taxonomies),
        archive_full_text=config.archive_full_text,
        relative_urls=config.relative_urls,
        preview=preview,
        footer=tuple(Link(link.text, link.url) for link in config.menu.footer),
        assets=tuple((asset.name, asset.path) for asset in assets),
        search=config.search,
        home=config.permalinks["home"],
    )


def _image_dirs(root: Path, theme: Path) -> tuple[Path, ...]:
    """Where `image:` and body images are found, in order (as reading looks for them)."""
    return (root / "content", root / "assets", theme / "assets")


def _pictures(site: Site, dirs: tuple[Path, ...], memo: Memo
              ) -> tuple[dict[str, tuple[Picture, Path]], list[tuple[str, Path]], list[tuple[Path, OSError]]]:  # fmt: skip
    """Site URL → (variants, file) of each local image the shown articles use (`image:`
    and body images) that Pillow can read, measured through `memo` and the cache; the
    URL and file of those it cannot; and those the operating system would not let it read, each
    with its error (they could not be published either)."""
    measures, taken = memo.pictures, time.time_ns()
    if not measures:
        recall_measures(measures, memo.cache, dirs)
    found, measured, damaged, refused = {}, set(), [], []
    for url in dict.fromkeys(url for article in site.articles for url in article.images):
        file = locate(url, dirs)
        if file is None:
            continue
        try:
            picture = measures.measure(url, file)
        except OSError as exc:  # no permission to read it: see errors.unreadable
            refused.append((file, exc))
            continue
        measured.add((url, str(file)))
        if picture is not None:
            found[url] = (picture, file)
        elif not animated(file):  # an animation is shown as it is
            damaged.append((url, file))
    if memo.cache.folder is not None:  # saved: `serve`'s cache in memory keeps its measures itself
        keep_measures(measures, memo.cache, dirs, taken, measured)
    return found, damaged, refused


def _unlisted(root: Path) -> list[Problem]:
    """Each folder of content/, assets/ or layouts/ the operating system would not list:
    what is in it would be left out of the site without a word (see `files.unlisted_folders`)."""
    return [unreadable(f"{folder}/{name}/" if name else f"{folder}/", exc, folder=True)
            for folder in ("content", "assets", "layouts") for name, exc in unlisted_folders(root / folder)]


def _undrawable(damaged: list[tuple[str, Path]], site: Site, root: Path, theme: Path) -> list[Problem]:
    """A warning at each image file Pillow cannot read (see `output.images.measure`), saying
    what the file is (`output.undrawable`) and which articles show it: `image:` at its line,
    and the text of those that show it there (`damaged`: each one's site URL and file)."""
    warnings = []
    for file, urls in _grouped(damaged).items():
        users = sorted(((a, url) for a in (*site.articles, *site.pages) for url in urls if url in a.images),
                       key=lambda pair: pair[0].source)  # fmt: skip
        named = [f"{a.source}:{a.place('image')[0]} (image:)" if a.image == url else f"{a.source} (in its text)"
                 for a, url in users]  # fmt: skip
        shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        warnings.append(Problem(_source(root, theme, file), None, None, None,
                                undrawable(file) + (f"; shown by {shown}" if shown else "")))  # fmt: skip
    return warnings


def _grouped(pairs: list[tuple[str, Path]]) -> dict[Path, list[str]]:
    """The second of each pair → the firsts it comes with, in order."""
    found: dict[Path, list[str]] = {}
    for first, second in pairs:
        found.setdefault(second, []).append(first)
    return found


_VARIANTS_APART_FROM = 16  # images to make smaller: below this many, forking costs more than it saves


class _Variants:
    """The variants of `pictures` (site URL → (variants, file)) missing from the image
    cache `cache`. With `jobs` over 1 and enough of them, they are made in `jobs` forked
    processes from the moment this is made, while the build goes on (they depend on the
    pictures alone): Pillow's WebP encoder holds the GIL, so threads would take turns with
    each other and with the build. Otherwise `wait` makes them. `assets` is each variant's
    output path → (its file in `cache`, key; the key is its URL, which names its bytes),
    for publishing to copy once `wait` has returned. Used as a context manager around the
    stages meanwhile: when one of them raises, the variants not yet begun are left for the
    next build, and those being made are finished (no process is left writing into the
    cache, and none runs when publishing forks its own)."""

    def __init__(self, pictures: dict[str, tuple[Picture, Path]], cache: Path, jobs: int) -> None:
        self.cache = cache
        self.assets: dict[str, tuple[Path, str]] = {}
        self._todo: list[tuple[list[Variant], Path]] = []
        for picture, file in pictures.values():
            variants = variants_of(picture)
            for variant in variants:
                relative = variant.url.lstrip("/")
                self.assets[relative] = (cache / relative, f"image:{variant.url}")
            if missing := missing_variants(variants, cache):
                self._todo.append((missing, file))
        self._pool: Executor | None = None
        self._made: list[Future[int]] = []
        if jobs > 1 and len(self._todo) >= _VARIANTS_APART_FROM:
            from sitegen.output.workers import forked_pool  # here: most builds make none

            self._pool = forked_pool(jobs)  # None: `wait` makes them in this process
            if self._pool is not None:
                self._made = [self._pool.submit(make_variants, missing, file, cache) for missing, file in self._todo]

    def __enter__(self) -> _Variants:
        return self

    def __exit__(self, *raised: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def wait(self) -> int:
        """How many variants were made, once all are. Raises BuildError for the first
        image (in the order of `pictures`) that Pillow cannot decode whole, or when the
        cache folder cannot hold them (a file where a folder must be)."""
        made = 0
        try:
            for index, (missing, file) in enumerate(self._todo):
                try:
                    made += self._made[index].result() if self._made else make_variants(missing, file, self.cache)
                except OSError as exc:
                    if exc.errno is not None:
                        raise  # the file system's
                    raise BuildError([Problem(self._where(file), None, None, None, "cannot be made into smaller "
                                              f"copies ({exc}): save it again as JPEG or PNG")]) from None  # fmt: skip
        except OSError as exc:
            hint = (f": remove {CACHE_DIR}, which holds only what sitegen makes again"
                    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR) else "")  # a file in a folder's place
            raise BuildError([Problem(self._where(self.cache), None, None, None, "cannot hold the images' "
                                      f"variants ({exc.strerror}: {exc.filename}){hint}")]) from None  # fmt: skip
        return made

    def _where(self, file: Path) -> str:
        """`file` as told: from the site's root when inside it."""
        site = self.cache.parent.parent
        return file.relative_to(site).as_posix() if file.is_relative_to(site) else str(file)


def _search(config: Config, pages: list[Page], target: Target, previous: dict[str, OutputEntry],
            report: BuildReport) -> Callable[[], None] | None:  # fmt: skip
    """With `search: true`, the step that indexes the article pages once they are written
    (see `output.search`), noting in `report` what it did; `check` indexes nothing."""
    if not config.search or not isinstance(target, Output):
        return None
    articles = [output_path(page.url) for page in pages if page.template == "article.html"]

    def index() -> None:
        report.search = index_pages(articles, target, previous, "sv", config.setting("search", "the search index"))

    return index


def _renderer(root: Path, theme: Path, values: SiteInfo, memo: Memo) -> Renderer:
    """The renderer for these templates and site values (see `_environment`)."""
    return Renderer(_environment(root, theme, values, memo), [root, theme], dict(memo.cache.references))


def _environment(root: Path, theme: Path, values: SiteInfo, memo: Memo) -> Any:
    """The Jinja environment for these templates and site values; `serve` keeps one (and
    the templates compiled in it) while neither changes. A template that cannot be read
    is keyed by what reading it raised (`_template_problems` tells it)."""
    folders = [root / "layouts", theme / "layouts"]
    sources = [(name, _bytes(p)) for f in folders for name, p in files_under(f)]
    key = digest(repr((sources, Fingerprints().of(values))).encode())
    if key not in memo.environments:
        memo.environments = {key: environment(folders, values)}
    return memo.environments[key]


def _bytes(path: Path) -> bytes | str:
    """A file's bytes, or what the operating system said when it would not read it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


def _target(output: Path, root: Path, cache: Cache, options: BuildOptions) -> Target:
    if not options.write:
        return DryRun()
    check_output(output, [root / source for source in SOURCES], known=cache.outputs.get(output_name(output, root)))
    # verify_output=False: serve's private folders, which nobody reads while they are built,
    # are updated in place rather than swapped whole (see `Output`).
    name = output_name(output, root)
    return Output(output.resolve(), cache.outputs.get(name), verify=options.verify_output,
                  in_place=not options.verify_output, tree=cache.trees.get(name))  # fmt: skip


def _remember(memo: Memo, articles: list[Article], files: Survey | None, report: BuildReport,
              target: Target, renderer: Renderer, options: BuildOptions, plan: str | None = None,
              published: tuple[datetime | None, datetime | None] | None = None) -> None:  # fmt: skip
    """Keep in the cache what this build made and saw, and save it (a check saves nothing):
    `plan` is the token of the plan it keeps, if any; `published` the span of now in
    which the same articles are published, when not worked out from `articles`."""
    if not isinstance(target, Output):
        return
    root = options.root.resolve()
    name = output_name(report.output, root)
    memo.cache.set_outputs(name, target.entries)
    memo.cache.set_tree(name, target.after)
    memo.cache.add_references(renderer.references)
    if files is not None:
        counts = (report.articles, report.pages, report.drafts)
        span = published_span(articles, options.now) if published is None else published
        memo.cache.set_snapshot(snapshot(options_key(options, report.output, root), files, span, name,
                                         counts, report.warnings, report.next_due, plan))  # fmt: skip
    memo.cache.save()
    memo.fingerprints.forget_all_but({id(a) for a in articles})


def _assets(root: Path, theme: Path, listed: list[str]) -> tuple[list[Asset], dict[str, tuple[Path, str]]]:
    """The files of assets/ (the theme's, the site's over them) as published, and every file
    copied as it is (output path → (file, key)): those assets and content's non-Markdown
    files (`listed`: content/'s files). Raises BuildError for a file that cannot be read (see
    `errors.unreadable`), CSS or JavaScript that is not UTF-8, and a file of content/ published
    where one of the site's assets/ is (the theme's give way to either)."""
    named = dict(files_under(theme / "assets", within=theme))
    named.update(files_under(root / "assets", within=root))
    problems: list[Problem] = []
    sources = {nfc(name): source for name, source in named.items()}
    def failed(name: str, exc: Exception) -> None:
        where = _source(root, theme, sources[name])
        if isinstance(exc, OSError):  # not let to read it
            problems.append(unreadable(where, exc))
            return
        try:
            yamltext.decode(sources[name].read_bytes())  # says where, and what the byte looks like
        except yamltext.TextError as found:
            problems.append(Problem(where, found.line, found.column, None, found.message))
            return
        except OSError:
            pass
        problems.append(Problem(where, None, None, None, f"cannot be read as UTF-8 text to minify: {exc}"))

    assets = prepare_all(sources, failed)
    own = {asset.path: asset.source for asset in assets if asset.source.is_relative_to(root)}  # not the theme's
    for name in listed:
        if not name.endswith(".md") and nfc(name) in own:
            problems.append(Problem(f"content/{name}", None, None, None,
                                    f"would be published at /{nfc(name)}, where "
                                    f"{_source(root, theme, own[nfc(name)])} is published too: keep one of them"))  # fmt: skip
    copies = {asset.path: asset.source for asset in assets}
    copies.update((name, root / "content" / name) for name in listed if not name.endswith(".md"))
    found, taken = {}, time.time_ns()
    for relative, source in sorted(copies.items()):
        try:  # opened now, not first when publishing: one that cannot be read is told with the rest
            with open(source, "rb") as handle:
                stamp = file_stamp(os.fstat(handle.fileno()))  # its ctime too: made unreadable, copied again
                key = f"asset:{relative}:{stamp[0]}:{stamp[1]}:{stamp[2]}"
                if last_changed(stamp) >= taken - RACY_NS:  # it may change again without its stamp showing it
                    key += ":" + digest(handle.read())
        except OSError as exc:
            problems.append(unreadable(_source(root, theme, source), exc))
            continue
        # Published under the NFC form of its name, the form text links to (`älv.gif`),
        # also when the file's name was written decomposed (as macOS does).
        found[nfc(relative)] = (source, key)
    if problems:
        raise BuildError(problems)
    return assets, found


def _copies(copies: dict[str, tuple[Path, str]],
            assets: list[Asset]) -> dict[str, tuple[Path | bytes, str]]:  # fmt: skip
    """What `publish` writes for each copied file: minified assets' bytes (keyed by their
    hash, which their name carries), the rest read from their files."""
    made: dict[str, tuple[Path | bytes, str]] = dict(copies)
    for asset in assets:
        if asset.data is not None:
            made[asset.path] = (asset.data, f"asset:{asset.path}")
    return made


def _source(root: Path, theme: Path, file: Path) -> str:
    """A copied file's name for messages: from the site root, or in the theme (on strings:
    once for each of thousands of files)."""
    path, inside = str(file), str(root) + os.sep
    if path.startswith(inside):
        return path[len(inside):].replace(os.sep, "/")
    return f"(theme) {path[len(str(theme)) + 1:].replace(os.sep, '/')}"


def _moved(before: dict[str, str], site: Site) -> dict[str, str]:
    """Old URL → new of the articles whose URL changed (a new title or date)."""
    urls = {article.source: article.url for article in site.articles}
    return {old: urls[s] for s, old in before.items() if s in urls and urls[s] != old}


def _silent(stage: str, done: int, total: int) -> None:
    pass
