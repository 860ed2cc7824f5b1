"""A user's choice of language for the pages (English or Welsh)."""

from sqlmodel import Session

from app.i18n import LANGUAGES
from app.services import audit
from app.services.context import Actor
from app.services.errors import Invalid


def set_language(session: Session, actor: Actor, code: str) -> str:
    """Remember the signed-in user's language; audited like any change to an account."""
    if code not in LANGUAGES:
        raise Invalid("language", "Choose English or Cymraeg")
    user = session.merge(actor.user)
    if user.language != code:
        user.language = code
        session.add(user)
        audit.record(session, actor, "update", "user_language", user.id)
        session.commit()
    return code
