"""Sealing the evidence encodes each record once, yet gives exactly the canonical bytes."""

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from app.reports import evidence
from app.services.context import Actor
from app.services.reporting.case_record import gather
from tests.factories import World
from tests.reports import case as case_builder

text = st.text(max_size=20)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


@given(
    head=st.dictionaries(text.filter(lambda k: k != "records"), values, max_size=4),
    records=st.dictionaries(text, st.dictionaries(text, values, max_size=4), max_size=6),
)
def test_sealed_bytes_are_the_canonical_bytes(head: dict, records: dict) -> None:
    data = head | {"records": records}
    sealed = evidence.seal(data)
    assert sealed.json_bytes == evidence.canonical(data)
    assert sealed.sha256 == evidence.sha256(evidence.canonical(data))
    assert sealed.manifest == evidence.manifest(data)


def test_a_real_case_seals_to_its_canonical_bytes(session: Session, world: World) -> None:
    case_builder.build(session, world, extra_entries=30)
    data = evidence.evidence(gather(session, Actor(world.lead_a), world.family_a.id), "chronology")
    sealed = evidence.seal(data)
    assert sealed.json_bytes == evidence.canonical(data)
    assert sealed.manifest == evidence.manifest(data)
