"""What a record means for the child, in the worker's own words.

Every record that reaches the court chronology carries a "significance for the
child" the worker wrote or confirmed. Until they have, it is marked "needs
review" and the chronology says so instead of passing anything off as their
words. A stage-of-change rating reaches the chronology when the worker marks it
significant; a review meeting always does. Progress entries have their own rule
(a suggestion from the goal prefills it: ``entries``). A correction is an
amendment with a reason, like any other field of the evidence.
"""

from typing import Annotated

from pydantic import Field as PydanticField

from app.services.inputs import Printable

SignificanceForChild = Annotated[str, PydanticField(max_length=10_000), Printable]


def worker_words(text: str, *, reaches_chronology: bool) -> tuple[str, bool]:
    """The significance as the worker wrote it, and whether it still needs their review
    (it does while a record that reaches the chronology has none)."""
    text = text.strip()
    return text, reaches_chronology and not text
