"""The significance for the child as a report prints it: the worker's words, or a plain
statement that they have not confirmed it yet (never a suggestion passed off as theirs)."""

NEEDS_REVIEW = "Needs review: not yet confirmed by the social worker."


def worker_words(text: str, needs_review: bool) -> str:
    if needs_review:
        return NEEDS_REVIEW + (f" Suggested: {text.strip()}" if text.strip() else "")
    return text.strip()
