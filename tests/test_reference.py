"""The README's reference tables are made from the schemas; regenerate them with
`python -m sitegen.reference README.md` and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.reference import TABLES, update

README = Path(__file__).parent.parent / "README.md"


def test_the_readme_tables_are_what_the_schemas_make() -> None:
    text = README.read_text(encoding="utf-8")
    assert update(text) == text, "run: python -m sitegen.reference README.md"


@pytest.mark.parametrize("name", list(TABLES))
def test_each_table_has_its_markers_in_the_readme(name: str) -> None:
    assert f"<!-- {name} table: python -m sitegen.reference -->" in README.read_text("utf-8")


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no '<!-- front matter table"):
        update("# sitegen\n")
