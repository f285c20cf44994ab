"""Issue 10, case 1: terms by identity. Two terms are one only when they are the same word up
to case and Unicode normalisation; distinct terms whose slugs collide each get an address,
by a rule the editor can override, and `check` names them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import article, parse, told

from sitegen.cli import main


def build(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1", *args])


def heading(path: Path) -> str:
    return parse(path).h1.get_text(strip=True)


def test_habo_and_habo_with_a_ring_are_two_municipalities(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"habo.md": article("Jobb i Habo", kommun="Habo"),
                      "habo2.md": article("Håbo söker", "2016-01-21", kommun="Håbo")})  # fmt: skip
    result = build(root)
    assert result.exit_code == 0, result.output
    assert "shown as" not in result.output and "different terms" not in result.output
    out = root / "public"
    assert heading(out / "kommun/habo/index.html") == "Kommun: Habo"
    assert heading(out / "kommun/haabo/index.html") == "Kommun: Håbo"  # data/kommuner.txt's slug
    assert [a.get_text() for a in parse(out / "kommun/habo/index.html").select("article h2 a")] == ["Jobb i Habo"]
    for page, name, url in (("jobb-i-habo", "Habo", "/kommun/habo/"),
                            ("habo-soker", "Håbo", "/kommun/haabo/")):
        links = {a.get_text(): a["href"] for a in parse(out / f"2016/01/{page}/index.html").select("a")}
        assert links[name] == url and ({"Habo", "Håbo"} - {name}).isdisjoint(links)


def test_a_misspelt_kommun_never_takes_a_real_municipalitys_address(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: one article with `kommun: Malmo` (sorted before Malmö)
    took /kommun/malmo/, and Malmö's archive and feed moved to /kommun/malmo-2/."""
    root = make_site({"a.md": article("Jobb i Malmö", kommun="Malmö"),
                      "b.md": article("Stavfel", "2016-01-21", kommun="Malmo")})  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert ("'Malmo' and 'Malmö' are different terms whose addresses would be the same "
            "(…/malmo/); they get 'Malmö' at /kommun/malmo/, 'Malmo' at /kommun/malmo-2/") in result.output  # fmt: skip
    assert "content/b.md:4:1: warning: kommun: 'Malmo' is not one of Sweden's 290 municipalities; menade du 'Malmö'?" in result.output
    assert build(root).exit_code == 0
    out = root / "public"
    assert heading(out / "kommun/malmo/index.html") == "Kommun: Malmö"
    assert heading(out / "kommun/malmo-2/index.html") == "Kommun: Malmo"


