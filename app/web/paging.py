"""GOV.UK pagination links for a list shown a page at a time."""

from collections.abc import Callable
from typing import Any

# page numbers shown either side of the current one before an ellipsis
_AROUND = 1


def pagination(
    page: int, pages: int, href: Callable[[int], str], label: str
) -> dict[str, Any] | None:
    """The ``govukPagination`` parameters: previous, numbers (with ellipses), next.

    None when everything fits on the one page asked for. ``href`` gives a page's
    address, keeping whatever filters the list has.
    """
    if pages == 1 and page == 1:
        return None
    items: list[dict[str, Any]] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= _AROUND:
            items.append({"number": number, "href": href(number), "current": number == page})
        elif items and not items[-1].get("ellipsis"):
            items.append({"ellipsis": True})
    shown: dict[str, Any] = {"items": items, "landmarkLabel": label}
    if page > 1:
        shown["previous"] = {"href": href(min(page - 1, pages))}
    if page < pages:
        shown["next"] = {"href": href(page + 1)}
    return shown
