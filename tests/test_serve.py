"""The preview server over a real socket: edits reload, broken saves show errors, fixes recover."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, article

from sitegen.build import BuildOptions, BuildReport, build
from sitegen.errors import Problem
from sitegen.incremental.cache import CACHE_DIR, Cache
from sitegen.incremental.pages import Memo
from sitegen.serve.handler import lookup
from sitegen.serve.server import Preview, State, inject, make_server, primer, watch


class Events:
    """Reads `state` events from the server's event stream."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.connection.request("GET", "/__sitegen/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_state(self) -> dict[str, object]:
        while True:
            line = self.response.readline().decode()
            if line.startswith("data: "):
                return json.loads(line[6:])  # type: ignore[no-any-return]

    def close(self) -> None:
        self.connection.close()


@contextlib.contextmanager
def serving(
    root: Path,
    faults: list[BaseException] | None = None,
    on_result: Callable[[list[Problem], float], None] = lambda problems, elapsed: None,
    prime: Callable[[Path, Path], None] | None = None,
    **server_options: Any,
) -> Iterator[tuple[int, Preview]]:
    """`sitegen serve` on `root` in this process, on a free port; a build first raises each
    of `faults` in turn (taken off the list), then builds for real."""
    memo = Memo(Cache.open(root / CACHE_DIR, in_memory=True))  # as `sitegen serve` does
    preview = Preview(prime=prime or primer(memo.cache, root))
    server = make_server("127.0.0.1", 0, preview, **server_options)
    port = server.server_address[1]

    def builder(target: Path) -> BuildReport:
        if faults:
            raise faults.pop(0)
        return build(BuildOptions(
            root=root, now=NOW, output=target, base_url=f"http://127.0.0.1:{port}/",
            drafts=True, future=True, memo=memo, verify_output=False))  # fmt: skip

    preview.set_builder(builder)
    preview.rebuild()
    stop = watch(root, preview, on_result)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield port, preview
    finally:
        stop()
        server.shutdown()
        server.server_close()
        preview.close()


@pytest.fixture
def served(make_site) -> Iterator[tuple[Path, int, Preview]]:  # type: ignore[no-untyped-def]
    root = make_site({"2016/ale.md": article("Ale", body="Första versionen."),
                      "2016/utkast.md": article("Utkast", draft="true")})  # fmt: skip
    with serving(root) as (port, preview):
        assert preview.snapshot().problems == []
        yield root, port, preview


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode()


def test_edit_reloads_break_shows_errors_fix_recovers(served) -> None:  # type: ignore[no-untyped-def]
    root, port, _ = served
    status, page = get(port, "/2016/01/ale/")
    assert status == 200 and "Första versionen." in page
    assert "/__sitegen/events" in page  # the reload script is injected when serving
    events = Events(port)
    first = events.next_state()
    assert first["problems"] == []

    source = root / "content" / "2016" / "ale.md"
    source.write_text(article("Ale", body="Andra versionen."), encoding="utf-8")
    state = events.next_state()
    assert state["problems"] == [] and state["build"] != first["build"]
    assert "Andra versionen." in get(port, "/2016/01/ale/")[1]

    source.write_text("---\ntitle: Ale\ndate: 2016-13-45\n---\nTrasig.\n", encoding="utf-8")
    broken = events.next_state()
    assert broken["problems"] == [
        {
            "location": "content/2016/ale.md:3:1",
            "message": "date: '2016-13-45' is not a real date: there is no month 13 "
            "(dates are written year-month-day)",
        }
    ]
    assert "Andra versionen." in get(port, "/2016/01/ale/")[1]  # the last good site stays up

    source.write_text(article("Ale", body="Lagad."), encoding="utf-8")
    fixed = events.next_state()
    assert fixed["problems"] == []
    assert "Lagad." in get(port, "/2016/01/ale/")[1]
    events.close()


def test_drafts_are_shown_marked_and_missing_pages_get_the_404(served) -> None:  # type: ignore[no-untyped-def]
    _, port, _ = served
    status, page = get(port, "/2016/01/utkast/")
    assert status == 200 and "Utkast" in page and 'class="flag"' in page
    status, page = get(port, "/finns-inte/")
    assert status == 404 and "Sidan finns inte" in page


