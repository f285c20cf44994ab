from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from click.testing import CliRunner
from conftest import NOW

from sitegen.build import BuildOptions, build
from sitegen.cli import main
from sitegen.content.scaffold import builtin_archetype
from sitegen.content.validate import KNOWN_FIELDS


def new(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["new", *args, "--root", str(root)])


def test_new_writes_a_draft_from_the_archetype_that_builds(make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({})
    result = new(root, "Gör skillnad i Åmål", "--kommun", "Åmål", "--tag", "Socialförvaltning",
                 "--tag", "Barn och unga")  # fmt: skip
    assert result.exit_code == 0, result.output
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    relative = f"content/{today.year}/gor-skillnad-i-amal.md"
    assert result.output.strip() == relative
    text = (root / relative).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Gör skillnad i Åmål" and front["kommun"] == "Åmål"
    assert front["tags"] == ["Socialförvaltning", "Barn och unga"]
    assert str(front["date"]) == today.isoformat() and front["draft"] is True
    for field in ("lead", "image", "caption", "photographer", "cta", "factbox", "contact"):
        assert field in front, field
    assert "# Ingressen" in text  # Swedish comments explain the fields

    report = build(BuildOptions(root=root, now=NOW.replace(year=today.year + 1),
                                output=tmp_path / "out", drafts=True))  # fmt: skip
    assert report.articles == 1 and report.warnings == []
    assert build(BuildOptions(root=root, now=NOW.replace(year=today.year + 1),
                              output=tmp_path / "out2")).articles == 0  # fmt: skip


def test_new_splits_a_tag_option_at_commas_and_semicolons(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a newcomer: `--tag "Socialförvaltning, Barn och unga"` was written as one tag."""
    root = make_site({})
    result = new(root, "Ale", "--tag", "Socialförvaltning, Barn och unga", "--tag", "barn och unga; Jobb ;")
    assert result.exit_code == 0, result.output
    front = yaml.safe_load((root / result.output.strip()).read_text(encoding="utf-8").split("---\n")[1])
    assert front["tags"] == ["Socialförvaltning", "Barn och unga", "barn och unga", "Jobb"]


def test_new_never_overwrites(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({})
    assert new(root, "Ale").exit_code == 0
    path = next((root / "content").rglob("ale.md"))
    path.write_text("mitt arbete", encoding="utf-8")
    again = new(root, "Ale")
    assert again.exit_code == 1 and "already exists" in again.output
    assert path.read_text(encoding="utf-8") == "mitt arbete"


def test_a_sites_own_archetype_is_used(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({})
    (root / "archetypes").mkdir()
    (root / "archetypes" / "article.md").write_text(
        "---\ntitle: {{ title | yaml }}\ndate: {{ date }}\n---\nEgen mall.\n", encoding="utf-8"
    )
    result = new(root, "Borås")
    assert result.exit_code == 0
    assert (root / result.output.strip()).read_text(encoding="utf-8").endswith("Egen mall.\n")


def test_a_title_without_letters_is_refused(make_site) -> None:  # type: ignore[no-untyped-def]
    result = new(make_site({}), "!!!")
    assert result.exit_code == 1 and "no letters or digits" in result.output


def test_the_built_in_archetype_has_every_field_of_the_schema_with_a_comment() -> None:
    text = (
        builtin_archetype().replace("{{ date }}", "2016-01-20").replace("{{", "").replace("}}", "")
    )
    lines = text.split("---\n")[1].splitlines()
    top = [line.partition(":")[0] for line in lines if not line.startswith(" ")]
    assert top == list(KNOWN_FIELDS)
    assert all("  # " in line for line in lines), [line for line in lines if "  # " not in line]


def test_the_build_says_how_many_drafts_it_left_out(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`sitegen new` writes drafts, which the preview shows and a build leaves out: the
    build says so, also when it has nothing else to do, and not with --drafts."""
    root = make_site({})
    runner = CliRunner()
    assert runner.invoke(main, ["new", "Lätt att leva i Ale", "--root", str(root)]).exit_code == 0
    out = ["-o", str(tmp_path / "out")]
    for counts in ("1 read, 0 from the cache", "0 read, 1 from the cache"):  # then with nothing changed
        result = runner.invoke(main, ["build", "--root", str(root), *out])
        assert f"Built 0 articles ({counts}; 1 draft left out, --drafts builds it)" in result.output
    result = runner.invoke(main, ["build", "--root", str(root), "--drafts", *out])
    assert "Built 1 article (" in result.output and "left out" not in result.output


def test_new_outside_a_site_says_what_a_site_is(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "Ale", "--root", str(tmp_path)])
    assert result.exit_code == 1 and "Build failed" not in result.output
    assert "A site is a folder with config.yaml (at least 'title: …') and content/" in result.output
    assert "sitegen new failed: 1 error." in result.output


def test_a_broken_archetype_is_told_from_the_site_root_with_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: the path was the one given with --root, with no line."""
    root = make_site({})
    (root / "archetypes").mkdir()
    (root / "archetypes" / "article.md").write_text("---\ntitle: {{ title | yaml }}\n{% if %}\n---\n", encoding="utf-8")
    result = new(root, "Borås")
    assert result.exit_code == 1
    assert "error: archetypes/article.md:3: Expected an expression" in result.output
