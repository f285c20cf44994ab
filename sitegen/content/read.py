"""Read stage: Markdown files on disk → validated Articles, with every problem found."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from sitegen.content import yamltext
from sitegen.content.addresses import mailto_problem
from sitegen.content.engines import COMMONMARK, DEFAULT_RAW_HTML, render
from sitegen.content.engines.postpass import BOX_IDS, ID_OWNERS, Rendered
from sitegen.content.engines.sanitize import DROPPED_WHOLE, RAW_TEXT, dropped
from sitegen.content.files import find_file, nfc
from sitegen.content.links import ArticleLink, find_links, find_place, glued_titles, without_code
from sitegen.content.model import UNDATED, Article, ReadResult
from sitegen.content.validate import KNOWN_FIELDS, Fields
from sitegen.errors import Problem, quoted, unreadable
from sitegen.urls import UrlPattern, attribute_value, file_path, file_url, is_safe, slashed, slugify

PAGES_DIR = "content/sidor/"  # pages that are not dated articles: content/sidor/om-bilagan.md
PAGE_PERMALINK = "/{slug}/"  # → /om-bilagan/
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_FIELD = re.compile(r"^\s*(- )?[\w-]+\s*:")
_DASHES = re.compile(r"^\s*[-‐‑‒–—―]{1,3}\s*$")  # what a word processor makes of '---'


@dataclass(frozen=True)
class ReadSettings:
    """What reading needs from the configuration."""

    root: Path  # site root; sources are named relative to it in messages
    content_dir: Path
    image_dirs: tuple[Path, ...]  # where `image:` paths are looked up, in order
    permalink: str
    timezone: str
    engine: str  # the Markdown engine's name, one of engines.ENGINES
    raw_html: str = DEFAULT_RAW_HTML  # `markdown: {raw_html: …}`, one of engines.RAW_HTML


def read_article(path: Path, settings: ReadSettings, raw: bytes | None = None) -> ReadResult:
    """The article in the file `path`, or why there is none. `raw`: the file's bytes, when
    the caller has read them already."""
    source = path.relative_to(settings.root).as_posix()
    try:
        text = yamltext.decode(path.read_bytes() if raw is None else raw)
    except OSError as exc:
        return ReadResult(None, (unreadable(source, exc),))
    except yamltext.TextError as exc:
        return _failed(source, exc.line, exc.column, exc.message)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    invisible = _invisible(text, source)
    if invisible:  # each an error; read on without them, for the file's other errors
        result = _read_text(yamltext.INVISIBLE.sub(" ", text), source, settings)
        return ReadResult(None, tuple(sorted(invisible + list(result.errors))), result.warnings)
    return _read_text(text, source, settings)


def _read_text(text: str, source: str, settings: ReadSettings, read_on: int = yamltext.READ_ON) -> ReadResult:
    """The article in `text` (decoded, its line breaks made '\n'), or why there is none: every
    error found, reading on past up to `read_on` fields YAML cannot read (see _read_on)."""
    lines = text.split("\n")
    if not text.strip():
        return _failed(
            source,
            1,
            1,
            "the file is empty; an article starts with front matter: "
            "a line '---', fields such as 'title: …' and 'date: …', another '---'",
        )
    end = _front_matter_end(lines)
    if isinstance(end, str):
        return _failed(source, 1, 1, end)
    faults: list[Problem] = []
    try:
        data, positions = yamltext.load("\n".join(lines[1:end]), line_offset=1)
    except yamltext.KeyFaults as exc:  # keys given twice or written oddly: each told, and read on
        faults = exc.problems(source)
        data, positions = exc.data, exc.positions
    except yamltext.TextError as exc:
        if exc.message == _TAB:  # tabs indent some lines: each told, and read on without them
            return _tabs(lines, end, source, settings, Problem(source, exc.line, exc.column, None, _TAB))
        hint = _text_hint(lines, exc.line)
        refused = Problem(source, exc.line, exc.column, None, exc.message + hint)
        if hint or not read_on:  # the article's text read as fields: nothing more to learn
            return ReadResult(None, (refused,))
        return _read_on(lines, end, source, settings, refused, read_on)
    if data is None:  # nothing between the fences: report each required field as missing
        data = {}
    if not isinstance(data, dict):
        return ReadResult(None, (Problem(source, 2, 1, None, _not_fields(data)), *faults))
    body = "\n".join(lines[end + 1 :])
    result = _build(data, positions, body, source, settings, end + 2)
    if faults:
        return ReadResult(None, tuple(sorted(faults + list(result.errors))), result.warnings)
    return result


_TAB = "a tab character; indent with spaces only"  # YAML's rule, as yamltext tells it


def _read_on(lines: list[str], end: int, source: str, settings: ReadSettings, refused: Problem,
             read_on: int) -> ReadResult:  # fmt: skip
    """After YAML refused the front matter (lines 1 to `end`; `refused`: its error at the line
    of the fault): that error and the file's others, so that one run tells them all. The
    field that holds the fault is read as if left out (`yamltext.leave_out`) and the rest is
    read again (a further field YAML refuses is left out the same way, `read_on` times at
    most). What that reading says of the left-out field itself ('missing') is not told: its
    fault is. A fault before the first field is told alone."""
    left = yamltext.leave_out(lines[1:end], refused.line - 2) if refused.line is not None else None
    if left is None:
        return ReadResult(None, (refused,))
    kept, name = left
    result = _read_text("\n".join([lines[0], *kept, *lines[end:]]), source, settings, read_on - 1)
    others = [e for e in result.errors if not yamltext.about(e.field, name)]
    return ReadResult(None, tuple(sorted(dict.fromkeys([refused, *others]))), result.warnings)


def _tabs(lines: list[str], end: int, source: str, settings: ReadSettings, refused: Problem) -> ReadResult:
    """When YAML refused a tab in the front matter (lines 1 to `end`; `refused`: its error):
    an error at each line a tab indents, and the file's other errors, read with a space in
    each such tab's place (a column stays a column). A tab inside a value (a `|` block's
    line) YAML takes as text is then told too, as the fault cannot be told apart from one
    there. A refused tab that indents nothing (`-\tSocialförvaltning`) is told where YAML
    found it, and the reading stops there."""
    def indents(line: str) -> bool:
        return "\t" in line[: len(line) - len(line.lstrip())]

    tabs = [Problem(source, number, line.index("\t") + 1, None, _TAB)
            for number, line in enumerate(lines[1:end], 2) if indents(line)]  # fmt: skip
    if not tabs:
        return ReadResult(None, (refused,))
    told: set[int] = {tab.line for tab in tabs if tab.line is not None}

    def read(chosen: dict[int, int]) -> tuple[list[Problem], list[Problem]]:
        spaced, shifts, _ = _spaced(lines[1:end], indents, chosen)
        return _read_spaced(lines, end, spaced, shifts, told, source, settings)

    def fits(number: int, depth: int, errors: list[Problem]) -> bool:
        """Whether the field on line `number`, at `depth`, is one its place has."""
        known = depth > 0 or lines[number - 1].strip().partition(":")[0] in KNOWN_FIELDS
        return known and not any(e.line == number and e.message.startswith(_UNKNOWN) for e in errors)

    chosen: dict[int, int] = {}  # line → its depth, each line as the ones above it are put
    unknown: dict[int, list[int]] = {}  # line → the other depths it may be meant at, none telling
    while pending := [(n, depths) for n, depths in _spaced(lines[1:end], indents, chosen)[2].items() if n not in chosen]:
        number, (guess, *others) = pending[0]
        readings = {depth: read({**chosen, number: depth})[0] for depth in (guess, *others)}
        fitting = [depth for depth, errors in readings.items() if fits(number, depth, errors)]
        chosen[number] = fitting[0] if fitting[:1] == [guess] or len(fitting) == 1 else guess
        if chosen[number] == guess and fitting[:1] != [guess]:
            unknown[number] = others
    errors, warnings = read(chosen)
    for number, depths in unknown.items():  # tell only what every reading of it says
        for depth in depths:
            other = read({**chosen, number: depth})
            errors, warnings = [e for e in errors if e in other[0]], [w for w in warnings if w in other[1]]
    return ReadResult(None, tuple(sorted(tabs + errors)), tuple(warnings))


def _read_spaced(lines: list[str], end: int, spaced: list[str], shifts: dict[int, int], told: set[int],
                 source: str, settings: ReadSettings) -> tuple[list[Problem], list[Problem]]:  # fmt: skip
    """The errors and warnings of the article `lines` read with its front matter (to `end`)
    `spaced` (see `_spaced`), each at its column in the file; not what YAML says of an
    indent on a line a tab indents (`told`): the tab's error tells it."""
    result = _read_text("\n".join([lines[0], *spaced, *lines[end:]]), source, settings)
    errors = [e if e.line not in shifts else replace(e, column=max(1, (e.column or 1) - shifts[e.line]))
              for e in result.errors if e.line not in told or not e.message.startswith(_UNALIGNED)]  # fmt: skip
    return errors, list(result.warnings)


