from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sitegen.config import DEFAULT_TAXONOMIES, TaxonomyConfig
from sitegen.content.model import Article
from sitegen.site.collect import collect
from tests.conftest import article, parse

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
    site, _ = run([make("A", tags=("Barn och unga", "barn och UNGA"))])
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
                make("D", kommun="Ale"), make("E", kommun="ale", source="content/e.md")]  # fmt: skip
    _, _, warnings = collect(articles, **settings)  # type: ignore[arg-type]
    assert [(w.path, w.field) for w in warnings] == [
        ("content/c.md", "tags"),
        ("content/e.md", "kommun"),
    ]
    assert "'socialförvaltning' is shown as 'Socialförvaltning'" in warnings[0].message


def _terms(site, index: int) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(t.name, t.url, titles(t.articles)) for t in site.taxonomies[index].terms]


@pytest.mark.parametrize(("first", "second"), [
    ("Habo", "Håbo"), ("C++", "C#"), ("Barn & unga", "Barn unga"), ("Öl", "Ol"),
    ("Ärende", "Arende"), ("Straße", "Strasse-2"),
])  # fmt: skip
def test_distinct_terms_never_merge_and_each_gets_an_address(first: str, second: str) -> None:
    """Issue 10, case 1: terms are one only when equal up to case and normalisation."""
    site, _, warnings = collect([make("A", tags=(first,)), make("B", tags=(second,))], now=NOW,
                                drafts=False, future=False, taxonomies=DEFAULT_TAXONOMIES)  # fmt: skip
    terms = {t.name: t for t in site.taxonomies[0].terms}
    assert set(terms) == {first, second}
    assert titles(terms[first].articles) == ["A"] and titles(terms[second].articles) == ["B"]
    assert terms[first].url != terms[second].url
    assert not any("is shown as" in w.message for w in warnings)


def test_colliding_slugs_follow_the_swedish_order_and_check_names_both() -> None:
    site, _, warnings = collect(
        [make("A", tags=("C++",), source="content/a.md"), make("B", tags=("C#",), source="content/b.md"),
         make("C", tags=("c-2",), source="content/c.md")],
        now=NOW, drafts=False, future=False, taxonomies=DEFAULT_TAXONOMIES,
    )  # fmt: skip
    assert _terms(site, 0) == [("C#", "/etikett/c/", ["B"]), ("C++", "/etikett/c-3/", ["A"]),
                               ("c-2", "/etikett/c-2/", ["C"])]  # fmt: skip
    (warning,) = warnings
    assert (warning.path, warning.field) == ("content/a.md", "tags")
    assert "'C#' and 'C++' are different terms" in warning.message
    assert "'C#' at /etikett/c/, 'C++' at /etikett/c-3/" in warning.message
    assert "slugs: {tags: {'C++': …}}" in warning.message


def test_an_editors_slug_wins_and_needs_no_warning() -> None:
    tags = replace(DEFAULT_TAXONOMIES[0], slugs=(("c++", "cpp"), ("C#", "csharp")))
    site, _, warnings = collect([make("A", tags=("C++",)), make("B", tags=("C#",)),
                                 make("C", tags=("C",))],
                                now=NOW, drafts=False, future=False, taxonomies=(tags,))  # fmt: skip
    assert _terms(site, 0) == [("C", "/etikett/c/", ["C"]), ("C#", "/etikett/csharp/", ["B"]),
                               ("C++", "/etikett/cpp/", ["A"])]  # fmt: skip
    assert warnings == []


def test_a_chosen_slug_keeps_its_address_when_a_term_would_take_it() -> None:
    kommun = replace(DEFAULT_TAXONOMIES[1], slugs=(("Håbo", "habo"),))
    site, _, warnings = collect([make("A", kommun="Håbo"), make("B", kommun="Habo")],
                                now=NOW, drafts=False, future=False, taxonomies=(kommun,))  # fmt: skip
    assert _terms(site, 0) == [("Habo", "/kommun/habo-2/", ["B"]), ("Håbo", "/kommun/habo/", ["A"])]
    assert [w.field for w in warnings] == ["kommun"]


