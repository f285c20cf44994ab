"""What a template is told when it asks a value for a field the value does not have.

Jinja's own message names the Python class (`'sitegen.site.views.Teaser object' has no
attribute 'titel'`), which a template author never sees. Templates are rendered with
`Undefined` below instead of `jinja2.StrictUndefined`: equally strict, but its error
(`MissingField`) keeps the field asked for and the fields the value has, and
`render.template_problem` names the value as the template's line writes it:
`other.titel: other has no field 'titel' (did you mean 'title'?)`, or the fields it has.
A name that is not defined at all (`{{ artcle.title }}`) is a `MissingName`, told with
the name meant among those the page is rendered with: `'artcle' is undefined (did you
mean 'article'?)`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from typing import Any, cast

import jinja2

from sitegen.errors import quoted

_UNSET = object()  # `Undefined` made without an owner: for a name that is not defined
# What a value of a built-in type is, to a template author.
_KINDS = {str: "text", int: "a number", float: "a number", bool: "true or false", list: "a list",
          tuple: "a list", type(None): "empty (none)"}  # fmt: skip


class MissingField(jinja2.UndefinedError):
    """A template asked a value for the field `name`, which it does not have. `owner` says
    what the value is ('a view', 'text', 'a mapping'), `fields` are the ones it has (empty
    for a mapping, whose keys vary from value to value, as `article.extra`'s do, and a
    problem is told once for all the pages it is met on), `guess` the field or key
    meant, if one is close."""

    def __init__(self, name: str, owner: str, fields: tuple[str, ...], guess: str | None) -> None:
        self.name, self.owner, self.fields, self.guess = name, owner, fields, guess
        super().__init__(self.told(None))

    def told(self, written: str | None) -> str:
        """The message, naming the value `written` as the template writes it (`other`,
        `article.newer`), or as 'the value' when the line does not show it."""
        value = written or "the value"
        if self.owner == "a mapping":
            text = f"{value} has no key {quoted(self.name)}"
        elif self.owner == "a view":
            text = f"{value} has no field {quoted(self.name)}"
        else:
            text = f"{value} is {self.owner}, which has no field {quoted(self.name)}"
        if self.guess:
            text += f" (did you mean {quoted(self.guess)}?)"
        elif self.fields:
            text += f"; its fields: {', '.join(self.fields)}"
        elif self.owner == "a mapping":  # `article.extra`'s keys are the article's own
            text += (f"; to show it where it is given, write {value}.{self.name} "
                     f"| default(\"\"), or test it: {{% if {value}.{self.name} %}}")  # fmt: skip
        elif self.owner.startswith("empty"):
            text += f"; test it first: {{% if {value} %}}"
        return f"{written}.{self.name}: {text}" if written else text


class MissingName(jinja2.UndefinedError):
    """A template used the name `name`, which is not defined where it is used; `guess` is
    the name meant, when the renderer finds a close one among the names the page is
    rendered with (`Renderer.render` sets it: the names are known there, not here)."""

    def __init__(self, name: str) -> None:
        self.name: str = name
        self.guess: str | None = None
        self.why: str | None = None  # when the name is defined, but not where it is used
        super().__init__(self.told())

    def told(self) -> str:
        """The message: Jinja's own (`'artcle' is undefined`), with the name meant, or
        why a name the page has is not seen where it is used."""
        if self.why:
            return f"{quoted(self.name)} is undefined here: {self.why}"
        return f"{quoted(self.name)} is undefined" + (f" (did you mean {quoted(self.guess)}?)" if self.guess else "")

    def guess_from(self, page: Iterable[object], templates: Iterable[str] = ()) -> None:
        """Take as `guess` the name closest to `name` among `page` (the names the page is
        rendered with, and the templates' globals) and `templates` (those the templates
        set themselves), if one is close. When `name` itself is one of them, it is not
        misspelt: `why` says how Jinja's scopes hide it (Jinja's documentation, "Import
        Context Behavior" and "Assignments")."""
        names = [n for n in page if isinstance(n, str)] + list(templates)
        if self.name in names:
            self.why = ("it is defined, but not seen from this line: a template imported without "
                        "context sees neither the page's names nor those of the template importing it "
                        "(write `{% import \"…\" as … with context %}`), and a name set inside a "
                        "{% for %} loop or a macro is not seen outside it")  # fmt: skip
        else:
            guesses = get_close_matches(self.name, names, n=1, cutoff=0.6)
            self.guess = guesses[0] if guesses else None