# What YAML says of a line indented otherwise than the lines around it (see yamltext): on a
# line a tab indents, the tab's error tells it.
_UNALIGNED = ("this line does not line up", "this line is indented more")
_UNKNOWN = "unknown field"  # what `validate` says of a field its place does not have
_OPENS = re.compile(r":[ \t]*(?:#.*)?$")  # `contact:`, `tags:  # Etiketter`: a group under it
_ITEM_FIELD = re.compile(r"-[ \t]+[^-{\[\"'#\s][^:]*:(?:[ \t]|$)")  # `- name: Anna`: its fields under it


def _spaced(lines: list[str], indents: Callable[[str], bool], chosen: dict[int, int] | None = None
            ) -> tuple[list[str], dict[int, int], dict[int, list[int]]]:  # fmt: skip
    """The front matter's `lines` with each indent holding a tab made of spaces, as deep as
    the editor meant it, as far as the line above tells: under a line that opens a group
    (`contact:`, `tags:`, `- name: …`), two spaces deeper than it; else as deep as it. With
    how many columns each such line moved (by its number in the file), so that an error
    found on it is told at its column in the file. Read so, a tab YAML refuses is one error
    (the tab's), not that one and another for an indent that no longer lines up, or, for a
    tab before the first field, YAML's 'did not find expected <document start>'.
    Also, by line number, the depths a field's line could be meant at where the line above
    does not tell (a field after `role: B` in a person of `contact.people` may be the
    person's, `contact`'s or the article's own): the depth guessed so, then those of the
    fields the line above is in; `chosen` (line number → depth) puts a line at one."""
    spaced: list[str] = []
    shifts: dict[int, int] = {}
    choices: dict[int, list[int]] = {}
    above = ""  # the last line with a field or an item, as spaced
    open_at: list[tuple[int, bool]] = []  # (depth, whether of items) of the groups `above` is in
    for number, line in enumerate(lines, 2):
        text = line.lstrip()
        if indents(line):
            depth = len(above) - len(above.lstrip())
            field_in_item = not text.startswith("-") and _ITEM_FIELD.match(above.lstrip())
            opens = above and (_OPENS.search(above) or field_in_item)
            depth += 2 if opens else 0
            others = [d for d, items in open_at if d != depth and items == text.startswith("-")]
            if others and not _OPENS.search(above) and not text.startswith("-"):
                choices[number] = [depth, *others]
            depth = (chosen or {}).get(number, depth)
            shifts[number] = depth - (len(line) - len(text))
            line = " " * depth + text
        spaced.append(line)
        if text and not text.startswith("#"):
            above = line
            depth = len(line) - len(text)
            open_at = [(d, items) for d, items in open_at if d < depth]
            open_at.append((depth, text.startswith("-")))
            if _ITEM_FIELD.match(text):  # `- name: A`: A's fields at name's depth
                open_at.append((depth + 2, False))
    return spaced, shifts, choices


