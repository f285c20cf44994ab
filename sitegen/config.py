"""config.yaml: the site's settings, validated all at once, with defaults for what is left out."""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.content import yamltext
from sitegen.content.addresses import address_in, fragment_problem, is_email, web_in
from sitegen.content.engines import DEFAULT_ENGINE, DEFAULT_RAW_HTML, ENGINES, RAW_HTML
from sitegen.content.model import Article
from sitegen.content.schema import Entry, entries, entry
from sitegen.content.validate import scheme_slip
from sitegen.errors import BuildError, Problem, quoted
from sitegen.errors import unreadable as refused
from sitegen.urls import (
    DEFAULT_PERMALINKS,
    PLACEHOLDERS,
    host_problem,
    pattern_problem,
    slashed,
    slugify,
    term_key,
    uses_only,
)

CONFIG_FILE = "config.yaml"


@dataclass(frozen=True)
class TaxonomyConfig:
    """One way of filing articles: by a front matter field, under a URL segment."""

    field: str  # front matter key: tags, kommun, photographer, …
    path: str  # URL segment: etikett → /etikett/{slug}/
    title: str  # archive title, with {term}: "Etikettarkiv: {term}"
    index_title: str  # title of /etikett/: "Etiketter"
    label: str  # shown before the article's terms: "Taggar"
    slugs: tuple[tuple[str, str], ...] = ()  # (term, slug) an editor or the data chose


DEFAULT_TAXONOMIES = (
    TaxonomyConfig("tags", "etikett", "Etikettarkiv: {term}", "Etiketter", "Taggar"),
    TaxonomyConfig("kommun", "kommun", "Kommun: {term}", "Kommuner", "Kommun"),
)


@dataclass(frozen=True, kw_only=True)
class MarkdownConfig:
    """How article bodies become HTML."""

    engine: str = entry(
        DEFAULT_ENGINE, choices=ENGINES,
        doc="which Markdown engine turns article bodies into HTML: `python-markdown` or "
        "`commonmark` (compiled, several times faster); see [Markdown engines](#markdown-engines)",
    )  # fmt: skip
    raw_html: str = entry(
        DEFAULT_RAW_HTML, choices=RAW_HTML,
        doc="HTML written in article bodies: `sanitize` keeps only what Markdown itself makes "
        "(no scripts, frames, event handlers or `javascript:` links), `strip` drops all of "
        "it, `allow` keeps all of it, for sites that trust every author; see "
        "[Trust model](#trust-model)",
    )  # fmt: skip


@dataclass(frozen=True)
class MenuLink:
    """One link of a menu: its text, and a path on this site (`/om-bilagan/`, without the
    base path: it is added) or a whole address (`https://…`, `mailto:…`)."""

    text: str
    url: str


_MENU_EXAMPLE = '[{text: Om bilagan, url: /om-bilagan/}, {text: Flöde (Atom), url: /feed.xml}]'


