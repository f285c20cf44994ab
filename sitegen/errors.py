"""Problems found in a site's input, reported like a compiler reports them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One error or warning, tied to the file (and where known, line and column) it came from.

    Problems sort by file, then line, column, field and message; an unknown line or column
    comes before every known one, so any mix of problems can be sorted."""

    path: str
    line: int | None
    column: int | None
    field: str | None
    message: str

    @property
    def location(self) -> str:
        """`path:line:column`, as far as known."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    @property
    def text(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def __str__(self) -> str:
        return f"{self.location}: {self.text}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return _sort_key(self) < _sort_key(other)


def quoted(text: object) -> str:
    """`text` in quotes as a message shows what an editor wrote: as it is, where `repr`
    doubles each '\\' (`bilder\\ale.jpg` is shown 'bilder\\ale.jpg', not
    'bilder\\\\ale.jpg'); in double quotes when it has a "'". A character that would not
    show (a line break, a tab, a control, a no-break or zero-width space) is written as
    `repr` writes it (`\\n`, `\\xa0`, `\\u200b`), so that the editor can find it. A value
    that is not text (a number, a list) is shown as `repr` shows it."""
    if not isinstance(text, str):
        return repr(text)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f'"{text}"' if "'" in text else f"'{text}'"


class BuildError(Exception):
    """The site cannot be built; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = sorted(problems, key=_sort_key)
        self.warnings = [w for w in warnings or [] if w not in problems]  # shown beside them
        count = len(self.problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''}")


def _sort_key(p: Problem) -> tuple[str, int, int, tuple[bool, str], str]:
    """Plain values of one type per place: an unknown line or column (None) is -1."""
    line = -1 if p.line is None else p.line
    column = -1 if p.column is None else p.column
    return (p.path, line, column, (p.field is not None, p.field or ""), p.message)


def unreadable(path: str, exc: OSError, folder: bool = False) -> Problem:
    """The error for a file (or `folder`) of the site, named `path` as messages name it
    (`content/2016/ale.md`), that the operating system refused to read or list (`exc`:
    permissions taken away, a broken disk): what it said, and what to do."""
    what, mode = ("folder cannot be listed", "a+rx") if folder else ("file cannot be read", "a+r")
    return Problem(path, None, None, None,
                   f"the {what} ({exc.strerror or exc}); let the user running sitegen read it "
                   f"(chmod {mode} {path})")  # fmt: skip
