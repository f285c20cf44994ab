"""`sitegen check --links`: every internal link and anchor in a built site must lead somewhere."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.content.files import nfc, visible_files
from sitegen.content.links import without_code
from sitegen.errors import Problem, quoted
from sitegen.output.references import references
from sitegen.urls import css_addresses, holds_address, refresh_target, srcset_addresses, trimmed


class _Page(HTMLParser):
    """A page's ids, and every address its tags hold (`_addresses`) and its `<style>`
    elements' url()s: what a browser follows or loads, and what a host must answer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self._style = False  # inside a <style> element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(reversed(attrs))  # (an attribute written twice: HTML reads the first)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        self.links += _addresses(attrs, values)
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.links += [address for _, address in css_addresses(data)]


def _addresses(attrs: list[tuple[str, str | None]], values: dict[str, str | None]) -> list[str]:
    """The addresses a start tag's attributes `attrs` hold, as a browser reads them (the
    same attributes the base path is put on, `urls.holds_address`): each URL attribute's
    value, each candidate of a srcset, the url()s of a style (as `urls.css_addresses`
    reads them, as the page's code and its feed do), a refresh's target. The
    links to the page's own canonical address and its feeds (`rel`) are left out."""
    found = []
    for name, value in attrs:
        if not value:
            continue
        if name.endswith("srcset") and holds_address(name):
            found += [value[start:end] for start, end in srcset_addresses(value)]
        elif holds_address(name):
            if name != "href" or values.get("rel") not in ("canonical", "alternate"):
                found.append(trimmed(value))
        elif name == "style":
            found += [address for _, address in css_addresses(value)]
        elif name == "content" and str(values.get("http-equiv") or "").lower() == "refresh":
            found += [target] if (target := refresh_target(value)) else []
    return [address for address in found if address]


def check_links(folder: Path, base_path: str = "", root: Path | None = None,
                sources: dict[str, str] | None = None) -> list[Problem]:  # fmt: skip
    """Problems for links (in `folder`'s HTML, and the addresses its stylesheets and
    modules load, see `_asset_problems`) to
    files or anchors that are not there.

    Each is told where an editor can mend it: a link on the page of an article (`sources`:
    output path → its source below `root`, `content/…md`) at the line and column of the
    source where the link is written (found by its address, or by its `#fragment`, as
    written in the Markdown); a link the text does not hold (the templates') at the address
    of the first page that has it, once, with how many other pages have it too (a menu's
    broken link is on every page)."""
    files = set(visible_files(folder))
    pages: dict[str, _Page] = {}
    for name in sorted(f for f in files if f.endswith(".html")):
        page = _Page()
        page.feed((folder / name).read_text(encoding="utf-8"))
        pages[name] = page
    problems = []
    templates: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (target, why) → (page, href)
    for name, page in pages.items():
        for href in dict.fromkeys(page.links):
            found = _broken(name, href, base_path, files, pages)
            if found:
                source = (sources or {}).get(name)
                places = _written(href, base_path, source, root, _rooted(name, href)) if source and root else []
                if source and places:
                    problems += [Problem(source, line, column, None, f"{_as_written(href, text)}: {found}")
                                 for line, column, text in places]  # fmt: skip
                else:
                    templates.setdefault((_rooted(name, href) or href, found), []).append((name, href))
    for name in sorted(f for f in files if f.endswith((".css", ".js"))):  # what stylesheets and modules load
        problems += _asset_problems(folder, name, base_path, files, pages, root, (sources or {}).get(name))
    for (_, found), where in templates.items():
        name, href = where[0]
        also = f" (and on {len(where) - 1} other page{'' if len(where) == 2 else 's'})" if len(where) > 1 else ""
        problems.append(Problem(_url(name), None, None, None, f"{href}: {found}{also}"))
    return problems