@dataclass(frozen=True, kw_only=True)
class MenuConfig:
    """The links of the header's menu and the footer."""

    header: tuple[MenuLink, ...] = entry(
        (), kind="links", example=_MENU_EXAMPLE,
        doc="links after Start and the taxonomies' indexes in the header's menu, each "
        "`{text, url}`; `url` is a path on the site (`/om-bilagan/`, the base path is added) "
        "or a whole address (`https://…`, `mailto:…`); one that is neither is an error saying what "
        "to write (`om-bilagan` → `/om-bilagan/`, `htps://…` → `https://…`, `www.ale.se` → `https://www.ale.se`), "
        "and so is a `\\`, which browsers read as `/` (`/om\\bilagan/` → `/om/bilagan/`)",
    )  # fmt: skip
    footer: tuple[MenuLink, ...] = entry(
        (MenuLink("Prenumerera via flöde (Atom)", "/feed.xml"),), kind="links",
        example=_MENU_EXAMPLE, default_doc="the site's feed",
        doc="the footer's links, each `{text, url}` as in `menu.header` (e.g. Om bilagan, "
        "ansvarig utgivare, kontakt, the feed)",
    )  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Config:
    """The settings, each declared once with `entry()`: its default, what it means (for the
    README's table) and the rule it follows beyond its type (`kind`, `choices`)."""

    title: str = entry("sitegen", kind="nonblank", doc="the site's name, in the header and every `<title>`")
    description: str = entry("", doc="under the name, and the pages' meta description")
    base_url: str = entry(
        "http://localhost:8000/", kind="base_url",
        doc="public address; used for the feed, sitemap and canonical links; a path "
        "(`https://x.se/bilaga/`) prefixes every link, and is a folder with or without its final "
        "`/` (`https://x.se/bilaga` is `https://x.se/bilaga/`); one ending in a page's file name "
        "(`https://x.se/bilaga/index.html`, the home page's address as a browser shows it) is an "
        "error saying to write the folder; an http(s) address with a host (one without its "
        "`https://`, `example.se/bilaga`, or with it mistyped, is an error saying what to write), without "
        "spaces (write `%20`), `?query` or `#fragment`; a host of other letters than ASCII "
        "(`göteborg.se`) is written as browsers look it up (`xn--gteborg-90a.se`, IDNA 2008); "
        "while it is a localhost address, "
        "`build` and `check` say so in a note",
    )  # fmt: skip
    per_page: int = entry(10, kind="count", doc="articles per archive page")
    output_dir: str = entry("public", doc="output folder, relative to the site root")
    archive_full_text: bool = entry(
        False, doc="archives show whole articles instead of title, date, image and lead; a body's relative "
        "addresses (`../../../om-bilagan/`, `bild.jpg`, `?sida=2`) lead where they do on the article's own page"
    )
    timezone: str = entry(
        "Europe/Stockholm", kind="timezone",
        doc='for dates without a time and for what "now" means',
    )  # fmt: skip
    feed_size: int = entry(20, kind="count", doc="newest articles in `/feed.xml`")
    permalinks: dict[str, str] = entry(
        factory=lambda: dict(DEFAULT_PERMALINKS), kind="permalinks", default_doc="see below",
        doc="`article` (`{year}`, `{month}`, `{day}`, `{slug}`) and `home`, each from the "
        "site's root (`/start/`); `page` (`{n}`), put after each listing's own address, so "
        "without a leading `/` (`sida/{n}/`); one with a `/` missing, doubled or written `\\` "
        "is an error telling the pattern to write (`home: start`: `write \"/start/\"`)",
    )  # fmt: skip
    taxonomies: tuple[TaxonomyConfig, ...] = entry(
        DEFAULT_TAXONOMIES, kind="taxonomies", default_doc="tags, kommun",
        doc="ways of filing articles, below",
    )  # fmt: skip
    stadsdelar: tuple[str, ...] = entry(
        (), example="[Östra Göteborg, Hisingen]",
        doc="city districts accepted as `kommun` (e.g. `[Östra Göteborg]`) besides Sweden's "
        "290 municipalities",
    )  # fmt: skip
    relative_urls: bool = entry(
        False, doc="links between pages are relative (`../../etikett/x/index.html`), so the "
        "output works opened from disk (`file://`) and copied under any path; the feed, "
        "sitemap and canonical links stay absolute; see [Addresses](#addresses)",
    )  # fmt: skip
    slugs: dict[str, dict[str, str]] = entry(
        factory=dict, kind="slugs", default_doc="none", example='{tags: {"C++": cpp}}',
        doc="the address of a term, by taxonomy field and term: `{tags: {\"C++\": cpp}}` "
        "puts C++ at `/etikett/cpp/`; see [Terms and their addresses](#terms-and-their-addresses)",
    )  # fmt: skip
    search: bool = entry(
        False,
        doc="build a search index with [Pagefind](https://pagefind.app) into `pagefind/` and the "
        "search page `/sok/`; see [Search](#search)",
    )  # fmt: skip
    markdown: MarkdownConfig = entry(
        MarkdownConfig(), default_doc="`{engine: python-markdown, raw_html: sanitize}`",
        doc="which Markdown engine turns article bodies into HTML: `engine: python-markdown` "
        "or `engine: commonmark` (compiled, several times faster), see "
        "[Markdown engines](#markdown-engines); what becomes of HTML in them: "
        "`raw_html: sanitize`, `strip` or `allow`, see [Trust model](#trust-model)",
    )  # fmt: skip
    menu: MenuConfig = entry(MenuConfig(), doc="the header's and the footer's links")
    # Where each setting is written in config.yaml, (line, column) by dotted path, for
    # errors found later that a setting causes (the home page's address clashing).
    places: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    # The dotted path of each taxonomy's `path:` in config.yaml (`taxonomies.1.path`), by its
    # field, when config.yaml lists the taxonomies: where its pages' addresses are set.
    taxonomy_paths: dict[str, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def place(self, path: str) -> tuple[int | None, int | None]:
        """The (line, column) in config.yaml of the setting at dotted `path` (`permalinks.home`),
        or (None, None) when it is not written there."""
        return self.places.get(path, (None, None))

    def setting(self, path: str, what: str) -> Problem:
        """The setting at dotted `path` as the owner of `what` it makes (`the search page`),
        for messages about it: at its line when config.yaml writes it, else at config.yaml
        with no line, named by its first key (a default: `taxonomies`)."""
        line, column = self.place(path)
        return Problem(CONFIG_FILE, line, column, yamltext.display(path) if line else path.split(".")[0], what)

    def taxonomy_setting(self, field: str, what: str) -> Problem:
        """The owner of `what` the taxonomy of `field` makes (its index page), as `setting`
        gives it: its `path:` in config.yaml, or `taxonomies` when config.yaml lists none."""
        return self.setting(self.taxonomy_paths.get(field, "taxonomies"), what)


_TAXONOMY_KEYS = ("field", "path", "title", "index_title", "label")
_TYPES = {"text": str, "number": int, "flag": bool}


def load_config(root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Read `root/config.yaml`; raise BuildError listing every problem in it."""
    config, problems = read_config(root, overrides)
    if problems:
        raise BuildError(problems)
    return config


def base_url_problem(value: str) -> str | None:
    """What is wrong with `value` as the site's address (`base_url`, `--base-url`), or None.
    It must be an absolute http or https address (RFC 3986) with a host, and nothing a
    page's address cannot be put after: no query (`?`), no fragment (`#`), no spaces or
    control characters (write them %-encoded, as %20), and no page's file name at its end
    (`…/bilaga/index.html`: the folder is meant, `…/bilaga/`)."""
    expected = f"expected an address like https://example.se/ or https://example.se/bilaga/, got {quoted(value)}"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return f"{expected}: an address has no spaces (write %20)"
    if re.search(r'["<>\\^`{|}]|%(?![0-9A-Fa-f]{2})', value):
        return f"{expected}: an address has no \" < > \\ ^ ` {{ | }}, and % only before two hex digits (%20)"
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return expected
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        return expected + _base_url_meant(value)
    if wrong_host := host_problem(value):
        return f"{expected}: {wrong_host}"
    if not all(re.fullmatch(r"(?!-)[\w-]{1,63}(?<!-)", label) for label in parts.hostname.split(".")) and not (
        parts.hostname.replace(":", "").isalnum() and ":" in parts.hostname  # an IPv6 address
    ):
        return expected
    if "//" in parts.path or any(segment in (".", "..") for segment in parts.path.split("/")):
        return f"{expected}: its path has an empty or a dot segment ('//', '/./', '/../'), which would make its pages' links lead elsewhere"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return f"{expected}: the pages' addresses are put after it, so it has no ?query or #fragment"
    if page := _PAGE_FILE.search(parts.path):  # the home page's address, copied from a browser
        return (f"{expected}: it ends in a page's file name, {page[1]!r}, not in a folder (the feed "
                f"would be at …/{page[1]}/feed.xml); write {value[: -len(page[1])]}")
    return None


def _base_url_meant(value: str) -> str:
    """`; write …` with the address meant by a `base_url` whose scheme is missing or
    mistyped (`example.se/bilaga` → `https://example.se/bilaga/`, `www.example.se`,
    `htps://…`, `https:/…`, `localhost:8000` → `http://localhost:8000/`), as a menu's `url`
    is told it; or nothing, when no such address is a right one."""
    if re.match(r"https?://", value, re.IGNORECASE):  # its fault is elsewhere
        return ""
    fix = scheme_slip(value) or web_in(value)
    if fix is None and re.fullmatch(r"(localhost|[\w-]+(\.[\w-]+)+)(:\d+)?(/\S*)?", value, re.IGNORECASE):
        fix = f"{'http' if value.lower().startswith('localhost') else 'https'}://{value}"
    if fix is None:
        return ""
    if page := _PAGE_FILE.search(urlsplit(fix).path):  # example.se/index.html: the folder
        fix = fix[: -len(page[1])]
    fix = fix if fix.endswith("/") else f"{fix}/"
    return f"; write {fix}" if base_url_problem(fix) is None else ""


# The last part of a path that names a web page's file, not a folder (`index.html`, `start.php`):
# `base_url` ending so is the home page's address, copied from a browser's address bar.
_PAGE_FILE = re.compile(r"/([^/]+\.(?:s?html?|xhtml|php\d?|aspx?|jsp|cfm|cgi))$", re.IGNORECASE)


def read_config(
    root: Path, overrides: dict[str, Any] | None = None
) -> tuple[Config, list[Problem]]:
    """The settings, with the default in place of each one that is wrong, and what is wrong,
    so that a build can go on to find the content's problems too. A file that cannot be
    read as settings at all (not UTF-8, not YAML settings, or one the operating system will
    not let sitegen read: `errors.unreadable`) gives the defaults and that one problem. A site root without
    config.yaml or content/ raises BuildError."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise BuildError([Problem(CONFIG_FILE, None, None, None,
                                  f"no {CONFIG_FILE} in {root}; is this a site root? A site is a folder with "
                                  f"{CONFIG_FILE} (at least 'title: …') and content/: see 'Your own site' "
                                  "in the README")])  # fmt: skip
    if not (root / "content").is_dir():
        raise BuildError([Problem("content/", None, None, None,
                                  f"no content/ folder in {root}; is this a site root?")])  # fmt: skip
    unreadable, faults = None, list[Problem]()
    try:
        raw = path.read_bytes()
    except OSError as exc:  # chmod 000: told, and the articles checked with the defaults
        raw, unreadable = b"", refused(CONFIG_FILE, exc)
    left_out: set[str] = set()
    try:
        data, positions, faults, left_out = _load(yamltext.decode(raw))
    except _Stopped as exc:  # read on past some settings, then no further: what was told, and the defaults
        unreadable, *faults = exc.problems
    except yamltext.TextError as exc:
        unreadable = Problem(CONFIG_FILE, exc.line, exc.column, None, exc.message)
    if unreadable is None:
        data = data or {}
        if not isinstance(data, dict):
            message = "expected settings, one per line, like 'title: Socionom i kommunen'"
            unreadable = Problem(CONFIG_FILE, 1, 1, None, message)
    if unreadable is not None:
        data, positions = {}, yamltext.Positions()
    data.update(overrides or {})
    checker = _Checker(positions)
    for where, text in _texts(data, ""):  # "\v" in quotes: a feed cannot carry it (XML 1.0)
        if found := yamltext.INVISIBLE.search(text):
            checker.error(where, yamltext.invisible_problem(found.group(), escaped=True))
            checker.invisible.add(where)  # and the default in its place
    config = Config(**checker.read(Config, data))
    fields = {taxonomy.field for taxonomy in config.taxonomies}
    # A field of a taxonomy left out as wrong is told there already.
    for field in () if checker.taxonomies_wrong else config.slugs.keys() - fields - checker.left_out:
        checker.error(f"slugs.{field}", f"no taxonomy files articles by {quoted(field)}; "
                      f"the taxonomies' fields are {', '.join(sorted(fields))}")  # fmt: skip
    if problem := _output_problem(config.output_dir):
        checker.error("output_dir", problem)
        config = replace(config, output_dir=Config.output_dir)  # the default: every build replaces it
    for where, message in _district_clashes(config.stadsdelar, config.slugs.get("kommun", {}),
                                            checker.kept_at.get("stadsdelar")):  # fmt: skip
        checker.error(where, message)
    firsts = {term_key(name): name for name in reversed(config.stadsdelar)}  # a district listed twice: its first spelling
    config = replace(config, stadsdelar=tuple(dict.fromkeys(firsts[term_key(name)] for name in config.stadsdelar)))
    taxonomies = tuple(replace(t, slugs=tuple(config.slugs.get(t.field, {}).items()))
                       for t in config.taxonomies)  # fmt: skip
    # Only the places of settings in use: a clash with a refused one's default is not its.
    places = {path: place for path, place in positions.lines.items() if path not in checker.refused}
    written = {field: path for field, path in checker.taxonomy_paths.items() if path in places}
    config = replace(config, taxonomies=taxonomies, places=places, taxonomy_paths=written)
    if unreadable:
        return config, [unreadable, *faults]
    # A setting left out because YAML could not read it is told there, not as missing too.
    told = [p for p in checker.problems if not any(yamltext.about(p.field, name) for name in left_out)]
    return config, sorted(faults + told)


