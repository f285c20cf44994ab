"""What the build cache's keys say of the program itself: sitegen's code and its libraries.

A key must miss when sitegen or a library that shapes the output changes, and must hit in
a fresh clone at another path after a fresh install of the same code: so the code is
identified by the bytes of sitegen's source files and the versions of the distributions it
depends on (from the installed metadata), never by modification times or install paths.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import re
from pathlib import Path
from typing import Any

import sitegen
from sitegen.incremental.fingerprint import digest

_PACKAGE = Path(sitegen.__file__).parent


@functools.cache
def code_version() -> str:
    """A hash of sitegen's Python files and data files (their paths inside the package and
    their bytes) and of the installed versions of sitegen's declared dependencies."""
    parts = [f"sitegen {sitegen.__version__}"]
    for path in sorted(_PACKAGE.rglob("*")):
        relative = path.relative_to(_PACKAGE)
        if path.is_file() and relative.parts[0] != "theme" and path.suffix not in (".pyc",):
            parts.append(f"{relative.as_posix()} {digest(path.read_bytes())}")
    parts += [f"{name} {version}" for name, version in _dependencies()]
    return digest("\n".join(parts).encode())


def _dependencies() -> list[tuple[str, str]]:
    """(name, installed version) of each distribution sitegen requires (not its extras)."""
    try:
        required = importlib.metadata.requires("sitegen") or []
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        required = []
    found = []
    for requirement in required:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
        try:
            found.append((name.lower(), importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            found.append((name.lower(), "missing"))
    return sorted(found)


def portable(settings: Any) -> str:
    """A hash of a frozen dataclass of settings, field by field, leaving out paths: they say
    where things are (another clone, an editable or an installed theme), not what is read,
    and what a result found at them is checked again anyway (`read.still_valid`)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Path):
            return None
        if isinstance(value, tuple | list):
            return tuple(plain(item) for item in value)
        return value

    fields = [(f.name, plain(getattr(settings, f.name))) for f in dataclasses.fields(settings)]
    return digest(repr((type(settings).__qualname__, fields)).encode())
