"""Render stage: planned pages → HTML and XML bytes through Jinja, with template errors mapped."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import traceback
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from sitegen.errors import BuildError, Problem, quoted
from sitegen.incremental.code import code_version
from sitegen.incremental.fingerprint import Fingerprints, digest
from sitegen.output.fragments import (
    nest_headings,
    rooted,
    scope_ids,
    scrollable_tables,
    summary,
    without_final_link,
)
from sitegen.output.missing import MissingField, MissingName, Undefined, written_as
from sitegen.output.structured import Graph, graph
from sitegen.site.pictures import srcset
from sitegen.site.plan import Page
from sitegen.site.views import Link
from sitegen.swedish import format_date, phone_uri
from sitegen.urls import (
    absolute,
    address,
    base_path,
    join,
    on_host,
    relative,
    rewrite_addresses,
    uri,
)


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
    relative_urls: bool = False  # links between pages relative, for file:// and any path
    preview: bool = False  # built with --drafts or --future: no page is to be indexed
    footer: tuple[Link, ...] = ()  # `menu.footer`
    locale: str = "sv_SE"  # Open Graph's og:locale
    # Asset path → the path it is published at, with its content hash (css/site.css →
    # css/site.3f9a0c12e4.css): what `asset()` gives templates.
    assets: tuple[tuple[str, str], ...] = ()
    search: bool = False  # `search: true`: article pages carry Pagefind's marks, /sok/ exists
    home: str = "/"  # the home page's URL (`permalinks.home`), where the site's name links


def environment(layout_dirs: list[Path], site: SiteInfo) -> jinja2.Environment:
    """Site layouts first, then the theme's; autoescape on and no silent undefined values.

    Jinja folds filters of constant arguments (`'/css/site.css' | url`) into the compiled
    template, so an environment (and everything compiled in it) belongs to one `site`: a
    build with other site values makes a new one, and the compiled templates it keeps
    between processes (`CompiledTemplates`) are filed under these values."""
    env = jinja2.Environment(
        # One environment per build: templates cannot change under it, so no stat of the
        # template file each time a page uses it (several per page, with includes).
        auto_reload=False,
        # utf-8-sig: a template saved with a byte order mark (Notepad) does not put U+FEFF
        # into every page.
        loader=jinja2.FileSystemLoader([str(d) for d in layout_dirs if d.is_dir()], encoding="utf-8-sig"),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=Undefined,  # StrictUndefined, telling a missing field by the template's words
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=CompiledTemplates.for_site(site),
        # Every template kept, in a plain dict: a page looks its includes up a dozen times
        # or more, and Jinja's bounded cache (400) pays a lock and a reordering for each.
        # The layouts are a few dozen files, and the environment lives for one build.
        cache_size=-1,
    )
    prefix = base_path(site.base_url)
    env.filters["url"] = lambda url: address(url, prefix)
    env.filters["absolute"] = lambda url: absolute(url, site.base_url)
    env.filters["swedish_date"] = format_date
    env.filters["srcset"] = lambda variants: srcset(variants, prefix)
    env.filters["tel"] = tel_href
    env.filters["display_url"] = display_url
    env.filters["nest_headings"] = nest_headings
    env.filters["scope_ids"] = scope_ids
    env.filters["breakable"] = breakable
    env.filters["scrollable_tables"] = scrollable_tables
    env.filters["without_final_link"] = without_final_link
    env.filters["rooted"] = lambda html, url, fragments=True: rooted(html, address(url, prefix), fragments)
    env.filters["summary"] = summary
    env.globals["site"] = site
    published = dict(site.assets)
    # Each address `asset()` gives, worked out once: a page asks for six or so.
    addresses = {(name, False): address("/" + path, prefix) for name, path in published.items()}
    addresses.update({(name, True): uri(join(site.base_url, path)) for name, path in published.items()})

    def asset(name: str, absolute: bool = False) -> str:
        """`asset('css/site.css')`: the address of a file of assets/ as published (CSS and
        JavaScript with a content hash in the name, css/site.3f9a0c12e4.css), with the base
        path; with `absolute=true`, the whole address. A file that does not exist is a
        template error."""
        found = addresses.get((name, bool(absolute)))
        if found is None:
            raise jinja2.TemplateRuntimeError(
                f"asset({quoted(name)}): no such file in assets/; known: {', '.join(sorted(published))}"
            )
        return found

    env.globals["asset"] = asset

    def structured_data(page: dict[str, Any], item: Any, listed: Any, taxonomy: Any, logo: str) -> Graph:
        """`structured_data(page, article, entries, taxonomy, logo)`: the page's schema.org
        nodes (see `output.structured.graph`), for `partials/meta.html` to write as JSON-LD."""
        return graph(page, item, listed, taxonomy, title=site.title, language=site.language, logo=logo,
                     home=site.home, absolute=lambda url: absolute(url, site.base_url))  # fmt: skip

    env.globals["structured_data"] = structured_data
    env.globals["once"] = _Once()
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by Jinja, kept between processes through Jinja's bytecode cache
    API, so that a build after one edit, or `serve`'s first build, does not compile every
    template again (0.1-0.2 s for the theme's, about half of what rendering the pages of
    one edited article takes).

    Where: Jinja's own folder for this, `_jinja2-cache-<uid>` in the system's temporary
    directory, which Jinja makes readable by this user alone and checks to be theirs before
    each use. Never in the site's `.sitegen-cache/`: a CI cache may be restored from
    anyone's pull request, and loading compiled code (and Jinja's pickled checksum beside
    it) from there would run what they put in. A folder Jinja finds unsafe means no
    keeping (`for_site` gives None).

    What a template's compiled code depends on besides its source (which Jinja checks by a
    checksum of its own): the filters and values folded into it at compile time (the site's
    values, see `environment`), sitegen's code and libraries, Jinja's version and Python's
    bytecode. All of it is in each template's key, so nothing compiled under other values is
    ever used; but not the assets' published names, which change with every saved
    stylesheet: `asset()` is a call, and Jinja folds only filters and tests. A file that
    cannot be read, written or understood is compiled anew.

    Each key's file is named `sitegen-<key>.cache` (other programs' Jinja caches share the
    folder); past `KEPT` of them, the least recently written are removed."""

    KEPT = 2_000  # files, about 9 kB each: some 75 sets of the theme's templates

    def __init__(self, salt: str) -> None:
        super().__init__(pattern="sitegen-%s.cache")  # raises RuntimeError or OSError for an unsafe folder
        self._salt = salt

    @classmethod
    def for_site(cls, site: SiteInfo) -> CompiledTemplates | None:
        """The cache for templates compiled with the values `site`, or None when Jinja's
        folder cannot be used."""
        folded = Fingerprints().of(replace(site, assets=()))
        salt = f"{code_version()} jinja2 {jinja2.__version__} {importlib.util.MAGIC_NUMBER.hex()} {folded}"
        try:
            made = cls(digest(salt.encode()))
        except (RuntimeError, OSError):
            return None
        made.prune()
        return made

    def prune(self) -> None:
        """Remove the least recently written files past `KEPT`; a file another build removes
        or writes meanwhile is no matter."""
        with contextlib.suppress(OSError):
            found = [entry for entry in os.scandir(self.directory)
                     if entry.name.startswith("sitegen-") and entry.name.endswith(".cache")]  # fmt: skip
            if len(found) <= self.KEPT:
                return
            found.sort(key=lambda entry: entry.stat().st_mtime_ns)
            for entry in found[: len(found) - self.KEPT]:
                with contextlib.suppress(OSError):
                    os.remove(entry.path)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's key for the template `name` at `filename`, with this cache's salt."""
        return digest(f"{super().get_cache_key(name, filename)} {self._salt}".encode())

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (a damaged file: unpickling and marshal raise many kinds)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full or read-only disk: compiled again next time
            super().dump_bytecode(bucket)


class _Once:
    """`once(view, macro)`: `macro(view)`, called once per view object and macro object and
    kept for the next page that asks (an article's feed entry is in the site's feed and in
    each of its terms' feeds). Views are frozen and the macro belongs to this environment,
    so the same pair gives the same HTML. Kept by the macro object, not its name: two
    templates' macros may share a name. A macro imported without context is one object for
    every page (Jinja keeps the imported module); one made anew for each page simply never
    finds its last result. Each entry holds its view and macro, so an id is never reused
    while kept. The newest 4,096 are kept."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[int, int], tuple[object, object, Any]] = OrderedDict()

    def __call__(self, view: object, macro: Any) -> Any:
        key = (id(view), id(macro))
        found = self._kept.get(key)
        if found is not None and found[0] is view and found[1] is macro:
            self._kept.move_to_end(key)
            return found[2]
        made = macro(view)
        self._kept[key] = (view, macro, made)
        if len(self._kept) > 4096:
            self._kept.popitem(last=False)
        return made


class Renderer:
    """Renders pages one at a time, collecting template problems instead of stopping."""

    def __init__(
        self, env: jinja2.Environment, roots: list[Path], references: dict[str, Any] | None = None
    ) -> None:
        self.env = env
        self.roots = roots
        self.problems: dict[str, Problem] = {}
        # The pages each problem was met on: (URL, the source it is made from, or None).
        self.pages: dict[str, set[tuple[str, str | None]]] = {}
        self._keys: dict[str, str] = {}
        # What each template source refers to, by the source's hash: parsing is the slow part
        # of `template_key`, so the build cache keeps this.
        self.references = {} if references is None else references
        self.parsed = False  # anything added to `references`?

    def render(self, page: Page) -> bytes | None:
        try:
            text = self.env.get_template(page.template).render(page.context)
        except Exception as exc:  # noqa: BLE001 (a template may raise anything: 1/0, "x" + 1)
            if isinstance(exc, MissingName):  # the names it may have meant are this page's
                exc.guess_from([*page.context, *self.env.globals], set_names(self.env, exc, self.roots))
            found = template_problem(exc, self.roots)
            source = page.owner.path if page.owner and page.owner.path.startswith("content/") else None
            self.add_problems({str(found): found}, {str(found): {(page.url, source)}})
            return None
        site = self.env.globals["site"]
        assert isinstance(site, SiteInfo), "set by environment()"
        return finish_addresses(text, page.url, site).encode("utf-8")

    def template_key(self, name: str) -> str:
        """A hash of the template and every template it extends or includes."""
        if name not in self._keys:
            self._keys[name] = digest(repr(sorted(self._sources(name, set()))).encode())
        return self._keys[name]

    def _sources(self, name: str, seen: set[str]) -> list[tuple[str, str]]:
        if name in seen:
            return []
        seen.add(name)
        try:
            source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            known = digest(source.encode())
            if known not in self.references:
                parsed = self.env.parse(source)
                self.references[known] = list(meta.find_referenced_templates(parsed))
                self.parsed = True
            references: list[str | None] = list(self.references[known])
        except jinja2.TemplateError as exc:
            return [(name, f"unreadable: {exc}")]
        if None in references:  # a computed template name: any template may be used
            references = list(self.env.list_templates())
        found = [(name, source)]
        for reference in references:
            found += self._sources(str(reference), seen)
        return found

    def add_problems(self, problems: dict[str, Problem], pages: dict[str, set[tuple[str, str | None]]]) -> None:
        """Take template problems met elsewhere (a worker process), with their pages."""
        for key, found in problems.items():
            self.problems.setdefault(key, found)
            self.pages.setdefault(key, set()).update(pages.get(key, ()))

    def raise_problems(self) -> None:
        """A BuildError with each template problem, told once, with the page it was met on
        (the first by address, and the article it shows) and how many others: an error that
        only some articles' values bring about (`article.extra.region`) says whose."""
        if self.problems:
            told = []
            for key, found in self.problems.items():
                pages = sorted(self.pages.get(key, ()), key=lambda page: (page[0], page[1] or ""))
                if pages:
                    url, source = pages[0]
                    where = f"on {url}" + (f" ({source})" if source else "")
                    if len(pages) > 1:
                        where += f" and {len(pages) - 1} other page{'' if len(pages) == 2 else 's'}"
                    found = Problem(found.path, found.line, found.column, found.field, f"{found.message}; {where}")
                told.append(found)
            raise BuildError(told)


NOT_FOUND = "/404.html"


def finish_addresses(text: str, url: str, site: SiteInfo) -> str:
    """A rendered page's own addresses as they must be written: in XML (feeds, sitemap) full
    addresses, as feed readers show entries away from the site; in HTML with
    `relative_urls`, relative to the page at site URL `url`, so that the output works from
    disk and under any path."""
    prefix = base_path(site.base_url)
    if url.endswith(".xml"):
        return rewrite_addresses(text, lambda rooted: on_host(rooted, site.base_url), escaped=True)
    # The 404 page is served at whatever address was asked for: links relative to it would
    # lead nowhere, so it keeps addresses from the root, under base_url's path.
    if site.relative_urls and (url.endswith("/") or url.endswith(".html")) and url != NOT_FOUND:
        here = address(url, prefix)
        return rewrite_addresses(text, lambda rooted: relative(rooted, here))
    return text


def template_problem(exc: BaseException, roots: list[Path]) -> Problem:
    """Point at the template line: `layouts/article.html:12: 'x' is undefined`. Any
    exception a template raises is one (`{{ 1 / 0 }}`, `{{ "x" + 1 }}`, a missing include):
    Jinja's own by their message, others with their kind (`division by zero
    (ZeroDivisionError)`); the line is the innermost template frame of the traceback, as
    Jinja maps compiled templates back to their sources. `roots`: the site's root, then the
    theme's; a fault met in the theme's template is told at the site's own template line
    that led there, when one did (the site's `page.html` including the theme's
    `partials/entry.html` without an `entry`)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Problem(_name(exc.filename, roots), exc.lineno, None, None, exc.message or str(exc))
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template {quoted(exc.name)} not found"
    elif isinstance(exc, jinja2.TemplateError):
        message = str(exc)
    else:
        message = f"{exc} ({type(exc).__name__})" if str(exc) else type(exc).__name__
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_template(f.filename, roots)]
    if not frames:
        return Problem("layouts/", None, None, None, message)
    inner = frames[-1]
    if isinstance(exc, MissingField):  # the value named as the line writes it
        message = exc.told(written_as(inner.line, exc.name))
    elif isinstance(exc, MissingName):
        message = exc.told()
    own = [f for f in frames if Path(f.filename).is_relative_to(roots[0])]
    if own and own[-1] is not inner:  # met in the theme's template, which the site's uses
        theirs = f"{_name(inner.filename, roots)}:{inner.lineno}"
        return Problem(_name(own[-1].filename, roots), own[-1].lineno, None, None,
                       f"{message} (in the built-in theme's {theirs}, which this line uses)")  # fmt: skip
    if not own and len(roots) > 1:  # the theme's alone: a path the site does not have
        return Problem(f"{_name(inner.filename, roots)} (the built-in theme)", inner.lineno, None, None, message)
    return Problem(_name(inner.filename, roots), inner.lineno, None, None, message)


def set_names(env: jinja2.Environment, exc: BaseException, roots: list[Path]) -> list[str]:
    """The names that the templates `exc` was raised in (the frames of its traceback that
    are templates below `roots`) define themselves: `{% set %}` and `{% for %}` targets,
    `{% macro %}` names and their arguments, `{% import %}` and `{% from … import %}`
    names. Found in each template's syntax tree (`Environment.parse`, Jinja's public
    API); a template that cannot be read or parsed adds none."""
    names: list[str] = []
    for filename in dict.fromkeys(f.filename for f in traceback.extract_tb(exc.__traceback__)
                                  if _is_template(f.filename, roots)):  # fmt: skip
        try:
            tree = env.parse(Path(filename).read_text(encoding="utf-8"))
        except (OSError, UnicodeError, jinja2.TemplateSyntaxError):
            continue
        names += [n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")]
        names += [m.name for m in tree.find_all(nodes.Macro)]
        names += [i.target for i in tree.find_all(nodes.Import)]
        names += [n if isinstance(n, str) else n[1] for i in tree.find_all(nodes.FromImport) for n in i.names]
    return names


def _is_template(filename: str, roots: list[Path]) -> bool:
    return any(Path(filename).is_relative_to(root) for root in roots) and not filename.endswith(
        ".py"
    )


def _name(filename: str, roots: list[Path]) -> str:
    path = Path(filename)
    for root in roots:
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return filename


def tel_href(phone: str) -> str:
    """`0303-33 00 00` → `+46303330000`: the number in international form, for a `tel:`
    link (see `swedish.phone_uri`; validation lets only numbers through)."""
    return phone_uri(phone) or ""


def breakable(text: str) -> Markup:
    """`text` (an e-mail address) with a line-break opportunity (`<wbr>`) before each '@'
    and '.', so that a narrow box breaks `jessica.svanstrom@ostra.goteborg.se` between its
    parts rather than inside a word ("…goteborg.s" / "e")."""
    return Markup(re.sub(r"(?=[@.])", "<wbr>", str(escape(text))))


def display_url(url: str) -> str:
    """`https://www.ale.se/` → `www.ale.se`, as the supplement prints addresses."""
    return re.sub(r"^https?://", "", url).rstrip("/")
