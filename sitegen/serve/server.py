"""Serve stage: a preview server that rebuilds on save and reloads every open tab.

Builds alternate between two folders and a request reads whichever finished last, so a
half-written site is never served; a failed or crashed rebuild keeps the last good site up
and shows its errors over the page, and the watcher goes on rebuilding on later saves.
`handler.py` is the HTTP side: it answers requests and adds the reload script to
responses, never to built files.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Protocol

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from sitegen.content.files import hidden
from sitegen.errors import BuildError, Problem
from sitegen.incremental.cache import Cache, output_name
from sitegen.output.write import mirror
from sitegen.serve.handler import EVENTS_PATH, IDLE_TIMEOUT, inject, make_handler

__all__ = [
    "EVENTS_PATH",
    "Preview",
    "State",
    "inject",
    "make_handler",
    "make_server",
    "primer",
    "watch",
]
WATCHED = ("content", "layouts", "assets", "archetypes", "config.yaml")
_LINGER = 1.0  # seconds a closing connection's late bytes are read for, at most
_MAX_LINGER_BYTES = 1 << 20
_QUIET_PERIOD = 0.05  # seconds without saves before a rebuild starts
_PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # crash locations read sitegen/...


class Built(Protocol):
    """What a build tells the preview (a `BuildReport` does)."""

    @property
    def moved(self) -> Mapping[str, str]: ...
    @property
    def warnings(self) -> Sequence[Problem]: ...


@dataclass
class State:
    """What the browser tabs are told: the live build's number and the current problems."""

    live: Path | None = None
    build: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: int = 0  # bumped on every rebuild, good or bad, to wake the event streams
    moved: dict[str, str] = field(default_factory=dict)  # article URLs changed while serving
    warnings: list[Problem] = field(default_factory=list)  # the live build's