def _invisible(text: str, source: str) -> list[Problem]:
    """An error at each invisible control character in `text`, by line and column."""
    return [Problem(source, text.count("\n", 0, found.start()) + 1,
                    found.start() - text.rfind("\n", 0, found.start()), None, yamltext.invisible_problem(found.group()))
            for found in yamltext.INVISIBLE.finditer(text)]  # fmt: skip




def is_page(source: str) -> bool:
    """Whether the source (a path from the site root) is a page, not an article: a Markdown
    file in content/sidor/ (the contract's "page /{slug}/", no date needed)."""
    return source.startswith(PAGES_DIR)


def _front_matter_end(lines: list[str]) -> int | str:
    """The index of the line closing the front matter, or why there is none."""
    if not _FENCE.match(lines[0]):
        first = next((line for line in lines if line.strip()), "")
        if _FENCE.match(first):
            return "the file must start with the line '---'; remove the empty lines above it"
        if first.strip() == "---":
            return "the first line must be three hyphens '---' at the very start; remove the spaces before them"
        if _DASHES.match(first):
            return (f"the first line must be three hyphens '---', not {quoted(first.strip())} "
                    "(a word processor may have turned them into a dash)")  # fmt: skip
        return (
            "the file must start with front matter: a line '---', then fields such as "
            "'title: …' and 'date: …', then another line '---', then the article text"
        )
    end = next((i for i, line in enumerate(lines[1:], 1) if _CLOSE.match(line)), None)
    if end is None:
        dash = next((i for i, line in enumerate(lines[1:], 2) if _DASHES.match(line)), None)
        if dash is not None:
            return (
                f"the front matter that starts here is not closed; line {dash} must be "
                "three hyphens '---' (a word processor may have turned them into a dash)"
            )
        return ("the front matter that starts here is never closed; add a line '---' "
                "after its last field, before the article text")  # fmt: skip
    return end


def _text_hint(lines: list[str], line: int | None) -> str:
    """When YAML trips over a paragraph after an empty line, the closing '---' was forgotten."""
    if line is None or line < 3 or lines[line - 2].strip() or _FIELD.match(lines[line - 1]):
        return ""
    return "; if the article text starts here, add a line '---' above it to end the front matter"


def _not_fields(data: object) -> str:
    if isinstance(data, list):
        return ("expected fields like 'title: …' between the '---' lines, got a list; "
                "remove the '-' at the start of the lines")  # fmt: skip
    got = f"the text {quoted(data)}" if isinstance(data, str) else repr(data)
    return f"expected fields like 'title: …' between the '---' lines, got {got}"


def _failed(source: str, line: int | None, column: int | None, message: str) -> ReadResult:
    return ReadResult(None, (Problem(source, line, column, None, message),))


