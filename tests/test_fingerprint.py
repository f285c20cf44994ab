"""Page keys are fingerprints of everything a template is given: no field can be left out.

The fingerprint walks dataclasses field by field, so the tests below take every kind of
object a page's context holds in a real build and check that changing any one of its
fields, whatever the field (a field added tomorrow included), changes the fingerprint.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import pytest
from conftest import NOW, TEST_SITE
from markupsafe import Markup

from sitegen.config import load_config
from sitegen.content.read import ReadSettings, read_article
from sitegen.incremental.fingerprint import Fingerprints, Unfingerprintable
from sitegen.pipeline import _site_info
from sitegen.site.collect import collect
from sitegen.site.plan import PlanSettings, plan


def _planned() -> tuple[list[Any], Any]:
    config = load_config(TEST_SITE)
    settings = ReadSettings(root=TEST_SITE, content_dir=TEST_SITE / "content",
                            image_dirs=(TEST_SITE / "content",), permalink=config.permalinks["article"],
                            timezone=config.timezone, engine="python-markdown")  # fmt: skip
    articles = [
        read_article(p, settings).article for p in sorted((TEST_SITE / "content").rglob("*.md"))
    ]
    site, _, _ = collect([a for a in articles if a], now=NOW, drafts=True, future=True,
                         taxonomies=config.taxonomies)  # fmt: skip
    pages = plan(site, PlanSettings(3, "sida/{n}/", "/", 20), NOW)
    return pages, _site_info(config, site)


def _dataclasses(value: Any, found: dict[type, Any]) -> None:
    """One instance of every dataclass type reachable from `value`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value) in found:
            return
        found[type(value)] = value
        for field in dataclasses.fields(value):
            _dataclasses(getattr(value, field.name), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _dataclasses(key, found)
            _dataclasses(item, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _dataclasses(item, found)


def _other(value: Any) -> Any:
    """A value unlike `value` (of a kind the fingerprint takes)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "·"
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, bytes):
        return value + b"."
    if isinstance(value, datetime | date):
        return value.replace(year=value.year - 1)
    if isinstance(value, tuple):
        return (*value, "·")
    if isinstance(value, dict):
        return {**value, "·": "·"}
    return "·"  # None, or a dataclass: replaced by something else entirely


PAGES, SITE = _planned()
FOUND: dict[type, Any] = {}
_dataclasses([page.context for page in PAGES] + [SITE], FOUND)
FIELDS = [(kind, field.name) for kind, instance in FOUND.items()
          for field in dataclasses.fields(instance)]  # fmt: skip


def test_the_contexts_hold_the_kinds_of_objects_expected() -> None:
    names = {kind.__name__ for kind in FOUND}
    assert {"ArticleView", "Article", "Link", "Pager", "TaxonomyView", "SiteInfo"} <= names


@pytest.mark.parametrize(("kind", "name"), FIELDS, ids=[f"{k.__name__}.{n}" for k, n in FIELDS])
def test_changing_any_field_changes_the_fingerprint(kind: type, name: str) -> None:
    instance = FOUND[kind]
    changed = dataclasses.replace(instance, **{name: _other(getattr(instance, name))})
    assert Fingerprints().of(changed) != Fingerprints().of(instance)


def test_every_page_context_can_be_fingerprinted_and_equal_contexts_agree() -> None:
    first = [Fingerprints().of(page.context) for page in PAGES]
    again, _ = _planned()
    assert first == [Fingerprints().of(page.context) for page in again]
    assert len(set(first)) == len(first)  # every page differs from every other


@pytest.mark.parametrize(
    ("one", "other"),
    [("1", 1), (1, True), ("a", Markup("a")), ((1, 2), [1, 2]), ({"a": 1}, {"a": "1"}),
     (("ab", "c"), ("a", "bc")), (None, "None"), (b"x", "x"), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
     ((1, 2), (1, True)), ({"a": (1, 2)}, {"a": (1, 2.0)}), (("a", (1,)), ("a", 1)),
     ({"a": "b"}, {"a": ("b",)}), ({"a": ()}, {"a": None})],
)  # fmt: skip
def test_values_that_differ_have_different_fingerprints(one: Any, other: Any) -> None:
    assert Fingerprints().of(one) != Fingerprints().of(other)


def test_an_object_the_cache_cannot_see_into_is_refused() -> None:
    class Opaque:
        pass

    with pytest.raises(Unfingerprintable, match="Opaque"):
        Fingerprints().of({"page": Opaque()})


@pytest.mark.parametrize(
    ("value", "fingerprint"),
    [(("a", 1, None, True, 2.5), "54be8236fe74e62d37f8d6dfa71e590c"),
     ({"title": (2, 1), "tags.0": (8, 8), "n": [1, (True, None)]}, "177e0e52fdd88bf58f7e29d1c8dfdeee"),
     (tuple(range(10)), "7646cbcce2996d0d291f6524de4d1588"),
     (((1, (2, ("x", None))), {"k": date(2016, 1, 2)}), "a7c2848a2d783a24f8af69a3fb20f562")],
)  # fmt: skip
def test_fingerprints_stay_those_the_cache_holds(value: Any, fingerprint: str) -> None:
    # Articles' fingerprints are stored in the build cache: a faster walk must give the same.
    assert Fingerprints().of(value) == fingerprint