def test_directories_redirect_and_nothing_outside_is_served(served) -> None:  # type: ignore[no-untyped-def]
    _, port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/etikett")
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/etikett/"
    assert get(port, "/../../etc/passwd")[0] in (403, 404)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(b"GET http://[ HTTP/1.0\r\n\r\n")  # an absolute address that is not one
        assert raw.recv(100).startswith(b"HTTP/1.1 400")


def test_a_burst_of_saves_gives_one_rebuild(served) -> None:  # type: ignore[no-untyped-def]
    root, port, preview = served
    before = preview.snapshot().changes
    source = root / "content" / "2016" / "ale.md"
    for i in range(5):
        source.write_text(article("Ale", body=f"Version {i}."), encoding="utf-8")
    deadline = time.monotonic() + 5
    while "Version 4." not in get(port, "/2016/01/ale/")[1]:
        assert time.monotonic() < deadline, "the last save never showed"
        time.sleep(0.05)
    assert preview.snapshot().changes - before <= 2


def test_built_files_have_no_reload_script(tmp_path: Path, make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert "__sitegen" not in (tmp_path / "out" / "index.html").read_text()


def test_inject_puts_the_script_before_body_end() -> None:
    html = inject(b"<html><body><p>x</p></body></html>", 7)
    assert html.endswith(b"</script></body></html>") and b'var built = "7"' in html


def test_a_layouts_folder_made_while_serving_is_watched(served) -> None:  # type: ignore[no-untyped-def]
    root, port, _ = served
    layouts = root / "layouts"
    layouts.mkdir()
    time.sleep(0.3)  # the watcher picks up the new folder
    (layouts / "404.html").write_text("<p>egen 404</p>", encoding="utf-8")
    deadline = time.monotonic() + 5
    while "egen 404" not in get(port, "/finns-inte/")[1]:
        assert time.monotonic() < deadline, "the new layout was never used"
        time.sleep(0.05)


def test_reading_the_output_or_cache_does_not_rebuild(served) -> None:  # type: ignore[no-untyped-def]
    root, port, preview = served
    time.sleep(0.3)
    before = preview.snapshot().changes
    (root / "public").mkdir()
    (root / "public" / "x.html").write_text("x")
    (root / ".sitegen-cache").mkdir(exist_ok=True)
    (root / ".sitegen-cache" / "y").write_text("y")
    for path in (root / "content").rglob("*.md"):
        path.read_bytes()
    time.sleep(0.5)
    assert preview.snapshot().changes == before


@pytest.mark.parametrize(("home", "shown"), [(None, "/"), ("/start/", "/start/"), ("/börja/", "/b%C3%B6rja/")])
def test_ctrl_c_stops_the_server_cleanly(make_site, home: str | None, shown: str) -> None:  # type: ignore[no-untyped-def]
    """And the address it tells is the home page's: found by a helper session, with
    `permalinks: {home: /start/}` it told the server's root, a 404."""
    import signal
    import socket
    import subprocess
    import sys

    config = "title: Test\n" + (f"permalinks: {{home: {home}}}\n" if home else "")
    root = make_site({"a.md": article("Ale", fotograf="Ann Öberg")}, config=config)  # a warning, told in the terminal
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", "from sitegen.cli import main; main()", "serve",
         "--root", str(root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while True:
        try:
            if get(port, shown)[0] == 200:
                break
        except OSError:
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.1)
    server.send_signal(signal.SIGINT)
    output, _ = server.communicate(timeout=10)
    assert server.returncode == 0
    assert "Stopping." in output and "Traceback" not in output
    assert "content/a.md:4:1: warning: " in output and "did you mean 'photographer'?" in output
    assert f" at http://127.0.0.1:{port}{shown} (drafts and future articles shown)" in output


def test_an_edit_rewrites_only_what_changed_in_either_build_folder(served) -> None:  # type: ignore[no-untyped-def]
    """The spare folder starts as hard links to the first build, so the first edit after
    starting writes a few files, not the whole site again."""
    root, port, preview = served
    first = preview.snapshot().live
    untouched = (first / "404.html").stat().st_ino
    events = Events(port)
    build = events.next_state()["build"]
    (root / "content/2016/ale.md").write_text(article("Ale", body="Andra versionen."))
    while events.next_state()["build"] == build:
        pass
    events.close()
    live = preview.snapshot().live
    assert live != first
    assert (live / "404.html").stat().st_ino == untouched  # the same file, not written again
    assert "Andra versionen." in (live / "2016/01/ale/index.html").read_text(encoding="utf-8")


def test_an_article_whose_title_changed_is_found_at_its_old_address(served) -> None:  # type: ignore[no-untyped-def]
    """Its slug, and so its URL, follows the title: the open tab reloads the old address and
    is sent on to the new one, through every rename while serving."""
    root, port, _ = served
    events = Events(port)
    build = events.next_state()["build"]
    for title in ("Ale kommun", "Ale kommun söker"):
        (root / "content/2016/ale.md").write_text(article(title, body="Första versionen."))
        while (state := events.next_state())["build"] == build:
            pass
        build = state["build"]
    events.close()
    for old in ("/2016/01/ale/", "/2016/01/ale-kommun/", "/2016/01/ale-kommun"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", old)
        response = connection.getresponse()
        assert response.status == 307, old
        assert response.getheader("Location") == "/2016/01/ale-kommun-soker/"
    assert get(port, "/2016/01/ale-kommun-soker/")[0] == 200
    assert get(port, "/2016/01/finns-inte/")[0] == 404


def test_redirects_follow_renames_and_end_when_an_address_is_used_again(tmp_path: Path) -> None:
    renames = iter([{}, {"/a/": "/b/"}, {"/b/": "/c/"}, {"/c/": "/a/"}])
    preview = Preview(lambda target: (target.mkdir(exist_ok=True), next(renames))[1])
    seen = []
    for _ in range(4):
        assert preview.rebuild() == []
        seen.append(preview.snapshot().moved)
    preview.close()
    assert seen == [{}, {"/a/": "/b/"}, {"/a/": "/c/", "/b/": "/c/"}, {"/b/": "/a/", "/c/": "/a/"}]


def save_until(root: Path, events: Events, text: str) -> dict[str, object]:
    """Save Ale with `text` as its body; the state event of the rebuild that follows."""
    (root / "content/2016/ale.md").write_text(article("Ale", body=text), encoding="utf-8")
    return events.next_state()


def test_a_crashing_rebuild_shows_in_the_overlay_and_later_saves_rebuild(make_site) -> None:  # type: ignore[no-untyped-def]
    """Not a BuildError but an OSError or a bug: the overlay says what crashed and where,
    the last good site stays up, and the next save rebuilds as usual."""
    root = make_site({"2016/ale.md": article("Ale", body="Första versionen.")})
    faults: list[BaseException] = []
    reported: list[list[Problem]] = []
    with serving(root, faults, lambda problems, elapsed: reported.append(problems)) as (port, _):
        events = Events(port)
        assert events.next_state()["problems"] == []
        faults += [OSError(28, "No space left on device"), ZeroDivisionError("division by zero")]

        crashed = save_until(root, events, "Andra versionen.")
        [problem] = crashed["problems"]  # type: ignore[misc]
        assert problem["location"] == "sitegen"
        assert re.fullmatch(r"build crashed: OSError: \[Errno 28\] No space left on device "
                            r"\(tests/test_serve\.py:\d+\)", problem["message"])  # fmt: skip
        status, page = get(port, "/2016/01/ale/")
        assert status == 200 and "Första versionen." in page  # the last good site stays up

        crashed = save_until(root, events, "Tredje versionen.")
        [problem] = crashed["problems"]  # type: ignore[misc]
        assert re.fullmatch(r"build crashed: ZeroDivisionError: division by zero "
                            r"\(tests/test_serve\.py:\d+\)", problem["message"])  # fmt: skip
        assert "Första versionen." in get(port, "/2016/01/ale/")[1]

        fixed = save_until(root, events, "Fjärde versionen.")
        assert fixed["problems"] == [] and fixed["build"] != crashed["build"]
        assert "Fjärde versionen." in get(port, "/2016/01/ale/")[1]
        events.close()
    assert [len(problems) for problems in reported] == [1, 1, 0]


def test_a_failing_report_or_head_start_does_not_stop_the_rebuilding(make_site) -> None:  # type: ignore[no-untyped-def]
    """The callback that prints results, and the hard-linking of the spare folder, may fail
    too (a closed terminal, a full disk): the watcher goes on rebuilding on every save."""
    root = make_site({"2016/ale.md": article("Ale", body="Första versionen.")})

    def report(problems: list[Problem], elapsed: float) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def prime(live: Path, spare: Path) -> None:
        raise OSError(18, "Invalid cross-device link")

    with serving(root, on_result=report, prime=prime) as (port, _):
        events = Events(port)
        build_number = events.next_state()["build"]
        for text in ("Andra versionen.", "Tredje versionen."):
            state = save_until(root, events, text)
            assert state["problems"] == [] and state["build"] != build_number
            build_number = state["build"]
            assert text in get(port, "/2016/01/ale/")[1]
        events.close()


PAYLOAD = "<img src=x onerror=alert(1)>"


def test_the_waiting_page_shows_the_first_builds_errors_escaped(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"2016/ale.md": article("Ale", date=f'"{PAYLOAD}"')})
    with serving(root) as (port, _):
        status, page = get(port, "/")
    assert status == 503
    assert (
        "<li>content/2016/ale.md:3:1: date: expected a date written year-month-day, like "
        "2016-01-20 (or with a time: 2016-01-20T09:30:00+01:00), got "
        "&#x27;&lt;img src=x onerror=alert(1)&gt;&#x27;</li>"
    ) in page
    assert "<img" not in page


def test_the_event_stream_carries_error_text_as_data_for_the_overlay(make_site) -> None:  # type: ignore[no-untyped-def]
    """The overlay sets it as text (reload.js: textContent), and the stream's framing holds
    whatever the text is: line breaks in it cannot start an event of their own."""
    root = make_site({"2016/ale.md": article("Ale")})
    forged = f'{PAYLOAD}\n\nevent: state\ndata: {{"build": 99, "problems": []}}\n\n'
    faults: list[BaseException] = []
    with serving(root, faults) as (port, _):
        events = Events(port)
        first = events.next_state()
        faults.append(OSError(5, forged))
        (root / "content/2016/ale.md").write_text(article("Ale", body="Ny."), encoding="utf-8")
        crashed = events.next_state()
        events.close()
    [problem] = crashed["problems"]  # type: ignore[misc]
    assert problem["message"].startswith(f"build crashed: OSError: [Errno 5] {forged} (")
    assert crashed["build"] == first["build"]  # not the forged 99
    assert "item.textContent = problem.location" in inject(b"", 1).decode()


def test_the_event_stream_carries_the_live_builds_warnings(make_site) -> None:  # type: ignore[no-untyped-def]
    """A build that succeeds with warnings (a photo not found, a misspelt field) tells the
    open tabs, which show them in a panel; a save that fixes them tells that too."""
    root = make_site({"2016/ale.md": article("Ale", fotograf="Ann Öberg")})
    with serving(root) as (port, _):
        events = Events(port)
        first = events.next_state()
        (root / "content/2016/ale.md").write_text(article("Ale", photographer="Ann Öberg"), encoding="utf-8")
        fixed = events.next_state()
        events.close()
    [warning] = first["warnings"]  # type: ignore[misc]
    assert warning["location"] == "content/2016/ale.md:4:1" and "did you mean 'photographer'?" in warning["message"]
    assert fixed["warnings"] == [] and fixed["build"] == first["build"] + 1  # type: ignore[operator]


def response_to(port: int, request: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send raw bytes; the status, the header lines as sent and the whole body (by its
    Content-Length). Fails if a header line is malformed or the connection drops early."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(request)
        reader = raw.makefile("rb")
        status_line = reader.readline()
        assert re.fullmatch(rb"HTTP/1\.1 (\d{3}) [ -~]+\r\n", status_line), status_line
        headers = []
        while (line := reader.readline()) != b"\r\n":
            match = re.fullmatch(rb"([A-Za-z-]+): ([ -~]*)\r\n", line)
            assert match, line  # no raw CR, LF or other control character in a header
            headers.append((match[1].decode(), match[2].decode()))
        length = int(dict(headers)["Content-Length"])
        body = reader.read(length)
        assert len(body) == length
    return int(status_line[9:12]), headers, body


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/etikett/%0d%0aSet-Cookie:%20pwn=1/..", 400),  # CR LF: never into a header
        ("/etikett%0d%0aSet-Cookie:%20pwn=1", 400),
        ("/%00", 400),
        ("/%ff", 400),  # not UTF-8
        ("/" + "a" * 300, 404),  # longer than a file name may be
        ("/" + "a" * 300 + "/", 404),
        ("/" + "a/" * 30_000, 414),  # 60 KB: the stdlib reads it, sitegen refuses it
        ("/" + "a" * 70_000, 414),  # the stdlib refuses it itself
        ("*", 400),
    ],
)
def test_malformed_requests_get_a_proper_http_error(
    served, capsys, target: str, status: int
) -> None:  # type: ignore[no-untyped-def]
    _, port, _ = served
    code, headers, body = response_to(port, f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert code == status
    assert "Set-Cookie" not in dict(headers)
    assert b"Set-Cookie" not in body and b"<img" not in body
    assert "Traceback" not in capsys.readouterr().err


def test_a_directory_redirect_is_built_from_the_disk_and_percent_encoded(tmp_path: Path) -> None:
    live = tmp_path / "live"
    (live / "etikett" / "barn och unga").mkdir(parents=True)
    (live / "ö").mkdir()
    state = State(live=live, moved={"/gammal/": "/ny/\r\nSet-Cookie: pwn=1"})
    assert lookup(state, "/etikett/barn och unga").location == "/etikett/barn%20och%20unga/"
    assert lookup(state, "/ö").location == "/%C3%B6/"
    assert lookup(state, "/etikett/x/..").location == "/etikett/"
    assert lookup(state, "/gammal/").location == "/ny/%0D%0ASet-Cookie%3A%20pwn%3D1"


@pytest.mark.parametrize("size", [0, 1000, 300_000])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_methods_other_than_get_and_head_get_405_with_allow(served, method: str, size: int) -> None:  # type: ignore[no-untyped-def]
    """With any body: a refused request's body is read, so the reply is never lost to a
    connection reset."""
    _, port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, "/2016/01/ale/", body=b"x" * size)
    response = connection.getresponse()
    assert response.status == 405 and response.reason == "Method Not Allowed"
    assert response.getheader("Allow") == "GET, HEAD"
    assert b"405 Method Not Allowed" in response.read()
    connection.close()