def test_a_kommun_is_shown_by_its_own_name_and_a_tie_never_by_capitals_alone(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: 'Ale' once and 'ALE' once gave the archive "Kommun: ALE",
    and the warning told the article spelling it right to change."""
    from click.testing import CliRunner

    from sitegen.cli import main

    root = make_site({"a.md": article("A", "2016-05-01", kommun="Ale", tags="[Socialtjänst]"),
                      "b.md": article("B", "2016-05-02", kommun="ALE", tags="[SOCIALTJÄNST]"),
                      "c.md": article("C", "2016-05-03", kommun="ALE")})  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0
    assert parse(root / "public/kommun/ale/index.html").h1.get_text(" ", strip=True) == "Kommun: Ale"
    assert parse(root / "public/etikett/socialtjanst/index.html").h1.get_text(" ", strip=True).endswith("Socialtjänst")
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert warnings == [
        "content/b.md:4:1: warning: kommun: 'ALE' is shown as 'Ale', the municipality's own name; write it the same way everywhere",
        "content/b.md:5:8: warning: tags: 'SOCIALTJÄNST' is shown as 'Socialtjänst', the spelling of 1 article(s); write it the same way everywhere",
        "content/c.md:4:1: warning: kommun: 'ALE' is shown as 'Ale', the municipality's own name; write it the same way everywhere",
    ]


def test_an_updated_date_that_lies_ahead_is_a_warning_until_it_comes(make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `updated: 2061-04-01` (for 2016) became the feed's
    <updated> and the sitemap's lastmod without a word."""
    from datetime import timedelta

    from sitegen.build import BuildOptions, build

    root = make_site({"a.md": article("A", "2016-04-01", updated="2026-01-05")})
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))  # NOW: 2026-01-01
    assert [(w.path, w.line, w.message) for w in report.warnings] == [
        ("content/a.md", 4, "2026-01-05 lies ahead of the time of the build; the feeds and the sitemap "
         "would give it as the day the article changed: write the day it was changed")]  # fmt: skip
    later = build(BuildOptions(root=root, now=NOW + timedelta(days=5), output=tmp_path / "out"))
    assert later.warnings == []  # the day came: a build with nothing changed knows it too


def test_a_lone_misspelt_kommun_is_shown_by_its_name_and_an_acronym_wins_a_tie(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by the next helper session: `kommun: malmö` alone showed "Kommun: malmö" with
    no warning, and a 1:1 tie between LSS and lss went to 'lss'."""
    from click.testing import CliRunner

    from sitegen.cli import main

    root = make_site({"a.md": article("A", "2016-05-01", kommun="malmö", tags="[LSS]"),
                      "b.md": article("B", "2016-05-02", tags="[lss]")})  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0
    assert parse(root / "public/kommun/malmo/index.html").h1.get_text(" ", strip=True) == "Kommun: Malmö"
    assert parse(root / "public/etikett/lss/index.html").h1.get_text(" ", strip=True).endswith("LSS")
    assert [line for line in result.output.splitlines() if ": warning: " in line] == [
        "content/a.md:4:1: warning: kommun: 'malmö' is shown as 'Malmö', the municipality's own name; write it the same way everywhere",
        "content/b.md:4:8: warning: tags: 'lss' is shown as 'LSS', the spelling of 1 article(s); write it the same way everywhere",
    ]


def test_a_district_is_shown_by_its_name_in_config(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `kommun: västra hisingen` showed "Kommun: västra hisingen"
    though stadsdelar: says Västra Hisingen, with no warning."""
    from click.testing import CliRunner

    from sitegen.cli import main

    root = make_site({"a.md": article("A", "2016-05-01", kommun="västra hisingen")},
                     "title: T\nstadsdelar: [Östra Göteborg, Västra Hisingen]\n")  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0
    assert parse(root / "public/kommun/vastra-hisingen/index.html").h1.get_text(" ", strip=True) == "Kommun: Västra Hisingen"
    assert ("content/a.md:4:1: warning: kommun: 'västra hisingen' is shown as 'Västra Hisingen', the district's "
            "name in config.yaml; write it the same way everywhere") in result.output  # fmt: skip


def test_a_district_written_like_a_municipality_leaves_the_municipality_its_name(make_site) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from sitegen.cli import main

    root = make_site({"a.md": article("A", "2016-05-01", kommun="Ale")}, "title: T\nstadsdelar: [ALE]\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0 and "warning" not in result.output
    assert parse(root / "public/kommun/ale/index.html").h1.get_text(" ", strip=True) == "Kommun: Ale"
