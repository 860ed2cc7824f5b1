"""The demo data names nobody real: invented surnames only."""

from app.demo import text as demo_text

# the commonest surnames in England and Wales: an invented surname must not be one of them
COMMON_SURNAMES = set(
    """
    Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
    Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
    Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
    Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
    Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan
    Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb
    Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes
    Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey
    """.split()  # noqa: SIM905
)


def staff_surnames() -> set[str]:
    staff = [demo_text.ADMIN, *demo_text.LEADS, *(w for team in demo_text.WORKERS for w in team)]
    return {name.split(" ", 1)[1] for name in staff}


def test_surnames_are_invented() -> None:
    surnames = set(demo_text.SURNAMES) | staff_surnames()
    assert len(surnames) > 50
    assert not surnames & COMMON_SURNAMES
