"""The parent's printed plan: what it holds, its words in the parent's language, its PDF.

``app.services.reporting.parent_plan`` fills a ``ParentPlan`` from what the parent may
read (the same data as the "Your plan" page); this module only words and lays it out.
The fixed words come from the catalogue (the same messages as the page, so a Welsh
reader meets no English); what staff typed is marked as English when the page is Welsh,
so a screen reader reads it in English. The evidence attached to the PDF is this
record and nothing else.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app import i18n, vocabulary
from app.domain.timescale import Timescale
from app.models.plan import RewardStatus
from app.reports import evidence

_ = i18n.gettext
N_ = i18n.N_

# one piece of text in a line: {"text", "en" (typed by staff, in English), "strong"}
Run = dict[str, Any]
Block = dict[str, Any]


@dataclass(frozen=True)
class Step:
    id: uuid.UUID
    description: str
    due_on: date
    # done, missed, late (its date has passed), next, or due by its date
    status: str
    achieved_on: date | None


@dataclass(frozen=True)
class Agreed:
    """A reward or consequence as the family sees it (staff notes are left out)."""

    id: uuid.UUID
    description: str
    status: str


@dataclass(frozen=True)
class PlanGoal:
    id: uuid.UUID
    title: str
    why_it_matters: str
    # the words of level 3, "what good looks like"
    expected: str
    target_date: date
    # where it stands: level 1..5 and its words
    level: int
    level_text: str
    # the date of the latest shared score; None while it stands at its starting level
    scored_on: date | None
    # the reader is one of its parents; the first names of its other parents
    yours: bool
    with_names: tuple[str, ...]
    steps: tuple[Step, ...]
    rewards: tuple[Agreed, ...]
    consequences: tuple[Agreed, ...]


@dataclass(frozen=True)
class Answer:
    name: str
    text: str
    recorded_at: datetime


@dataclass(frozen=True)
class ParentView:
    """The parent's own view and the workers' answers to it."""

    id: uuid.UUID
    text: str
    recorded_at: datetime
    goal_title: str | None
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Contact:
    """The team's phone and hours and where to get independent advice (from settings)."""

    team_phone: str
    team_hours: str
    solicitor: str
    advice_line_name: str
    advice_line_phone: str
    advice_line_hours: str
    advice_line_about: str


@dataclass(frozen=True)
class ParentPlan:
    family_id: uuid.UUID
    today: date
    social_worker: str | None
    next_review_on: date | None
    timescale: Timescale
    contact: Contact
    goals: tuple[PlanGoal, ...] = field(default_factory=tuple)
    views: tuple[ParentView, ...] = field(default_factory=tuple)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def evidence_json(plan: ParentPlan) -> bytes:
    """What the printed plan was made from, as canonical JSON (the contact details are
    settings, not the family's record, so they are left out)."""
    data = _plain(plan)
    del data["contact"]
    return evidence.canonical({"report": "parent_plan", "plan": data})


# ---- the words ----


def _run(text: str, *, en: bool = False, strong: bool = False) -> Run:
    return {"text": text, "en": en and i18n.current() == "cy", "strong": strong}


def _typed(text: str) -> Run:
    """Words staff typed, in English."""
    return _run(text, en=True)


def _p(*runs: Run, small: bool = False) -> Block:
    return {"kind": "p", "runs": list(runs), "small": small}


def _h(level: int, *runs: Run) -> Block:
    return {"kind": "h", "level": level, "runs": list(runs)}


def _said(words: str, **values: Any) -> Run:
    """Words from the catalogue (already translated), with any values put in."""
    return _run(words % values if values else words)


def _list(items: Iterable[Block], *, bullet: bool = False) -> Block:
    return {"kind": "list", "bullet": bullet, "items": list(items)}


def _item(*runs: Run, tag: str = "", note: str = "") -> Block:
    return {"tag": tag, "runs": list(runs), "note": note}


_STEP_TAGS = {
    "done": N_("Done"),
    "missed": N_("Missed"),
    "late": N_("Late"),
    "next": N_("Next"),
}
_TO_DO = N_("To do")


