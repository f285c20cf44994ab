"""Write stage: files into a fresh directory beside the output, swapped in only when complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class UnsafeOutput(Exception):
    """The output directory would overwrite the site's sources or something not built by us."""


@dataclass
class Staging:
    """A directory being filled; every path is checked to stay inside it."""

    path: Path
    files: int = 0

    def write(self, relative: str, data: bytes) -> None:
        target = self._target(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files += 1

    def copy(self, relative: str, source: Path) -> None:
        target = self._target(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.files += 1

    def _target(self, relative: str) -> Path:
        target = (self.path / relative).resolve()
        if not target.is_relative_to(self.path.resolve()) or target == self.path.resolve():
            raise UnsafeOutput(f"refusing to write {relative!r} outside the output directory")
        return target


def check_output(output: Path, sources: Iterable[Path]) -> None:
    """Refuse an output directory that holds the site, or an existing folder we did not build."""
    resolved = output.resolve()
    for source in sources:
        source = source.resolve()
        if resolved == source or source.is_relative_to(resolved) or resolved.is_relative_to(source):
            raise UnsafeOutput(f"output directory {output} overlaps the site's {source.name}/")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / "index.html").exists():
        raise UnsafeOutput(f"{output} exists and does not look like a built site "
                           "(no index.html); remove it or choose another output directory")  # fmt: skip


@contextmanager
def staged(output: Path) -> Iterator[Staging]:
    """Yield a staging directory; on success it replaces `output`, on failure it is removed."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        yield Staging(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        os.replace(output, old / output.name)
    os.replace(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def files_under(folder: Path, skip_suffix: str | None = None) -> Iterator[tuple[str, Path]]:
    """(relative path, file) for every visible file below `folder`, in a stable order."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(p.startswith(".") for p in relative.parts):
            if skip_suffix is None or path.suffix != skip_suffix:
                yield relative.as_posix(), path
