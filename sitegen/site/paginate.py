"""Paginate stage: split a list into pages, as plain data computed before anything renders."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sitegen.urls import DEFAULT_PERMALINKS, paged

T = TypeVar("T")


@dataclass(frozen=True)
class Pager(Generic[T]):
    number: int  # 1-based
    items: tuple[T, ...]
    urls: tuple[str, ...]  # every page's URL; urls[0] is the archive's root

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def newer_url(self) -> str | None:
        """The page before this one (newer articles): `rel="prev"`."""
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def older_url(self) -> str | None:
        """The page after this one (older articles): `rel="next"`."""
        return self.urls[self.number] if self.number < self.count else None

    def url_of(self, number: int) -> str:
        """The address of page `number` (1-based); ValueError for a number outside 1…count,
        which Python's indexing would otherwise read from the end (0 → the last page)."""
        if not isinstance(number, int) or not 1 <= number <= self.count:
            raise ValueError(f"url_of({number!r}): the pages are numbered 1 to {self.count}")
        return self.urls[number - 1]

    def iter_pages(self, edge: int = 1, around: int = 2) -> Iterator[int | None]:
        """Page numbers to link to, with None for each gap: 1 … 4 5 [6] 7 8 … 20."""
        count = self.count
        shown = {*range(1, edge + 1), *range(count - edge + 1, count + 1),
                 *range(self.number - around, self.number + around + 1)}  # fmt: skip
        last = 0
        for n in sorted(n for n in shown if 1 <= n <= count):  # not every page: O(1) a pager
            if n != last + 1:
                yield None
            yield n
            last = n


def paginate(
    items: Sequence[T], per_page: int, root_url: str, page_pattern: str = DEFAULT_PERMALINKS["page"]
) -> list[Pager[T]]:
    """Pages of `per_page` items; an empty list still gets one (empty) page."""
    count = max(1, math.ceil(len(items) / per_page))
    urls = tuple(paged(root_url, n, page_pattern) for n in range(1, count + 1))
    return [
        Pager(n, tuple(items[(n - 1) * per_page : n * per_page]), urls) for n in range(1, count + 1)
    ]
