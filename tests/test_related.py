"""Related reading: shared tags weighted by rarity, plus the same kommun; deterministic."""

from __future__ import annotations

import math

from test_collect import make, run

from sitegen.site.related import related


def titles(found: dict[str, tuple[object, ...]], source: str) -> list[str]:
    return [a.title for a in found[source]]  # type: ignore[attr-defined]


def test_a_rare_shared_tag_outweighs_a_common_one() -> None:
    site, _ = run([
        make("Mål", tags=("Vanlig", "Sällsynt")),
        make("Rar", "2016-01-01", tags=("Sällsynt",)),
        make("Vanlig1", "2016-02-01", tags=("Vanlig",)),
        make("Vanlig2", "2016-02-02", tags=("Vanlig",)),
        make("Vanlig3", "2016-02-03", tags=("Vanlig",)),
        make("Annat", "2016-02-04", tags=("Annat",)),
    ])  # fmt: skip
    found = related(site)
    # "Rar" is older than every "Vanlig…" but shares the rarer tag: it comes first.
    assert titles(found, "content/mål.md") == ["Rar", "Vanlig3", "Vanlig2"]


def test_two_shared_tags_beat_one_and_the_same_kommun_counts() -> None:
    site, _ = run([
        make("Mål", tags=("A", "B"), kommun="Ale"),
        make("Båda", "2016-01-01", tags=("A", "B")),
        make("EnPlusKommun", "2016-01-02", tags=("A",), kommun="Ale"),
        make("En", "2016-01-03", tags=("A",)),
        make("Fyllnad", "2016-01-04", tags=("C",), kommun="Ale"),
        make("Fyllnad2", "2016-01-05", tags=("C",), kommun="Borås"),
    ])  # fmt: skip
    found = related(site)
    # The same kommun (on 3 of 6) says more than a tag on 4 of 6: Fyllnad before En.
    assert titles(found, "content/mål.md") == ["Båda", "EnPlusKommun", "Fyllnad"]


def test_the_score_is_the_sum_of_inverse_document_frequencies() -> None:
    # Checked by hand: with N = 4 articles, A on 3 and K on 2, "X" scores ln(4/3) + ln(4/2).
    site, _ = run([
        make("Mål", tags=("A",), kommun="K"),
        make("X", "2016-01-01", tags=("A",), kommun="K"),
        make("Y", "2016-01-02", tags=("A",)),
        make("Z", "2016-01-03", tags=("Ö",)),
    ])  # fmt: skip
    assert math.log(4 / 3) + math.log(4 / 2) > math.log(4 / 3)
    assert titles(related(site), "content/mål.md") == ["X", "Y"]


def test_ties_go_to_the_newer_article_then_the_swedish_title_order() -> None:
    site, _ = run([
        make("Mål", "2016-01-01", tags=("A",)),
        make("Äldre", "2015-01-01", tags=("A",)),
        make("Öst", "2016-05-01", tags=("A",)),
        make("Zeta", "2016-05-01", tags=("A",)),
        make("Åmål", "2016-05-01", tags=("A",)),
        make("Ingenting", "2016-06-01", tags=("B",)),
    ])  # fmt: skip
    assert titles(related(site), "content/mål.md") == ["Zeta", "Åmål", "Öst"]


def test_an_article_sharing_nothing_has_no_related_reading_and_never_itself() -> None:
    site, _ = run([make("Ensam", tags=("A",)), make("Annan", "2016-01-01", tags=("B",)),
                   make("Tredje", "2016-01-02", tags=("B",))])  # fmt: skip
    found = related(site)
    assert found["content/ensam.md"] == ()
    assert titles(found, "content/annan.md") == ["Tredje"]


def test_the_same_site_in_any_order_gives_the_same_lists() -> None:
    articles = [make(f"T{i}", f"2016-01-{i % 5 + 1:02d}", tags=(f"t{i % 3}", f"u{i % 4}"),
                     kommun=f"K{i % 2}") for i in range(12)]  # fmt: skip
    first = related(run(articles)[0])
    again = related(run(list(reversed(articles)))[0])
    assert {k: [a.source for a in v] for k, v in first.items()} == {
        k: [a.source for a in v] for k, v in again.items()
    }
    assert all(len(v) == 3 for v in first.values())
