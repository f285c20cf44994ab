"""The `sitegen` command: the only place that prints or exits."""

from __future__ import annotations

import errno
import gc
import ipaddress
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn, TextIO
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click

from sitegen import __version__
from sitegen.build import BuildOptions, BuildReport, build, default_jobs, theme_root
from sitegen.config import SOURCES, base_url_problem, load_config, read_config
from sitegen.errors import BuildError, Problem, quoted, unreadable
from sitegen.incremental.cache import CACHE_DIR, Cache
from sitegen.incremental.pages import Memo
from sitegen.output.report import deploy_report
from sitegen.output.write import UnsafeOutput, overlapped
from sitegen.urls import absolute, base_path

if TYPE_CHECKING:
    from sitegen.serve.server import Preview

_root = click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Site root: the folder holding config.yaml and content/.",
)  # fmt: skip


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """Build the supplement's static site from Markdown articles."""


@main.command("build")
@_root
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (default: output_dir in config.yaml, else public/).",
)
@click.option("--base-url", callback=lambda ctx, param, value: _checked_base_url(value),
              help="Site address, overriding base_url in config.yaml.")
@click.option("--drafts", is_flag=True, help="Include articles with draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated after now.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=default_jobs(),
    show_default=True,
    help="Processes for converting articles and rendering pages.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              callback=lambda ctx, param, value: _checked_report(value),
              help="Write what changed (JSON: counts, changed and removed URLs, next due) here.")  # fmt: skip
def build_command(root: Path, output: Path | None, base_url: str | None, drafts: bool,
                  future: bool, strict: bool, jobs: int, quiet: bool,
                  report_file: Path | None) -> None:  # fmt: skip
    """Build the site into the output directory."""
    _output_place(output, root)
    _report_place(report_file, output, root)
    if report_file is not None:
        report_file.unlink(missing_ok=True)  # a failed build leaves no report of an earlier one
    started = time.perf_counter()
    bar = ProgressBar(sys.stderr) if not quiet and sys.stderr.isatty() else None
    options = BuildOptions(root=root, now=_now(), output=output, base_url=base_url, drafts=drafts,
                           future=future, strict=strict, jobs=jobs, progress=bar)  # fmt: skip
    report = _run(options, quiet, bar)
    if report_file is not None:
        data = deploy_report(report.written, report.base_url or _base_url(root, base_url),
                             report.articles, report.pages, report.next_due)  # fmt: skip
        try:
            report_file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            click.secho(f"error: cannot write the report {report_file}: {exc.strerror}", fg="red", err=True)
            sys.exit(1)
    if not quiet:
        elapsed = time.perf_counter() - started
        done = report.written
        due = (f"next scheduled article due {report.next_due.isoformat()}" if report.next_due
               else "no scheduled articles")  # fmt: skip
        left_out = (f"; {_count(report.drafts, 'draft')} left out, --drafts builds "
                  f"{'it' if report.drafts == 1 else 'them'}") if report.drafts else ""  # fmt: skip
        click.echo(f"Built {_count(report.articles, 'article')} ({report.read} read, "
                   f"{report.cached} from the cache{left_out}) into {report.output} in "
                   f"{elapsed:.2f} s: {done.written} written, {done.unchanged} unchanged, "
                   f"{done.removed} removed; {due}")  # fmt: skip


@main.command("check")
@_root
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--links", is_flag=True,
              help="Also build into a temporary folder and check every internal link and anchor.")  # fmt: skip
@click.option("--drafts", is_flag=True, help="Check the site as built with --drafts.")
@click.option("--future", is_flag=True, help="Check the site as built with --future.")
@click.option("--base-url", callback=lambda ctx, param, value: _checked_base_url(value),
              help="Check the site as built with --base-url (a CI build's address).")
