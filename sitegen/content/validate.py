"""Front matter checks: each field has one expected type, and a wrong one is an error."""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from sitegen.content.model import CallToAction, Contact, FactBox, Person
from sitegen.content.yamltext import Positions, display
from sitegen.errors import Problem
from sitegen.swedish import MONTHS, month_name
from sitegen.urls import slugify

KNOWN_FIELDS = (
    "title", "date", "kommun", "kicker", "lead", "image", "alt", "caption", "photographer",
    "tags", "cta", "factbox", "contact", "slug", "draft",
)  # fmt: skip
# Field names a Swedish editor may reach for, and the field sitegen calls it.
SWEDISH_NAMES = {
    "titel": "title", "rubrik": "title", "datum": "date", "publicerad": "date",
    "taggar": "tags", "etiketter": "tags", "fotograf": "photographer", "foto": "photographer",
    "ingress": "lead", "bild": "image", "bildtext": "caption", "kontakt": "contact",
    "faktaruta": "factbox", "fakta": "factbox", "utkast": "draft", "etikett": "kicker",
}  # fmt: skip
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_DATE_HINT = ("expected a date written year-month-day, like 2016-01-20 "
              "(or with a time: 2016-01-20T09:30:00+01:00)")  # fmt: skip
# What to write, shown when a required value is missing or a section has the wrong shape.
_EXAMPLES = {
    "title": "title: Lätt att leva för socionomer i Ale",
    "date": "date: 2016-01-20",
    "cta": 'cta: {text: "Sök jobbet här!", url: "https://www.ale.se/jobb"}',
    "factbox": 'factbox: {title: Ale kommun, text: "Ale kommun ligger norr om Göteborg."}',
    "contact": 'contact: {organisation: Ale kommun, phone: "0303-33 00 00"}',
    "contact.people": "- {name: Iréne Blomqvist, role: Verksamhetschef}",
}


