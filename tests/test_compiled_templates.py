"""Compiled templates kept between processes (`output.render.CompiledTemplates`): used
again only for the same template source and site values, never trusted when damaged, and
never needed for a build to work."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from sitegen.output.render import CompiledTemplates, SiteInfo, environment

SITE = SiteInfo(title="T", description="", base_url="https://example.se/", language="sv", nav=(),
                labels=(), archive_full_text=False)  # fmt: skip


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory of the test's own, where Jinja makes its cache folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def layouts(tmp_path: Path) -> Path:
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "page.html").write_text("<a href=\"{{ '/css/site.css' | url }}\">{{ text }}</a>", encoding="utf-8")
    return folder


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    names: list[str] = []
    original: Callable[..., object] = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: object, name: str | None = None, *args: object,
                 **kwargs: object) -> object:  # fmt: skip
        names.append(str(name))
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def render(layouts: Path, site: SiteInfo = SITE) -> str:
    return environment([layouts], site).get_template("page.html").render(text="x")


def test_a_template_compiled_once_is_loaded_by_the_next_environment(
    temporary: Path, layouts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compiles(monkeypatch)
    assert render(layouts) == '<a href="/css/site.css">x</a>'
    assert compiled == ["page.html"]
    assert render(layouts) == '<a href="/css/site.css">x</a>'  # a new environment, as a new process has
    assert compiled == ["page.html"]
    assert [p.parent.name for p in temporary.rglob("*.cache")] == [f"_jinja2-cache-{os.getuid()}"]


def test_other_site_values_never_get_what_was_folded_for_the_last(
    temporary: Path, layouts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja folds `'/css/site.css' | url` into the compiled code: under another base path
    the same source must be compiled again, or every page would link the old address."""
    assert render(layouts) == '<a href="/css/site.css">x</a>'
    compiled = compiles(monkeypatch)
    under = SiteInfo(**{**SITE.__dict__, "base_url": "https://example.se/bilaga/"})
    assert render(layouts, under) == '<a href="/bilaga/css/site.css">x</a>'
    assert compiled == ["page.html"]
    assert render(layouts) == '<a href="/css/site.css">x</a>'  # the first is kept beside it
    assert compiled == ["page.html"]


def test_an_edited_template_is_compiled_again(temporary: Path, layouts: Path) -> None:
    assert render(layouts) == '<a href="/css/site.css">x</a>'
    (layouts / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    assert render(layouts) == "<p>x</p>"


@pytest.mark.parametrize("damage", [b"", b"j2\x80garbage", b"not jinja at all"])
def test_a_damaged_file_is_compiled_anew(temporary: Path, layouts: Path, damage: bytes,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    render(layouts)
    (kept,) = temporary.rglob("*.cache")
    kept.write_bytes(damage if damage else kept.read_bytes()[:20])  # empty: cut short
    compiled = compiles(monkeypatch)
    assert render(layouts) == '<a href="/css/site.css">x</a>'
    assert compiled == ["page.html"]


def test_a_folder_jinja_finds_unsafe_means_no_keeping(temporary: Path, layouts: Path) -> None:
    (temporary / f"_jinja2-cache-{os.getuid()}").write_text("a file, not a folder")
    assert CompiledTemplates.for_site(SITE) is None
    assert render(layouts) == '<a href="/css/site.css">x</a>'


def test_a_saved_stylesheet_compiles_nothing_again(temporary: Path, layouts: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Found by a tester: the assets' published names (new with every saved stylesheet)
    were part of each template's key, so every save in `serve` compiled and wrote the whole
    theme again (462 MB in /tmp after a day). `asset()` is a call, never folded."""
    render(layouts)
    compiled = compiles(monkeypatch)
    restyled = SiteInfo(**{**SITE.__dict__, "assets": (("css/site.css", "css/site.0123456789.css"),)})
    assert render(layouts, restyled) == '<a href="/css/site.css">x</a>'
    assert compiled == []


def test_past_its_limit_the_least_recently_written_are_removed(temporary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only sitegen's own files: the folder is Jinja's for every program of the user."""
    made = CompiledTemplates.for_site(SITE)
    assert made is not None
    folder = Path(made.directory)
    for n in range(6):
        kept = folder / f"sitegen-{n}.cache"
        kept.write_bytes(b"x")
        os.utime(kept, ns=(n * 10**9, n * 10**9))
    (folder / "__jinja2_other.cache").write_bytes(b"another program's")
    monkeypatch.setattr(CompiledTemplates, "KEPT", 4)
    made.prune()
    assert sorted(p.name for p in folder.iterdir()) == [
        "__jinja2_other.cache", "sitegen-2.cache", "sitegen-3.cache", "sitegen-4.cache", "sitegen-5.cache"]