def check_command(root: Path, strict: bool, links: bool, drafts: bool, future: bool,
                  base_url: str | None) -> None:  # fmt: skip
    """Validate the whole site (content, config, templates) as `build` builds it; write nothing."""
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as folder:
        output = Path(folder) / "site"
        # The same pipeline as `build`, cache included, but the cache is only read: a check
        # leaves nothing behind. With --links it writes into a temporary folder.
        memo = Memo(Cache.open(root.resolve() / CACHE_DIR, in_memory=True))
        # With --links, warnings do not stop the build before its links are checked (with
        # --strict they are told as errors with the broken links, all in one run), and
        # they are told after the links are: a warning at the place of a broken link (an
        # image whose file is missing) is that link's error, told once, in the warning's
        # words (which say what the file was looked for as, and how to write it); other
        # warnings at that place (no alt text, a width) are told as ever.
        options = BuildOptions(root=root, now=_now(), strict=strict and not links, write=links,
                               output=output, drafts=drafts, future=future, memo=memo,
                               base_url=base_url)  # fmt: skip
        report = _run(options, quiet=False, what="Check", warn=not links)
        address = base_url or load_config(root).base_url
        from sitegen.output.linkcheck import (
            check_links,  # here: only `check --links` reads the pages
        )

        broken = check_links(output, base_path(address), root.resolve(), report.sources) if links else []
    if links:
        places = {(b.path, b.line, b.column) for b in broken}
        said = {(w.path, w.line, w.column): w for w in report.warnings if w.line is not None and _missing(w)}
        broken = [replace(b, message=said[place].message) if (place := (b.path, b.line, b.column)) in said else b
                  for b in broken]  # fmt: skip
        told = {id(said[place]) for place in places if place in said}
        warnings = [w for w in report.warnings if id(w) not in told]
        if not strict:
            _print_problems(warnings, "warning")
        if errors := (warnings if strict else []) + broken:
            _fail(errors, what="Check")
    checked = ", every internal link" if links else ""
    click.echo(f"OK: {_count(report.articles, 'article')}, {_count(report.pages, 'page')}"
               f"{checked}, {_count(len(report.warnings), 'warning')}")  # fmt: skip


def _missing(warning: Problem) -> bool:
    """Whether `warning` tells of a file a link or image names that is not there (see
    `content.read._images`): at a broken link's place, it is that link's error."""
    return warning.message.startswith(("no image file ", "no file "))


@main.command("serve")
@_root
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")  # fmt: skip
def serve_command(root: Path, port: int, host: str) -> None:
    """Preview the site with drafts and future articles; rebuild and reload on every save."""
    from sitegen.serve.server import (  # a server's imports: only here
        Preview,
        make_server,
        primer,
        watch,
    )

    memo = Memo(Cache.open(root.resolve() / CACHE_DIR, in_memory=True))  # warm from the last build
    try:
        server = make_server(host, port, preview := Preview(prime=primer(memo.cache, root)))
    except OSError as exc:
        click.secho(f"error: cannot listen on {host}:{port}: {exc.strerror}", fg="red", err=True)
        sys.exit(1)
    address = f"http://{host}:{server.server_address[1]}/"

    def builder(jobs: int) -> Callable[[Path], BuildReport]:
        return lambda target: build(BuildOptions(
            root=root, now=_now(), output=target, base_url=address, drafts=True, future=True,
            jobs=jobs, memo=memo, verify_output=False,  # the build folders are ours alone
        ))  # fmt: skip

    stop: Callable[[], None] | None = None
    restore = _stop_on_sigterm()  # as Ctrl-C: the build folders are removed on the way out
    try:
        # Worker processes only for the first build: later ones run beside the server's
        # threads, where forking is unsafe, and an edit rebuilds little anyway.
        preview.set_builder(builder(default_jobs()))
        first = preview.rebuild()
        if first:  # no good site yet: every address shows these errors until a save fixes them
            _print_problems(first, "error")
            click.secho(f"Build failed: {_count(len(first), 'error')}; every page shows them "
                        "until a save fixes them.", fg="red", err=True)  # fmt: skip
        told = _WarningsTold(preview)
        told.now()
        # The site's data now lives as long as the server; keep the collector from walking
        # it on every rebuild (a full collection of 5,000 articles' objects costs ~50 ms).
        gc.collect()
        gc.freeze()
        preview.set_builder(builder(1))
        stop = watch(root, preview, told.after)
        click.echo(f"Serving {root.resolve()} at {_home_address(root, address)} (drafts and future articles "
                   "shown). Ctrl-C stops.")  # fmt: skip
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopping.")
    finally:
        if stop is not None:
            stop()
        server.server_close()
        preview.close()
        restore()