class _Stopped(Exception):
    """Reading config.yaml on past settings YAML cannot read stopped at one it could not pass:
    `problems`, each of those faults in order (the settings are then all the defaults)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _load(text: str) -> tuple[Any, yamltext.Positions, list[Problem], set[str]]:
    """config.yaml's `text` read as settings: the data, where each value stood, the problems
    found in reading (settings given twice or written oddly; each setting YAML cannot read,
    told at its fault, the rest read on as if it were left out: `yamltext.leave_out`, at most
    `yamltext.READ_ON` of them), and the names of the settings left out. Raises TextError when
    nothing can be read (a fault before the first setting, or one without a line), and
    _Stopped when reading on stopped at a fault it could not pass."""
    lines, told, left_out = text.split("\n"), list[Problem](), set[str]()
    while True:
        try:
            data, positions = yamltext.load("\n".join(lines))
        except yamltext.KeyFaults as exc:  # settings given twice or written oddly: each told, and read on
            return exc.data, exc.positions, told + exc.problems(CONFIG_FILE), left_out
        except yamltext.TextError as exc:
            left = yamltext.leave_out(lines, exc.line - 1) if exc.line is not None else None
            if left is None or len(told) == yamltext.READ_ON:
                if not told:
                    raise
                raise _Stopped([*told, Problem(CONFIG_FILE, exc.line, exc.column, None, exc.message)]) from None
            told.append(Problem(CONFIG_FILE, exc.line, exc.column, None, exc.message))
            lines, name = left
            if name is not None:
                left_out.add(name)
        else:
            return data, positions, told, left_out


# What of a site root is the site's own (its sources and the build cache, `CACHE_DIR`):
# never an output folder's, nor a report's.
SOURCES = ("config.yaml", "content", "layouts", "assets", "archetypes", ".sitegen-cache")


def _output_problem(folder: str) -> str | None:
    """Why `output_dir` (relative to the site root) cannot be the output folder, which every
    build replaces whole: the root itself, or a folder of the site's sources or cache."""
    if posixpath.isabs(folder):
        return None  # elsewhere on the machine: checked when building, as -o is
    parts = posixpath.normpath(folder.replace("\\", "/")).split("/")
    if all(part == ".." for part in parts) or parts == ["."]:
        return f"{quoted(folder)} is the site's root or holds it, which every build would replace; write a folder in it, like public"
    if parts[0] in SOURCES:
        return f"{quoted(folder)} is in the site's {parts[0]}, which every build would replace; choose another folder, like public"
    return None


