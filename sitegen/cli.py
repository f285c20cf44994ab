"""The `sitegen` command: the only place that prints or exits."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, BuildReport, build, default_jobs
from .errors import BuildError, Problem
from .write import UnsafeOutput

_root = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Site root: the folder holding config.yaml and content/.",
)  # fmt: skip


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """Build the supplement's static site from Markdown articles."""


@main.command("build")
@_root
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (default: output_dir in config.yaml, else public/).")
@click.option("--base-url", help="Site address, overriding base_url in config.yaml.")
@click.option("--drafts", is_flag=True, help="Include articles with draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated after now.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--jobs", type=click.IntRange(min=1), default=default_jobs(), show_default=True,
              help="Processes for reading and converting articles.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")  # fmt: skip
def build_command(root: Path, output: Path | None, base_url: str | None, drafts: bool,
                  future: bool, strict: bool, jobs: int, quiet: bool) -> None:  # fmt: skip
    """Build the site into the output directory."""
    started = time.perf_counter()
    options = BuildOptions(root=root, now=_now(), output=output, base_url=base_url,
                           drafts=drafts, future=future, strict=strict, jobs=jobs)  # fmt: skip
    report = _run(options, quiet)
    if not quiet:
        elapsed = time.perf_counter() - started
        click.echo(f"Built {_count(report.articles, 'article')} into {_count(report.pages, 'page')} "
                   f"({_count(report.files, 'file')}) in {report.output} in {elapsed:.2f} s")  # fmt: skip


@main.command("check")
@_root
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check_command(root: Path, strict: bool) -> None:
    """Validate the whole site (content, config, templates) and write nothing."""
    options = BuildOptions(root=root, now=_now(), strict=strict, write=False,
                           drafts=True, future=True)  # fmt: skip
    report = _run(options, quiet=False)
    click.echo(f"OK: {_count(report.articles, 'article')}, {_count(report.pages, 'page')}, "
               f"{_count(len(report.warnings), 'warning')}")  # fmt: skip


def _run(options: BuildOptions, quiet: bool) -> BuildReport:
    try:
        report = build(options)
    except BuildError as exc:
        _print_problems(exc.problems, "error")
        count = len(exc.problems)
        click.secho(f"Build failed: {count} error{'s' if count != 1 else ''}; "
                    "the previous output is untouched.", fg="red", err=True)  # fmt: skip
        sys.exit(exc.exit_code)
    except UnsafeOutput as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    if not quiet:
        _print_problems(report.warnings, "warning")
    return report


def _print_problems(problems: list[Problem], kind: str) -> None:
    label = click.style(kind, fg="red" if kind == "error" else "yellow")
    for found in problems:
        click.echo(f"{found.location}: {label}: {found.text}", err=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _now() -> datetime:
    return datetime.now(timezone.utc)
