"""Render stage: planned pages → HTML and XML bytes through Jinja, with template errors mapped."""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2

from .errors import BuildError, Problem
from .plan import Page
from .swedish import format_date
from .urls import base_path, output_path
from .views import Link


@dataclass(frozen=True)
class SiteInfo:
    """Site-wide values every template gets as `site`."""

    title: str
    description: str
    base_url: str
    language: str
    nav: tuple[Link, ...]
    labels: tuple[tuple[str, str], ...]  # (front matter field, label) of each taxonomy
    archive_full_text: bool
    serving: bool = False


def environment(layout_dirs: list[Path], site: SiteInfo) -> jinja2.Environment:
    """Site layouts first, then the theme's; autoescape on and no silent undefined values."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in layout_dirs if d.is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    prefix = base_path(site.base_url)
    env.filters["url"] = lambda url: url if "://" in url else prefix + url
    env.filters["absolute"] = lambda url: urljoin(site.base_url, url.lstrip("/"))
    env.filters["swedish_date"] = format_date
    env.filters["tel"] = tel_href
    env.filters["display_url"] = display_url
    env.globals["site"] = site
    return env


def render(env: jinja2.Environment, pages: list[Page], roots: list[Path]) -> Iterator[tuple[str, bytes]]:
    """(output path, bytes) for each page; raises BuildError with every template problem."""
    problems: dict[str, Problem] = {}
    for page in pages:
        try:
            html = env.get_template(page.template).render(page.context)
        except jinja2.TemplateError as exc:
            found = template_problem(exc, roots)
            problems.setdefault(str(found), found)
            continue
        yield output_path(page.url), html.encode("utf-8")
    if problems:
        raise BuildError(list(problems.values()))


def template_problem(exc: BaseException, roots: list[Path]) -> Problem:
    """Point at the template line: `layouts/article.html:12: 'x' is undefined`."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Problem(_name(exc.filename, roots), exc.lineno, None, None, exc.message or str(exc))
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem("layouts/", None, None, None, f"template {exc.name!r} not found")
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_template(f.filename, roots)]
    if frames:
        return Problem(_name(frames[-1].filename, roots), frames[-1].lineno, None, None, str(exc))
    return Problem("layouts/", None, None, None, str(exc))


def _is_template(filename: str, roots: list[Path]) -> bool:
    return any(Path(filename).is_relative_to(root) for root in roots) and not filename.endswith(".py")


def _name(filename: str, roots: list[Path]) -> str:
    path = Path(filename)
    for root in roots:
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return filename




def tel_href(phone: str) -> str:
    """`0303-33 00 00` → `+46303330000`: digits only, Swedish numbers in international form."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("0") and not digits.startswith("00"):
        return "+46" + digits[1:]
    return digits


def display_url(url: str) -> str:
    """`https://www.ale.se/` → `www.ale.se`, as the supplement prints addresses."""
    return re.sub(r"^https?://", "", url).rstrip("/")