def _step_when(step: Step) -> str:
    if step.status == "done":
        if step.achieved_on:
            return _("Done on %(date)s.") % {"date": i18n.day(step.achieved_on)}
        return _("Done.")
    due = i18n.day(step.due_on)
    if step.status == "missed":
        return _("This was due by %(date)s.") % {"date": due}
    if step.status == "late":
        return _("This was due by %(date)s. Your social worker will talk to you about it.") % {
            "date": due
        }
    return _("Due by %(date)s.") % {"date": due}


def _for_whom(goal: PlanGoal) -> str:
    if not goal.yours:
        return _("Your social worker has shared this goal with you so that you know about it.")
    if goal.with_names:
        names = (" " + _("and") + " ").join(goal.with_names)
        return _("This goal is for you and %(names)s to work on.") % {"names": names}
    return _("This goal is for you to work on.")


def _where_now(goal: PlanGoal) -> list[Block]:
    level = _("Level %(level)s of 5") % {"level": goal.level}
    if goal.scored_on:
        checked = _("Last checked on %(date)s.") % {"date": i18n.day(goal.scored_on)}
    else:
        checked = _("This is where things were at the start.")
    return [
        _p(_run(level + ":", strong=True), _run(" "), _typed(goal.level_text)),
        _p(_run(checked + " " + _("Level 3 is what good looks like.")), small=True),
    ]


def _rewards(goal: PlanGoal) -> list[Block]:
    blocks = [_h(4, _said(_("Rewards")))]
    groups = (
        (N_("You have earned:"), (RewardStatus.earned, RewardStatus.given)),
        (N_("You can still earn:"), (RewardStatus.agreed,)),
        (N_("Taken back:"), (RewardStatus.withdrawn,)),
    )
    for words, statuses in groups:
        found = [r for r in goal.rewards if r.status in statuses]
        if found:
            blocks.append(_p(_said(_(words))))
            blocks.append(_list((_item(_typed(r.description)) for r in found), bullet=True))
    if not goal.rewards:
        blocks.append(_p(_said(_("No rewards are set for this yet."))))
    return blocks


def _consequences(goal: PlanGoal) -> list[Block]:
    blocks = [_h(4, _said(_("If things do not change")))]
    if not goal.consequences:
        return [*blocks, _p(_said(_("Nothing is set for this yet.")))]
    items = (
        _item(_typed(c.description), tag=vocabulary.parent(c.status, "ConsequenceStatus"))
        for c in goal.consequences
    )
    return [*blocks, _p(_said(_("We agreed this will happen:"))), _list(items)]


def _goal(goal: PlanGoal) -> list[Block]:
    blocks = [
        _h(3, _typed(goal.title)),
        _p(_run(_for_whom(goal))),
        _h(4, _said(_("Why this matters for your child"))),
        _p(_typed(goal.why_it_matters)),
        _h(4, _said(_("What good looks like"))),
        _p(_typed(goal.expected)),
        _p(_said(_("Aim to get there by %(date)s."), date=i18n.day(goal.target_date)), small=True),
        _h(4, _said(_("Where things are now"))),
        *_where_now(goal),
        _h(4, _said(_("Steps along the way"))),
    ]
    if goal.steps:
        items = (
            _item(
                _typed(s.description),
                tag=_(_STEP_TAGS.get(s.status, _TO_DO)),
                note=_step_when(s),
            )
            for s in goal.steps
        )
        blocks.append(_list(items))
    else:
        blocks.append(_p(_said(_("There are no steps set yet."))))
    return [*blocks, *_rewards(goal), *_consequences(goal), {"kind": "rule"}]


