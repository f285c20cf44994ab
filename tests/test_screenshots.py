"""The README's screenshots are the ones `python -m tests.browser.screenshots` takes: each is
in docs/screenshots/ and shown in the README, and no stale one is left behind."""

from __future__ import annotations

from pathlib import Path

from tests.browser.screenshots import plan

REPO = Path(__file__).resolve().parents[1]


def test_every_screenshot_taken_is_in_the_repository_and_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [shot.file_name for shot in plan()]
    assert len(set(names)) == len(names), "two shots write one file"
    assert sorted(p.name for p in (REPO / "docs" / "screenshots").glob("*.png")) == sorted(names)
    assert [n for n in names if f"(docs/screenshots/{n})" not in readme] == []


def test_the_search_results_are_shot_once_the_ui_has_drawn_them() -> None:
    [desktop, phone] = [shot for shot in plan() if shot.kind.name == "search-results"]
    assert (desktop.size, phone.size) == ("desktop", "phone")
    assert desktop.kind.path.startswith("/sok/?q=") and desktop.drawn == ".pagefind-ui__result"