class Fields:
    """Reads typed values out of one front matter mapping, collecting every problem."""

    def __init__(self, data: Mapping[str, Any], positions: Positions, source: str) -> None:
        self.data = data
        self.positions = positions
        self.source = source
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        line, column = self.positions.of(path)
        if line is None:  # a missing field: point at the front matter's first line
            line, column = 1, 1
        self.problems.append(Problem(self.source, line, column, display(path), message))

    def text(self, path: str, value: Any = None, *, required: bool = False) -> str | None:
        if value is None:
            value = _lookup(self.data, path)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if required:
                self.error(path, self._absent(path))
            return None
        if isinstance(value, str):
            return value
        self.error(path, self._not_text(path, value))
        return None

    def flag(self, path: str) -> bool:
        value = self.data.get(path)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            self.error(path, f"expected true or false without quotes, got {value!r} in quotes; "
                       "remove the quotes")  # fmt: skip
        else:
            self.error(path, f"expected true or false, got {self._shown(path, value)}")
        return False

    def when(self, tz: tzinfo) -> tuple[datetime, bool] | None:
        value = self.data.get("date")
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            self.error("date", self._absent("date"))
            return None
        if not isinstance(value, str):
            self.error("date", f"{_DATE_HINT}, got {self._shown('date', value)}")
            return None
        return parse_date(value, tz, lambda message: self.error("date", message))

    def tags(self) -> tuple[str, ...]:
        value = self.data.get("tags")
        if value is None:
            return ()
        if not isinstance(value, list):
            if isinstance(value, str):
                items = ", ".join(t.strip() for t in value.split(",") if t.strip())
            elif isinstance(value, bool | int | float):
                items = f'"{self._shown("tags", value)}"'
            else:
                items = "Socialförvaltning, Barn och unga"
            self.error("tags", f"expected a list in square brackets, got "
                       f"{self._shown('tags', value)}; write it as tags: [{items}]")  # fmt: skip
            return ()
        tags = (self.text(f"tags.{i}", item, required=True) for i, item in enumerate(value))
        return tuple(dict.fromkeys(tag for tag in tags if tag))

    def cta(self) -> CallToAction | None:
        if self._section("cta", ("text", "url")) is None:
            return None
        text = self.text("cta.text", required=True)
        url = self.url("cta.url", required=True)
        return CallToAction(text, url) if text and url else None

    def factbox(self) -> FactBox | None:
        if self._section("factbox", ("title", "text")) is None:
            return None
        title = self.text("factbox.title")
        text = self.text("factbox.text", required=True)
        return FactBox(text, title) if text else None

    def contact(self) -> Contact | None:
        keys = ("organisation", "unit", "address", "phone", "email", "web", "people")
        section = self._section("contact", keys)
        if section is None:
            return None
        values = {key: self.text(f"contact.{key}") for key in keys[:5]}
        self.email("contact.email", values["email"])
        return Contact(**values, web=self.url("contact.web"), people=self._people(section))

    def _people(self, contact: Mapping[str, Any]) -> tuple[Person, ...]:
        people = contact.get("people")
        if people is None:
            return ()
        if not isinstance(people, list):
            got = self._shown("contact.people", people)
            self.error("contact.people", f"expected a list of people, one per line starting "
                       f"with '-', like {_example('contact.people')}; got {got}")  # fmt: skip
            return ()
        result = []
        for i, _ in enumerate(people):
            path = f"contact.people.{i}"
            if self._section(path, ("name", "role", "phone", "email")) is None:
                continue
            name = self.text(f"{path}.name", required=True)
            role, phone, email = (self.text(f"{path}.{k}") for k in ("role", "phone", "email"))
            self.email(f"{path}.email", email)
            if name:
                result.append(Person(name, role, phone, email))
        return tuple(result)

    def url(self, path: str, *, required: bool = False) -> str | None:
        value = self.text(path, required=required)
        if value and not re.match(r"^(https?://|mailto:|/)", value):
            fixed = f"mailto:{value}" if "@" in value else f"https://{value}"
            self.error(path, f"expected a full address starting with https://, got {value!r}; "
                       f"write {_key(path)}: {fixed}")  # fmt: skip
            return None
        return value

    def email(self, path: str, value: str | None) -> None:
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            self.error(path, f"expected an e-mail address like namn@kommun.se, got {value!r}")

    def slug(self, default: str | None) -> str:
        """The `slug:` given, else `default` (None: no title, so no slug to report on)."""
        value = self.text("slug")
        if value is None:
            if default == "":
                self.error("title", "has no letters or digits to make a web address from; "
                           "add a slug: with lower-case letters, digits and '-'")  # fmt: skip
            return default or ""
        if not _SLUG.match(value):
            leaves = "/" in value or "\\" in value or value.startswith(".")
            why = "would put the page outside the site" if leaves else "is not a valid slug"
            example = f", e.g. slug: {slugify(value)}" if slugify(value) else ""
            self.error("slug", f"{value!r} {why}; use only lower-case letters a-z, "
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

    def _section(self, path: str, keys: tuple[str, ...]) -> Mapping[str, Any] | None:
        value = _lookup(self.data, path)
        if value is None:
            return None
        if not isinstance(value, dict):
            example = _example(path)
            self.error(path, f"expected fields ({', '.join(keys)}), got "
                       f"{self._shown(path, value)}; write it like {example}")  # fmt: skip
            return None
        for key in value:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                tip = f"did you mean {hint[0]!r}?" if hint else f"expected one of {', '.join(keys)}"
                self.error(f"{path}.{key}", f"unknown field; {tip}")
        if all(_blank(v) for v in value.values()):
            return None  # left empty, as `sitegen new` writes it: the same as leaving it out
        return value

    def _absent(self, path: str) -> str:
        if path not in self.positions.lines:
            return f"missing; add it, for example {_example(path)}"
        if _key(path).isdigit():
            return "an empty item in the list; remove the extra ',' or write something there"
        return f"is empty; write it after '{_key(path)}:' (in quotes if it starts with '#')"

    def _not_text(self, path: str, value: Any) -> str:
        shown = self._shown(path, value)
        quoted = f'"{shown}"' if path.rpartition(".")[2].isdigit() else f'{_key(path)}: "{shown}"'
        if isinstance(value, bool):
            read_as = str(value).lower()
            return f"{shown} is read as {read_as}, not as text; put it in quotes: {quoted}"
        if isinstance(value, int | float):
            lost = " (and loses its leading 0)" if re.fullmatch(r"0\d+", shown) else ""
            return f"{shown} is read as a number{lost}, not as text; put it in quotes: {quoted}"
        return f"expected text, got {shown}; if the text starts with '[' or '{{', put it in quotes"

    def _shown(self, path: str, value: Any) -> str:
        """The value as the editor wrote it: numbers exactly as typed, text in quotes."""
        if isinstance(value, bool | int | float):
            return self.positions.source.get(path, str(value))
        if isinstance(value, list):
            return "a list"
        if isinstance(value, dict):
            return "a group of fields"
        return f"the text {value!r}" if isinstance(value, str) else repr(value)


def parse_date(
    text: str, tz: tzinfo, report: Callable[[str], None]
) -> tuple[datetime, bool] | None:
    """`2016-01-20` → midnight in `tz`; an ISO datetime keeps its time (naive means `tz`)."""
    if not _ISO.match(text):
        guess = _guess_date(text)
        report(f"{_DATE_HINT}, got {text!r}" + (f"; write date: {guess}" if guess else ""))
        return None
    impossible = _impossible(text)
    if impossible:
        report(f"{text!r} is not a real date: {impossible}")
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tz), False
        value = datetime.fromisoformat(text)
    except ValueError:
        report(f"{text!r} is not a real date and time; {_DATE_HINT}")
        return None
    return (value if value.tzinfo else value.replace(tzinfo=tz)), True


