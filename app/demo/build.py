"""Building one invented family's plan as rows for a bulk insert.

Rows are plain dicts inserted with one ``executemany`` per table (ORM objects
would be ten times slower at the scale ``cct seed`` works at). The rules the
services enforce still hold: levels are written when the goal is created, before
any score; a family has one open assessment; rewards are earned only after their
milestone is achieved and consequences fall due only after it is missed (or after
a relapse), and every such change is recorded as a ``PlanEvent``.
"""

import enum
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session, SQLModel

from app.demo.goals import CARE, GoalTemplate
from app.demo.goals_risk import RISK
from app.domain.series import Point
from app.models.base import UTCDateTime
from app.models.evidence import PlanEvent, PlanEventKind, Visibility
from app.models.family import LegalStatus

Row = dict[str, Any]
TRAJECTORIES = ("improving", "flat", "declining", "relapse")
TEMPLATES = CARE + RISK
BY_KEY = {t.key: t for t in TEMPLATES}
# the version and variant bits of a random (version 4) UUID
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


class Batch:
    """Rows waiting to be inserted, by table; flushed in foreign-key order."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {}

    def add(self, model: type[SQLModel], **values: Any) -> Row:
        self.rows.setdefault(model.__table__.name, []).append(values)  # type: ignore[attr-defined]
        return values

    def flush(self, session: Session) -> int:
        connection = session.connection()
        inserted = 0
        for table in SQLModel.metadata.sorted_tables:
            rows = self.rows.pop(table.name, None)
            if not rows:
                continue
            # executemany needs the same columns in every row of a statement
            groups: dict[tuple[str, ...], list[Row]] = {}
            for row in rows:
                groups.setdefault(tuple(row), []).append(row)
            for group in groups.values():
                _insert(connection, table, group)
            inserted += len(rows)
        return inserted


def _insert(connection: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """One driver-level executemany: the same type conversions and column defaults
    SQLAlchemy applies, without its per-row bookkeeping (most of the cost at scale)."""
    dialect = connection.dialect
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    assert isinstance(compiled, SQLCompiler)
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.params)
    given = rows[0].keys()
    # column by column: the converters run in a tight map() rather than a loop per row
    columns: list[list[Any]] = []
    for name in names:
        column = table.c[name]
        default: Any = column.default
        if name in given:
            values = [row[name] for row in rows]
        elif default is not None and default.is_scalar:
            values = [default.arg] * len(rows)
        elif default is not None and default.is_callable:
            values = [default.arg(None) for _ in rows]
        else:
            raise ValueError(f"{table.name}.{name}: give a value (its default runs in SQL)")
        convert = _converter(column, dialect)
        columns.append(list(map(convert, values)) if convert is not None else values)
    if dialect.name == "postgresql":
        _copy(connection, table, names, columns)
        return
    params: list[Any] = (
        list(zip(*columns, strict=True))
        if compiled.positional
        else [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    )
    connection.exec_driver_sql(str(compiled), params)


def _copy(
    connection: sa.Connection, table: sa.Table, names: list[str], columns: list[list[Any]]
) -> None:
    """PostgreSQL: COPY the rows in, many times faster than INSERTs at the scale of
    ``make bench-scale`` (100,000 families)."""
    driver: Any = connection.connection.driver_connection
    quoted = ", ".join(f'"{name}"' for name in names)
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
    ):
        for row in zip(*columns, strict=True):
            copy.write_row(row)


def _sqlite_timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime: timestamps must carry a timezone")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_uuid(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _converter(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    """SQLAlchemy's bind conversion for the column, with short cuts on SQLite for the
    common types (same stored text as SQLAlchemy writes; a test reads it back)."""
    kind = column.type
    if dialect.name == "sqlite":
        if isinstance(kind, UTCDateTime):
            return _sqlite_timestamp
        if type(kind) is sa.Uuid:
            return _sqlite_uuid
        if type(kind) is sa.Date:
            return _sqlite_date
    if isinstance(kind, sa.Enum) and not kind.native_enum and kind.enum_class is not None:
        return _enum_value
    convert: Callable[[Any], Any] | None = kind.dialect_impl(dialect).bind_processor(dialect)
    return convert


@dataclass
class TeamStaff:
    id: uuid.UUID
    name: str
    lead_id: uuid.UUID
    worker_ids: list[uuid.UUID]


@dataclass(frozen=True)
class FamilySpec:
    reference: str
    surname: str
    legal_status: LegalStatus
    trajectory: str
    team: int
    worker: int
    days: int  # how long ago the open assessment started
    weeks_since_issued: int | None = None  # care proceedings: the 26-week clock
    structure: str = ""  # couple, single_mother, mother_partner, single_father, kinship
    parent_accounts: int = 0
    features: frozenset[str] = frozenset()  # amend, amend_twice, error, disagree
    goals: tuple[str, ...] = ()
    proposed_goal: bool = False
    first_names: tuple[str, ...] = ()  # the adults' first names; random if empty


@dataclass
class Ctx:
    rng: random.Random
    today: date
    now: datetime
    batch: Batch
    teams: list[TeamStaff]
    password_hash: str
    entries_per_family: int | None = None  # None: about one a week
    parent_email: str = "name"  # "name" (first.surname) or "reference"
    names: dict[uuid.UUID, str] = field(default_factory=dict)  # staff display names
    doc_number: int = 1000

    def new_id(self) -> uuid.UUID:
        # a version 4 UUID from this generator, so the same seed gives the same ids
        return uuid.UUID(int=(self.rng.getrandbits(128) & _V4_CLEAR) | _V4_SET)

    def between(self, low: int, high: int) -> int:
        """A random whole number from low to high (``randint`` is slow at scale)."""
        return low + int(self.rng.random() * (high - low + 1))

    def at(self, day: date, hour: int | None = None) -> datetime:
        """A time on that day during working hours, never later than now."""
        h = hour if hour is not None else self.between(9, 17)
        moment = datetime(day.year, day.month, day.day, h, self.between(0, 59), tzinfo=UTC)
        return moment if moment < self.now else self.now - timedelta(minutes=1)

    def doc(self) -> int:
        self.doc_number += 1
        return self.doc_number


@dataclass
class Adult:
    id: uuid.UUID
    first: str
    full: str


@dataclass
class GoalState:
    id: uuid.UUID
    template: GoalTemplate
    parents: list[Adult]
    start: date  # signed off (entries begin after this)
    end: date  # last day entries can be written
    horizon: date  # where the trajectory reaches its final value
    baseline: int
    final: float
    trajectory: str
    signed_off: bool
    fill: dict[str, str]
    relapse_on: date | None = None
    scores: list[int] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)  # scored entries, for relapse checks
    row: Row = field(default_factory=dict)
    relapse_consequence: Row | None = None

    def value(self, day: date) -> float:
        """Where this goal stands on a day (before the noise of a single visit)."""
        span = max((self.horizon - self.start).days, 1)
        t = min(max((day - self.start).days / span, 0.0), 1.0)
        smooth = t * t * (3 - 2 * t)
        b = self.baseline
        if self.trajectory == "flat":
            v = b + 0.5 + 0.4 * math.sin(t * 7)
        elif self.trajectory == "declining":
            v = -1 + 0.7 * math.sin(math.pi * min(t * 1.5, 1.0)) - 1.4 * t
        else:
            v = b + (self.final - b) * smooth
        if self.relapse_on is not None and day >= self.relapse_on:
            depth = 3.5 if self.template.substance else 1.2
            v -= depth * max(0.0, 1 - (day - self.relapse_on).days / 70)
        return max(-2.0, min(2.0, v))


@dataclass
class FamilyState:
    spec: FamilySpec
    id: uuid.UUID
    team: TeamStaff
    worker_id: uuid.UUID
    adults: list[Adult]
    children: list[str]
    assessment_id: uuid.UUID
    start: date
    interval_weeks: int
    goals: list[GoalState]
    relapse_on: date | None
    parent_users: list[tuple[uuid.UUID, uuid.UUID]]  # (user id, member id)


def names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def plan_event(
    ctx: Ctx,
    fam: FamilyState,
    kind: PlanEventKind,
    day: date,
    summary: str,
    by: uuid.UUID | None = None,
    note: str = "",
    visibility: Visibility = Visibility.shared,
    **links: Any,
) -> None:
    row = {"goal_id": None, "milestone_id": None, "reward_id": None, "consequence_id": None}
    row.update(links)
    ctx.batch.add(
        PlanEvent,
        id=ctx.new_id(),
        family_id=fam.id,
        kind=kind,
        occurred_on=day,
        recorded_at=ctx.at(day, 17),
        recorded_by_id=by or fam.worker_id,
        visibility=visibility,
        summary=summary,
        note=note,
        **row,
    )