def test_a_misspelt_kommun_never_takes_the_address_of_one_the_site_has_no_article_about(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by the second helper session: `kommun: Amal`, on a site with no article about
    Åmål, took /kommun/amal/, until an Åmål article moved it to /kommun/amal-2/; and the
    hint said 'Malå'."""
    root = make_site({"a.md": article("Stavfel", kommun="Amal")})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert "content/a.md:4:1: warning: kommun: 'Amal' is not one of Sweden's 290 municipalities; menade du 'Åmål'?" in result.output
    assert "they get 'Åmål' at /kommun/amal/, 'Amal' at /kommun/amal-2/" in result.output
    assert build(root).exit_code == 0
    assert heading(root / "public" / "kommun/amal-2/index.html") == "Kommun: Amal"
    assert not (root / "public" / "kommun/amal").exists()


def test_a_misspelt_district_never_takes_the_address_of_one_listed_in_stadsdelar(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: with `stadsdelar: [Majorna-Linné]`, one article's `Majorna-Linne`
    took /kommun/majorna-linne/ (a 1:1 tie, decided alphabetically), the district moved to
    -2, the warning told the editor to choose a slug for the right spelling, and the other
    said a district 'can be listed under stadsdelar' while it was. A listed district keeps
    its name's slug, as a municipality does, even while no article is about it."""
    config = "title: T\nstadsdelar: [Majorna-Linné]\n"
    root = make_site({"fel.md": article("Fel", "2018-01-01", kommun="Majorna-Linne")}, config)
    assert build(root).exit_code == 0
    assert heading(root / "public/kommun/majorna-linne-2/index.html") == "Kommun: Majorna-Linne"
    assert not (root / "public/kommun/majorna-linne").exists()
    (root / "content/ratt.md").write_text(article("Rätt", "2018-01-05", kommun="Majorna-Linné"))
    code, warnings = told(root, command="check", kind="warning")
    assert code == 0
    assert warnings == [
        "content/fel.md:4:1: warning: kommun: 'Majorna-Linne' and 'Majorna-Linné' are different terms whose "
        "addresses would be the same (…/majorna-linne/); they get 'Majorna-Linné' at /kommun/majorna-linne/, "
        "'Majorna-Linne' at /kommun/majorna-linne-2/. To choose another address, add to config.yaml: "
        "slugs: {kommun: {'Majorna-Linne': …}}",
        "content/fel.md:4:1: warning: kommun: 'Majorna-Linne' is neither one of Sweden's 290 municipalities "
        "nor a district listed under stadsdelar: in config.yaml; menade du 'Majorna-Linné'?",
    ]
    assert build(root).exit_code == 0
    out = root / "public"
    assert heading(out / "kommun/majorna-linne/index.html") == "Kommun: Majorna-Linné"
    assert heading(out / "kommun/majorna-linne-2/index.html") == "Kommun: Majorna-Linne"
    links = {a.get_text(): a["href"] for a in parse(out / "2018/01/ratt/index.html").select("a")}
    assert links["Majorna-Linné"] == "/kommun/majorna-linne/"


def test_a_district_whose_slug_is_taken_is_an_error_in_config(make_site) -> None:  # type: ignore[no-untyped-def]
    """A district's slug is chosen as a municipality's is: one that another kommun term of
    config.yaml already has is an error at its line, not two archives at one address."""
    config = ("title: T\nstadsdelar: [Hábo, Majorna-Linné, Majorna Linné, '!!', ALE]\n"
              "slugs:\n  kommun: {Lund: majorna-linne}\n")  # fmt: skip
    code, errors = told(make_site({"a.md": article("A", kommun="Ale")}, config), command="check")
    assert code == 1
    assert errors == [
        "config.yaml:2:14: error: stadsdelar[1]: 'Hábo' would get the slug 'habo', which is also that of "
        "'Habo'; each term needs its own: choose one in config.yaml, slugs: {kommun: {'Hábo': …}}",
        "config.yaml:2:35: error: stadsdelar[3]: 'Majorna Linné' would get the slug 'majorna-linne', which "
        "is also that of 'Majorna-Linné'; each term needs its own: choose one in config.yaml, "
        "slugs: {kommun: {'Majorna Linné': …}}",
        "config.yaml:2:50: error: stadsdelar[4]: '!!' has no letters or digits to make a URL of",
        "config.yaml:4:12: error: slugs.kommun.Lund: 'majorna-linne' is also the slug of 'Majorna-Linné'; "
        "each term needs its own",
    ]


def test_c_plus_plus_and_c_sharp_are_two_tags(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Cpp", tags="[C++]"), "b.md": article("Csharp", tags="['C#']")})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert ("content/a.md:4:8: warning: tags: 'C#' and 'C++' are different terms whose "
            "addresses would be the same (…/c/); they get 'C#' at /etikett/c/, 'C++' at "
            "/etikett/c-2/") in result.output  # fmt: skip
    assert build(root).exit_code == 0
    out = root / "public"
    assert heading(out / "etikett/c/index.html") == "Etikettarkiv: C#"
    assert heading(out / "etikett/c-2/index.html") == "Etikettarkiv: C++"
    tags = parse(out / "2016/01/cpp/index.html").select("a[rel=tag]")
    assert [(a.get_text(), a["href"]) for a in tags] == [("C++", "/etikett/c-2/")]
    assert build(root, "--strict").exit_code == 1  # a collision is a warning


def test_an_editor_chooses_the_slugs_in_config(make_site) -> None:  # type: ignore[no-untyped-def]
    config = 'title: T\nslugs:\n  tags: {"c++": cpp, "C#": csharp}\n  kommun: {Habo: habo-jkpg}\n'
    root = make_site({"a.md": article("Cpp", tags="[C++]", kommun="Habo"),
                      "b.md": article("Csharp", tags="['C#']", kommun="Håbo")}, config)  # fmt: skip
    result = build(root, "--strict")
    assert result.exit_code == 0, result.output
    out = root / "public"
    assert heading(out / "etikett/cpp/index.html") == "Etikettarkiv: C++"
    assert heading(out / "etikett/csharp/index.html") == "Etikettarkiv: C#"
    assert heading(out / "kommun/habo-jkpg/index.html") == "Kommun: Habo"
    assert heading(out / "kommun/haabo/index.html") == "Kommun: Håbo"


def test_wrong_slugs_in_config_are_errors(make_site) -> None:  # type: ignore[no-untyped-def]
    config = "title: T\nslugs:\n  tags: {a: Stor, b: x, c: x}\n  farg: {röd: rod}\n"
    result = build(make_site({"a.md": article("A")}, config))
    assert result.exit_code == 1
    assert "config.yaml:3:10: error: slugs.tags.a: expected a slug: lower-case letters a-z, digits and '-', like stor" in result.output
    assert "config.yaml:3:25: error: slugs.tags.c: 'x' is also the slug of 'b'" in result.output
    assert "config.yaml:4:3: error: slugs.farg: no taxonomy files articles by 'farg'" in result.output


def test_case_and_decomposed_variants_stay_one_term_and_are_warned_about(make_site) -> None:  # type: ignore[no-untyped-def]
    nfd = "Socialfo\u0308rvaltning"
    root = make_site({"a.md": article("A", tags="[Socialförvaltning]"),
                      "b.md": article("B", tags="[Socialförvaltning]"),
                      "c.md": article("C", tags="[socialförvaltning]"),
                      "d.md": article("D", tags=f"[{nfd}]")})  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert "content/c.md:4:8: warning: tags: 'socialförvaltning' is shown as 'Socialförvaltning'" in result.output
    assert build(root).exit_code == 0
    term = parse(root / "public/etikett/socialforvaltning/index.html")
    assert term.select_one(".archive-count").get_text().startswith("4 artiklar")


def test_a_chosen_kommun_slug_cannot_be_another_municipalitys(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by the third helper session: `slugs: {kommun: {Lund: malmo}}` was accepted, and
    the first article about Malmö ended the build in 'config.yaml: error: taxonomies: …',
    with no line. It is an error at its line; a municipality given another slug frees its own."""
    root = make_site({"a.md": article("Jobb i Malmö", kommun="Malmö")},
                     "title: T\nslugs:\n  kommun:\n    Lund: malmo\n")  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1
    assert ("config.yaml:4:5: error: slugs.kommun.Lund: 'malmo' is also the slug of 'Malmö'; "
            "each term needs its own") in result.output  # fmt: skip
    (root / "config.yaml").write_text("title: T\nslugs:\n  kommun:\n    Lund: malmo\n    Malmö: malmo-stad\n")
    assert build(root).exit_code == 0
    assert heading(root / "public" / "kommun/malmo-stad/index.html") == "Kommun: Malmö"


def test_a_tag_misspelt_without_its_marks_never_takes_the_right_ones_address(make_site) -> None:  # type: ignore[no-untyped-def]
    """`Socialforvaltning` on one article and `Socialförvaltning` on two: the spelling more
    articles use keeps /etikett/socialforvaltning/ (the rule used to rank them in
    alphabetical order, o before ö, so the typo took it), and the warning is at the typo,
    with the word it most likely means (found by a helper session trying sitegen as an editor)."""
    root = make_site({"a.md": article("A", tags="[Socialforvaltning]"),
                      "b.md": article("B", "2016-01-21", tags="[Socialförvaltning]"),
                      "c.md": article("C", "2016-01-22", tags="[Socialförvaltning]")})  # fmt: skip
    result = build(root)
    assert result.exit_code == 0, result.output
    assert heading(root / "public/etikett/socialforvaltning/index.html") == "Etikettarkiv: Socialförvaltning"
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert warnings == [
        "content/a.md:4:8: warning: tags: 'Socialforvaltning' is 'Socialförvaltning' without its å, ä, ö "
        "or other marks: menade du 'Socialförvaltning' (as 2 articles write it)? As written it is a term "
        "of its own, at /etikett/socialforvaltning-2/, beside 'Socialförvaltning' at /etikett/socialforvaltning/"]


def test_the_marks_hint_is_given_only_for_a_spelling_without_the_marks_most_articles_have(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: 'Socialförvaltning' was told it is 'SOCIALFORVALTNING'
    without its marks, and 'Får' that it is 'Far'. The hint is for the spelling without
    marks, when more articles write the word with them; else the plain collision warning."""
    root = make_site({"a.md": article("A", tags="[Får]"), "b.md": article("B", "2016-01-21", tags="[Far, Hälsa]"),
                      "c.md": article("C", "2016-01-22", tags="[Far, Halsa]")})  # fmt: skip
    output = build(root).output
    assert "menade du" not in output
    assert "'Far' and 'Får' are different terms whose addresses would be the same" in output
    assert "'Halsa' and 'Hälsa' are different terms whose addresses would be the same" in output


def test_a_tag_written_with_and_signs_or_hyphens_is_told_the_spelling_other_articles_use(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: 'Barn & unga' on one article beside 'Barn och unga' on
    three made two tags without a word, and 'Barn-och-unga' was only told to choose an
    address in `slugs:`. Each is told, at each article, which spelling the others use and
    where; the addresses stay as they were, and a term given its own in `slugs:` is meant."""
    files = {f"a{n}.md": article(f"A{n}", f"2016-01-2{n}", tags="[Barn och unga]") for n in range(1, 4)}
    files |= {"b.md": article("B", tags="[Barn & unga]"), "c.md": article("C", tags="[Barn-och-unga]"),
              "d.md": article("D", tags="[Barn+unga, 'C++']"), "e.md": article("E", tags="['C#']")}  # fmt: skip
    root = make_site(files)
    status, warnings = told(root, command="check", kind="warning")
    assert status == 0
    others = "It is written 'Barn och unga' in 3 other articles (content/a1.md, content/a2.md, content/a3.md)"
    assert warnings == [
        "content/b.md:4:8: warning: tags: 'Barn & unga' and 'Barn och unga' are different terms "
        f"(/etikett/barn-unga/ and /etikett/barn-och-unga/); menade du 'Barn och unga'? {others}; write "
        "it so, or, to keep it a term of its own, give it its address in config.yaml: slugs: {tags: "
        "{'Barn & unga': barn-unga}}",
        "content/c.md:4:8: warning: tags: 'Barn-och-unga' and 'Barn och unga' are different terms "
        f"(/etikett/barn-och-unga-2/ and /etikett/barn-och-unga/); menade du 'Barn och unga'? {others}; "
        "write it so, or, to keep it a term of its own, give it its address in config.yaml: slugs: "
        "{tags: {'Barn-och-unga': barn-och-unga-2}}",
        "content/d.md:4:8: warning: tags: 'Barn+unga' and 'Barn och unga' are different terms "
        f"(/etikett/barn-unga-2/ and /etikett/barn-och-unga/); menade du 'Barn och unga'? {others}; "
        "write it so, or, to keep it a term of its own, give it its address in config.yaml: slugs: "
        "{tags: {'Barn+unga': barn-unga-2}}",
        "content/d.md:4:19: warning: tags: 'C#' and 'C++' are different terms whose addresses would be "
        "the same (…/c/); they get 'C#' at /etikett/c/, 'C++' at /etikett/c-2/. To choose another "
        "address, add to config.yaml: slugs: {tags: {'C++': …}}",
    ]
    chosen = "title: Test\nslugs: {tags: {'Barn & unga': barn-unga, 'Barn-och-unga': barn-och-unga-2}}\n"
    root = make_site(files, config=chosen)
    assert [w.split(": warning")[0] for w in told(root, command="check", kind="warning")[1]] == [
        "content/d.md:4:8", "content/d.md:4:19"]


def test_near_key() -> None:
    from sitegen.site.collect import near_key

    assert {near_key(n) for n in ("Barn & unga", "Barn+unga", "barn  -  och - UNGA", "Barn_och–unga")} == {"barn och unga"}
    assert len({near_key(n) for n in ("C++", "C#", "C", "Far", "Får", "Barn, unga")}) == 6