def _written(href: str, base_path: str, source: str, root: Path, rooted: str = "") -> list[tuple[int, int, str]]:
    """Each (line, column, address as written), 1-based, where the Markdown `source` (below
    `root`) writes the link the page has as `href`: as a whole link target (after `](`,
    `<` or `]: `, before `)`, `>`, a space or a quote; never inside a longer address or in
    plain text), as published, without the base path the page's address got, or from the
    site's root (`rooted`: a relative address, with `relative_urls`, as the text wrote it
    from the root), with any '/' of its path written '\\' (`/etikett\\ale/`, which the
    page holds as `/etikett/ale/`: `urls.slashed`); else by its `#fragment` (a link to
    another article is written `other.md#part` and published as that article's address).
    Empty when the text does not hold it (a template's link)."""
    try:
        text = (root / source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    end = r"(?=[)>\s\"']|$)"
    written = [href]
    if base_path and href.startswith(base_path + "/"):
        written.append(href[len(base_path) :])
    if rooted and rooted not in written:
        written.append(rooted)
    # As the text wrote it, before the page %-escaped it (`/gammal sida/`, `/bilagå/…`).
    written += [plain for address in written if (plain := unquote(address)) not in written]
    # Where Markdown writes a link's target: `](…)`, `<…>` (an autolink), `[ref]: …`.
    # … and where HTML in the text writes one: an attribute's value (`src="…"`,
    # `poster='…'`), a refresh's `url=…`, a srcset's candidate; a style's `url(…)` is CSS,
    # where a '\\' starts an escape, and is read as CSS (`_in_css`).
    patterns = [r"""(?:(?<=\]\()|(?<=<)|(?<=\]:)\s*|(?<=\]: )|(?<==")|(?<==')"""
                r"""|(?<=(?i:url)=))""" + _slashes_either_way(address) + end for address in written]  # fmt: skip
    if "#" in href:
        patterns.append(re.escape("#" + href.partition("#")[2]) + end)
    lines = without_code(text).splitlines()
    in_css = _in_css(lines, written)
    for pattern in patterns:
        found = [(number, match.start() + 1, match.group()) for number, line in enumerate(lines, 1)
                 for match in re.finditer(pattern, line)]  # fmt: skip
        if found:
            return sorted(found + in_css)
    if in_css:
        return in_css
    return [(number, match.start(2) + at + 1, match[2][at:end]) for number, line in enumerate(lines, 1)
            for match in _SRCSET.finditer(line)
            for at, end in srcset_addresses(match[2]) if match[2][at:end] in written]  # fmt: skip


def _in_css(lines: list[str], written: list[str]) -> list[tuple[int, int, str]]:
    """Each (line, column, token's value as written), 1-based, of a `url(…)` in `lines`
    whose address, read as CSS and a browser read it (`urls.css_addresses`: escapes
    undone, a '\\' of the path a '/'), is one of `written`: `url('bilder\\5c a.jpg')`
    is a link to `bilder/a.jpg`, and `url(/filer\\a.png)` one to `/filer.png`."""
    found = []
    for number, line in enumerate(lines, 1):
        if "url(" not in line.lower():
            continue
        for start in _URL_START.finditer(line):
            read = css_addresses(line[start.start() :])
            if not read or line[start.end() : start.start() + read[0][0].start].strip(" \t\"'"):
                continue  # no address of this url( (another's, further on)
            reference, address = read[0]
            if address in written:
                at = start.start() + reference.start
                found.append((number, at + 1, line[at : start.start() + reference.end]))
    return found


_URL_START = re.compile(r"(?<![\w\\-])url\(", re.IGNORECASE)


def _slashes_either_way(address: str) -> str:
    """A pattern for `address` as a page holds it, written with '/' or with '\\' (which
    the page holds as '/', `urls.slashed`) for each '/' before its query and fragment."""
    cut = min((at for at in (address.find("?"), address.find("#")) if at >= 0), default=len(address))
    return r"[/\\]".join(map(re.escape, address[:cut].split("/"))) + re.escape(address[cut:])


def _as_written(href: str, text: str) -> str:
    """How a problem names the link the page holds as `href` and the text writes as
    `text`: as published, and also as written when that has a '\\' read as '/'."""
    return f"{text} (read as {href})" if "\\" in text and "\\" not in href else href


_SRCSET = re.compile(r"""srcset\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)  # a srcset in raw HTML, on one line


def _asset_problems(folder: Path, name: str, base_path: str, files: set[str], pages: dict[str, _Page],
                    root: Path | None, source: str | None) -> list[Problem]:  # fmt: skip
    """Problems for the addresses of the stylesheet or module `name` (see `references`) that
    lead nowhere: told at each line and column of its `source` (below `root`) that names
    the missing file, else at its published address."""
    text = (folder / name).read_text(encoding="utf-8", errors="replace")
    problems = []
    for href in dict.fromkeys(reference.address for reference in references(name, text)):
        if found := _broken(name, href, base_path, files, pages):
            places = _in_asset(name, href, source, root) if source and root else []
            problems += [Problem(source or "", line, column, None, f"{written}: {found}")
                         for written, line, column in places]  # fmt: skip
            if not places:
                problems.append(Problem(_url(name), None, None, None, f"{href}: {found}"))
    return problems


def _in_asset(name: str, href: str, source: str, root: Path) -> list[tuple[str, int, int]]:
    """Each (address as written, line, column), 1-based, where the stylesheet or module
    `source` (below `root`), published as `name`, names the file its published form names
    by `href` (which may be written differently there: from the site's root, or with
    escapes). Empty when the source cannot be read or does not hold it."""
    try:
        text = (root / source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    wanted = _file_of(name, href)
    found = []
    for reference in references(name, text):
        if wanted is not None and _file_of(name, reference.address) == wanted:
            line = text.count("\n", 0, reference.start) + 1
            found.append((reference.address, line, reference.start - text.rfind("\n", 0, reference.start)))
    return found


def _file_of(name: str, address: str) -> str | None:
    """The path from the site's root (%-decoded, NFC) of the file that `address`, written in
    the file `name`, names; None for one on another site."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    path = nfc(unquote(parts.path))
    return posixpath.normpath(path if path.startswith("/") else posixpath.join(posixpath.dirname("/" + name), path))


def _broken(
    name: str, href: str, base_path: str, files: set[str], pages: dict[str, _Page]
) -> str | None:
    try:
        parts = urlsplit(href)
    except ValueError:
        return "not a valid address"
    if parts.scheme or parts.netloc:
        return None  # another site, mailto: or tel:
    path, base_path = unquote(parts.path), unquote(base_path)  # both as the file system names them
    if not path:
        target = name
    else:
        if path.startswith("/"):
            if base_path and not (path + "/").startswith(base_path + "/"):
                # A file that is not there (a missing photo, kept as written) is missing
                # wherever it is looked for; one that is there was linked past the base.
                there = _output_file(path) in files
                return f"outside the site's base path {base_path}/" if there else "no such page or file"
            path = path[len(base_path) :]
        else:
            path = posixpath.join(posixpath.dirname("/" + name), path)
        target = _output_file(path)
        if target not in files:
            return "no such page or file"
    if parts.fragment and target in pages and parts.fragment not in pages[target].ids:
        return f"no element with id {quoted(parts.fragment)} on that page"
    return None


def _output_file(path: str) -> str:
    """The output file a site path from the root names (`/a/` → `a/index.html`)."""
    target = posixpath.normpath(path).lstrip("/")
    if target in ("", "."):
        return "index.html"
    return target + "/index.html" if path.endswith("/") else target


def _rooted(name: str, href: str) -> str:
    """A relative `href` on the page `name` as an address from the site's root
    (`../../finns-inte/index.html` → `/finns-inte/`), as an article's text writes it; ""
    for an address that is not relative."""
    if not href or href.startswith(("/", "#")) or ":" in href.split("/")[0]:
        return ""
    path, _, fragment = href.partition("#")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname("/" + name), path))
    if path.endswith("index.html"):
        joined = joined.removesuffix("index.html")
    elif path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined + (f"#{fragment}" if fragment else "")


def _url(name: str) -> str:
    return "/" + name.removesuffix("index.html")
