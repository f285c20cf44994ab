"""Front matter checks: each field has one expected type, and a wrong one is an error."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from .errors import Problem
from .model import CallToAction, Contact, FactBox, Person
from .yamltext import Positions

KNOWN_FIELDS = (
    "title", "date", "kommun", "kicker", "lead", "image", "alt", "caption", "photographer",
    "tags", "cta", "factbox", "contact", "slug", "draft",
)  # fmt: skip
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_HINT = "expected a date like 2016-01-20 or 2016-01-20T09:30:00+01:00"


class Fields:
    """Reads typed values out of one front matter mapping, collecting every problem."""

    def __init__(self, data: Mapping[str, Any], positions: Positions, source: str) -> None:
        self.data = data
        self.positions = positions
        self.source = source
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        line, column = self.positions.of(path)
        self.problems.append(Problem(self.source, line, column, path, message))

    def text(self, path: str, value: Any = None, *, required: bool = False) -> str | None:
        if value is None:
            value = _lookup(self.data, path)
        if value is None or value == "":
            if required:
                self.error(path, "is required but missing" if value is None else "is empty")
            return None
        if isinstance(value, str):
            return value.strip()
        self.error(path, f"expected text, got {self._describe(path, value)}")
        return None

    def flag(self, path: str) -> bool:
        value = self.data.get(path)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self.error(path, f"expected true or false, got {self._describe(path, value)}")
        return False

    def when(self, tz: tzinfo) -> tuple[datetime, bool] | None:
        value = self.data.get("date")
        if value is None or value == "":
            self.error("date", "is required but missing")
            return None
        if not isinstance(value, str):
            self.error("date", f"{_DATE_HINT}, got {self._describe('date', value)}")
            return None
        return parse_date(value.strip(), tz, lambda message: self.error("date", message))

    def tags(self) -> tuple[str, ...]:
        value = self.data.get("tags")
        if value is None:
            return ()
        if isinstance(value, str):
            items = [t.strip() for t in value.split(",") if t.strip()]
            self.error("tags", f"expected a list, got the text {value!r}; "
                       f"write it as: tags: [{', '.join(items)}]")  # fmt: skip
            return ()
        if not isinstance(value, list):
            self.error("tags", f"expected a list of tags, got {self._describe('tags', value)}")
            return ()
        tags = (self.text(f"tags.{i}", item, required=True) for i, item in enumerate(value))
        return tuple(dict.fromkeys(tag for tag in tags if tag))

    def cta(self) -> CallToAction | None:
        section = self._section("cta", ("text", "url"))
        if section is None:
            return None
        text = self.text("cta.text", required=True)
        url = self.url("cta.url", required=True)
        return CallToAction(text, url) if text and url else None

    def factbox(self) -> FactBox | None:
        section = self._section("factbox", ("title", "text"))
        if section is None:
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
            got = self._describe("contact.people", people)
            self.error("contact.people", f"expected a list of people, got {got}")
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
            self.error(path, f"expected a full address starting with https://, got {value!r}; "
                       f"write https://{value}")  # fmt: skip
            return None
        return value

    def email(self, path: str, value: str | None) -> None:
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            self.error(path, f"expected an e-mail address like namn@kommun.se, got {value!r}")

    def slug(self, default: str) -> str:
        value = self.text("slug")
        if value is None:
            if not default:
                self.error("title", "gives an empty slug; add a `slug:` with letters or digits")
            return default
        if not _SLUG.match(value):
            leaves = "/" in value or "\\" in value or value.startswith(".")
            why = " would leave the output directory;" if leaves else " is not a valid slug;"
            self.error("slug", f"{value!r}{why} use lower-case letters, digits and '-'")
            return default
        return value

    def unknown(self) -> list[tuple[str, str]]:
        """Unknown keys with the known field they probably meant, for warnings."""
        guesses = []
        for key in self.data:
            if key not in KNOWN_FIELDS:
                match = difflib.get_close_matches(str(key), KNOWN_FIELDS, n=1, cutoff=0.75)
                if match:
                    guesses.append((str(key), match[0]))
        return guesses

    def _section(self, path: str, keys: tuple[str, ...]) -> Mapping[str, Any] | None:
        value = _lookup(self.data, path)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping with {', '.join(keys)}, "
                       f"got {self._describe(path, value)}")  # fmt: skip
            return None
        for key in value:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                tip = f"; did you mean {hint[0]!r}?" if hint else f"; expected one of {', '.join(keys)}"
                self.error(f"{path}.{key}", f"unknown field{tip}")
        return value

    def _describe(self, path: str, value: Any) -> str:
        written = self.positions.source.get(path)
        if isinstance(value, bool):
            return f"{written or value!r}, which YAML reads as {str(value).lower()}; put it in quotes"
        if isinstance(value, int | float):
            shown = written if written is not None else value
            return f"the number {shown}; put it in quotes to keep it as written"
        if isinstance(value, list):
            return "a list"
        if isinstance(value, dict):
            return "a mapping"
        return repr(value)


def parse_date(
    text: str, tz: tzinfo, report: Callable[[str], None]
) -> tuple[datetime, bool] | None:
    """`2016-01-20` → midnight in `tz`; an ISO datetime keeps its time (naive means `tz`)."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$", text):
        report(f"{_DATE_HINT}, got {text!r}")
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tz), False
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        report(f"{text!r} is not a real date ({exc})")
        return None
    return (value if value.tzinfo else value.replace(tzinfo=tz)), True


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
