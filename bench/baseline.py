"""The yardstick: a bare FastAPI + SQLModel app reading one row.

Every CCT figure in the benchmark is printed as a ratio to this app's, measured
in the same run on the same database, so the machine's speed cancels out.
``/audited`` also writes one audit row, to show what auditing a read costs.
"""

import uuid

from fastapi import FastAPI
from sqlmodel import Session, select

from app.db import get_engine
from app.models.family import Family
from app.services import audit

app = FastAPI()


@app.get("/one-row")
def one_row() -> dict[str, str]:
    with Session(get_engine()) as session:
        family = session.exec(select(Family).limit(1)).one()
        return {"id": str(family.id), "reference": family.case_reference}


@app.get("/audited")
def audited() -> dict[str, str]:
    with Session(get_engine()) as session:
        family = session.exec(select(Family).limit(1)).one()
        audit.record_now(session, None, "read", "family", family.id, family.id)
        return {"id": str(family.id), "request": uuid.uuid4().hex}
