"""Claims on output paths: every path the site publishes has one owner, and a file system
can hold them all. Pages are known once planned; the files copied as they are, the images'
smaller copies and the search index's folder are claimed here too, in `check` as in `build`,
so that a clash is told at its source before anything is written."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence

from sitegen.config import CONFIG_FILE
from sitegen.errors import Problem
from sitegen.site.pictures import Picture
from sitegen.site.plan import Page
from sitegen.urls import output_path

MAX_NAME = 255  # bytes in one file or folder name, on every common file system
FIX = "give one of them another address"


def copied_files(files: Mapping[str, str]) -> list[tuple[str, Problem]]:
    """The claims of the files copied as they are (output path → source, as a message names
    it: `content/bilder/x.jpg`, `(theme) assets/favicon.ico`)."""
    return [(path, Problem(source, None, None, None, f"the file {source}")) for path, source in files.items()]


def variant_files(pictures: Iterable[tuple[Picture, str]]) -> list[tuple[str, Problem]]:
    """The claims of the images' smaller copies (see `output.images`): each picture with its
    source as a message names it. The same bytes under one name in two places give the same
    copies, claimed once."""
    claims: dict[str, Problem] = {}
    for picture, source in pictures:
        owner = Problem(source, None, None, None, f"a smaller copy of {source}")
        for variant in (*picture.jpeg, *picture.webp, picture.og):
            claims.setdefault(variant.url.lstrip("/"), owner)
    return list(claims.items())


def clashes(pages: Sequence[Page], files: Iterable[tuple[str, Problem]] = (),
            folders: Mapping[str, Problem] | None = None) -> list[Problem]:  # fmt: skip
    """Every page has one output path that a file system can hold. In: the
    pages, the other files published (output path, owner: `copied_files`, `variant_files`)
    and the folders something else writes whole (folder → owner: the search index's).
    Out: an error for each path claimed twice, naming both (the contract's "two claimants
    are an error, never a silent overwrite"), for a file where another claim needs a folder
    (an alias /feed.xml/ is written as feed.xml/index.html, inside the site's feed), for a
    claim inside a folder of `folders`, and for a path with a part longer than MAX_NAME bytes."""
    claimed: dict[str, Problem] = {}
    problems: list[Problem] = []
    told: set[tuple[str, str]] = set()
    pairs: set[tuple[Problem, Problem]] = set()  # two archives' pages clash page by page: told once
    ours: dict[Problem, str] = {}  # the files sitegen makes of its own (robots.txt, the sitemap) → their template
    claims = []
    for page in pages:
        owner = page.owner or Problem("sitegen", None, None, None, f"sitegen's own {page.url}")
        if owner.path == "sitegen" and not page.url.endswith("/"):  # (the home page's address is a setting)
            ours[owner] = page.template
        claims.append((output_path(page.url), owner))
    for number, (path, owner) in enumerate([*claims, *files]):
        if number < len(claims) and (too_long := _too_long(path, owner, told)) is not None:
            problems += too_long
            continue
        first = claimed.setdefault(path, owner)
        if first is not owner and (owner, first) not in pairs:
            pairs.add((owner, first))
            problems.append(_clash(owner, path, first, path, ours))
    below: set[tuple[str, str]] = set()
    for path, owner in claimed.items():
        if found := _around(path, owner, claimed, folders or {}, ours):
            folder, problem = found
            if (owner.location, folder) not in below:  # an archive's pages and feed: told once
                below.add((owner.location, folder))
                problems.append(problem)
    return problems


def _too_long(path: str, owner: Problem, told: set[tuple[str, str]]) -> list[Problem] | None:
    """None for a path every part of which a file system can name; else the error (none
    when told already for this owner: an archive's feed and pages share one name)."""
    longest = max(path.split("/"), key=lambda part: len(part.encode()))
    if len(longest.encode()) <= MAX_NAME:
        return None
    if (owner.location, longest) in told:
        return []
    told.add((owner.location, longest))
    return [Problem(owner.path, owner.line, owner.column, owner.field,
                    f"{owner.message} gets an address with a part of {len(longest.encode())} bytes "
                    f"({longest[:40]}…); file systems allow {MAX_NAME}: make it shorter")]  # fmt: skip


def _around(path: str, owner: Problem, claimed: Mapping[str, Problem], folders: Mapping[str, Problem],
            ours: Mapping[Problem, str]) -> tuple[str, Problem] | None:  # fmt: skip
    """The folder and the error for the claim of `owner` on `path` when a folder it needs
    is written whole by another (`folders`) or is claimed as a file, else None (`ours`:
    as for `_clash`)."""
    if path in folders:  # a file where the folder is
        return path, _inside(owner, path, path, folders[path])
    folder = posixpath.dirname(path)
    while folder:
        if folder in folders:
            return folder, _inside(owner, path, folder, folders[folder])
        if folder in claimed:
            return folder, _clash(owner, path, claimed[folder], folder, ours)
        folder = posixpath.dirname(folder)
    return None


def _clash(owner: Problem, path: str, other: Problem, other_path: str,
           ours: Mapping[Problem, str] | None = None) -> Problem:  # fmt: skip
    """The error for two claims that cannot both be written: `owner` on `path` and `other`
    on `other_path` (the same path, or a folder of it that `other` would write as a file).
    Told where an editor can act on it: at the claimant with a line, else at a file rather
    than at a page sitegen makes of its own (robots.txt, the sitemap); and at a setting
    of config.yaml with a line (`permalinks.home`) rather than at what an article files
    under the site's own addresses (its tags' archives), though at an article's alias,
    which is only a redirect. `ours`: the owners of the pages sitegen makes of its own,
    each with its template, whose addresses no editor can change: the error then says
    what the editor can do (see `_own_fix`)."""
    if _told_at_other(owner, other):
        owner, path, other, other_path = other, other_path, owner, path
    named = other.path == "sitegen" or (other.line is None and other.message.endswith(other.path))
    where = "" if named else f" ({other.location if other.line else other.path})"
    if other.path == CONFIG_FILE and other.line is None:  # a default: the taxonomies config.yaml does not list
        where = f" (a default, not set in {CONFIG_FILE})"
    if path == other_path:
        clash = f", where {other.message}{where} is written too"
    elif path.startswith(other_path + "/"):
        clash = f", but {other_path} is where {other.message}{where} is written, so it cannot be a folder too"
    else:
        clash = f", but {path} must be a folder for {other.message}{where}, written to {other_path}"
    template = (ours or {}).get(other)
    fix = FIX if template is None or owner.path == "sitegen" else _own_fix(owner, path == other_path, template)
    return Problem(owner.path, owner.line, owner.column, owner.field,
                   f"{owner.message} would be written to {path}{clash}; {fix}")  # fmt: skip


def _own_fix(owner: Problem, same: bool, template: str) -> str:
    """What an editor can do about `owner`'s claim clashing with a page sitegen makes of its
    own from `template` (`same`: at its very path), which keeps its address: a file of
    content/ or assets/ named as the page's template (`content/robots.txt`) is such a page
    made by hand, and belongs in the site's layouts/, which overrides the theme's
    templates file by file (README, Themes); any other claim must move, or go."""
    if owner.field is not None:
        return "give it another address"
    if not same or not owner.message.startswith("the file "):
        return "move it elsewhere"
    if posixpath.basename(owner.path) != template:
        return f"remove {owner.path}, or move it elsewhere"
    every = ", and with it every feed" if template == "feed.xml" else ""
    return (f"to publish your own, make it the template layouts/{template}, which replaces the theme's{every} "
            f"(Jinja reads it: {{{{, {{% and {{# start its tags), or remove {owner.path}")


def _told_at_other(owner: Problem, other: Problem) -> bool:
    """Whether a clash of `owner`'s claim with `other`'s is better told at `other` (see `_clash`)."""
    if owner.line is None and other.line is not None:
        return True
    if owner.path == "sitegen" and other.path != "sitegen":
        return True
    setting = other.path == CONFIG_FILE and other.line is not None
    if setting and owner.path != CONFIG_FILE and owner.field != "aliases":
        return True
    # A setting claiming after an alias (a taxonomy's index, the search page): at the alias.
    return owner.path == CONFIG_FILE and other.path != CONFIG_FILE and other.field == "aliases" and other.line is not None


def _inside(owner: Problem, path: str, folder: str, other: Problem) -> Problem:
    """The error for `owner`'s claim on `path`, at or in the `folder` that `other` writes
    whole (and would replace it)."""
    where = f" ({other.location})" if other.path != "sitegen" else ""
    clash = (f"where {other.message}{where} writes its folder {folder}/" if path == folder
             else f"in the folder {folder}/ that {other.message}{where} writes whole, which would replace it")  # fmt: skip
    fix = "move it elsewhere" if owner.field is None else "give it another address"  # a file, or a page's field
    return Problem(owner.path, owner.line, owner.column, owner.field,
                   f"{owner.message} would be written to {path}, {clash}; {fix}")  # fmt: skip
