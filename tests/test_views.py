"""The view objects templates read (`sitegen.site.views`): what they keep between look-ups."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sitegen.content.model import Article
from sitegen.site.views import ArticleView, Link

WHEN = datetime(2016, 1, 20, tzinfo=UTC)


def article(title: str, **fields: object) -> Article:
    slug = title.lower()
    return Article(source=f"content/{slug}.md", title=title, published=WHEN, has_time=False,
                   slug=slug, url=f"/2016/01/{slug}/", body=b"<p>Text.</p>", **fields)  # type: ignore[arg-type]  # fmt: skip


def view(item: Article) -> ArticleView:
    return ArticleView(item, {"kommun": (Link("Ale", "/kommun/ale/"),)}, None, None, (), False)


def test_an_article_field_read_through_the_view_is_kept_on_it() -> None:
    shown = view(article("Ale", lead="Ingress."))
    assert (shown.title, shown.lead, shown.modified) == ("Ale", "Ingress.", WHEN)
    assert vars(shown)["title"] == "Ale"  # the next look-up does not go through __getattr__
    assert (shown.title, shown.lead) == ("Ale", "Ingress.")


def test_a_view_made_around_another_article_reads_that_article() -> None:
    old = view(article("Ale", lead="Gammal."))
    assert (old.title, old.lead) == ("Ale", "Gammal.")
    new = replace(old, article=article("Ale", lead="Ny."))  # a body edit in `serve`
    assert new.lead == "Ny."
    assert old.lead == "Gammal."


def test_the_views_own_values_are_not_hidden_by_the_articles() -> None:
    shown = view(article("Ale", kommun="Ale"))
    assert shown.kommun == Link("Ale", "/kommun/ale/")  # the term's link, not the text
    assert shown.date == WHEN and shown.article.date == WHEN.date()  # the moment, not the day
    assert shown.public and shown.tags == ()