class Undefined(jinja2.StrictUndefined):
    """`jinja2.StrictUndefined`, whose error for a missing field of a value it can describe
    is a `MissingField`: the exception is chosen through the constructor's documented
    `exc`, and made (the value described) only if the template uses the missing field."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = _UNSET, name: str | None = None,
                 exc: type[jinja2.TemplateRuntimeError] = jinja2.UndefinedError) -> None:  # fmt: skip
        if hint is None and isinstance(name, str) and exc is jinja2.UndefinedError and _knowable(obj):
            exc = cast(type[jinja2.TemplateRuntimeError], _Missing(obj, name))
        elif hint is None and isinstance(name, str) and exc is jinja2.UndefinedError and obj is _UNSET:
            exc = cast(type[jinja2.TemplateRuntimeError], _Unnamed(name))
        if obj is _UNSET:  # a name not defined: Jinja's own sentinel stays
            super().__init__(hint, name=name, exc=exc)
        else:
            super().__init__(hint, obj, name, exc)


class _Missing:
    """Makes the `MissingField` for the field `name` of `owner`, called as an exception
    class is, with Jinja's message (not used)."""

    def __init__(self, owner: object, name: str) -> None:
        self.owner, self.name = owner, name

    def __call__(self, message: str | None = None) -> MissingField:
        kind, fields = describe(self.owner)
        keys = [str(key) for key in self.owner] if isinstance(self.owner, Mapping) else fields
        guesses = get_close_matches(self.name, keys, n=1, cutoff=0.6)
        return MissingField(self.name, kind, fields, guesses[0] if guesses else None)


class _Unnamed:
    """Makes the `MissingName` for the undefined name `name`, called as an exception class
    is, with Jinja's message (not used)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, message: str | None = None) -> MissingName:
        return MissingName(self.name)


def _knowable(value: object) -> bool:
    """Whether `value` is one this module can describe: a view or mapping of sitegen's, or
    a value of a built-in type; not Jinja's sentinel for a name that is not defined."""
    return value is not _UNSET and (isinstance(value, Mapping) or type(value) in _KINDS or dataclasses.is_dataclass(value)
            or type(value).__module__.startswith("sitegen."))  # fmt: skip


def describe(value: object) -> tuple[str, tuple[str, ...]]:
    """What `value` is to a template author ('a view', 'a mapping', 'text', …) and the
    fields a template may ask of it, sorted: a view's (a sitegen object) public attributes,
    those it reads through to as `ArticleView` does its article's among them (its
    `__dir__`); none for a mapping, whose keys vary (`article.extra`) or a built-in value."""
    if isinstance(value, Mapping):
        return "a mapping", ()
    kind = _KINDS.get(type(value))
    if kind is not None:
        return kind, ()
    return "a view", tuple(sorted(name for name in dir(value) if not name.startswith("_")))


def written_as(line: str | None, name: str) -> str | None:
    """The value whose field `name` the template line `line` asks for, as written there
    (`other` in `{{ other.titel }}`, `article.newer` in `article.newer["titel"]`), or None
    when the line does not show it (a field asked through a filter or a variable)."""
    if not line:
        return None
    field = re.escape(name)
    found = re.search(rf"""([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\[\]]*\])*)(?:\.{field}\b|\[\s*(["']){field}\2\s*\])""", line)
    return found.group(1) if found else None