def _build(
    data: dict[str, object],
    positions: yamltext.Positions,
    body: str,
    source: str,
    settings: ReadSettings,
    body_line: int,
) -> ReadResult:
    page = is_page(source)
    fields = Fields(data, positions, source, ZoneInfo(settings.timezone),
                    optional=frozenset({"date"}) if page else frozenset())  # fmt: skip
    values = fields.read(Article)
    title, when = values["title"], values.pop("published")
    if page and when is None and "date" not in data:
        when = (UNDATED, False)
    updated = values.pop("updated")
    given_slug = values["slug"] is not None  # `slug: ""`, as `sitegen new` writes it, is none
    values["slug"] = slug = fields.slug(values["slug"], slugify(title) if title else None)
    written_image = values["image"]
    values["image"], warnings = _image(fields, written_image, settings)
    if updated and when and updated[0] < when[0]:
        warnings.append(Problem(source, *positions.of("updated"), "updated",
                                "is before the article's date; an article cannot change before it "
                                "is published, so the date counts as its last change (in feeds, "
                                "the sitemap and JSON-LD): give the day it was changed, or leave "
                                "updated out"))  # fmt: skip
    warnings += fields.warnings
    warnings += [
        Problem(source, *positions.of(key), key, f"unknown field (kept as extra data for the "
                f"layouts); did you mean {quoted(guess)}?")
        for key, guess in fields.unknown()
    ]  # fmt: skip
    url = ""
    if when and title:
        url = UrlPattern(PAGE_PERMALINK).expand(slug=slug) if page else _permalink(settings.permalink, when[0], slug)
        if not is_safe(url):
            fields.error("slug", f"gives the URL {quoted(url)}, which would leave the output directory")
    if fields.problems or not (title and when):
        return ReadResult(None, tuple(fields.problems), tuple(warnings))
    deep = too_deep(body)
    if deep is not None:
        return ReadResult(None, (Problem(source, body_line + deep - 1, 1, None, _TOO_DEEP),),
                          tuple(warnings))  # fmt: skip
    boxes = frozenset() if page else frozenset(BOX_IDS[name] for name in BOX_IDS if values[name])  # pages show none
    try:
        rendered = render(body, source, settings.engine, settings.raw_html,
                          lambda written: locate_file(written, source, settings), boxes)  # fmt: skip
    except RecursionError:  # nesting of another kind than too_deep counts
        return ReadResult(None, (Problem(source, body_line, 1, None, _TOO_DEEP),), tuple(warnings))
    link_texts = [_as_in_body(link[0], body) for link in rendered.links]  # `..\..\a.md`, not `....\a.md`
    article = Article(
        **values, source=source, published=when[0], has_time=when[1], url=url, body=rendered.html.encode(),
        updated=updated[0] if updated else None, page=page,
        extra={k: v for k, v in data.items() if k not in KNOWN_FIELDS},
        links=tuple(ArticleLink(written, target, anchor, *place) for written, (_, target, anchor), place
                    in zip(link_texts, rendered.links, find_links(body, link_texts, body_line), strict=True)),
        files=(shown := (((written_image, values["image"]),) if _local(written_image) else ())) + rendered.files,
        images=tuple(dict.fromkeys(url for _, url in shown + rendered.images if url)),
        slug_from=(named := "slug" if given_slug else "title", *positions.of(named)),
        positions=fields.places(),
    )  # fmt: skip
    warnings += _images(rendered, body, body_line, source, settings) + _removed(rendered, body, body_line, source, settings.engine)
    warnings += _clashing(rendered, body, body_line, source)
    warnings += _open_comment(body, body_line, source, settings.engine)
    warnings += _mailto_links(rendered.html, body, body_line, source)
    warnings += _backslashes(rendered, body, body_line, source)
    if settings.engine != COMMONMARK:  # CommonMark keeps them in the address
        warnings += _glued_titles(rendered.html, body, body_line, source)
    return ReadResult(article, (), tuple(warnings))


MAX_NESTING = 50  # lists and block quotes inside each other, in an article's text
_TOO_DEEP = (f"the text nests lists or quotes more than {MAX_NESTING} levels deep, more than "
             "can be read; write it flatter")  # fmt: skip
_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+")
_NESTS = frozenset(" \t-*+>")  # what a nested line starts with, besides a digit (`1.`)


def too_deep(body: str) -> int | None:
    """The 1-based line of `body` where lists or block quotes nest more than MAX_NESTING
    levels (markers on one line, `- - - x` or `> > x`, and indentation of 4 spaces a
    level count alike), or None. Deeper nesting exhausts the engines' recursion."""
    for number, line in enumerate(body.split("\n"), 1):
        if len(line) < MAX_NESTING or not (line[0] in _NESTS or line[0].isdigit()):
            continue  # too short, or neither indented nor starting with a marker: a paragraph's line
        expanded = line.expandtabs(4)
        indent = (len(expanded) - len(expanded.lstrip(" "))) // 4
        markers = _MARKERS.match(expanded)
        depth = indent + (len(re.findall(r"[-*+>]|\d[.)]", markers.group())) if markers else 0)
        if depth > MAX_NESTING:
            return number
    return None


def _permalink(pattern: str, when: datetime, slug: str) -> str:
    return UrlPattern(pattern).expand(
        year=f"{when.year:04d}", month=f"{when.month:02d}", day=f"{when.day:02d}", slug=slug
    )


def _image(
    fields: Fields, value: str | None, settings: ReadSettings
) -> tuple[str | None, list[Problem]]:
    """`image:` as a site-relative URL, or None and a warning when there is no such file."""
    if value is None:
        return None, []
    web = re.match(r"^https?://", value)
    if "\\" in value and (not web or slashed(value) != value):  # a web address's query may hold one
        fixed = slashed(value) if web else value.replace("\\", "/")  # (`C:\\bilder\\x.jpg` too)
        fields.error("image", f"use '/' between folder names, not '\\': image: {fixed}")
        return None, []
    if web:
        return value, []
    content = settings.content_dir.relative_to(settings.root).as_posix()
    here = "" if value.startswith("/") else posixpath.dirname(fields.source.removeprefix(content + "/"))
    if posixpath.normpath(posixpath.join(here, value.lstrip("/"))).startswith(".."):  # `../bilder/x.jpg` beside 2016/ is fine
        fields.error("image", f"{quoted(value)} points outside content/ and assets/; "
                     "give a path inside one of them, like images/ale.jpg")  # fmt: skip
        return None, []
    found = locate_file(value, fields.source, settings)
    if found is not None:
        return found, []
    path = posixpath.normpath(_named(value).lstrip("/"))
    line, column = fields.positions.of("image")
    where = " or ".join(f"{d.relative_to(settings.root).as_posix()}/" for d in settings.image_dirs
                        if d.is_relative_to(settings.root)) or "content/"  # fmt: skip
    hint = _escape_hint(value, fields.source, settings)
    near = None if hint else _differs_in_case(path, settings.image_dirs)
    hint += f"; did you mean {quoted(near)}? (capital and small letters must match)" if near else ""
    message = f"no file {quoted(path)} in {where}{hint}; the article is shown without a photo"
    return None, [Problem(fields.source, line, column, "image", message)]


