"""Front matter checks: each field has one expected type, and a wrong one is an error.

One reader walks the schema (the dataclasses in model.py, see schema.py): a field's shape
(text, true/false, date, list of text, group of fields, list of groups) chooses how it is read,
its `kind` adds a rule (url, email), its `required` and `example` shape the message. Every
problem is collected, as `Problem`s pointing at the line of the field's key."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import MISSING, fields
from datetime import datetime, tzinfo
from functools import cache, lru_cache
from html import unescape
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.content.addresses import (
    address_in,
    email_in,
    fragment_problem,
    is_email,
    loose_phone,
    phone_in,
    web_problem,
    without_mailto,
)
from sitegen.content.dates import DATE_HINT, parse_date
from sitegen.content.model import Article
from sitegen.content.schema import Entry, chain, entries, keys
from sitegen.content.yamltext import (
    INVISIBLE,
    NULL,
    READ_AS_NULL,
    Positions,
    display,
    invisible_problem,
)
from sitegen.errors import Problem, quoted
from sitegen.swedish import (
    first_of_several,
    phone_doubt,
    phone_refusal,
    phone_uri,
    unmarked_extension,
)
from sitegen.urls import host_problem, slashed, slugify

KNOWN_FIELDS = keys(Article)


@cache
def swedish_names(cls: type) -> dict[str, str]:
    """Field names a Swedish editor may reach for in `cls`'s fields (`datum`, `telefon`),
    each → the field sitegen calls it (`date`, `phone`)."""
    return {alias: e.key for e in entries(cls) for alias in e.spec.aliases}


SWEDISH_NAMES = swedish_names(Article)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Fields:
    """Reads typed values out of one front matter mapping, collecting every problem."""

    def __init__(
        self, data: Mapping[str, Any], positions: Positions, source: str, tz: tzinfo,
        optional: frozenset[str] = frozenset(),
    ) -> None:
        """`optional`: required fields (by key) that this file may leave out (a page's date)."""
        self.data = data
        self.optional = optional
        self.positions = positions
        self.source = source
        self.tz = tz
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # values that are read, but likely not as meant
        self.moved: dict[str, str] = {}  # a list item's path after repeats were dropped → before
        self.dialled: dict[str, str] = {}  # each phone number's path → its tel: address

    def error(self, path: str, message: str) -> None:
        line, column = self.positions.of(path)
        if line is None:  # a missing field: point at the front matter's first line
            line, column = 1, 1
        self.problems.append(Problem(self.source, line, column, display(path), message))

    def warn(self, path: str, message: str) -> None:
        """A warning at the field `path`: a value that is read, but likely not as meant."""
        self.warnings.append(Problem(self.source, *self.positions.of(path), display(path), message))

    def read(self, cls: type, path: str = "", mapping: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """`cls`'s schema fields from `mapping`, the one at `path` (the whole front matter
        when None), by attribute name; a wrong or missing value is None (and a problem), a
        field left out its default."""
        given = self.data if mapping is None else mapping
        values = {}
        for entry in entries(cls):
            value = self._value(entry, f"{path}.{entry.key}" if path else entry.key, given.get(entry.key))
            keep_none = value is not None or entry.default is MISSING
            values[entry.name] = value if keep_none else entry.default
        return values

    def _value(self, entry: Entry, path: str, given: Any) -> Any:
        """The field `entry` at `path`, written as `given` (None when left out), read."""
        if entry.shape == "flag":
            return self.flag(path, given)
        if entry.shape == "moment":
            return self.when(path, given, required=entry.spec.required and path not in self.optional)
        if entry.shape == "texts":
            texts = self.texts(path, given, entry.spec.example)
            if entry.spec.kind == "terms" and texts:
                self.joined_terms(path, texts)
            return self.site_paths(path, texts) if entry.spec.kind == "paths" and texts else texts
        if entry.shape == "section" and entry.item:
            return self.section(entry.item, path, given)
        if entry.shape == "sections" and entry.item:
            return self.sections(entry.item, path, given)
        value = self.text(path, given, required=entry.spec.required)
        if entry.spec.kind == "url":
            return self.url(path, value)
        if entry.spec.kind == "email":
            return self.email(path, value)
        if entry.spec.kind == "phone":
            self.phone(path, value)
        return value

    def places(self) -> dict[str, tuple[int, int]]:
        """Where each value stands, by its path in the article (list items as kept)."""
        offset = self.positions.line_offset
        places = {path: (line + offset, col) for path, (line, col) in self.positions.lines.items()}
        for path, written in self.moved.items():
            places[path] = places[written]
        return places

    def text(self, path: str, value: Any, *, required: bool = False) -> str | None:
        """The text `value` at `path` stripped, or None (and a problem when it is not text,
        or when it is `required` and left out or blank)."""
        value = self._given(path, value, required)
        if value is None:
            return None
        if isinstance(value, str):
            if found := INVISIBLE.search(value):  # written as an escape in quotes: "\v", "\x85"
                self.error(path, invisible_problem(found.group(), escaped=True))
                return None
            entities = [e for e in dict.fromkeys(_ENTITY.findall(value)) if unescape(e) != e] if "&" in value else []
            if entities:
                fixes = ", ".join(f"{e} as {'a space' if unescape(e).isspace() else quoted(unescape(e))}" for e in entities)
                self.warn(path, "has HTML entities, and front matter is plain text: they are shown as written "
                          f"(and in the address made from a title); write {fixes}")  # fmt: skip
            return value
        self.error(path, self._not_text(path, value))
        return None

    def flag(self, path: str, value: Any) -> bool | None:
        """The true/false `value` at `path`, or None (and a problem when it is no flag)."""
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            self.error(path, f"expected true or false without quotes, got {quoted(value)} in quotes; "
                       "remove the quotes")  # fmt: skip
        else:
            self.error(path, f"expected true or false, got {self._shown(path, value)}")
        return None

    def when(self, path: str, value: Any, *, required: bool = False) -> tuple[datetime, bool] | None:
        """The date `value` at `path` and whether the file gave a time with it."""
        value = self._given(path, value, required, text=False)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(path, f"{DATE_HINT}, got {self._shown(path, value)}")
            return None
        return parse_date(value, self.tz, lambda message: self.error(path, message), path)

    def texts(self, path: str, value: Any, example: str) -> tuple[str, ...] | None:
        """The list of text `value` at `path`; an item given twice is kept once."""
        if value is None:
            return None
        if not isinstance(value, list):
            fix = example  # what to write, made from what was written where it can be
            if isinstance(value, str):
                items = ", ".join(t.strip() for t in value.split(",") if t.strip())
                fix = f"{_key(path)}: [{items}]"
            elif isinstance(value, bool | int | float):
                fix = f'{_key(path)}: ["{self._shown(path, value)}"]'
            self.error(path, f"expected a list in square brackets, got "
                       f"{self._shown(path, value)}; write it as {fix}")  # fmt: skip
            return None
        kept: dict[str, int] = {}
        for i, item in enumerate(value):
            text = self.text(f"{path}.{i}", item, required=True)
            if text and text not in kept:
                self.moved[f"{path}.{len(kept)}"] = f"{path}.{i}"
                kept[text] = i
        return tuple(kept)

    def joined_terms(self, path: str, values: tuple[str, ...]) -> None:
        """A warning at each term of the list `values` at `path` (tags) that holds a `,` or
        `;` (not one ending an HTML entity, `&amp;`): several tags written as one, in
        quotes (`["Ett, Två"]`, where YAML's comma is text) or with `;` between them
        (`[Ett; Två]`), each read as one tag with an archive of its own. A warning, not an
        error: a tag may hold a comma."""
        if not any("," in value or ";" in value for value in values):
            return  # the common case: nothing to look at
        split = [[part.strip() for part in _TERM_PART.findall(value) if part.strip()] for value in values]
        fix = ", ".join(dict.fromkeys(part for parts in split for part in parts))
        for i, value in enumerate(values):
            end = _TERM_PART.match(value).end()  # type: ignore[union-attr]  # at the first mark, if any
            if end < len(value):
                self.warn(self.moved.get(f"{path}.{i}", f"{path}.{i}"),
                          f"{quoted(value)} is read as one tag, with {quoted(value[end])} in it; write "
                          f"{_key(path)}: [{fix}], a ',' between tags")  # fmt: skip

    def section(self, cls: type, path: str, value: Any) -> Any:
        """A `cls` from the mapping `value` at `path`; None when left out or when a required
        field of it is wrong or missing."""
        mapping = self._section(path, cls, value)
        if mapping is None:
            return None
        values = self.read(cls, path, mapping)
        if any(values[e.name] is None for e in entries(cls) if e.spec.required):
            return None
        if _dials(cls):  # a phone number's tel: address, as dialled
            values["tel"] = self.dialled.get(f"{path}.phone")
        return cls(**values)

    def sections(self, cls: type, path: str, items: Any) -> tuple[Any, ...] | None:
        """A `cls` from each mapping in the list `items` at `path`, the wrong ones left out."""
        if items is None:
            return None
        if not isinstance(items, list):
            got = self._shown(path, items)
            self.error(path, f"expected a list of {_key(path)}, one per line starting "
                       f"with '-', like {_example(path)}; got {got}")  # fmt: skip
            return None
        found = (self.section(cls, f"{path}.{i}", item) for i, item in enumerate(items))
        return tuple(item for item in found if item is not None)

    def url(self, path: str, value: str | None) -> str | None:
        """A `kind="url"` field (cta.url, contact.web): a full http(s) or mailto: address, or
        a path on this site starting with one '/' (see `url_fault`); None and a problem
        for any other."""
        fault = url_fault(value) if value else None
        if fault is None:
            return value
        message, fix = fault
        self.error(path, f"{message}; write {_key(path)}: {fix}" if fix else message)
        return None

    def site_paths(self, path: str, values: tuple[str, ...]) -> tuple[str, ...]:
        """A `kind="paths"` list (aliases): each a path on this site, as the page written
        there is addressed (`/2016/01/ale/`, or a file such as `/gammal.html`), with
        %-escapes decoded and a final '/' added to a path that names no .html file; the
        wrong ones left out, each a problem at its line."""
        kept = []
        for i, value in enumerate(values):
            at = self.moved.get(f"{path}.{i}", f"{path}.{i}")
            fixed, problem = site_path(value)
            if problem:
                self.error(at, f"{quoted(value)} {problem}")
            elif fixed not in kept:
                kept.append(fixed)
        return tuple(kept)

    def email(self, path: str, value: str | None) -> str | None:
        """A `kind="email"` field: one e-mail address, as a `mailto:` link needs it, with a
        leading `mailto:` (copied from a link) dropped; a label or punctuation pasted with
        it (`E-post: a@ale.se`, `<a@ale.se>`, `a@ale.se,`) is an error saying what to write."""
        if not value:
            return value
        address = without_mailto(value)
        if is_email(address):
            return address
        found = email_in(address)
        fix = f"; write {_key(path)}: {found}" if found else ""
        self.error(path, f"expected an e-mail address like namn@kommun.se, got {quoted(value)}{fix}")
        return None

    def phone(self, path: str, value: str | None) -> None:
        """A `kind="phone"` field: a number a phone can dial (see `swedish.phone_uri`), and
        nothing else: a label before it (`Tel: …`) or punctuation after it (`…,`) would be
        shown with it."""
        if not value:
            return
        dialled, several = phone_uri(value), first_of_several(value)
        if several:  # `0303-33 00 00–05`: dialled (as one number no one has), or not
            first, what = several
            self.error(path, f"expected one phone number, got {quoted(value)}, {what}; a link dials one "
                       f'number: write {_key(path)}: "{first}"')  # fmt: skip
        elif extension := unmarked_extension(value):  # `0303-33 00 00, 01`: libphonenumber's ;ext=01
            first, sign, digits = extension
            self.error(path, f"expected one phone number, got {quoted(value)}, in which a link would dial what "
                       f"follows {quoted(sign)} as an extension (tel:{dialled}); a link dials one number: write "
                       f'{_key(path)}: "{first}", or for an extension {_key(path)}: "{first} ankn. {digits}"')  # fmt: skip
        elif dialled is not None and not loose_phone(value):
            self.dialled[path] = dialled
            if doubt := phone_doubt(value):
                self.warn(path, doubt)
        else:
            found, why = phone_in(value), phone_refusal(value)
            fix = f'; write {_key(path)}: "{found}"' if found else f" ({why})" if why else ""
            self.error(path, f"expected a phone number like \"0303-33 00 00\" or \"+46 303 33 00 00\" "
                       f"(an extension as \"ankn. 12\"), got {quoted(value)}{fix}")  # fmt: skip

    def slug(self, value: str | None, default: str | None) -> str:
        """The `slug:` given, else `default` (None: no title, so no slug to report on)."""
        if value is None:
            if default == "":
                self.error("title", "has no letters or digits to make a web address from; "
                           "add a slug: with lower-case letters, digits and '-'")  # fmt: skip
            return default or ""
        if not _SLUG.match(value):
            leaves = ".." in value or value.startswith((".", "/", "\\"))
            why = ("would put the page outside the site" if leaves
                   else "has a '/' or '\\': a slug is the address's last part alone (the date's "
                   "folders come before it)" if "/" in value or "\\" in value else "is not a valid slug")  # fmt: skip
            example = f", e.g. slug: {slugify(value)}" if slugify(value) else ""
            self.error("slug", f"{quoted(value)} {why}; use only lower-case letters a-z, "
                       f"digits and '-'{example}")  # fmt: skip
            return default or ""
        return value

    def unknown(self) -> list[tuple[str, str]]:
        """Unknown keys with the known field they probably meant, for warnings."""
        guesses = []
        for key in self.data:
            if key not in KNOWN_FIELDS:
                swedish = SWEDISH_NAMES.get(str(key).casefold())
                match = difflib.get_close_matches(str(key), KNOWN_FIELDS, n=1, cutoff=0.7)
                if swedish or match:
                    guesses.append((str(key), swedish or match[0]))
        return guesses

    def _section(self, path: str, cls: type, value: Any) -> Mapping[str, Any] | None:
        """`value`, the mapping at `path`, read as a `cls`: an error at each field `cls` does
        not know (with the one meant, by its Swedish name or its spelling); None when left
        out or left empty."""
        if value is None:
            return None
        known = keys(cls)
        if not isinstance(value, dict):
            example = _example(path)
            self.error(path, f"expected fields ({', '.join(known)}), got "
                       f"{self._shown(path, value)}; write it like {example}")  # fmt: skip
            return None
        for key in value:
            if key not in known:
                hint = swedish_names(cls).get(str(key).casefold()) or next(
                    iter(difflib.get_close_matches(str(key), known, n=1)), None)  # fmt: skip
                tip = f"did you mean {quoted(hint)}?" if hint else f"expected one of {', '.join(known)}"
                self.error(f"{path}.{key}", f"unknown field; {tip}")
        if all(_blank(v) for v in value.values()):
            return None  # left empty, as `sitegen new` writes it: the same as leaving it out
        return value

    def _given(self, path: str, value: Any, required: bool, text: bool = True) -> Any:
        """`value` with text stripped, or None when it is absent or blank (an error when the
        field is `required`; `text`: the field holds text, not a date)."""
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if required:
                self.error(path, self._absent(path, text))
            return None
        return value

    def _absent(self, path: str, text: bool = True) -> str:
        """Why a required value at `path` is not there: left out, written as YAML's null
        (`Null`, `~`: a text in quotes, a date written out), or left empty."""
        if path not in self.positions.lines:
            return f"missing; add it, for example {_example(path)}"
        if NULL.fullmatch(written := self.positions.source.get(path, "")):
            if not text:
                return f"{written} {READ_AS_NULL}, not as a date; write the date, like {_example(path)}"
            return f"{written} {READ_AS_NULL}, not as text; put it in quotes: {self._quoted(path, written)}"
        if _key(path).isdigit():
            return "an empty item in the list; remove the extra ',' or write something there"
        return f"is empty; write it after '{_key(path)}:' (in quotes if it starts with '#')"

    def _not_text(self, path: str, value: Any) -> str:
        shown = self._shown(path, value)
        quoted = self._quoted(path, shown)
        if isinstance(value, bool):
            read_as = str(value).lower()
            return f"{shown} is read as {read_as}, not as text; put it in quotes: {quoted}"
        if isinstance(value, int | float):
            lost = " (and loses its leading 0)" if re.fullmatch(r"0\d+", shown) else ""
            return f"{shown} is read as a number{lost}, not as text; put it in quotes: {quoted}"
        return f"expected text, got {shown}; if the text starts with '[' or '{{', put it in quotes"

    @staticmethod
    def _quoted(path: str, shown: str) -> str:
        """What to write instead of `shown` at `path`: it in quotes, after its key (a list item alone)."""
        return f'"{shown}"' if _key(path).isdigit() else f'{_key(path)}: "{shown}"'

    def _shown(self, path: str, value: Any) -> str:
        """The value as the editor wrote it: numbers exactly as typed, text in quotes."""
        if isinstance(value, bool | int | float):
            return self.positions.source.get(path, str(value))
        if isinstance(value, list):
            return "a list"
        if isinstance(value, dict):
            return "a group of fields"
        return f"the text {quoted(value)}" if isinstance(value, str) else repr(value)


_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")  # as WordPress exports
# A tag between the `,` and `;` that separate tags where editors write several in one text
# (possibly empty: `;Ett` starts with one); an entity's `;` (`&amp;`) separates none.
_TERM_PART = re.compile(rf"(?:{_ENTITY.pattern}|[^,;])*")


@cache
def _dials(cls: type) -> bool:
    """Whether the section `cls` keeps its phone number's tel: address (a field `tel`)."""
    return any(f.name == "tel" for f in fields(cls))


@lru_cache(maxsize=4096)  # a site's few addresses (its kommuner's) recur in article after article
def url_fault(value: str) -> tuple[str, str | None] | None:
    """Why `value` is no address a `kind="url"` field takes, and the address to write
    instead when there is one: None for a full http(s) or mailto: address, or a path on
    this site starting with one '/'. `//host/` and `/\\host/` are refused: browsers read
    both as a link to another host (a '\\' before the query counts as '/', and tabs and line
    breaks in it are skipped), which a path on this site must not be. So is what a label
    or punctuation pasted with it would break (see `content.addresses`). Depends on
    `value` alone, so it is worked out once for each address written."""
    if "\\" in value and (fixed := slashed(value)) != value and not fixed.startswith("//"):
        return f"'{value}' has a '\\', which browsers read as '/'", fixed  # as written: repr doubles a '\\'
    if problem := _off_site(value):
        return f"'{value}' {problem}", None
    if problem := _address_problem(value):
        if fragment_problem(value):
            return problem, None  # (the address to write is in it)
        found = address_in(value)
        return problem, found if found and found != value else None
    if problem := host_problem(value):
        return f"'{value}': {problem}", None
    if not re.match(r"^(https?://|mailto:|/)", value):
        found = address_in(value) or scheme_slip(value)
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)", value)
        if scheme and not found:  # javascript:, data:, file:, …: nothing to fix by prefixing https://
            return (f"expected a full address starting with https://, got {quoted(value)}; "
                    f"{scheme[1]}: addresses are not allowed here"), None  # fmt: skip
        fixed = found or (f"mailto:{value}" if "@" in value else f"https://{value}")
        return f"expected a full address starting with https://, got {quoted(value)}", fixed
    return None


# What an address may start with when its http:// or https:// was mistyped: letters,
# maybe ':' or ';', then one to three slashes (`htps//`, `https:/`, `ttps://`, `http;//`).
_SCHEME_SLIP = re.compile(r"([A-Za-z]{2,6})[:;]?/{1,3}(?=[^/\s])")


def scheme_slip(value: str) -> str | None:
    """`value` with its scheme written right, when it starts with a slip of `http://` or
    `https://` (`htps//ale.se` → `https://ale.se`, `http//ale.se` → `http://ale.se`): a
    word close to "https" (difflib's ratio of at least 0.75: one letter left out, doubled
    or added), else None. `ftp://` and `sp://` are no slips, but other schemes."""
    slip = _SCHEME_SLIP.match(value)
    if slip is None or difflib.SequenceMatcher(None, slip[1].lower(), "https").ratio() < 0.75:
        return None
    return f"{'https' if 's' in slip[1].lower() else 'http'}://{value[slip.end():]}"


def site_path(value: str) -> tuple[str, str | None]:
    """`value` as a path on this site (see `Fields.site_paths`), or why it is none."""
    if problem := _off_site(value):
        return value, problem
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return value, (f"is a whole address; write its path on this site alone: {parts.path or '/'}, "
                       "less the path of base_url if it starts with it (/bilaga/2016/01/x/ is "
                       "/2016/01/x/ for a site at https://example.se/bilaga/)")  # fmt: skip
    if not value.startswith("/"):
        return value, f"is not a path on this site; write it from the site's root: /{value}"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return value, ("has a '?' or '#'; a static site answers a path alone: "
                       f"write {parts.path}")  # fmt: skip
    try:
        decoded = unicodedata.normalize("NFC", unquote(parts.path, errors="strict"))
    except UnicodeDecodeError:
        return value, "has %-escapes that are not UTF-8 text; write the path with its letters (å, ä, ö) as they are"
    if "?" in decoded or "#" in decoded:  # written %3F or %23: a path cannot hold them as they are
        return value, "has a '?' or '#' (written %3F or %23), which no folder of a static site can be named after"
    if re.search(r"[\x00-\x1f\x7f]", decoded):
        return value, "has a control character (written %00 or so); write the path as a reader's browser shows it"
    if any(part in (".", "..") for part in decoded.split("/")):
        return value, "has a '.' or '..' part; write the path as a reader's browser shows it"
    if "//" in decoded:
        return value, "has an empty part ('//'); write one '/' between the parts"
    if any(part.startswith(".") for part in decoded.split("/")):
        return value, "has a part starting with '.', which is never published (and sitegen keeps for itself)"
    if not decoded.endswith(("/", ".html")):
        decoded += "/"
    return decoded, None


def _address_problem(value: str) -> str | None:
    """Why the mailto: or http(s) address `value` would not lead where it seems to, or None."""
    if re.match(r"mailto:", value, re.IGNORECASE):
        if not is_email(without_mailto(value).partition("?")[0]):
            return f"expected an e-mail address after mailto:, like mailto:namn@kommun.se, got {quoted(value)}"
        if problem := fragment_problem(value):
            return f"{quoted(value)} {problem}"
    elif re.match(r"https?://", value, re.IGNORECASE) and (problem := web_problem(value)):
        return f"{quoted(value)} {problem}"
    return None


def _off_site(value: str) -> str | None:
    """Why `value` would lead somewhere else than it seems to, or None: what browsers do
    with backslashes and with tabs and line breaks in a URL (the WHATWG URL standard). A
    '\\' is a '/' to a browser only before the query and the fragment of an http(s) or
    relative address (`urls.slashed`): `/om\\bilagan/` is `/om/bilagan/` and `\\\\ale.se`
    another site, but `?q=a\\b`, `#x\\y` and `mailto:…?subject=a\\b` keep theirs, and are
    not refused for it."""
    if re.search(r"[\t\n\r]", value):
        return "has a tab or a line break inside; write the address on one line"
    read = slashed(value)
    if read.startswith("//"):
        host = read[2:].split("/", 1)[0]
        how = ", as browsers read its '\\' as '/'" if read != value else ""
        return (f"leads to another site ({host}) without saying so{how}; write it in full, "
                f"https:{read}, or a path on this site starting with a single '/'")  # fmt: skip
    if read != value:
        return f"has a '\\' before the '?' or '#', which browsers read as '/'; write {read}"
    return None


def _example(path: str) -> str:
    """What to write for `path`: the example of the nearest field on the way to it that has
    one (`cta.url` → the whole cta; a person in contact.people → a person), else `key: …`."""
    examples = [e.spec.example for e in chain(Article, path) if e.spec.example]
    return examples[-1] if examples else f"{_key(path)}: …"


def _key(path: str) -> str:
    """The key as written in the file: `contact.web` → `web`."""
    return path.rpartition(".")[2]


def _blank(value: Any) -> bool:
    """Nothing filled in: empty text, an empty list, or a mapping of blanks."""
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return value is None or value == [] or (isinstance(value, str) and not value.strip())