def _impossible(text: str) -> str | None:
    """Why a date and time of the right shape does not exist, or None when it does."""
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
    if not 1 <= month <= 12:
        return f"there is no month {month} (dates are written year-month-day)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{month_name(month)} {year} has {days} days"
    hour, minute = (int(text[11:13]), int(text[14:16])) if len(text) > 10 else (0, 0)
    if hour > 23 or minute > 59:
        return f"there is no time {text[11:16]}"
    return None


def _guess_date(text: str) -> str | None:
    """20/01/2016, 2016/1/20 or 20 januari 2016 as 2016-01-20, when that is a real date."""
    text = text.strip().lower()
    if found := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        year, month, day = found.groups()
    elif found := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        day, month, year = found.groups()
    elif found := re.fullmatch(r"(\d{1,2})\s+([a-zåäö]{3,})\.?\s+(\d{4})", text):
        day, name, year = found.groups()
        months = [i for i, m in enumerate(MONTHS, 1) if m.startswith(name)]
        if len(months) != 1:
            return None
        month = str(months[0])
    else:
        return None
    guess = f"{year}-{int(month):02d}-{int(day):02d}"
    return guess if _impossible(guess) is None else None


def _example(path: str) -> str:
    """What to write for `path`: `cta.url` → the whole cta example; people → a person."""
    key = "contact.people" if re.match(r"contact\.people\.\d+", path) else path
    while key and key not in _EXAMPLES:
        key = key.rpartition(".")[0]
    return _EXAMPLES.get(key, f"{_key(path)}: …")


def _key(path: str) -> str:
    """The key as written in the file: `contact.web` → `web`."""
    return path.rpartition(".")[2]


def _blank(value: Any) -> bool:
    """Nothing filled in: empty text, an empty list, or a mapping of blanks."""
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _lookup(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value