def _home_address(root: Path, address: str) -> str:
    """The home page's address on the server at `address` (`http://127.0.0.1:8000/`), as
    `permalinks.home` in the site's config.yaml puts it (`/start/` → `…:8000/start/`); the
    server's root where the config cannot say."""
    try:
        config, _ = read_config(root)
    except BuildError:  # no site here: the first build has told why
        return address
    return absolute(config.permalinks["home"], address)


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM stop `serve` as Ctrl-C does, in this process (a forked build worker
    still just ends); returns what puts the previous handler back."""
    main_process = os.getpid()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != main_process:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


class _WarningsTold:
    """Prints the live build's warnings in the terminal when they differ from the last
    printed (the browser shows them too, in a panel at the foot of the page)."""

    def __init__(self, preview: Preview) -> None:
        self._preview = preview
        self._last: list[str] = []

    def after(self, problems: list[Problem], elapsed: float | None) -> None:
        """A rebuild's report (see `_report_rebuild`), then the warnings if new."""
        _report_rebuild(problems, elapsed)
        self.now()

    def now(self) -> None:
        warnings = self._preview.snapshot().warnings
        if [str(w) for w in warnings] != self._last:
            if self._last and not warnings:
                click.echo("No warnings now.")
            self._last = [str(w) for w in warnings]
            _print_problems(warnings, "warning")


def _report_rebuild(problems: list[Problem], elapsed: float | None) -> None:
    if problems:
        _print_problems(problems, "error")
        click.secho(f"Rebuild failed: {_count(len(problems), 'error')}; still serving the last "
                    "good site.", fg="red", err=True)  # fmt: skip
    elif elapsed is not None:
        click.echo(f"Rebuilt in {elapsed * 1000:.0f} ms")


@main.command("new")
@click.argument("title")
@click.option("--kommun", help="The municipality the article presents.")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several, or separate them with commas.")
@_root
def new_command(title: str, kommun: str | None, tags: tuple[str, ...], root: Path) -> None:
    """Create content/{year}/{slug}.md from the archetype, as a draft dated today."""
    from sitegen.content.scaffold import ScaffoldError, new_article  # Jinja: only here

    try:
        config = load_config(root)
        today = datetime.now(ZoneInfo(config.timezone)).date()
        path = new_article(root, theme_root(), title, today, kommun, list(tags))
    except BuildError as exc:
        _fail(exc.problems, what="sitegen new")
    except ScaffoldError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    click.echo(path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))


