"""The Jinja environment for report templates (templates/reports/)."""

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app import clock, vocabulary

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def long_date(value: date | datetime | None) -> str:
    """3 December 2025; a moment is dated by the UK clock."""
    if value is None:
        return ""
    value = clock.local_date(value)
    return f"{value.day} {value:%B %Y}"


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
