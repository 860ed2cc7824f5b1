"""The Jinja environment for report templates (templates/reports/)."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app import vocabulary
from app.typography import long_date

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


# what ``d.name`` finds on a plain dict before its items: its methods (``d.items``)
_DICT_ATTRIBUTES = frozenset(dir(dict))


class DictFirstEnvironment(Environment):
    """An environment that reads ``d.name`` of a plain dict without raising first.

    Jinja tries ``getattr`` before the item, so every ``c.width`` of a dict raised and
    caught an AttributeError: over half of the time of drawing a chart, and a good part
    of a page with GOV.UK macros (their parameters are dicts). A plain dict has no
    attribute but its methods, so looking the item up first for any other name finds
    exactly what Jinja would have.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@lru_cache
def environment() -> Environment:
    env = DictFirstEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["words"] = vocabulary.court  # a code in the court's words
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
