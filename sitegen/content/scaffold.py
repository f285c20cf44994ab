"""`sitegen new`: a new article file from the site's archetype, never over an existing one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jinja2

from sitegen.urls import slugify

ARCHETYPE = Path("archetypes") / "article.md"


class ScaffoldError(Exception):
    """The article cannot be created; the message says why."""


def new_article(
    root: Path, theme: Path, title: str, today: date, kommun: str | None, tags: list[str]
) -> Path:
    """Write `content/{year}/{slug}.md` and return its path."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make a file name of")
    if not (root / "content").is_dir():
        raise ScaffoldError(f"no content/ folder in {root}; is this a site root?")
    target = root / "content" / f"{today.year}" / f"{slug}.md"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists; choose another title")
    archetype = next((p for p in (root / ARCHETYPE, theme / ARCHETYPE) if p.is_file()), None)
    if archetype is None:
        raise ScaffoldError(f"no archetype at {ARCHETYPE} in the site or the theme")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    try:
        text = env.from_string(archetype.read_text(encoding="utf-8")).render(
            title=title, date=today.isoformat(), kommun=kommun or "", tags=tags
        )
    except jinja2.TemplateError as exc:
        raise ScaffoldError(f"{archetype}: {exc}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target
