"""Read stage: Markdown files on disk → validated Articles, with every problem found."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown

from . import yamltext
from .errors import Problem
from .model import Article
from .urls import UrlPattern, is_safe, slugify
from .validate import KNOWN_FIELDS, Fields

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class ReadSettings:
    """What reading needs from the configuration."""

    root: Path  # site root; sources are named relative to it in messages
    content_dir: Path
    image_dirs: tuple[Path, ...]  # where `image:` paths are looked up, in order
    permalink: str
    timezone: str


@dataclass(frozen=True)
class ReadResult:
    article: Article | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def find_sources(content_dir: Path) -> list[Path]:
    """Every Markdown file under content/, in a stable order; hidden files are skipped."""
    return sorted(
        p for p in content_dir.rglob("*.md")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(content_dir).parts)
    )  # fmt: skip


def new_markdown() -> markdown.Markdown:
    """One converter, reused with reset() per document; headings get Swedish-safe ids."""
    return markdown.Markdown(
        extensions=["extra", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": lambda value, _sep: slugify(value)}},
        output_format="html",
    )


def read_article(path: Path, settings: ReadSettings, md: markdown.Markdown) -> ReadResult:
    source = path.relative_to(settings.root).as_posix()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = (f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                   "save it with the encoding UTF-8")  # fmt: skip
        return ReadResult(None, (Problem(source, line, None, None, message),))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        message = "expected front matter: the file must start with a line '---'"
        return ReadResult(None, (Problem(source, 1, None, None, message),))
    end = next((i for i, line in enumerate(lines[1:], 1) if _CLOSE.match(line)), None)
    if end is None:
        message = "front matter is not closed: add a line '---' after its last field"
        return ReadResult(None, (Problem(source, 1, None, None, message),))
    try:
        data, positions = yamltext.load("\n".join(lines[1:end]), line_offset=1)
    except yamltext.YamlSyntaxError as exc:
        return ReadResult(None, (Problem(source, exc.line, exc.column, None, exc.message),))
    if not isinstance(data, dict):
        got = "nothing" if data is None else type(data).__name__
        message = f"front matter must be fields like 'title: …', got {got}"
        return ReadResult(None, (Problem(source, 2, None, None, message),))
    body = "\n".join(lines[end + 1 :])
    return _build(data, positions, body, source, settings, md)


def _build(
    data: dict[str, object],
    positions: yamltext.Positions,
    body: str,
    source: str,
    settings: ReadSettings,
    md: markdown.Markdown,
) -> ReadResult:
    fields = Fields(data, positions, source)
    title = fields.text("title", required=True)
    when = fields.when(ZoneInfo(settings.timezone))
    slug = fields.slug(slugify(title) if title else "")
    image, warnings = _image(fields, settings)
    article_fields = {
        name: fields.text(name)
        for name in ("kommun", "kicker", "lead", "alt", "caption", "photographer")
    }
    tags, cta, factbox = fields.tags(), fields.cta(), fields.factbox()
    contact, draft = fields.contact(), fields.flag("draft")
    warnings += [
        Problem(source, *positions.of(key), key, f"unknown field, kept as extra; did you mean {guess!r}?")
        for key, guess in fields.unknown()
    ]  # fmt: skip
    url = ""
    if when and title:
        url = _permalink(settings.permalink, when[0], slug)
        if not is_safe(url):
            fields.error("slug", f"gives the URL {url!r}, which would leave the output directory")
    if fields.problems or not (title and when):
        return ReadResult(None, tuple(fields.problems), tuple(warnings))
    md.reset()
    article = Article(
        source=source, title=title, published=when[0], has_time=when[1], slug=slug, url=url,
        body=md.convert(body), image=image, tags=tags, cta=cta, factbox=factbox,
        contact=contact, draft=draft, **article_fields,
        extra={k: v for k, v in data.items() if k not in KNOWN_FIELDS},
    )  # fmt: skip
    return ReadResult(article, (), tuple(warnings))


def _permalink(pattern: str, when: datetime, slug: str) -> str:
    return UrlPattern(pattern).expand(
        year=f"{when.year:04d}", month=f"{when.month:02d}", day=f"{when.day:02d}", slug=slug
    )


def _image(fields: Fields, settings: ReadSettings) -> tuple[str | None, list[Problem]]:
    value = fields.text("image")
    if value is None:
        return None, []
    if re.match(r"^https?://", value):
        return value, []
    path = posixpath.normpath(value.lstrip("/"))
    if path.startswith("..") or "\\" in path:
        fields.error("image", f"{value!r} points outside content/ and assets/")
        return None, []
    if any((folder / path).is_file() for folder in settings.image_dirs):
        return "/" + path, []
    line, column = fields.positions.of("image")
    where = " or ".join(f"{d.relative_to(settings.root).as_posix()}/" for d in settings.image_dirs
                        if d.is_relative_to(settings.root)) or "content/"  # fmt: skip
    message = f"no file {path!r} in {where}; the article is shown without a photo"
    return None, [Problem(fields.source, line, column, "image", message)]


def read_all(paths: list[Path], settings: ReadSettings) -> Iterator[ReadResult]:
    md = new_markdown()
    for path in paths:
        yield read_article(path, settings, md)