_NONE = "; for none, write []"  # told of a list setting left empty (`footer:`)


def _district_clashes(districts: tuple[str, ...], chosen: dict[str, str],
                      written: list[int] | None = None) -> Iterator[tuple[str, str]]:  # fmt: skip
    """(dotted path, message) for each district of `stadsdelar` that cannot have its name's
    slug as its own (see `site.review.district_slugs`): one with no letters, one whose slug
    is a municipality's or an earlier district's, and each slug in `chosen` (`slugs:
    {kommun: …}`, term → slug) that is a listed district's. `written`: where each district
    stands in the list as written (items told wrong left out of `districts`)."""
    from sitegen.site.review import district_slugs, kommun_slugs

    renamed = {term_key(term) for term in chosen}
    owners = {slug: name for name, slug in kommun_slugs() if term_key(name) not in renamed}
    slugged = dict(district_slugs(districts))
    listed: dict[str, int] = {}  # term key → where the district is first in the list
    for i, name in enumerate(districts):
        at = f"stadsdelar.{written[i] if written else i}"  # as written, with the items told wrong
        owner = owners.get(slugged.get(name, ""))
        if (first := listed.setdefault(term_key(name), i)) != i:
            yield (at, f"{quoted(name)} is listed already, as {quoted(districts[first])}: list each "
                   "district once, spelt as it is to be shown")  # fmt: skip
        elif not slugify(name):
            yield at, f"{quoted(name)} has no letters or digits to make a URL of"
        elif name not in slugged or term_key(name) in renamed:
            continue
        elif owner is not None and term_key(owner) != term_key(name):
            yield (at, f"{quoted(name)} would get the slug {quoted(slugged[name])}, which is "
                   f"also that of {quoted(owner)}; each term needs its own: choose one in config.yaml, "
                   f"slugs: {{kommun: {{{quoted(name)}: …}}}}")  # fmt: skip
        else:
            owners[slugged[name]] = name
    for term, slug in chosen.items():
        owner = owners.get(slug)
        if owner in slugged and term_key(owner) != term_key(term):
            yield f"slugs.kommun.{term}", f"{quoted(slug)} is also the slug of {quoted(owner)}; each term needs its own"


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every text in the settings `value`, keys too."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield from _texts(key, inner)
            yield from _texts(item, inner)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}.{i}")