def locate_file(written: str, source: str, settings: ReadSettings) -> str | None:
    """The site URL (`urls.file_url`) of the file an article (`source`, from the site root)
    names as `written` (`image:`, a body image or link): looked for next to the article,
    then in content/, then in assets/ (the site's, then the theme's), names compared in
    Unicode NFC (`find_file`). `written` is an address: its path's %-escapes are decoded
    as UTF-8 (`100%25-r%C3%A4tt.jpg` names `100%-rätt.jpg`; a '%' that starts no escape is
    itself), and a '?' or '#' ends it; a '\\' before them is a '/', as browsers read it
    (`bilder\\ale.jpg` names `bilder/ale.jpg`, see `urls.slashed`). None when there is
    none, or `written` leads out of those folders."""
    parts = urlsplit(slashed(written))
    path = unquote(parts.path)
    if "\\" in path or parts.scheme or parts.netloc:
        return None
    content = settings.content_dir.relative_to(settings.root).as_posix()
    here = posixpath.dirname(source.removeprefix(content + "/")) if not path.startswith("/") else ""
    candidates = [(settings.content_dir, posixpath.normpath(posixpath.join(here, path)))] if here else []
    candidates += [(folder, posixpath.normpath(path.lstrip("/"))) for folder in settings.image_dirs]
    for folder, relative in candidates:
        if relative.startswith("..") or relative == ".":
            continue
        if find_file(folder, relative) is not None:
            return file_url(nfc(relative))
    return None


def still_valid(result: ReadResult, settings: ReadSettings) -> bool:
    """Whether a result read earlier from the same bytes would be read the same now: reading
    looks at one thing outside the file, which files its photo and images are, and that
    may change (a missing one added, one added next to the article before the one used)."""
    article = result.article
    if article is None:
        return not any(w.field == "image" for w in result.warnings)
    return all(locate_file(written, article.source, settings) == found
               for written, found in article.files)  # fmt: skip


def _local(image: str | None) -> bool:
    return bool(image) and not re.match(r"^https?://", str(image))


def _images(rendered: Rendered, body: str, body_line: int, source: str, settings: ReadSettings) -> list[Problem]:
    """A warning for each image in the body whose file is not found, each link to a file
    that is there but written so as to name another (`nr#1.pdf`, see `_escape_hint`), each
    image written in HTML without an alt text, and each width or height left out as not
    meaning what it seems to (`12.5em`, `0`; see `dimensions.judge`), at its line:column."""
    warnings = []
    images = dict.fromkeys(rendered.images)
    for written, found in dict.fromkeys(rendered.files):
        if found is not None or (written, found) not in images and not _escape_hint(written, source, settings):
            continue
        line, column = find_place(body, written, body_line)
        named = _named(written)
        what = "image file" if (written, found) in images else "file"
        warnings.append(Problem(source, line, column, None, f"no {what} {quoted(written)}"
                                + (f" (read as the file name {quoted(named)})" if named != written else "")
                                + " next to the article, in content/ or in assets/"
                                + _escape_hint(written, source, settings)
                                + ("; the image will not show" if what == "image file" else "")))  # fmt: skip
    for written, before in rendered.unlabelled:
        line, column = _image_place(body, written, before, body_line)
        warnings.append(Problem(source, line, column, None, f"the image {quoted(written)} has no alt text, "
                                "so a reader who cannot see it hears its file name: write what it "
                                f'shows, <img src="{written}" alt="…"> or ![…]({written}), or '
                                'alt="" for one that only decorates'))  # fmt: skip
    for written, before, message in rendered.misfits:
        line, column = _image_place(body, written, before, body_line)
        warnings.append(Problem(source, line, column, None, f"the image {quoted(written)}: {message}"))
    return warnings


# A link's `mailto:` address in the rendered body (its code is escaped, so never matched).
_MAILTO_HREF = re.compile(
    r"""<a\b[^>]*?\shref\s*=\s*(?:"(mailto:[^"]*)"|'(mailto:[^']*)'|(mailto:[^\s"'>]*))""", re.IGNORECASE
)


def _mailto_links(html: str, body: str, body_line: int, source: str) -> list[Problem]:
    """A warning at each link in the body to a `mailto:` address that is no e-mail address
    (`mailto:anna.ale.se`, `mailto: anna@ale.se`; see `addresses.mailto_problem`), at its
    line:column: a mail program would open with no one, or the wrong one, to write to."""
    hrefs = [attribute_value(next(v for v in found.groups() if v is not None)) for found in _MAILTO_HREF.finditer(html)]
    wrong = [(href, problem) for href in hrefs if (problem := mailto_problem(href))]
    if not wrong:
        return []
    places = find_links(body, [href for href, _ in wrong], body_line)
    warnings = []
    for (href, problem), (line, column) in zip(wrong, places, strict=True):
        if line is None:  # raw HTML, or an address the engine wrote otherwise (`%20` for ' ')
            line, column = find_place(body, href, body_line)
        if line is None:
            line, column = find_place(body, unquote(href), body_line)
        warnings.append(Problem(source, line, column, None, f"the e-mail link ({href}) {problem}"))
    return warnings


