"""The Jinja environment for report templates (templates/reports/)."""

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app import vocabulary
from app.typography import long_date

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


@lru_cache
def environment() -> Environment:
    env = Environment(
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
