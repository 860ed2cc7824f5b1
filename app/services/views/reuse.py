"""Views built once for each state of the records they show, and reused while it lasts.

Reading a family's page again when nothing in it has changed need not read and work
it all out again. Every change to a family's record writes an audit event in the
change's own transaction (``app.services.audit``), and every event that is not a
read moves its chain's change mark (``AuditChainHead.changed``, the hash of that
event). Changes outside any family (a person's name, a team) move the mark of the
chain of events with no family. So a view built for one person, on one date, in one
language, with the marks of the families it shows and of the chain with no family
as they were, is the same view for as long as those marks stay as they are.

What is reused is only the result of the services' reads. Every request still
signs in, passes its access check and has its own audit event committed before it
is answered: only views built in a read session (nothing of its own uncommitted)
are kept, and the marks are read before the view is built, so a kept view is never
older than the marks it is kept under.
"""

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from app import clock, db, i18n
from app.config import get_settings
from app.models.audit import AuditChainHead
from app.services import access, audit
from app.services.context import Actor

T = TypeVar("T")

_HEADS: Any = sa.inspect(AuditChainHead).local_table
_MARKS = sa.select(_HEADS.c.chain, _HEADS.c.changed).where(
    _HEADS.c.chain.in_(sa.bindparam("reuse_chains", expanding=True))
)


class _Kept:
    """The views kept, least recently used dropped first; shared by the process's threads."""

    def __init__(self) -> None:
        self._views: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            view = self._views.get(key)
            if view is not None:
                self._views.move_to_end(key)
            return view

    def put(self, key: Hashable, view: Any, size: int) -> None:
        with self._lock:
            self._views[key] = view
            self._views.move_to_end(key)
            while len(self._views) > size:
                self._views.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._views.clear()

    def views(self) -> list[Any]:
        with self._lock:
            return list(self._views.values())

    def __len__(self) -> int:
        return len(self._views)


kept = _Kept()


def marks(session: Session, family_ids: Iterable[uuid.UUID]) -> tuple[Any, ...]:
    """The change marks of these families' chains and of the chain with no family
    (one query). A chain with no event yet has none."""
    chains = sorted({audit.chain_of(f) for f in family_ids} | {audit.chain_of(None)})
    rows = session.connection().execute(_MARKS, {"reuse_chains": chains})
    found: dict[str, str | None] = {row.chain: row.changed for row in rows}
    return tuple((chain, found.get(chain)) for chain in chains)


def visible_marks(session: Session, actor: Actor) -> tuple[Any, ...]:
    """The change marks of every family the actor may see (two queries)."""
    ids = session.connection().execute(
        access.visible_ids(actor.user.role, actor.user.is_active), access.rule_params(actor)
    )
    return marks(session, [row[0] for row in ids])


def view(
    session: Session,
    actor: Actor,
    key: tuple[Hashable, ...],
    family_marks: Callable[[], tuple[Any, ...]],
    build: Callable[[], T],
) -> T:
    """The view ``build`` makes, reused while the marks ``family_marks`` reads are unchanged.

    ``key`` names the view and everything it was asked with; the person, today's date
    and the language are added here. Outside a read session (a write's own
    transaction, whose changes are not committed yet) the view is built every time.
    """
    size = get_settings().views_kept
    if size == 0 or not db.is_read_only(session) or audit.has_work(session):
        return build()
    user = actor.user
    full_key = (
        key,
        id(session.get_bind()),
        user.id,
        user.role,
        clock.today(),
        i18n.current(),
        family_marks(),
    )
    found = kept.get(full_key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    built = build()
    kept.put(full_key, built, size)
    return built
