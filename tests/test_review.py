from click.testing import CliRunner
from conftest import article, parse

from sitegen.cli import main
from sitegen.site.review import _fold, _unknown, kommuner


def test_the_list_has_all_290_municipalities() -> None:
    names = kommuner()
    assert len(names) == len(set(names)) == 290
    assert {"Ale", "Åmål", "Upplands Väsby", "Malung-Sälen", "Östra Göinge"} <= set(names)


def test_check_warns_about_unknown_kommun_with_a_guess(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "a.md": article("A", kommun="Malmo"),
            "b.md": article("B", kommun="Östra Göteborg"),
            "c.md": article("C", kommun="Ale kommun"),
            "d.md": article("D", kommun="Åmål"),
        }
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "warning:" in line]
    assert lines == [
        "content/a.md:4:1: warning: kommun: 'Malmo' and 'Malmö' are different terms whose addresses "
        "would be the same (…/malmo/); they get 'Malmö' at /kommun/malmo/, 'Malmo' at "
        "/kommun/malmo-2/. To choose another address, add to config.yaml: slugs: {kommun: {'Malmo': …}}",
        "content/a.md:4:1: warning: kommun: 'Malmo' is not one of Sweden's 290 municipalities; "
        "menade du 'Malmö'? (a city district can be listed under stadsdelar: in config.yaml)",
        "content/b.md:4:1: warning: kommun: 'Östra Göteborg' is not one of Sweden's 290 "
        "municipalities; menade du 'Göteborg'? (a city district can be listed under "
        "stadsdelar: in config.yaml)",
        "content/c.md:4:1: warning: kommun: 'Ale kommun' is filed as a kommun of its own, apart "
        "from 'Ale' (an archive at /kommun/ale-kommun/): write kommun: Ale",
    ]
    strict = CliRunner().invoke(main, ["check", "--root", str(root), "--strict"])
    assert strict.exit_code == 1


def test_a_kommun_spelt_without_its_letters_is_guessed_by_them() -> None:
    """The guess is the municipality written with the same letters but å, ä, ö (or as its
    address spells it), before any merely similar name: `Amal kommun` is Åmål, not Malå."""
    known = {_fold(name): name for name in kommuner()}
    for written, meant in [("Amal", "Åmål"), ("Amal kommun", "Åmål"), ("AMAL", "Åmål"), ("Haabo", "Håbo"),
                           ("Orebro kommun", "Örebro"), ("Malmo stad", "Malmö"), ("Malmoo", "Malmö")]:  # fmt: skip
        assert f"menade du {meant!r}?" in (_unknown(written, known) or ""), written
    assert _unknown("Habo", known) is None and _unknown("Håbo", known) is None and _unknown("ale", known) is None


def test_a_kommun_written_with_kommun_or_stad_is_told_to_be_written_as_its_name() -> None:
    """`Ale kommun` would be a term of its own, with an archive beside Ale's."""
    known = {_fold(name): name for name in kommuner()}
    assert _unknown("Ale kommun", known) == (
        "'Ale kommun' is filed as a kommun of its own, apart from 'Ale' (an archive at "
        "/kommun/ale-kommun/): write kommun: Ale")  # fmt: skip
    assert "write kommun: Göteborg" in (_unknown("Göteborgs stad", known) or "")
    assert "write kommun: Västerås" in (_unknown("Västerås stad", known) or "")


def test_configured_districts_are_accepted(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {"b.md": article("B", kommun="Östra Göteborg")},
        "title: T\nstadsdelar: [Östra Göteborg]\n",
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0 and "warning:" not in result.output


def test_tag_variants_are_warned_about_by_check(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "a.md": article("A", tags="[Socialförvaltning]"),
            "b.md": article("B", tags="[Socialförvaltning]"),
            "c.md": article("C", tags="[socialförvaltning]"),
        }
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert (
        "content/c.md:4:8: warning: tags: 'socialförvaltning' is shown as 'Socialförvaltning'"
        in (result.output)
    )


def test_a_tag_variant_is_warned_about_at_its_own_item(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "a.md": article("A", tags="[Socialförvaltning]"),
            "b.md": article("B", tags="[Socialförvaltning]"),
            "c.md": article("C", tags="\n  - Barn\n  - Barn\n  - socialförvaltning"),
        }
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0
    assert "content/c.md:7:5: warning: tags: 'socialförvaltning' is shown as" in result.output


def test_region_gotland_is_gotland() -> None:
    known = {_fold(name): name for name in kommuner()}
    assert "write kommun: Gotland" in (_unknown("Region Gotland", known) or "")


def test_a_term_pasted_with_invisible_characters_is_the_same_term(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a tag or kommun pasted from Word or a web page with a
    no-break space, a soft hyphen or a zero-width space looked like the term every other
    article has, but was filed as a term of its own, with a second archive beside it
    (`/etikett/barn-och-unga-2/`, shown as "Barn och unga" too), and a listed district
    written so was "not a district listed under stadsdelar"."""
    root = make_site(
        {
            "a.md": article("A", kommun="Ale", tags="[Barn och unga, Socialförvaltning]"),
            "b.md": article("B", kommun="Ale\u200b", tags="[Barn och\u00a0unga, Social\u00adförvaltning]"),
            "c.md": article("C", kommun="Östra Göteborg", tags="[Barn  och unga]"),
            "d.md": article("D", kommun="Östra\u00a0Göteborg"),
        },
        "title: T\nstadsdelar: [Östra Göteborg]\n",
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    public = root / "public"
    assert sorted(p.name for p in (public / "etikett").iterdir() if p.is_dir()) == ["barn-och-unga", "socialforvaltning"]
    assert sorted(p.name for p in (public / "kommun").iterdir() if p.is_dir()) == ["ale", "ostra-goteborg"]
    listed = [a.get_text(strip=True) for a in parse(public / "etikett/barn-och-unga/index.html").select("main article h2 a")]
    assert sorted(listed) == ["A", "B", "C"]
    assert [line for line in result.output.splitlines() if ": warning: " in line] == [
        "content/b.md:4:1: warning: kommun: 'Ale\\u200b' is shown as 'Ale', the municipality's own name; "
        "write it the same way everywhere",
        "content/b.md:5:8: warning: tags: 'Barn och\\xa0unga' is shown as 'Barn och unga', the spelling of "
        "1 article(s); write it the same way everywhere",
        "content/b.md:5:23: warning: tags: 'Social\\xadförvaltning' is shown as 'Socialförvaltning', the "
        "spelling of 1 article(s); write it the same way everywhere",
        "content/c.md:5:8: warning: tags: 'Barn  och unga' is shown as 'Barn och unga', the spelling of "
        "1 article(s); write it the same way everywhere",
        "content/d.md:4:1: warning: kommun: 'Östra\\xa0Göteborg' is shown as 'Östra Göteborg', the district's "
        "name in config.yaml; write it the same way everywhere",
    ]