def test_head_answers_the_headers_of_get_without_the_body(served) -> None:  # type: ignore[no-untyped-def]
    _, port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/2016/01/ale/")
    length = len(connection.getresponse().read())
    connection.request("HEAD", "/2016/01/ale/")  # the same connection: kept alive
    response = connection.getresponse()
    assert response.status == 200 and int(response.getheader("Content-Length")) == length
    assert response.read() == b""
    connection.close()


def test_idle_connections_are_closed_after_the_timeout(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"2016/ale.md": article("Ale")})
    with serving(root, idle_timeout=0.5) as (port, _):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(2):  # kept alive between requests
            # Timed from before the request: the server's idle time starts after its answer,
            # so however slowly this side runs, the close cannot come sooner than this.
            started = time.monotonic()
            connection.request("GET", "/2016/01/ale/")
            assert connection.getresponse().read().rstrip().endswith(b"</html>")
        idle = connection.sock
        assert idle.recv(1) == b""  # closed by the server, not by us
        assert 0.45 < time.monotonic() - started < 5
        connection.close()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as silent:
            assert silent.recv(1) == b""  # connected, never asked anything
            assert 0.45 < time.monotonic() - started < 5


def test_sigterm_stops_the_server_and_removes_its_build_folders(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As Ctrl-C does, even with a browser tab's event stream and a kept-alive connection
    still open."""
    import selectors
    import signal
    import subprocess
    import sys

    root = make_site({"2016/ale.md": article("Ale")})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-c", "from sitegen.cli import main; main()", "serve",
         "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )  # fmt: skip
    assert server.stdout is not None
    output = []
    with selectors.DefaultSelector() as selector:
        selector.register(server.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 30
        while not (match := re.search(r"at http://127\.0\.0\.1:(\d+)/", "".join(output))):
            assert time.monotonic() < deadline and selector.select(timeout=1) is not None
            output.append(server.stdout.readline())
            assert output[-1] or server.poll() is None, "".join(output)
    port = int(match[1])
    [folder] = temporary.glob("sitegen-serve-*")
    assert (folder / "a" / "index.html").is_file()
    events = Events(port)
    events.next_state()
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    kept.request("GET", "/")
    assert kept.getresponse().read()

    server.send_signal(signal.SIGTERM)
    rest, _ = server.communicate(timeout=15)
    events.close()
    kept.close()
    assert server.returncode == 0
    assert "Stopping." in rest and "Traceback" not in "".join(output) + rest
    # Jinja's compiled templates are kept there on purpose (`render.CompiledTemplates`).
    assert [p.name for p in temporary.iterdir()] == [f"_jinja2-cache-{os.getuid()}"]


def test_closing_waits_for_a_build_in_progress_so_nothing_is_left_behind() -> None:
    """The rebuild thread may be halfway through a build when the server stops: its
    folders are removed once it ends, not under it (it would write some back)."""
    started = threading.Event()

    def slow(target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        started.set()
        time.sleep(0.5)
        (target / "late.html").write_text("<html></html>")

    preview = Preview(slow)
    folder = preview._folder  # noqa: SLF001 (what close() must remove)
    building = threading.Thread(target=preview.rebuild)
    building.start()
    assert started.wait(5)
    preview.close()
    building.join()
    assert not folder.exists()
    assert preview.rebuild() == [] and not folder.exists()  # closed: no more builds


def test_a_failed_first_build_does_not_claim_a_last_good_site(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: the first build's errors ended with 'still serving the last good
    site' when there was none."""
    import selectors
    import signal
    import subprocess
    import sys

    root = make_site({"2016/ale.md": "---\ntitle: Ale\ndate: 2016-13-45\n---\nText.\n"})
    server = subprocess.Popen(
        [sys.executable, "-c", "from sitegen.cli import main; main()", "serve",
         "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    output: list[str] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(server.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + 30
            while "Serving" not in "".join(output):
                assert time.monotonic() < deadline and selector.select(timeout=1) is not None
                output.append(server.stdout.readline())
                assert output[-1] or server.poll() is None, "".join(output)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    said = "".join(output)
    assert "content/2016/ale.md:3:1: error: date:" in said
    assert "Build failed: 1 error; every page shows them until a save fixes them." in said
    assert "last good site" not in said


def test_the_terminal_is_told_warnings_when_they_change_and_when_they_are_gone(capsys: pytest.CaptureFixture[str]) -> None:
    """Unchanged warnings are not repeated on every save; once fixed, it says so."""
    from sitegen.cli import _WarningsTold

    warning = Problem("content/a.md", 4, 1, "fotograf", "unknown field")
    states = iter([[warning], [warning], [], []])

    class Told:
        def snapshot(self) -> State:
            return State(warnings=next(states))

    told = _WarningsTold(Told())  # type: ignore[arg-type]
    for _ in range(4):
        told.now()
    said = capsys.readouterr()
    assert said.err.count("content/a.md:4:1: warning: fotograf: unknown field") == 1
    assert said.out.count("No warnings now.") == 1


def test_the_first_edit_rebuilds_when_the_home_page_is_not_at_the_root(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: with `permalinks: {home: /start/}` the first save crashed
    the rebuild ("…/b exists and was not built by sitegen"): the head start linked the built
    files into the spare folder but not its .sitegen-built marker, and without one only a
    folder with a root index.html passed."""
    config = "title: Test\npermalinks: {home: /start/}\n"
    root = make_site({"2016/ale.md": article("Ale", body="Första versionen.")}, config=config)
    with serving(root) as (port, preview):
        assert preview.snapshot().problems == []
        events = Events(port)
        build = events.next_state()["build"]
        (root / "content/2016/ale.md").write_text(article("Ale", body="Andra versionen."))
        state = events.next_state()
        events.close()
        assert state["problems"] == [] and state["build"] != build
        assert "Andra versionen." in get(port, "/2016/01/ale/")[1]
        assert get(port, "/start/")[0] == 200