def _backslashes(rendered: Rendered, body: str, body_line: int, source: str) -> list[Problem]:
    """A warning at each address in the body with a '\\' that browsers read as '/' (as
    `rendered.backslashed` lists them, see `postpass.finish`), which the page holds with
    '/' instead (`urls.slashed`): `![Foto](bilder\\ale.jpg)`, as an editor on Windows
    writes a path, leads to `bilder/ale.jpg`, and is told to be written so, with what the
    page does with it (`_backslash_message`). Each is told at its place, found as the
    editor wrote it (`_as_in_body`: Markdown's escapes too): an inline link's or image's
    where `find_links` finds it, else (raw HTML, a reference definition, the same address
    again) the first place not told yet where it starts an address, outside code."""
    if not rendered.backslashed:
        return []
    texts = [_as_in_body(address.written, body) for address in rendered.backslashed]
    linked = [text for text, address in zip(texts, rendered.backslashed, strict=True) if address.linked]
    found_inline = iter(find_links(body, linked, body_line))  # (another attribute is never a Markdown link)
    inline = [next(found_inline) if address.linked else (None, None) for address in rendered.backslashed]
    warnings: list[Problem] = []
    told: set[tuple[int | None, int | None]] = set()
    for text, address, place in zip(texts, rendered.backslashed, inline, strict=True):
        if place[0] is None or place in told:
            code_free = without_code(body)
            offsets = [found.start() for found in re.finditer(_ADDRESS_START + re.escape(text), code_free)]
            offsets = [at for at in offsets if _links_at(code_free, at) == address.linked] or offsets
            places = ((body_line + body.count("\n", 0, at), at - body.rfind("\n", 0, at)) for at in offsets)
            place = next((at for at in places if at not in told), place)
        if place[0] is None or place not in told:
            told.add(place)
            message = _backslash_message(text, slashed(address.written), address.article, address.file)
            warnings.append(Problem(source, *place, None, message))
    return warnings


_ADDRESS_START = r"""(?<![^\s(<"'=,])"""  # what an address follows: `](`, `="`, `, ` in a srcset, …
# What stands before a link's or image's address (`Slashed.linked`): Markdown's `](`, `<`
# or `[ref]:`, or the href or src of raw HTML's <a> or <img>.
_LINKED = re.compile(r"""(?:\]\(\s*<?|\]:[ \t]*<?|<|<(?:a|img)\b[^<>]*?\s(?:href|src)\s*=\s*["']?)$""", re.IGNORECASE)


def _links_at(text: str, at: int) -> bool:
    """Whether the address at offset `at` of the Markdown `text` is a link's or an image's
    (see `_LINKED`), not another attribute's of raw HTML."""
    return bool(_LINKED.search(text, max(0, text.rfind("\n\n", 0, at)), at))


def _backslash_message(text: str, read: str, article: str | None = None, file: str | None = None) -> str:
    """What the editor is told of the address `text`, with a '\\' a browser reads as '/',
    which sitegen reads as `read`: what to write, and what the page does with it, as
    `finish` did: a link to the article `article` (a source, which the page links to by
    its address, or not at all when it is not published: `review_links` tells that), the
    site's file at `file` (its site URL), or else the address `read` as it is."""
    meant = slashed(text)
    fix = f"https:{meant}" if meant.startswith("//") else meant
    told = f"the address '{text}' has a '\\', which browsers read as '/'"  # (not repr: it doubles a '\\')
    if unquote(meant) != unquote(read):  # `..\\..\\filer`: Markdown's `\\.` is a '.'
        told += (f"; Markdown reads a '\\' before a punctuation mark ('\\.') as the mark alone, so "
                 f"sitegen reads it as '{read}'")  # fmt: skip
        so = ","
    else:
        so = ", and sitegen reads it so, as"
    if article is not None:
        fate = f"{so} a link to the article {article}"
    elif file is not None:
        fate = f"{so} the site's file {file}"
    else:
        where = ", on another site" if read.startswith("//") else ""
        fate = f", and it is published so{where}" if so == "," else f", and it is published so ('{read}'{where})"
    return f"{told}{fate}: write '{fix}', with '/' only"


def _as_in_body(written: str, body: str) -> str:
    """`written`, an address as an engine gave it (`....\\filer\\a.pdf`), as the editor
    wrote it in `body`, with Markdown's backslash escapes (`..\\..\\filer\\a.pdf`, each
    '\\' before a punctuation mark taken as that mark alone), when it is there; else
    `written`."""
    if written in body:
        return written
    for address in dict.fromkeys((written, unquote(written))):  # (cmark's %C3%A5 for an å)
        pattern = "".join(rf"\\?{re.escape(c)}" if c in _PUNCTUATION else re.escape(c) for c in address)
        if found := re.search(pattern, without_code(body)):
            return found.group()
    return written


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # ASCII's: what a '\\' escapes in CommonMark


