"""Problems found in a site's input, reported like a compiler reports them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning, tied to the file (and where known, line and column) it came from."""

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


class BuildError(Exception):
    """The site cannot be built; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = sorted(problems, key=_sort_key)
        self.warnings = [w for w in warnings or [] if w not in problems]  # shown beside them
        count = len(self.problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''}")


def _sort_key(p: Problem) -> tuple[str, int, int, str]:
    return (p.path, p.line or 0, p.column or 0, p.message)
