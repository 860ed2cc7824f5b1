"""One page of a list shown a page at a time: which items, and how many pages there are."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    # how many items the whole list holds
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The place in the whole list of this page's first item (1-based)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1


def page_of(items: Sequence[T], page: int, per_page: int) -> Paged[T]:
    """Page ``page`` (from 1) of a list already in its order; past the end: no items."""
    start = (page - 1) * per_page
    return Paged(list(items[start : start + per_page]), len(items), page, per_page)