class ProgressBar:
    """A one-line bar on a terminal, drawn only once a build has taken a second."""

    def __init__(
        self, stream: TextIO, clock: Callable[[], float] = time.perf_counter, delay: float = 1.0
    ) -> None:
        self.stream, self.clock, self.delay = stream, clock, delay
        self.started = clock()
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.clock() - self.started < self.delay or total == 0:
            return
        filled = _BAR * done // total
        bar = "#" * filled + "-" * (_BAR - filled)
        self.stream.write(f"\r{stage:<9} [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (_BAR + 40) + "\r")
            self.stream.flush()
            self.drawn = False


_BAR = 30


def _run(
    options: BuildOptions, quiet: bool, bar: ProgressBar | None = None, what: str = "Build",
    warn: bool = True,
) -> BuildReport:
    """`build(options)`, its notices and (`warn`) warnings printed; every error printed and
    exit status 1 when it fails."""
    # A build makes hundreds of thousands of objects that live until it ends (an article
    # is about a hundred), and the collector's default thresholds walk them all again and
    # again as they pile up: about 0.3 s of a one-edit build's CPU time at 5,000 articles.
    # Look for cycles every 50,000 new objects instead of 700, and through the old ones
    # rarely: this process ends with the build anyway.
    gc.set_threshold(50_000, 20, 100)
    try:
        report = build(options)
    except BuildError as exc:
        _clear(bar)
        if not quiet:
            _print_problems(exc.warnings, "warning")  # a typo warning may explain an error
        untouched = options.write and what == "Build"
        _fail(exc.problems, "; the previous output is untouched" if untouched else "", what)
    except (UnsafeOutput, OSError) as exc:
        _clear(bar)
        if isinstance(exc, OSError) and (source := _source(exc, options.root)):  # a template, config.yaml
            _fail([unreadable(source, exc)], "; the previous output is untouched" if options.write else "", what)
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    # What the build made lives until the process ends: the collector's last pass, at exit,
    # need not walk it (about 20 ms of a 0.55 s build after one edit at 5,000 articles).
    gc.freeze()
    _clear(bar)
    if not quiet:
        for notice in report.notices:
            click.echo(f"note: {notice}", err=True)
        address = report.base_url or _base_url(options.root, options.base_url)
        if _local(address):
            click.echo(f"note: base_url is {address}, a preview's address: the feed, the sitemap and "
                       "every canonical link point there; before publishing, set base_url: in "
                       "config.yaml (or --base-url) to the site's public address", err=True)  # fmt: skip
        if warn:
            _print_problems(report.warnings, "warning")
    return report


def _source(exc: OSError, root: Path) -> str | None:
    """The name from the site root of the file of the site's sources (config.yaml, or one
    in content/, assets/ or layouts/, which a build only reads) that `exc` could not read,
    or None for another (the output folder, the cache: a write that failed)."""
    if not exc.filename or exc.errno not in (errno.EACCES, errno.EPERM, errno.EIO, errno.ENXIO):
        return None
    try:
        name = Path(os.fsdecode(exc.filename)).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return name if name == "config.yaml" or name.startswith(("content/", "assets/", "layouts/")) else None


def _clear(bar: ProgressBar | None) -> None:
    if bar is not None:
        bar.close()


def _fail(problems: list[Problem], note: str = "", what: str = "Build") -> NoReturn:
    _print_problems(problems, "error")
    click.secho(f"{what} failed: {_count(len(problems), 'error')}{note}.", fg="red", err=True)
    sys.exit(1)


def _print_problems(problems: list[Problem], kind: str) -> None:
    label = click.style(kind, fg="red" if kind == "error" else "yellow")
    for found in problems:
        click.echo(f"{found.location}: {label}: {found.text}", err=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _checked_base_url(value: str | None) -> str | None:
    """`--base-url` as given, or a usage error (exit status 2) saying what is wrong."""
    wrong = None if value is None else base_url_problem(value)
    if wrong:
        raise click.BadParameter(wrong)
    return value


def _local(address: str) -> bool:
    """Whether `address` names this computer (localhost, 127.x, ::1, 0.0.0.0, *.localhost)."""
    host = (urlsplit(address).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith((".localhost", ".localdomain")):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _checked_report(value: Path | None) -> Path | None:
    """`--report` as given, or a usage error (exit status 2) when it names a folder."""
    if value is not None and (not value.name or value.is_dir()):
        raise click.BadParameter(f"{str(value) or chr(39) * 2} is a folder; name a file, such as report.json")
    return value


def _output_place(output: Path | None, root: Path) -> None:
    """A usage error (exit status 2), before anything is built, for `-o` naming the site's
    root, or a folder that is, holds or lies in its sources or cache (`config.SOURCES`),
    which the build would replace. (`output_dir` in config.yaml is told at its line, and a
    folder sitegen did not build when the build gets there.)"""
    if output is None or (source := overlapped(output, [root / name for name in SOURCES])) is None:
        return
    where = "is" if output.resolve() == source else "holds" if source.is_relative_to(output.resolve()) else "is in"
    raise click.BadParameter(f"{output} {where} the site's {source.name}, and a build replaces its output "
                             "folder whole: choose another folder, like public", param_hint="'-o' / '--output'")  # fmt: skip


def _report_place(report: Path | None, output: Path | None, root: Path) -> None:
    """A usage error (exit status 2), before anything is built, for a report to be written
    into the output folder (the next build would remove it, and report it removed, then
    write it back) or into a folder that is not there."""
    if report is None:
        return
    try:
        output_folder: Path | None = (output or root / load_config(root).output_dir).resolve()
    except BuildError:
        output_folder = None  # config.yaml has errors: the build says so
    if output_folder is not None and report.resolve().is_relative_to(output_folder):
        raise click.BadParameter(f"{report} is in the output folder {output_folder}, which every build "
                                 "replaces: write it beside it", param_hint="'--report'")  # fmt: skip
    site = root.resolve()
    for source in SOURCES:
        if report.resolve().is_relative_to(site / source):
            raise click.BadParameter(f"{report} is {'' if source == 'config.yaml' else 'in '}the site's "
                                     f"{source}, which the report would overwrite or join: write it "
                                     "elsewhere", param_hint="'--report'")  # fmt: skip
    folder = report.absolute().parent
    if not folder.is_dir():
        raise click.BadParameter(f"{folder} {'is a file, not a folder' if folder.exists() else 'does not exist'}",
                                 param_hint="'--report'")  # fmt: skip


def _base_url(root: Path, given: str | None) -> str:
    """The site's address, for a report of a build that had nothing to do."""
    if given:
        return given if given.endswith("/") else given + "/"
    return load_config(root).base_url


def _now() -> datetime:
    """The build's now: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when it is set, as
    reproducible-builds.org specifies, else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        click.secho(f"error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, "
                    f"got {quoted(epoch)}", fg="red", err=True)  # fmt: skip
        sys.exit(2)