def _glued_titles(html: str, body: str, body_line: int, source: str) -> list[Problem]:
    """A warning at each link or image whose address Python-Markdown cut at a quote that
    stands right after it, taking the rest as its title (see `links.glued_titles`)."""
    warnings = []
    for line, column, address, quote, title in glued_titles(html, body, body_line):
        escaped = "%22" if quote == '"' else "%27"
        warnings.append(Problem(source, line, column, None, (
            f"the address is cut at the {quoted(quote)}: Python-Markdown links to {quoted(address)} and takes "
            f"{quote}{title}{quote} for the link's title (a tooltip), as no space stands before it "
            f"(CommonMark keeps it in the address); if it belongs to the address, write the {quoted(quote)} "
            f"as {escaped}, if it is a title, put a space before it")))  # fmt: skip
    return warnings


def _named(written: str) -> str:
    """The name of the file the address `written` names: its %-escapes decoded, up to a
    '?' or '#' (`/bilder/100%25.jpg` → `/bilder/100%.jpg`, `nr#1.pdf` → `nr`), a '\\'
    before them read as '/' (`bilder\\ale.jpg` → `bilder/ale.jpg`, see `urls.slashed`)."""
    return unquote(re.split(r"[?#]", slashed(written), maxsplit=1)[0])


def _escape_hint(written: str, source: str, settings: ReadSettings) -> str:
    """For an address `written` that names no file, when a file is named as it reads taken
    letter for letter (`nr#1.jpg`, `50%20rabatt.jpg`): what to write instead, escaped
    (`nr%231.jpg`); else ""."""
    literal = re.sub(r"[%#?]", lambda mark: f"%{ord(mark.group()):02X}", written)
    found = locate_file(literal, source, settings) if literal != written else None
    if found is None:
        return ""
    return (f"; the file {quoted(file_path(found))} is there: in an address, '#' and '?' end the "
            f"file's name and '%' starts an escape, so write it {quoted(literal)}")  # fmt: skip


_EMBEDS = frozenset({"iframe", "video", "audio", "embed", "object"})


def _removed(rendered: Rendered, body: str, body_line: int, source: str, engine: str) -> list[Problem]:
    """A warning at each line of the body whose HTML the sanitizer dropped elements of
    (`rendered.removed`), naming them and the setting: else a video is gone unseen. The
    N-th element of a name is placed at the N-th such tag in the body as the engine
    `engine` reads it (see `_tags_only`)."""
    if not rendered.removed:
        return []
    starts: dict[str, list[tuple[int, int]]] = {}  # each name's start tags in the body, last first
    for name, line, column in reversed(dropped(_tags_only(body, engine))):
        starts.setdefault(name, []).append((line, column))
    lines: dict[int, tuple[int, list[str]]] = {}  # line → (first column, names in order)
    for name in rendered.removed:
        at_line, column = starts[name].pop() if starts.get(name) else (1, 1)  # none: an odd writing, at the text's start
        names = lines.setdefault(body_line + at_line - 1, (column, []))[1]
        if name not in names:
            names.append(name)
    return [Problem(source, line, column, None, _removed_message(names)) for line, (column, names) in lines.items()]


# A backslash escape, whose character is text: CommonMark escapes any ASCII punctuation,
# Python-Markdown only its ESCAPED_CHARS, '<' not among them (`\<iframe>` is a tag there).
_ESCAPE = {COMMONMARK: re.compile(r"\\[!-/:-@\[-`{-~]")}
_PYMD_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!|]")
# An inline link's or image's destination and title, after its text: `](a.html "Titel")`.
_TITLE = r"""(?:"[^"]*"|'[^']*'|\([^()]*\))"""
_LINK_TAIL = re.compile(r"\]\([ \t]*\n?[ \t]*(?:<[^<>\n]*>|(?!<)(?:[^\s()]|\([^\s()]*\))*)"
                        rf"(?:[ \t]*\n?[ \t]*{_TITLE})?[ \t]*\)")  # fmt: skip
# A link reference definition's: `[ale]: https://www.ale.se "Titel"`.
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(?:<[^<>\n]*>|\S+)"
                         rf"(?:[ \t]*\n?[ \t]*{_TITLE})?", re.MULTILINE)  # fmt: skip


def _tags_only(body: str, engine: str) -> str:
    """`body` (Markdown) with what holds no tag as the engine `engine` reads it blanked out
    (each character a space, line breaks kept, so that lines and columns stay): code,
    backslash escapes (`\\<iframe>` is text to CommonMark), and links' destinations and
    titles (`[x](https://… "Inte <video> här")`). Comments, attribute values and a script's
    text are left to the HTML parser (`sanitize.dropped`) to pass over."""
    text = _ESCAPE.get(engine, _PYMD_ESCAPE).sub(_blanked, without_code(body))
    if "](" in text:
        text = _LINK_TAIL.sub(_blanked, text)
    return _DEFINITION.sub(_blanked, text) if "]:" in text else text