def timescale_sentence(plan: ParentPlan) -> str:
    """The child's timescale in one plain sentence (with any extension the court added)."""
    t = plan.timescale
    decision = t.decision_date
    if decision is None:
        said = _(
            "There is no date yet for a decision about your child. "
            "Your social worker will tell you when there is."
        )
    elif decision < plan.today:
        said = _(
            "A decision about your child was due by %(date)s. "
            "Your social worker will tell you what happens now."
        ) % {"date": i18n.day(decision)}
    else:
        weeks = (decision - plan.today).days // 7
        values = {"date": i18n.day(decision), "num": weeks}
        if t.statutory and weeks >= 1:
            said = i18n.ngettext(
                "The law gives the court 26 weeks to decide what is best for your child, so "
                "the court must decide by %(date)s, which is %(num)s week from now.",
                "The law gives the court 26 weeks to decide what is best for your child, so "
                "the court must decide by %(date)s, which is %(num)s weeks from now.",
                weeks,
            )
        elif t.statutory:
            said = _(
                "The law gives the court 26 weeks to decide what is best for your child, so "
                "the court must decide by %(date)s, which is less than a week from now."
            )
        elif weeks >= 1:
            said = i18n.ngettext(
                "A decision about your child must be made by %(date)s, which is %(num)s week "
                "from now.",
                "A decision about your child must be made by %(date)s, which is %(num)s weeks "
                "from now.",
                weeks,
            )
        else:
            said = _(
                "A decision about your child must be made by %(date)s, which is less than a "
                "week from now."
            )
        said = said % values
    if t.statutory and t.extensions:
        added = i18n.ngettext(
            "The court has added %(num)s week.",
            "The court has added %(num)s weeks.",
            t.extension_weeks,
        )
        said += " " + added % {"num": t.extension_weeks}
    return said


def _facts(plan: ParentPlan) -> Block:
    review = i18n.day(plan.next_review_on) if plan.next_review_on else None
    rows = [
        (_("Your social worker"), [_run(plan.social_worker or _("Not known yet"))]),
        (
            _("Next review meeting"),
            [_run(review or _("Your social worker will tell you the date."))],
        ),
        (_("When a decision must be made"), [_run(timescale_sentence(plan))]),
    ]
    return {"kind": "facts", "rows": [[label, runs] for label, runs in rows]}


def _contact(plan: ParentPlan) -> list[Block]:
    c, worker = plan.contact, plan.social_worker
    if worker:
        who = _("Your social worker is %(name)s.") % {"name": worker}
        call = _("Call the team on %(phone)s and ask for %(name)s.") % {
            "phone": c.team_phone,
            "name": worker,
        }
    else:
        who = _("You do not have a named social worker yet.")
        call = _("Call the team on %(phone)s.") % {"phone": c.team_phone}
    return [
        _h(2, _said(_("Contact your social worker"))),
        _p(_run(f"{who} {call}")),
        _p(_said(_("Phone lines are open: %(hours)s."), hours=c.team_hours)),
    ]


def _advice(contact: Contact) -> list[Block]:
    return [
        _h(2, _said(_("Get independent advice"))),
        _p(_said(_("You can get advice from people who do not work for the council."))),
        _h(3, _said(_("A solicitor"))),
        _p(_run(contact.solicitor)),
        _h(3, _run(contact.advice_line_name)),
        _p(_run(contact.advice_line_about)),
        _p(
            _said(
                _("Call %(phone)s. Lines are open: %(hours)s."),
                phone=contact.advice_line_phone,
                hours=contact.advice_line_hours,
            )
        ),
    ]


def _views(plan: ParentPlan) -> list[Block]:
    if not plan.views:
        return []
    blocks = [_h(2, _said(_("Your views and the answers")))]
    for view in plan.views:
        title = [_said(_("Your view on %(date)s"), date=i18n.moment(view.recorded_at))]
        if view.goal_title:
            title += [_run(" · "), _typed(view.goal_title)]
        blocks += [_h(3, *title), _p(_run(view.text))]
        for answer in view.answers:
            blocks.append(
                _p(_said(_("%(name)s answered:"), name=answer.name), _run(" "), _typed(answer.text))
            )
        if not view.answers:
            blocks.append(_p(_said(_("No answer yet."))))
    return blocks


def document(plan: ParentPlan) -> dict[str, Any]:
    """The printed plan as the Typst template reads it, in the current language."""
    goals: list[Block] = []
    for goal in plan.goals:
        goals += _goal(goal)
    if not plan.goals:
        goals.append(
            _p(
                _said(
                    _("Your plan is not ready yet. Your social worker will go through it with you.")
                )
            )
        )
    blocks = [
        _h(1, _said(_("Your plan"))),
        _p(_said(_("Printed on %(date)s."), date=i18n.day(plan.today))),
        {
            "kind": "inset",
            "runs": [_said(_("This plan and the notes about your progress may be used in court."))],
        },
        _facts(plan),
        *_contact(plan),
        _h(2, _said(_("What needs to change"))),
        *goals,
        *_views(plan),
        *_advice(plan.contact),
    ]
    return {"title": _("Your plan"), "lang": i18n.current(), "blocks": blocks}
