"""Building a report: gather the case record, choose the chronology, render the file.

``export_report`` (in ``exports``) records and hands out what ``build`` makes;
``render_report`` makes the same file without recording it.
"""

import time
import uuid
from datetime import date

from sqlmodel import Session

from app import clock, vocabulary
from app.models.report import ReportFormat, ReportKind
from app.reports.build import Built, render
from app.reports.case_record import CaseRecord
from app.reports.typeset import Timings
from app.services.context import Actor
from app.services.errors import Invalid
from app.services.reporting import chronology
from app.services.reporting.case_record import gather


def build(
    case: CaseRecord,
    kind: ReportKind,
    fmt: ReportFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    as_at: date | None = None,
    timings: Timings | None = None,
) -> Built:
    """Check the request, choose the chronology's rows if it is the chronology, render."""
    if start and end and start > end:
        raise Invalid("date_from", "The start date must be on or before the end date")
    as_at = as_at or end or clock.today()
    started = time.perf_counter()
    chron = chronology.build(case, start, end, as_at) if kind == ReportKind.chronology else None
    if timings:
        timings.add("templating", time.perf_counter() - started)
    return render(case, kind, fmt, as_at=as_at, start=start, end=end, chron=chron, timings=timings)


def render_report(
    session: Session,
    actor: Actor,
    family_id: uuid.UUID,
    kind: ReportKind,
    fmt: ReportFormat,
    *,
    start: date | None = None,
    end: date | None = None,
    as_at: date | None = None,
    timings: Timings | None = None,
) -> Built:
    """A report as the actor may see it (a parent gets the family copy). Not recorded:
    call ``app.services.reporting.exports.export_report`` to hand a file out."""
    started = time.perf_counter()
    case = gather(session, actor, family_id)
    if actor.is_staff:  # the author of a document for the court; a family copy has none
        case.author_name = actor.user.display_name
        case.author_role = vocabulary.court(actor.user.role)
    if timings:
        timings.add("gathering data", time.perf_counter() - started)
    return build(case, kind, fmt, start=start, end=end, as_at=as_at, timings=timings)
