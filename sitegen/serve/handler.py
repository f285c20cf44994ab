"""Serve stage, HTTP side: answers GET and HEAD from the live build folder.

Every request gets a whole HTTP response, whatever it holds: a bad or oversized address a
400 or 414, another method a 405, a name the file system refuses a 404. Nothing the client
sent reaches a header unencoded, and every bit of text put into a page is escaped.
Connections are kept alive (HTTP/1.1) and closed after `idle_timeout` seconds of silence.
"""

from __future__ import annotations

import contextlib
import html
import json
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:  # the server module imports this one
    from sitegen.serve.server import Preview, State

EVENTS_PATH = "/__sitegen/events"
ALLOWED = "GET, HEAD"
IDLE_TIMEOUT = 30.0  # seconds a connection may sit without sending a request
MAX_TARGET = 8192  # longest request target answered; longer ones get 414, as nginx does
MAX_DISCARDED = 1 << 20  # a refused request's body up to this size is read and dropped
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # never part of a path on disk or in a header
_RELOAD_SCRIPT = (Path(__file__).parent / "reload.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Reply:
    """What to answer one GET: a status and a body, or a redirect to `location`."""

    status: HTTPStatus
    body: bytes = b""
    kind: str = "text/html"
    location: str | None = None


def lookup(state: State, path: str) -> Reply:
    """The reply to a GET of the decoded `path` (which starts with `/` and holds no control
    characters) from the live build. Raises OSError if the file system refuses the path."""
    live = state.live
    if live is None:
        return Reply(HTTPStatus.SERVICE_UNAVAILABLE, waiting_page(state))
    root = live.resolve()
    target = (live / path.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        return Reply(HTTPStatus.FORBIDDEN, b"Forbidden", "text/plain")
    if target.is_dir() and not path.endswith("/"):
        # To the folder's own address, rebuilt from the disk, never from the request.
        inside = target.relative_to(root).as_posix()
        address = "/" if inside == "." else f"/{inside}/"
        return Reply(HTTPStatus.MOVED_PERMANENTLY, location=quote(address))
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        moved = state.moved.get(path) or state.moved.get(path + "/")
        if moved:
            # An article got a new address while serving (its title changed): the tab
            # that showed it reloads its old address and lands on the new one.
            return Reply(HTTPStatus.TEMPORARY_REDIRECT, location=quote(moved, safe="/%"))
        return not_found(live)
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return Reply(HTTPStatus.OK, target.read_bytes(), kind)


def not_found(live: Path | None) -> Reply:
    """The site's own 404 page, or a plain one when it has none."""
    try:
        if live is not None:
            return Reply(HTTPStatus.NOT_FOUND, (live / "404.html").read_bytes())
    except OSError:
        pass
    return Reply(HTTPStatus.NOT_FOUND, b"Not found", "text/plain")


def make_handler(
    preview: Preview, idle_timeout: float = IDLE_TIMEOUT
) -> type[BaseHTTPRequestHandler]:
    """The request handler class for a server showing `preview`'s live build; a connection
    is closed after `idle_timeout` seconds without a request (or without reading)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "sitegen"
        protocol_version = "HTTP/1.1"  # keep-alive: every reply states its length
        timeout = idle_timeout  # set on the socket; the stdlib closes the connection on it

        def handle(self) -> None:
            with contextlib.suppress(ConnectionError):  # the client went away
                super().handle()

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            self._answer(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(head=True)

        def _not_allowed(self) -> None:
            # Read a small body first: unread bytes would make closing reset the connection,
            # which can lose the reply before the client reads it.
            length = self.headers.get("Content-Length", "")
            if length.isdigit() and int(length) <= MAX_DISCARDED:
                with contextlib.suppress(OSError):
                    self.rfile.read(int(length))
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, [("Allow", ALLOWED)])

        do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed
        do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

        def _answer(self, head: bool) -> None:
            if len(self.path) > MAX_TARGET:
                self._error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            try:
                path = unquote(urlsplit(self.path).path or "/", errors="strict")
            except (ValueError, UnicodeDecodeError):  # such as //[ , or %ff
                path = ""
            if not path.startswith("/") or _CONTROL.search(path):
                self._error(HTTPStatus.BAD_REQUEST)
            elif path == EVENTS_PATH and not head:
                self._events()
            else:
                try:
                    reply = self._lookup(path)
                except Exception:
                    self._error(HTTPStatus.INTERNAL_SERVER_ERROR)
                    raise  # a bug: the stdlib prints its traceback
                self._reply(reply, head)

        def _lookup(self, path: str) -> Reply:
            for attempt in range(3):
                state = preview.snapshot()
                try:
                    reply = lookup(state, path)
                except FileNotFoundError:
                    if attempt < 2:
                        continue  # a rebuild removed it as it was read: look in the new build
                    reply = not_found(state.live)
                except OSError:  # a name too long for the file system, and the like
                    reply = not_found(state.live)
                break
            if reply.kind == "text/html" and reply.location is None:
                return replace(reply, body=inject(reply.body, state.build))
            return reply

        def _reply(self, reply: Reply, head: bool) -> None:
            self.send_response(reply.status)
            if reply.location is not None:
                self.send_header("Location", reply.location)
            if reply.body or reply.location is None:
                kind = reply.kind
                text = kind.startswith("text/")
                self.send_header("Content-Type", f"{kind}; charset=utf-8" if text else kind)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(reply.body)

        def _error(self, status: HTTPStatus, headers: Sequence[tuple[str, str]] = ()) -> None:
            """A short page naming the status, and the connection closed: a refused request
            may hold more than was read (a body, what follows a bad line)."""
            body = error_page(status)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            """The stdlib's errors (a broken request line, too many headers): its reason
            phrase would quote the request, so it goes into the escaped body instead."""
            super().send_error(code, None, message)

        def send_header(self, keyword: str, value: str) -> None:
            if _CONTROL.search(keyword) or _CONTROL.search(value):
                raise ValueError(f"control character in the {keyword} header")  # a bug
            super().send_header(keyword, value)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")  # the stream ends when the tab does
            self.end_headers()
            seen = -1
            with contextlib.suppress(OSError):  # gone, or stopped reading for `timeout`
                while True:
                    state = preview.wait_for_change(seen, timeout=10)
                    if state.changes == seen:
                        self.wfile.write(b": still here\n\n")
                    else:
                        seen = state.changes
                        self.wfile.write(b"event: state\ndata: " + _state_json(state) + b"\n\n")
                    self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the terminal is for build results, not request logs

    return Handler


def inject(html_bytes: bytes, build: int) -> bytes:
    """Add the reload script just before </body> (or at the end)."""
    script = f"<script>{_RELOAD_SCRIPT.replace('__BUILD__', str(build))}</script>".encode()
    at = html_bytes.rfind(b"</body>")
    return html_bytes + script if at < 0 else html_bytes[:at] + script + html_bytes[at:]


def waiting_page(state: State) -> bytes:
    """What is served until the first build succeeds: its problems, escaped, or 'Bygger …'."""
    lines = "".join(f"<li>{html.escape(str(p))}</li>" for p in state.problems)
    return (
        "<!doctype html><html lang=sv><meta charset=utf-8><title>sitegen</title>"
        f"<body><ul>{lines or '<li>Bygger …</li>'}</ul></body></html>"
    ).encode()


def error_page(status: HTTPStatus) -> bytes:
    """A page naming the status, and nothing of the request."""
    title = f"{status.value} {status.phrase}"
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title>"
        f"<h1>{title}</h1></html>"
    ).encode()


def _state_json(state: State) -> bytes:
    problems = [{"location": p.location, "message": p.text} for p in state.problems]
    warnings = [{"location": p.location, "message": p.text} for p in state.warnings]
    return json.dumps({"build": state.build, "problems": problems, "warnings": warnings},
                      ensure_ascii=False).encode()  # fmt: skip
