"""What an editor sees in `sitegen serve`: a save reloads the tab, a broken save shows the
errors over the last good page, and fixing the file takes them away."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from sitegen.build import BuildOptions, build
from sitegen.incremental.cache import Cache
from sitegen.incremental.pages import Memo
from sitegen.serve.server import Preview, make_server, primer, watch

from .conftest import NOW

REPO = Path(__file__).resolve().parents[2]
ALE = "content/2016/latt-att-leva-for-socionomer-i-ale.md"


@pytest.fixture
def preview(tmp_path: Path, site_now) -> Iterator[tuple[Path, str]]:  # type: ignore[no-untyped-def]
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    memo = Memo(Cache.open(None, in_memory=True))
    state = Preview(prime=primer(memo.cache, root))
    server = make_server("127.0.0.1", 0, state)
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    state.set_builder(lambda target: build(BuildOptions(
        root=root, now=site_now, output=target, base_url=address, drafts=True, future=True,
        memo=memo, verify_output=False)))  # fmt: skip
    assert state.rebuild() == []
    stop = watch(root, state, lambda problems, elapsed: None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, address
    stop()
    server.shutdown()
    server.server_close()
    state.close()


def open_ale(preview: tuple[Path, str], browser: Browser) -> tuple[Path, str, Page]:
    """Ale's source file, its text as it is now, and its page open in a tab."""
    root, address = preview
    source = root / ALE
    page = browser.new_page()
    page.goto(address + "2016/01/latt-att-leva-for-socionomer-i-ale/")
    page.wait_for_timeout(300)  # the event stream connects
    return source, source.read_text(encoding="utf-8"), page


@pytest.mark.browser
def test_save_reloads_broken_save_shows_overlay_fix_recovers(preview, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    source, original, page = open_ale(preview, browser)

    source.write_text(original.replace("kommun: Ale\n", "kommun: Ale\nkicker: Nyhet\n"), "utf-8")
    page.wait_for_selector("main .kicker", timeout=10_000)
    assert page.text_content("main .kicker") == "Nyhet"

    source.write_text(original.replace("date: 2016-01-20", "date: 2016-13-45"), "utf-8")
    page.wait_for_selector("#sitegen-overlay", timeout=10_000)
    overlay = page.text_content("#sitegen-overlay") or ""
    assert "Bygget misslyckades" in overlay
    assert f"{ALE}:3:1: date: '2016-13-45' is not a real date" in overlay
    assert page.text_content("main .kicker") == "Nyhet"  # the last good page is still there

    source.write_text(original, "utf-8")
    page.wait_for_function(
        "!document.querySelector('#sitegen-overlay') && !document.querySelector('main .kicker')",
        timeout=10_000,
    )
    assert page.text_content("h1") == "Lätt att leva för socionomer i Ale"
    page.close()


@pytest.mark.browser
def test_a_new_title_takes_the_open_tab_to_the_new_address(preview, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    source, original, page = open_ale(preview, browser)
    old_title = "title: Lätt att leva för socionomer i Ale"
    assert old_title in original
    source.write_text(original.replace(old_title, "title: Lätt att trivas i Ale"), "utf-8")
    page.wait_for_url("**/2016/01/latt-att-trivas-i-ale/", timeout=10_000)
    assert page.text_content("h1") == "Lätt att trivas i Ale"
    page.close()


PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.mark.browser
def test_error_text_is_shown_as_text_never_as_markup(preview, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    """A date like `"<img src=x onerror=alert(1)>"` reaches the overlay as the text it is."""
    source, original, page = open_ale(preview, browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    source.write_text(original.replace("date: 2016-01-20", f'date: "{PAYLOAD}"'), "utf-8")
    page.wait_for_selector("#sitegen-overlay", timeout=10_000)
    assert PAYLOAD in (page.text_content("#sitegen-overlay") or "")
    assert page.locator("#sitegen-overlay img").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []
    page.close()


@pytest.mark.browser
def test_the_waiting_page_shows_a_failed_first_build_as_text(
    tmp_path: Path, browser: Browser
) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text("title: Test\n", encoding="utf-8")
    source = root / "content" / "ale.md"
    source.write_text(f'---\ntitle: Ale\ndate: "{PAYLOAD}"\n---\nText.\n', encoding="utf-8")
    state = Preview()
    server = make_server("127.0.0.1", 0, state)
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    state.set_builder(lambda target: build(BuildOptions(
        root=root, now=NOW, output=target, base_url=address, drafts=True, future=True,
        memo=Memo(Cache.open(None, in_memory=True)), verify_output=False)).moved)  # fmt: skip
    assert state.rebuild() != []
    stop = watch(root, state, lambda problems, elapsed: None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        response = page.goto(address)
        assert response is not None and response.status == 503
        assert f"got '{PAYLOAD}'" in (page.text_content("ul") or "")
        assert page.locator("img").count() == 0
        page.wait_for_timeout(300)  # the event stream connects; the overlay shows too
        assert page.locator("#sitegen-overlay img").count() == 0
        source.write_text("---\ntitle: Ale\ndate: 2016-01-20\n---\nText.\n", encoding="utf-8")
        page.wait_for_selector("h1", timeout=10_000)  # the fixed build replaces the page
        assert dialogs == []
    finally:
        page.close()
        stop()
        server.shutdown()
        server.server_close()
        state.close()


@pytest.mark.browser
def test_warnings_show_in_a_panel_that_leaves_the_page_usable(preview, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    """A save that builds with warnings (here `fotograf:` for `photographer:`: the credit
    would silently vanish) shows them at the foot of the page, which stays the new one; the
    panel can be closed, and a save without warnings leaves none."""
    source, original, page = open_ale(preview, browser)
    page.evaluate("window.before = true")  # gone once the tab reloads
    source.write_text(original.replace("photographer:", "fotograf:"), "utf-8")
    page.wait_for_selector("#sitegen-warnings", timeout=10_000)
    panel = page.text_content("#sitegen-warnings") or ""
    assert "1 varning" in panel and f"{ALE}:7:1: " in panel and "did you mean 'photographer'?" in panel
    assert page.locator("#sitegen-overlay").count() == 0
    assert page.evaluate("window.before") is None  # the new build's page, not the old one
    # Room below the page: the footer and a focused link are never under the panel.
    room = page.evaluate("[document.body.style.paddingBottom, document.getElementById('sitegen-warnings').offsetHeight]")
    assert room[0] == f"{room[1]}px"
    page.focus("#sitegen-warnings button")
    page.keyboard.press("Enter")
    assert page.locator("#sitegen-warnings").count() == 0
    assert page.evaluate("document.activeElement.tagName") == "MAIN"  # not lost on <body>
    # A save that leaves the same warnings keeps the panel closed.
    page.evaluate("window.before = true")
    source.write_text(original.replace("photographer:", "fotograf:").replace("Ale kommuns", "Ale kommuns "), "utf-8")
    page.wait_for_function("window.before === undefined", timeout=10_000)
    page.wait_for_timeout(300)
    assert page.locator("#sitegen-warnings").count() == 0
    page.evaluate("window.before = true")
    source.write_text(original, "utf-8")
    page.wait_for_function("window.before === undefined", timeout=10_000)
    page.wait_for_timeout(300)  # the event stream connects and tells the new state
    assert page.locator("#sitegen-warnings").count() == 0
    page.close()
