"""Assets: the theme's and the site's files of assets/, as they are published.

CSS and JavaScript are minified (by rcssmin and rjsmin, never by rules of our own) and get a
content hash in their names (`css/site.css` → `css/site.3f9a0c12e4.css`), so that hosts may
let browsers keep them for a year: a changed file is a new address. Templates reach every
asset through `asset('css/site.css')`, which knows the published names. Every other file is
published under its own name, as it is.

One such file may reach another by a relative address: a stylesheet's `@import "reset.css"`
or `url(fonts.css)`, a module's `import … from "./util.js"`, `export … from` and
`import("./x.js")`. Those addresses are written with the other file's published name; so
that a hash still names every byte a browser loads through a file, it is taken over the
file and every file it reaches, directly or not (modules may import each other in a
circle). A stylesheet's addresses from the site's root (`url(/img/logo.svg)`) are made
relative to it, so that they hold under a base path (`/bilaga/`) too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import rcssmin
import rjsmin

from sitegen.incremental.fingerprint import digest

HASH_LENGTH = 10  # hex digits of the content hash in a published name: 40 bits


def _css(data: bytes) -> bytes:
    return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")  # type: ignore[no-any-return]


def _js(data: bytes) -> bytes:
    return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")  # type: ignore[no-any-return]


MINIFIERS: dict[str, Callable[[bytes], bytes]] = {".css": _css, ".js": _js}


@dataclass(frozen=True)
class Asset:
    """One published file of assets/: its source, the name templates ask for (`css/site.css`),
    the path it is published at, and, for a minified one, its new bytes."""

    source: Path
    name: str
    path: str
    data: bytes | None = None  # None: published as the source is


# Where a stylesheet names another file: `@import "x.css"`, `@import url(x.css)`, `url(x)`.
CSS_ADDRESS = re.compile(r"""(@import\s+url\(\s*|@import\s*|url\(\s*)(["']?)([^"'()\s]+)\2""", re.IGNORECASE)
# Where a module names another: `from "./x.js"`, `import "./x.js"`, `import("./x.js")`.
_JS_ADDRESS = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])((?:\.{1,2})?/[^"'\s]+)\2""")


def prepare_all(named: Mapping[str, Path], failed: Callable[[str, Exception], None]) -> list[Asset]:
    """Every asset of `named` (its path below assets/ → its file) as it will be published,
    sorted by name, with the addresses by which one reaches another written with its
    published name (see the module's docstring). A CSS or JavaScript file that cannot be
    read (OSError) or is not UTF-8 (UnicodeDecodeError) is told to `failed` (its name, the
    exception) and left out."""
    minified: dict[str, bytes] = {}
    plain = []
    for name, source in sorted(named.items()):
        minify = MINIFIERS.get(posixpath.splitext(name)[1].lower())
        if minify is None:
            plain.append(Asset(source, name, name))
            continue
        try:
            minified[name] = minify(source.read_bytes())
        except (OSError, UnicodeDecodeError) as exc:
            failed(name, exc)
    reaches: dict[str, set[str | None]] = {
        name: {target for _, target, _ in _addresses(name, data, minified)} for name, data in minified.items()
    }
    published = {}
    for name in minified:
        reached = _reached(name, reaches)
        stem, suffix = posixpath.splitext(name)
        whole = minified[name] if reached == {name} else b"\0".join(n.encode() + b"\0" + minified[n] for n in sorted(reached))
        published[name] = f"{stem}.{digest(whole)[:HASH_LENGTH]}{suffix}"
    made = [Asset(named[name], name, published[name], _rewritten(name, data, minified, published))
            for name, data in minified.items()]  # fmt: skip
    return sorted(plain + made, key=lambda asset: asset.name)


def _addresses(name: str, data: bytes, minified: Mapping[str, bytes]) -> list[tuple[re.Match[str], str | None, str]]:
    """Each address in the minified file `name`: (its match, the file of `minified` it
    names or None, what follows its path: `?…` or `#…`)."""
    text = data.decode("utf-8")
    pattern = CSS_ADDRESS if name.lower().endswith(".css") else _JS_ADDRESS
    found: list[tuple[re.Match[str], str | None, str]] = []
    for match in pattern.finditer(text):
        address = match.group(3)
        try:
            parts = urlsplit(address)
        except ValueError:
            continue
        if parts.scheme or parts.netloc or not parts.path or address.startswith("//"):
            found.append((match, None, ""))
            continue
        if address.startswith("/"):  # from the site's root: `@import "/css/base.css"`
            target = posixpath.normpath(parts.path.lstrip("/"))
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), parts.path))
        rest = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        found.append((match, target if target in minified else None, rest))
    return found


def _reached(name: str, reaches: Mapping[str, set[str | None]]) -> set[str]:
    """`name` and every file it reaches through others."""
    seen, todo = {name}, [name]
    while todo:
        for target in reaches[todo.pop()]:
            if target is not None and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _rewritten(name: str, data: bytes, minified: Mapping[str, bytes], published: Mapping[str, str]) -> bytes:
    """The minified file `name` with the addresses of the other files it names made their
    published names, and a stylesheet's addresses from the root made relative to it."""
    text, here, at = data.decode("utf-8"), posixpath.dirname(name) or ".", 0
    pieces: list[str] = []
    for match, target, rest in _addresses(name, data, minified):
        address = match.group(3)
        if target is not None:
            new = posixpath.relpath(published[target], here)
            if match.re is _JS_ADDRESS and not new.startswith("../"):
                new = "./" + new  # a module's relative address must start with ./ or ../
            new += rest
        elif match.re is CSS_ADDRESS and address.startswith("/") and not address.startswith("//"):
            path, _, tail = address[1:].partition("?")
            path, hash_mark, fragment = path.partition("#") if not tail else (path, "", "")
            new = posixpath.relpath(path or ".", here) + (f"?{tail}" if tail else "") + hash_mark + fragment
        else:
            continue
        pieces += [text[at : match.start(3)], new]
        at = match.end(3)
    return (("".join(pieces) + text[at:]) if pieces else text).encode("utf-8")
