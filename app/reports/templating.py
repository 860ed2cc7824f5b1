"""The Jinja environment for report templates (templates/reports/)."""

from collections import ChainMap
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app import vocabulary
from app.config import get_settings
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
    exactly what Jinja would have. Its templates' globals are ``_Globals``.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class _Globals(ChainMap[str, Any]):
    """A template's globals (its own over the environment's), with keys as a plain set.

    Each ``{% from … import … %}`` takes the render's global names away from the
    imported template's (``ctx.globals_keys - template.globals.keys()``); on a
    ChainMap's key view that is a Python-level lookup per name through every map,
    about a seventh of the time of rendering the family page. A set does it in C.
    """

    def keys(self) -> Any:
        return set().union(*self.maps)


@lru_cache
def environment() -> Environment:
    env = DictFirstEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # as the pages' environment: no stat of each chart's template file per drawing
        # but while developing
        auto_reload=get_settings().environment == "development",
    )
    env.filters["long_date"] = long_date
    env.filters["words"] = vocabulary.court  # a code in the court's words
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