class Preview:
    """Owns the two build folders and the state; `rebuild()` runs one build into the spare one."""

    def __init__(
        self,
        build: Callable[[Path], Built | Mapping[str, str] | None] | None = None,
        prime: Callable[[Path, Path], None] | None = None,
    ) -> None:
        """`build(target)` builds into `target` and returns what it did (`Built`: the article
        URLs it changed, old → new, which the server then redirects, and its warnings), or
        just those URLs. `prime(live, spare)`, if given, fills the
        spare folder after the first good build, so the first rebuild need not write the
        whole site again."""
        self._build = build or (lambda target: None)
        self._prime = prime
        self._folder = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        self._slots = [self._folder / "a", self._folder / "b"]
        self.state = State()
        self.changed = threading.Condition()
        self._building = threading.Lock()
        self._closed = False

    def set_builder(self, build: Callable[[Path], Built | Mapping[str, str] | None]) -> None:
        """Use `build(target)` for the builds from now on."""
        self._build = build

    def rebuild(self) -> list[Problem]:
        """Build into the spare folder; if that succeeds, it becomes the live one. Returns the
        problems, a crash included (it never raises). After `close()`, does nothing."""
        with self._building:
            if self._closed:
                return []
            target = self._slots[1] if self.state.live == self._slots[0] else self._slots[0]
            moved: Mapping[str, str] = {}
            warnings: list[Problem] = []
            try:
                built = self._build(target) or {}
                if isinstance(built, Mapping):
                    moved = built
                else:
                    moved, warnings = built.moved, list(built.warnings)
            except BuildError as exc:
                problems = exc.problems
            except Exception as exc:  # noqa: BLE001 (the server must outlive any one build)
                problems = [crash_problem("build", exc)]
                # A crash may stop a build halfway through its folder, which is not the live
                # one: remove it, and the next build into it writes everything afresh.
                shutil.rmtree(target, ignore_errors=True)
            else:
                problems = []
                spare = self._slots[1] if target == self._slots[0] else self._slots[0]
                if self._prime is not None and not spare.exists():
                    try:
                        self._prime(target, spare)
                    except Exception:  # noqa: BLE001 (only a head start for the next build)
                        shutil.rmtree(spare, ignore_errors=True)  # the next build fills it
            with self.changed:
                if not problems:
                    self.state.live, self.state.build = target, self.state.build + 1
                    self.state.warnings = warnings
                    self._follow(moved)
                self.state.problems = problems
                self.state.changes += 1
                self.changed.notify_all()
            return problems

    def _follow(self, moved: Mapping[str, str]) -> None:
        """Remember where moved articles went, so an open tab's reload finds them: earlier
        addresses of an article lead to its newest, and an address in use again is no
        longer redirected."""
        redirects = self.state.moved
        for old, new in moved.items():
            for earlier, target in list(redirects.items()):
                if target == old:
                    redirects[earlier] = new
            redirects[old] = new
        for address in moved.values():
            redirects.pop(address, None)

    def wait_for_change(self, seen: int, timeout: float) -> State:
        """The state once its change counter differs from `seen`, or after `timeout`."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.changes != seen, timeout=timeout)
        return self.snapshot()

    def snapshot(self) -> State:
        """A copy of the state, consistent with itself, for one request to read."""
        with self.changed:
            return State(self.state.live, self.state.build, list(self.state.problems),
                         self.state.changes, dict(self.state.moved), list(self.state.warnings))  # fmt: skip

    def close(self, wait: float = 60) -> None:
        """Remove the build folders, once a build in progress (up to `wait` seconds) ends:
        removed under it, it would write some of them back."""
        acquired = self._building.acquire(timeout=wait)
        try:
            self._closed = True
            shutil.rmtree(self._folder, ignore_errors=True)
        finally:
            if acquired:
                self._building.release()


def crash_problem(what: str, exc: BaseException) -> Problem:
    """An unexpected exception as a problem for the overlay: its type, message and the line
    of code it came from, e.g. `build crashed: OSError: [Errno 28] No space left on device
    (sitegen/output/write.py:80)`."""
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        file = Path(frames[-1].filename)
        with contextlib.suppress(ValueError):
            file = file.relative_to(_PACKAGE_PARENT)
        where = f" ({file.as_posix()}:{frames[-1].lineno})"
    return Problem(
        "sitegen", None, None, None, f"{what} crashed: {type(exc).__name__}: {exc}{where}"
    )


class _Watcher(FileSystemEventHandler):
    """Marks the site dirty on saves under the watched folders; a thread rebuilds when quiet."""

    def __init__(
        self, root: Path, dirty: threading.Event, on_new_folder: Callable[[Path], None]
    ) -> None:
        self.root = root.resolve()
        self.dirty = dirty
        self.on_new_folder = on_new_folder

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if isinstance(event, DirCreatedEvent) and Path(str(event.src_path)).parent == self.root:
            self.on_new_folder(Path(str(event.src_path)))  # e.g. layouts/ made while serving
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(self._relevant(str(p)) for p in paths if p):
            self.dirty.set()

    def _relevant(self, path: str) -> bool:
        try:
            relative = Path(path).resolve().relative_to(self.root)
        except ValueError:
            return False
        parts = relative.parts
        name = relative.name
        if not parts or parts[0] not in WATCHED or hidden(name) or name.startswith("#"):
            return False
        return not name.endswith(("~", ".swp", ".swx", ".tmp"))


def watch(
    root: Path, preview: Preview, on_result: Callable[[list[Problem], float], None]
) -> Callable[[], None]:
    """Start watching; returns a function that stops the watcher and the rebuild thread."""
    dirty, stopping = threading.Event(), threading.Event()
    observer = Observer()
    root = root.resolve()
    # Only the watched folders, never the output or the cache, and only writes: every build
    # opens every source, and open/close events would flood the kernel's queue.
    writes = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
              DirCreatedEvent, DirDeletedEvent, DirMovedEvent]  # fmt: skip

    def follow(folder: Path) -> None:
        if folder.name in WATCHED and folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True, event_filter=writes)

    handler = _Watcher(root, dirty, follow)
    observer.schedule(handler, str(root), recursive=False, event_filter=writes)
    for name in WATCHED:
        follow(root / name)
    observer.start()

    def loop() -> None:
        while not stopping.is_set():
            if not dirty.wait(timeout=0.5):
                continue
            while dirty.is_set():  # let a burst of saves settle
                dirty.clear()
                time.sleep(_QUIET_PERIOD)
            started = time.perf_counter()
            problems = preview.rebuild()  # never raises: a crash becomes a problem
            # Reporting must not stop the rebuilding either (a closed terminal, a bug).
            with contextlib.suppress(Exception):
                on_result(problems, time.perf_counter() - started)

    thread = threading.Thread(target=loop, name="sitegen-rebuild", daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        observer.stop()
        observer.join(timeout=2)
        thread.join(timeout=2)

    return stop


def primer(cache: Cache, root: Path) -> Callable[[Path, Path], None]:
    """`prime` for a Preview whose builds of the site at `root` share `cache`: the spare
    folder gets hard links to the live one's files, and the cache knows them, so the next
    build writes only changes."""

    def prime(live: Path, spare: Path) -> None:
        built = cache.outputs.get(output_name(live, root))
        if built is not None:
            cache.set_outputs(output_name(spare, root), mirror(live, spare, built))

    return prime


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    # The listen backlog (the stdlib's is 5): connections that arrive together, as a page's
    # assets or a load test's do, wait to be accepted instead of being dropped or reset.
    request_queue_size = 1024

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        """Close gently: send our end's FIN, then read what the client still sends (the
        rest of a refused request) for up to a second. Closing with unread bytes would
        reset the connection, and a reset can lose the reply before the client reads it."""
        with contextlib.suppress(OSError):
            request.shutdown(socket.SHUT_WR)
            request.settimeout(_LINGER)
            deadline, left = time.monotonic() + _LINGER, _MAX_LINGER_BYTES
            while left > 0 and time.monotonic() < deadline and (data := request.recv(65536)):
                left -= len(data)
        self.close_request(request)


def make_server(
    host: str, port: int, preview: Preview, *, idle_timeout: float = IDLE_TIMEOUT
) -> ThreadingHTTPServer:
    """A server on `host:port` showing `preview`, a thread per connection; a connection
    without a request for `idle_timeout` seconds is closed."""
    return _Server((host, port), make_handler(preview, idle_timeout))