def _open_comment(body: str, body_line: int, source: str, engine: str) -> list[Problem]:
    """A warning at a `<!--` in the body that no `-->` closes: only one that is markup, not
    in code, a link's title or address, an attribute's value or a script's text (see
    `_tags_only`), and not `<!-->` or `<!--->`, which close themselves. CommonMark reads
    one that starts a line as an HTML block running to the end of the text, so the
    article's every paragraph after it vanishes without a trace; elsewhere, and with
    Python-Markdown, it is shown as text."""
    if "<!--" not in body:
        return []
    text = _START_TAG_WHOLE.sub(_blanked, _STRING_ELEMENT.sub(_blanked, _tags_only(body, engine)))
    at = text.find("<!--")
    while at >= 0:
        if text.startswith(("<!-->", "<!--->"), at):
            at = text.find("<!--", at + 5)
            continue
        closed = body.find("-->", at + 4)  # in the text as written: in a comment, `-->` is no code
        if closed < 0:
            break
        at = text.find("<!--", closed + 3)
    if at < 0:
        return []
    line_start = text.rfind("\n", 0, at) + 1
    line, column = body_line + text.count("\n", 0, at), at - line_start + 1
    # An HTML block starts a line, in a list item or a quote too (`- <!--`, `> <!--`).
    block = engine == COMMONMARK and _CONTAINERS.fullmatch(body[line_start:at]) is not None
    shown = "everything after it is left out of the page" if block else "it is shown as text, '<!--' and all"
    return [Problem(source, line, column, None, f"'<!--' opens a comment that no '-->' closes: {shown}; "
                    "close it with --> where the hidden text ends")]  # fmt: skip


def _blanked(found: re.Match[str]) -> str:
    """What `found` matched, each character a space but line breaks."""
    return re.sub(r"[^\n]", " ", found.group())


# A start tag with its attributes (whose values may hold `<!--`), and the text of a script,
# a style, a textarea and the like, which the HTML parser reads as text.
_START_TAG_WHOLE = re.compile(r"""<[A-Za-z][\w:-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_STRING_ELEMENT = re.compile(rf"<({'|'.join(RAW_TEXT)})\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_CONTAINERS = re.compile(r" {0,3}(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*")  # what may stand before a block in a line


def _clashing(rendered: Rendered, body: str, body_line: int, source: str) -> list[Problem]:
    """A warning for each id the editor gave an element of the body that the page gives
    one of its own (`rendered.clashing`), at the first place the body writes it (`{#id}`,
    `id="id"`): the id would be on the page twice, and links to it lead to the first."""
    warnings = []
    for name in rendered.clashing:
        written = re.search(rf"""\{{[^}}\n]*#{re.escape(name)}(?![\w-])|\bid\s*=\s*["']?{re.escape(name)}(?![\w-])""", body)
        offset = written.start() if written else 0
        line, column = body_line + body.count("\n", 0, offset), offset - body.rfind("\n", 0, offset)
        warnings.append(Problem(source, line, column, None,
                                f"the id {quoted(name)} is also the id of {ID_OWNERS[name]} on this page, so a "
                                f"link to #{name} leads to whichever comes first: give this one another id"))  # fmt: skip
    return warnings


def _removed_message(names: list[str]) -> str:
    """What the editor is told of the elements `names` (lower case) removed from one line:
    an embed's video or map is not seen, a script or style (DROPPED_WHOLE) goes with all
    it holds, another element's text is kept as plain text."""
    embeds = [name for name in names if name in _EMBEDS]
    whole = [name for name in names if name in DROPPED_WHOLE]
    others = [name for name in names if name not in _EMBEDS and name not in DROPPED_WHOLE]
    told = [f"{_tags(group)} {'are' if len(group) > 1 else 'is'} removed from the page{what}"
            for group, what in ((embeds, ", so readers see nothing of the embedded video or map"),
                                (whole, f" together with all {'they hold' if len(whole) > 1 else 'it holds'}"),
                                (others, f", what {'they hold' if len(others) > 1 else 'it holds'} kept as plain text"))
            if group]  # fmt: skip
    hint = "; link to the video or the map instead, [Se filmen](https://…)" if embeds else ""
    return ("; ".join(told) + ": markdown: {raw_html: sanitize} in config.yaml, the default, keeps only "
            f"the HTML that Markdown itself makes (see 'Trust model' in the README){hint}")


def _tags(names: list[str]) -> str:
    """`["iframe", "video"]` → "<iframe> and <video>"."""
    tags = [f"<{name}>" for name in names]
    return ", ".join(tags[:-1]) + " and " + tags[-1] if len(tags) > 1 else tags[0]


def _image_place(body: str, written: str, before: int, first_line: int) -> tuple[int | None, int | None]:
    """Line and column in the file of the image `written` that has `before` images with the
    same address ahead of it in `body` (which starts on line `first_line`): each written as
    Markdown (`![…](foto.jpg)`) or HTML (`<img src="foto.jpg">`, `SRC='foto.jpg'`,
    `src=foto.jpg`), and not in code."""
    pattern = re.compile(r"""(?:!\[[^\n]*?\]\(<?|<img\b[^>]*?\bsrc\s*=\s*["']?)""" + re.escape(written), re.IGNORECASE)
    found = list(pattern.finditer(without_code(body)))
    if len(found) <= before:
        return find_place(body, written, first_line)
    at = found[before].end() - len(written)
    return first_line + body.count("\n", 0, at), at - body.rfind("\n", 0, at)


def _differs_in_case(path: str, folders: tuple[Path, ...]) -> str | None:
    """A file named like `path` but for capital letters, as editors on macOS and Windows miss it."""
    folder, _, name = path.rpartition("/")
    for root in folders:
        parent = root / folder
        if parent.is_dir():
            for found in sorted(parent.iterdir()):
                if found.name.casefold() == name.casefold() and found.is_file():
                    return posixpath.join(folder, found.name)
    return None
