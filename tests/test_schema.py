"""The front matter schema: what is derived from the dataclasses in model.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from sitegen.content.model import Article
from sitegen.content.schema import chain, entries, entry
from sitegen.content.validate import KNOWN_FIELDS, SWEDISH_NAMES


def test_the_known_fields_are_the_contracts_in_its_order() -> None:
    assert KNOWN_FIELDS == (
        "title", "date", "kommun", "kicker", "lead", "image", "alt", "caption", "photographer",
        "tags", "cta", "factbox", "contact", "slug", "draft", "updated", "aliases",
    )  # fmt: skip


def test_swedish_names_lead_to_their_fields() -> None:
    assert SWEDISH_NAMES == {
        "titel": "title", "rubrik": "title", "datum": "date", "publicerad": "date",
        "taggar": "tags", "etiketter": "tags", "fotograf": "photographer", "foto": "photographer",
        "ingress": "lead", "bild": "image", "bildtext": "caption", "kontakt": "contact",
        "faktaruta": "factbox", "fakta": "factbox", "utkast": "draft", "etikett": "kicker",
        "uppdaterad": "updated", "andrad": "updated",
    }  # fmt: skip


def test_a_path_passes_through_groups_and_lists() -> None:
    assert [e.name for e in chain(Article, "contact.people.0.email")] == [
        "contact", "people", "email",
    ]  # fmt: skip
    assert [e.name for e in chain(Article, "date")] == ["published"]
    assert chain(Article, "nothing.here") == []


def test_every_front_matter_field_has_a_swedish_comment_and_a_shape() -> None:
    for field in entries(Article):
        assert field.spec.sv, field.key
        assert field.shape in ("text", "flag", "moment", "texts", "section"), field.key


def test_a_type_the_readers_do_not_know_is_refused() -> None:
    @dataclass(frozen=True)
    class Odd:
        ratio: float = entry(0.5)

    with pytest.raises(TypeError, match="no schema shape"):
        entries(Odd)


def test_an_article_knows_where_its_fields_and_terms_stand() -> None:
    article = Article(
        source="content/a.md", title="A", published=datetime(2016, 1, 20, tzinfo=UTC),
        has_time=False, slug="a", url="/2016/01/a/", body=b"", kommun="Ale",
        tags=("Barn", "Vuxna"), extra={"serie": ["X", 1, "Y"]},
        positions={"kommun": (4, 1), "tags": (5, 1), "tags.0": (5, 8), "tags.1": (5, 14),
                   "serie": (6, 1), "serie.2": (6, 12)},
    )  # fmt: skip
    assert article.place("kommun") == (4, 1)
    assert article.place("tags", "Vuxna") == (5, 14)
    assert article.place("tags", "Okänd") == (5, 1)
    assert article.place("serie", "Y") == (6, 12)
    assert article.place("lead") == (None, None)
    assert article == Article(**{**article.__dict__, "positions": {}})  # not part of equality
