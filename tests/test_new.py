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
