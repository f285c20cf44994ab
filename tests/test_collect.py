from dataclasses import replace
from datetime import UTC, datetime

from sitegen.config import DEFAULT_TAXONOMIES, TaxonomyConfig
from sitegen.content.model import Article
from sitegen.site.collect import collect

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def make(title: str, day: str = "2016-01-20", **fields: object) -> Article:
    when = datetime.fromisoformat(day).replace(tzinfo=UTC)
    slug = title.lower().replace(" ", "-")
    defaults: dict[str, object] = {
        "source": f"content/{slug}.md", "title": title, "published": when, "has_time": False,
        "slug": slug, "url": f"/{when:%Y/%m}/{slug}/", "body": "",
    }  # fmt: skip
    return Article(**{**defaults, **fields})  # type: ignore[arg-type]


def titles(articles: tuple[Article, ...]) -> list[str]:
    return [a.title for a in articles]


def run(articles: list[Article], **options: object):  # type: ignore[no-untyped-def]
    settings = {"now": NOW, "drafts": False, "future": False, "taxonomies": DEFAULT_TAXONOMIES}
    site, problems, _ = collect(articles, **{**settings, **options})  # type: ignore[arg-type]
    return site, problems


def test_newest_first_then_swedish_title_order() -> None:
    site, problems = run([
        make("Zebra", "2016-01-20"), make("Öl", "2016-01-20"), make("Åmål", "2016-01-20"),
        make("Ale", "2016-01-20"), make("Nyast", "2017-05-01"), make("Äldst", "2015-01-01"),
    ])  # fmt: skip
    assert problems == []
    assert titles(site.articles) == ["Nyast", "Ale", "Zebra", "Åmål", "Öl", "Äldst"]


def test_same_day_sorts_by_title_not_time() -> None:
    late = replace(make("A morgon"), published=datetime(2016, 1, 20, 23, tzinfo=UTC))
    early = replace(make("B kväll"), published=datetime(2016, 1, 20, 1, tzinfo=UTC))
    site, _ = run([early, late])
    assert titles(site.articles) == ["A morgon", "B kväll"]


def test_drafts_and_future_articles_need_their_flags() -> None:
    articles = [make("Klar"), make("Utkast", draft=True), make("Sen", "2030-01-01")]
    assert titles(run(articles)[0].articles) == ["Klar"]
    assert titles(run(articles, drafts=True)[0].articles) == ["Klar", "Utkast"]
    assert titles(run(articles, future=True)[0].articles) == ["Sen", "Klar"]


def test_tag_variants_are_one_term_with_the_most_common_spelling() -> None:
    nfd = "Socialfo\u0308rvaltning"
    site, _ = run([
        make("A", tags=("Socialförvaltning",)), make("B", tags=("socialförvaltning",)),
        make("C", tags=("Socialförvaltning",)), make("D", tags=(nfd,)),
    ])  # fmt: skip
    tags = site.taxonomies[0]
    assert [(t.name, t.slug, len(t.articles)) for t in tags.terms] == [
        ("Socialförvaltning", "socialforvaltning", 4)
    ]


def test_terms_are_in_swedish_order_with_urls() -> None:
    site, _ = run(
        [make("A", kommun="Östhammar"), make("B", kommun="Ale"), make("C", kommun="Åmål")]
    )
    kommuner = site.taxonomies[1]
    assert [(t.name, t.url) for t in kommuner.terms] == [
        ("Ale", "/kommun/ale/"), ("Åmål", "/kommun/amal/"), ("Östhammar", "/kommun/osthammar/"),
    ]  # fmt: skip


def test_an_article_is_filed_once_even_with_two_spellings_of_a_tag() -> None:
    site, _ = run([make("A", tags=("Barn & unga", "barn unga"))])
    (term,) = site.taxonomies[0].terms
    assert titles(term.articles) == ["A"]


def test_any_field_can_be_a_taxonomy() -> None:
    photographers = TaxonomyConfig("photographer", "fotograf", "Foto: {term}", "Fotografer", "Foto")
    extra = TaxonomyConfig("region", "region", "{term}", "Regioner", "Region")
    site, _ = run(
        [make("A", photographer="Patrik Bergenstav", extra={"region": "Halland"})],
        taxonomies=(photographers, extra),
    )
    assert [t.url for tax in site.taxonomies for t in tax.terms] == [
        "/fotograf/patrik-bergenstav/", "/region/halland/",
    ]  # fmt: skip


def test_two_articles_on_one_url_is_an_error_naming_both() -> None:
    _, problems = run([make("Ale", source="content/a.md"), make("Ale", source="content/b.md")])
    assert len(problems) == 2
    assert "content/b.md" in problems[0].message and "content/a.md" in problems[1].message


def test_a_term_without_letters_is_an_error() -> None:
    _, problems = run([make("A", tags=("!!!",))])
    assert problems and "no letters or digits" in problems[0].message


def test_spelling_variants_are_warned_about() -> None:
    settings = {"now": NOW, "drafts": False, "future": False, "taxonomies": DEFAULT_TAXONOMIES}
    articles = [make("A", tags=("Socialförvaltning",)), make("B", tags=("Socialförvaltning",)),
                make("C", tags=("socialförvaltning",), source="content/c.md"),
                make("D", kommun="Habo"), make("E", kommun="Håbo", source="content/e.md")]  # fmt: skip
    _, _, warnings = collect(articles, **settings)  # type: ignore[arg-type]
    assert [(w.path, w.field) for w in warnings] == [
        ("content/c.md", "tags"),
        ("content/e.md", "kommun"),
    ]
    assert "'socialförvaltning' is shown as 'Socialförvaltning'" in warnings[0].message
