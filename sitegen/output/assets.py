"""Assets: the theme's and the site's files of assets/, as they are published.

CSS and JavaScript are minified (by rcssmin and rjsmin, never by rules of our own) and get a
content hash in their names (`css/site.css` → `css/site.3f9a0c12e4.css`), so that hosts may
let browsers keep them for a year: a changed file is a new address. Templates reach every
asset through `asset('css/site.css')`, which knows the published names. Every other file is
published under its own name, as it is.

One such file may reach another by its address, relative or from the site's root: a
stylesheet's `@import "reset.css"` or `url(fonts.css)`, a module's `import … from
"./util.js"`, `export … from` and `import("./x.js")` (found as a browser reads them, never
in strings or comments: see `references`; with any characters in the path, %-escaped or
not). Those addresses are written with the other file's published name; so that a hash
still names every byte a browser loads through a file, it is taken over the file and every
file it reaches, directly or not (modules may import each other in a circle). Their other
addresses from the site's root (`url(/img/logo.svg)`, `import "/pagefind/pagefind.js"`)
are made relative to the file, so that they hold under a base path (`/bilaga/`) and with
`relative_urls` too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import rcssmin
import rjsmin

from sitegen.content.files import nfc
from sitegen.incremental.fingerprint import digest
from sitegen.output.references import (
    Reference,
    css_references,
    misread_by_minifiers,
    references,
    written,
)

HASH_LENGTH = 10  # hex digits of the content hash in a published name: 40 bits


def _css(data: bytes) -> bytes:
    return rcssmin.cssmin(_spaces_escaped(data.decode("utf-8"))).encode("utf-8")  # type: ignore[no-any-return]


def _spaces_escaped(text: str) -> str:
    """The stylesheet `text` with the spaces of its addresses written `%20`, the same address
    to a browser: rcssmin drops spaces inside `url("…")`, quoted or not (`url("a b.png")` →
    `url("ab.png")`, its issues #7 and #15, kept as intended), a data: URI's too."""
    pieces, at = [], 0
    for reference in css_references(text):
        if " " in reference.address:
            address = written(reference.address.replace(" ", "%20"), reference.quote, css=True)
            pieces += [text[at : reference.start], address]
            at = reference.end
    return "".join(pieces) + text[at:]


def _js(data: bytes) -> bytes:
    """The script `data` minified by rjsmin, or as it is when rjsmin could misread it and
    change what it does or shows (see `references.misread_by_minifiers`)."""
    text = data.decode("utf-8")
    if misread_by_minifiers(text):
        return data
    return rjsmin.jsmin(text).encode("utf-8")  # type: ignore[no-any-return]


MINIFIERS: dict[str, Callable[[bytes], bytes]] = {".css": _css, ".js": _js}


@dataclass(frozen=True)
class Asset:
    """One published file of assets/: its source, the name templates ask for (`css/site.css`),
    the path it is published at, and, for a minified one, its new bytes."""

    source: Path
    name: str
    path: str
    data: bytes | None = None  # None: published as the source is


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
        name: {found.target for found in _addresses(name, data, minified)} for name, data in minified.items()
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


@dataclass(frozen=True)
class _Address:
    """A reference of one asset to another file: the file of the assets it names (None for
    another, or for an address on another site), the address's path as written, from the
    site's root (None for a relative one or one on another site), and what follows the
    path: `?…` and `#…`, exactly as written (an empty `?` or `#` too: `f.woff2?#iefix`, and
    `./x.js?`, another module to a browser than `./x.js`)."""

    reference: Reference
    target: str | None
    rooted: str | None
    rest: str


def _addresses(name: str, data: bytes, minified: Mapping[str, bytes]) -> list[_Address]:
    """Each address in the minified file `name` (see `references`) that names a file of
    this site. Its path is read %-decoded (`b%C3%A5t.css` is `båt.css`) and in NFC, as assets are
    published."""
    found = []
    for reference in references(name, data.decode("utf-8")):
        address = reference.address
        if address.startswith("//"):
            continue
        try:
            parts = urlsplit(address)
        except ValueError:
            continue
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = nfc(unquote(parts.path))
        if address.startswith("/"):  # from the site's root: `@import "/css/base.css"`
            target = posixpath.normpath(path.lstrip("/"))
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
        rest = address[min((address.find(c) for c in "?#" if c in address), default=len(address)) :]
        rooted = parts.path if address.startswith("/") else None
        found.append(_Address(reference, target if target in minified else None, rooted, rest))
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
    published names (%-escaped), and its other addresses from the site's root made relative
    to it, so that they hold under a base path and with `relative_urls`."""
    text, here, at = data.decode("utf-8"), posixpath.dirname(name) or ".", 0
    css = name.lower().endswith(".css")
    pieces: list[str] = []
    for found in _addresses(name, data, minified):
        if found.target is not None:
            new = quote(posixpath.relpath(published[found.target], here), safe="/!$&*+,;=@~")
        elif found.rooted is not None:
            new = posixpath.relpath(found.rooted.lstrip("/") or ".", here)
            if found.rooted.endswith("/") and not new.endswith("/"):
                new += "/"
        else:
            continue
        if not css and not new.startswith("../"):
            new = "./" + new  # a module's relative address must start with ./ or ../
        pieces += [text[at : found.reference.start], written(new + found.rest, found.reference.quote, css)]
        at = found.reference.end
    return (("".join(pieces) + text[at:]) if pieces else text).encode("utf-8")