class _Checker:
    """Reads settings by their schema, collecting every problem; a wrong one is left out."""

    def __init__(self, positions: yamltext.Positions) -> None:
        self.positions = positions
        self.problems: list[Problem] = []
        self.invisible: set[str] = set()  # the dotted paths of texts told to hold a control character
        self.left_out: set[str] = set()  # the fields of the taxonomies left out as wrong
        self.taxonomies_wrong = False  # `taxonomies` wrong as a whole: which fields it meant is unknown
        self.refused: set[str] = set()  # the dotted paths told wrong, whose defaults stand in
        self.kept_at: dict[str, list[int]] = {}  # a list's path → where each item kept was written
        self.taxonomy_paths: dict[str, str] = {}  # a taxonomy kept: its field → its path's dotted path

    def error(self, path: str, message: str) -> None:
        line, column = self.positions.of(path)
        self.problems.append(Problem(CONFIG_FILE, line, column, yamltext.display(path), message))
        self.refused.add(path)

    def read(self, cls: type, data: dict[str, Any], path: str = "") -> dict[str, Any]:
        """The settings of `cls` given in `data` and right, by attribute name."""
        known = {e.key: e for e in entries(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            entry = known.get(key)
            if entry is None:
                hint = difflib.get_close_matches(str(key), known, n=1)
                self.error(where, f"unknown setting; did you mean {quoted(hint[0])}?" if hint
                           else f"unknown setting; known: {', '.join(known)}")  # fmt: skip
            elif (checked := self._value(entry, where, value)) is not None:
                values[entry.name] = checked
        return values

    def _value(self, entry: Entry, path: str, value: Any) -> Any:
        """The value to use for setting `entry` given as `value` at `path`, or None (with
        an error) for its default."""
        if path in self.invisible:
            return None
        if entry.spec.kind == "links":
            return self._links(path, value, entry.spec.example)
        if entry.spec.kind == "permalinks":
            return self._permalinks(value)
        if entry.spec.kind == "taxonomies":
            return self._taxonomies(value)
        if entry.spec.kind == "slugs":
            return self._slugs(value)
        if entry.shape == "texts":
            return self._names(path, value, entry.spec.example)
        if entry.shape == "section" and entry.item:
            if isinstance(value, dict):
                return entry.item(**self.read(entry.item, value, path))
            self.error(path, "expected settings indented below it, one per line")
            return None
        if not self._typed(path, value, _TYPES[entry.shape]):
            return None
        if entry.spec.choices and value not in entry.spec.choices:
            choices = ", ".join(entry.spec.choices)
            hint = difflib.get_close_matches(str(value), entry.spec.choices, n=1)
            near = f"; did you mean {quoted(hint[0])}?" if hint else ""
            self.error(path, f"expected one of {choices}, got {quoted(value)}{near}")
            return None
        rule = _RULES.get(entry.spec.kind)
        return rule(self, path, value) if rule else value

    def _typed(self, key: str, value: Any, kind: type) -> bool:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.error(key, self._wrong_type(key, value, kind))
        return ok

    def _wrong_type(self, path: str, value: Any, kind: type) -> str:
        names = {str: "text", int: "a whole number", bool: "true or false"}
        written, key = self.positions.source.get(path, quoted(value)), path.rpartition(".")[2]
        head = "" if key.isdigit() else f"{key}: "  # a list's item has no key to repeat
        if isinstance(value, str) and kind is not str and _unquoted(value, kind):
            return f"expected {names[kind]} without quotes, got {quoted(value)}; remove the quotes"
        if kind is str and isinstance(value, bool | int | float):
            return f'{written} is not read as text; put it in quotes: {head}"{written}"'
        if kind is str and isinstance(value, dict) and value and all(v is None for v in value.values()):
            braces = "{" + ", ".join(map(str, value)) + "}"  # `title: {term}`, as YAML reads it
            return f'{braces} is read as a group of settings (YAML\'s braces), not as text; put it in quotes: {head}"{braces}"'
        if kind is str and value is None and yamltext.NULL.fullmatch(written):
            return f'{written} {yamltext.READ_AS_NULL}, not as text; put it in quotes: {head}"{written}"'
        got = "a list" if isinstance(value, list) else "a group of settings" \
            if isinstance(value, dict) else self._got(path, value)  # fmt: skip
        return f"expected {names[kind]}, got {got}"

    def _got(self, path: str, value: Any) -> str:
        """`value` at `path` for a message: nothing, or YAML's null as written, for None."""
        if value is not None:
            return quoted(value)
        written = self.positions.source.get(path, "")
        return f"{written}, which {yamltext.READ_AS_NULL}" if yamltext.NULL.fullmatch(written) else "nothing"

    def _count(self, path: str, value: int) -> int | None:
        if value < 1:
            self.error(path, f"expected a number of at least 1, got {value}")
            return None
        return value

    def _nonblank(self, path: str, value: str) -> str | None:
        if not value.strip():
            self.error(path, "expected text, got nothing; the site needs a name (the header's link "
                       "home says it, and every page's <title>)")  # fmt: skip
            return None
        return value

    def _base_url(self, path: str, value: str) -> str | None:
        wrong = base_url_problem(value)
        if wrong:
            self.error(path, wrong)
            return None
        return value if value.endswith("/") else value + "/"

    def _timezone(self, path: str, value: str) -> str | None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.error(path, f"unknown time zone {quoted(value)}; expected a name like Europe/Stockholm")
            return None
        return value

    def _names(self, path: str, value: Any, example: str) -> tuple[str, ...] | None:
        """A list of names; an item that is not text is told at its place (YAML's null or
        a number, with the quotes it needs) and left out."""
        if not isinstance(value, list):
            self.error(path, f"expected a list of names, like {example}{_NONE if value is None else ''}")
            return None
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.error(f"{path}.{i}", self._wrong_type(f"{path}.{i}", item, str))
        kept = [i for i, v in enumerate(value) if isinstance(v, str) and f"{path}.{i}" not in self.invisible]
        self.kept_at[path] = kept
        return tuple(value[i] for i in kept)

    def _links(self, path: str, value: Any, example: str) -> tuple[MenuLink, ...] | None:
        """A menu: a list of {text, url}, each url a path on the site or a whole address."""
        if not isinstance(value, list):
            self.error(path, f"expected a list of links, like {example}{_NONE if value is None else ''}")
            return None
        links = []
        for i, item in enumerate(value):
            where = f"{path}.{i}"
            if not isinstance(item, dict) or set(item) != {"text", "url"}:
                self.error(where, "expected {text: …, url: …}, like {text: Om bilagan, url: /om-bilagan/}")
                continue
            text, url = item["text"], item["url"]
            if {f"{where}.text", f"{where}.url"} & self.invisible:
                continue  # told already
            if not isinstance(text, str) or not text.strip():
                self.error(f"{where}.text", self._wrong_type(f"{where}.text", text, str))
            elif not isinstance(url, str) or not re.match(r"^(/(?![/\\])|https?://|mailto:)", url):
                self.error(f"{where}.url", f"expected a path on the site starting with one '/' "
                           f"(/om-bilagan/) or an address with https://, got {quoted(url)}{_menu_fix(url)}")  # fmt: skip
            elif slashed(url) != url:  # (a path starting '/\\', another site to browsers, is refused above)
                self.error(f"{where}.url", f"'{url}' has a '\\', which browsers read as '/'; write url: {slashed(url)}")
            elif re.search(r"\s", url):
                self.error(f"{where}.url", f"{quoted(url)}: an address has no spaces (write %20)")
            elif url.startswith("mailto:") and not is_email(url[len("mailto:"):].partition("?")[0]):
                self.error(f"{where}.url", f"expected an e-mail address after mailto:, like "
                           f"mailto:namn@kommun.se, got {quoted(url)}")  # fmt: skip
            elif hash_lost := fragment_problem(url):
                self.error(f"{where}.url", f"{quoted(url)} {hash_lost}")
            elif wrong_host := host_problem(url):
                self.error(f"{where}.url", f"{quoted(url)}: {wrong_host}")
            else:
                links.append(MenuLink(text.strip(), url))
        return tuple(links)

    def _permalinks(self, value: Any) -> dict[str, str]:
        result = dict(DEFAULT_PERMALINKS)
        if not isinstance(value, dict):
            self.error("permalinks", "expected patterns indented below it, like "
                       "article: \"/{year}/{month}/{slug}/\"")  # fmt: skip
            return result
        for key, pattern in value.items():
            where = f"permalinks.{key}"
            if key not in PLACEHOLDERS:
                hint = difflib.get_close_matches(str(key), PLACEHOLDERS, n=1)
                tip = f"did you mean {quoted(hint[0])}?" if hint else f"known: {', '.join(PLACEHOLDERS)}"
                self.error(where, f"unknown address type; {tip}")
            elif not isinstance(pattern, str):
                self.error(where, f"expected a pattern in quotes, like {key}: "
                           f"\"{DEFAULT_PERMALINKS[key]}\"")  # fmt: skip
            elif where in self.invisible:
                continue  # told already
            elif problem := pattern_problem(key, pattern):
                self.error(where, f"{quoted(pattern)} {problem}")
            else:
                result[key] = pattern
        return result

    def _slugs(self, value: Any) -> dict[str, dict[str, str]]:
        """`slugs: {field: {term: slug}}`: each slug well formed, used by one term only."""
        if not isinstance(value, dict):
            self.error("slugs", 'expected taxonomy fields indented below it, like tags: {"C++": cpp}')
            return {}
        result: dict[str, dict[str, str]] = {}
        for field, chosen in value.items():
            if not isinstance(chosen, dict):
                self.error(f"slugs.{field}", 'expected terms and their slugs, like {"C++": cpp}')
                continue
            result[str(field)] = {}
            owners: dict[str, str] = {}  # slug → the term that has it
            if field == "kommun":  # every municipality has its slug (see `site.review.kommun_slugs`)
                from sitegen.site.review import kommun_slugs

                renamed = {term_key(str(term)) for term in chosen}
                owners = {slug: name for name, slug in kommun_slugs() if term_key(name) not in renamed}
            for term, slug in chosen.items():
                where = f"slugs.{field}.{term}"
                if where in self.invisible:
                    continue  # told already
                if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
                    self.error(where, "expected a slug: lower-case letters a-z, digits and '-', "
                               f"like {slugify(str(slug)) or slugify(str(term)) or 'cpp'}")  # fmt: skip
                elif slug in owners:
                    self.error(where, f"{quoted(slug)} is also the slug of {quoted(owners[slug])}; "
                               "each term needs its own")  # fmt: skip
                else:
                    owners[slug] = str(term)
                    result[str(field)][str(term)] = slug
        return result

    def _taxonomies(self, value: Any) -> tuple[TaxonomyConfig, ...]:
        """The taxonomies as given; one with a wrong field or path is left out (its field
        noted in `self.left_out`), and a wrong title, index_title or label is its default."""
        if not isinstance(value, list):
            self.error("taxonomies", "expected a list of taxonomies (field, path, title, …)")
            self.taxonomies_wrong = True
            return DEFAULT_TAXONOMIES
        result: list[tuple[int, TaxonomyConfig]] = []  # (its place in the list, the taxonomy)
        for i, item in enumerate(value):
            where = f"taxonomies.{i}"
            if not isinstance(item, dict) or not {"field", "path"} <= item.keys():
                self.error(where, "expected at least field: and path:, "
                           "like {field: tags, path: etikett}")  # fmt: skip
                if isinstance(item, dict) and isinstance(item.get("field"), str):
                    self.left_out.add(item["field"])
                continue
            given = self._taxonomy_texts(where, item)
            wrong = "field" not in given or "path" not in given
            wrong = self._taxonomy_place(where, item, given, result) or wrong
            if wrong:
                self.left_out.add(str(item["field"]))
                continue
            name = given["field"]
            self.taxonomy_paths[name] = f"{where}.path"
            result.append((i, TaxonomyConfig(
                field=name, path=given["path"], title=given.get("title", "{term}"),
                index_title=given.get("index_title", name), label=given.get("label", name),
            )))  # fmt: skip
        return tuple(taxonomy for _, taxonomy in result)

    def _taxonomy_texts(self, where: str, item: dict[Any, Any]) -> dict[str, str]:
        """The keys of taxonomy `item` (at `where`) that are known and right, by key."""
        given: dict[str, str] = {}
        for key, text in item.items():
            if key not in _TAXONOMY_KEYS:
                self.error(f"{where}.{key}", f"unknown key; known: {', '.join(_TAXONOMY_KEYS)}")
            elif not isinstance(text, str) or not text.strip():
                self.error(f"{where}.{key}", self._wrong_type(f"{where}.{key}", text, str))
            elif f"{where}.{key}" in self.invisible:
                pass  # told already
            elif key == "title" and not uses_only(text, {"term": "x"}):
                self.error(f"{where}.title", f"{quoted(text)} may use only {{term}}, "
                           "like \"Etikettarkiv: {term}\"")  # fmt: skip
            elif key == "path" and not re.fullmatch(r"[a-z0-9-]+", text):
                self.error(f"{where}.path", "expected lower-case letters a-z, digits and '-', "
                           f"like {slugify(text) or 'etikett'}")  # fmt: skip
            elif key == "field" and _FIELD_SHAPES.get(text, "text") not in ("text", "texts"):
                shape = _FIELD_SHAPES[text]
                self.error(f"{where}.field", f"{quoted(text)} holds {_SHAPE_WORDS.get(shape, shape)}, not text or a "
                           "list of text: a taxonomy files articles by a field such as tags or kommun")  # fmt: skip
            else:
                given[key] = text
        return given

    def _taxonomy_place(self, where: str, item: dict[Any, Any], given: dict[str, str],
                        before: list[tuple[int, TaxonomyConfig]]) -> bool:  # fmt: skip
        """True, with an error, when taxonomy `item`'s field or path is one of a taxonomy
        `before` it ((its place in the list, the taxonomy) of each kept)."""
        taken = False
        for key in ("field", "path"):
            first = next((i for i, t in before if getattr(t, key) == given.get(key)), None)
            if first is not None:
                line = self.positions.of(f"taxonomies.{first}.{key}")[0]
                self.error(f"{where}.{key}", f"{quoted(item[key])} is also the {key} of the "
                           f"taxonomy on line {line}; each taxonomy needs its own")  # fmt: skip
                taken = True
        return taken


# The shape of each front matter field (by its name in the file), for taxonomies' `field`.
_FIELD_SHAPES = {e.key: e.shape for e in entries(Article)}
_SHAPE_WORDS = {"moment": "a date", "flag": "true or false", "section": "a group of fields",
                "sections": "a list of groups of fields", "number": "a number"}  # fmt: skip


# The rules a setting's `kind` names, beyond its type: each returns the value to use, or None.
_RULES: dict[str, Callable[[_Checker, str, Any], Any]] = {
    "count": _Checker._count, "base_url": _Checker._base_url, "timezone": _Checker._timezone,
    "nonblank": _Checker._nonblank,
}  # fmt: skip


def _unquoted(value: str, kind: type) -> bool:
    """True when text in quotes would have been a number or true/false without them."""
    text = value.strip().lower()
    return text.isdigit() if kind is int else text in ("true", "false", "yes", "no")


def _menu_fix(url: object) -> str:
    """What to write for a menu link's `url` that is neither a path on the site nor an
    address, as `; write url: …`, or nothing: the address meant (`htps://ale.se`,
    `www.ale.se/jobb`, `kontakt@ale.se`), as `cta.url` is told it (`validate.url_fault`),
    or the path meant (`om-bilagan` → `/om-bilagan/`)."""
    if not isinstance(url, str):
        return ""
    fix = scheme_slip(url) or address_in(url)
    if fix is None and re.fullmatch(r"[\w-]+(/[\w-]+)*/?", url):
        fix = f"/{url.strip('/')}/"
    return f"; write url: {fix}" if fix and fix != url else ""
