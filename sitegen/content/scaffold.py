"""`sitegen new`: a new article file from the site's archetype, never over an existing one.

The built-in archetype is made from the front matter schema (model.py): every field, empty,
with its Swedish comment, so it cannot fall behind the fields sitegen knows."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jinja2

from sitegen.content.model import Article
from sitegen.content.schema import Entry, entries
from sitegen.errors import quoted
from sitegen.urls import slugify

ARCHETYPE = Path("archetypes") / "article.md"
# What `sitegen new` fills in, as Jinja expressions over its arguments; the rest is left empty.
_FILLED = {
    "title": "{{ title | yaml }}", "date": "{{ date }}", "kommun": "{{ kommun | yaml }}",
    "tags": "{{ tags | yaml }}", "draft": "true",
}  # fmt: skip
_EMPTY = {"text": '""', "texts": "[]", "sections": "[]", "flag": "false", "moment": ""}
_BODY = """Skriv artikeln här. Lämna en tom rad mellan stycken.

## Mellanrubrik

– Citat börjar med tankstreck, säger någon.
"""


class ScaffoldError(Exception):
    """The article cannot be created; the message says why."""


def new_article(
    root: Path, theme: Path, title: str, today: date, kommun: str | None, tags: list[str]
) -> Path:
    """Write `content/{year}/{slug}.md` and return its path. Each of `tags` may name
    several, separated by `,` or `;` (`--tag "Socialförvaltning, Barn och unga"`, as a
    tag field in WordPress takes them): they are written as separate tags, each once."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"the title {quoted(title)} has no letters or digits to make a file name of")
    if not (root / "content").is_dir():
        raise ScaffoldError(f"no content/ folder in {root}; is this a site root?")
    target = root / "content" / f"{today.year}" / f"{slug}.md"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists; choose another title")
    archetype = next((p for p in (root / ARCHETYPE, theme / ARCHETYPE) if p.is_file()), None)
    template = archetype.read_text(encoding="utf-8") if archetype else builtin_archetype()
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    try:
        text = env.from_string(template).render(
            title=title, date=today.isoformat(), kommun=kommun or "", tags=split_tags(tags)
        )
    except jinja2.TemplateError as exc:
        where = ARCHETYPE.as_posix() if archetype == root / ARCHETYPE else str(archetype or "the built-in archetype")
        line = f":{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno else ""
        raise ScaffoldError(f"{where}{line}: {exc}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target


def split_tags(given: list[str]) -> list[str]:
    """The tags named by `given`, each item split at `,` and `;` and stripped, in order,
    empty ones left out and each kept once (`["A, B", "B; C"]` → `["A", "B", "C"]`)."""
    return list(dict.fromkeys(part.strip() for item in given for part in re.split(r"[,;]", item) if part.strip()))


def builtin_archetype() -> str:
    """The archetype as a Jinja template: each front matter field of the schema on its own
    line, with its Swedish comment; a group of text fields on one line, another group
    (contact) with its fields indented below it."""
    lines = ["---"]
    for entry in entries(Article):
        fields = entries(entry.item) if entry.item and entry.shape == "section" else ()
        if all(field.shape == "text" for field in fields):
            lines.append(_line(entry.key, _value(entry, fields), entry.spec.sv))
            continue
        lines.append(_line(entry.key, "", entry.spec.sv))
        lines += ["  " + _line(f.key, _EMPTY[f.shape], f.spec.sv) for f in fields]
    return "\n".join([*lines, "---", _BODY])


def _value(entry: Entry, fields: tuple[Entry, ...]) -> str:
    if entry.key in _FILLED:
        return _FILLED[entry.key]
    if entry.shape in _EMPTY:
        return _EMPTY[entry.shape]
    return "{" + ", ".join(f'{field.key}: ""' for field in fields) + "}"


def _line(key: str, value: str, comment: str) -> str:
    written = f"{key}: {value}" if value else f"{key}:"
    return f"{written}  # {comment}" if comment else written
