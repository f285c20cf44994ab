"""The site's content as plain, immutable data: articles and what they are filed under."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sitegen.content.links import ArticleLink


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Contact:
    organisation: str | None = None
    unit: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    web: str | None = None
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class CallToAction:
    text: str
    url: str


@dataclass(frozen=True)
class FactBox:
    text: str
    title: str | None = None


@dataclass(frozen=True)
class Article:
    """One Markdown file, validated; `body` is its HTML, encoded as UTF-8: that takes half the
    memory of a str holding a dash (–), and a site holds thousands of them."""

    source: str  # path relative to the site root, for messages: content/2016/ale.md
    title: str
    published: datetime  # timezone-aware; midnight when the file gives a date only
    has_time: bool
    slug: str
    url: str
    body: bytes
    kommun: str | None = None
    kicker: str | None = None
    lead: str | None = None
    image: str | None = None  # site-relative URL of the photo
    alt: str | None = None
    caption: str | None = None
    photographer: str | None = None
    tags: tuple[str, ...] = ()
    cta: CallToAction | None = None
    factbox: FactBox | None = None
    contact: Contact | None = None
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    links: tuple[ArticleLink, ...] = ()  # to other articles' Markdown files, resolved late
    # Where the URL's slug comes from: ("slug" or "title", line, column), for messages.
    slug_from: tuple[str, int | None, int | None] = ("slug", None, None)

    @property
    def date(self) -> date:
        return self.published.date()

    def values(self, name: str) -> tuple[str, ...]:
        """The terms this article has for a taxonomy over front matter field `name`."""
        value = getattr(self, name, None) if name in _FIELDS else self.extra.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return tuple(v for v in value if isinstance(v, str))


_FIELDS = frozenset(Article.__dataclass_fields__)
