"""Goal templates for the demo case load: plain-English goals with five GAS levels.

Everyday care goals live here; risk goals (substance use, domestic abuse) in
``demo_goals_risk``.

Placeholders filled in per family: ``{parent}`` (first name of the parent the goal
is about, or "both parents"), ``{child}`` (one child's first name) and
``{children}`` (all the children's first names).
"""

from dataclasses import dataclass

from app.models.evidence import Source
from app.models.plan import GoalTerm


@dataclass(frozen=True)
class Obs:
    """One observation a worker might write, at a GAS score (None: no score given)."""

    score: int
    source: Source
    text: str
    internal: bool = False
    unscored: bool = False


@dataclass(frozen=True)
class GoalTemplate:
    key: str
    domain: str
    term: GoalTerm
    title: str
    why: str
    levels: tuple[str, str, str, str, str]  # -2, -1, 0, +1, +2
    milestones: tuple[str, str, str]
    reward: str
    consequence: str
    observations: tuple[Obs, ...]
    substance: bool = False


H, D, S, A, P, C, OTHER = (
    Source.home_visit,
    Source.drug_test,
    Source.school_report,
    Source.agency_report,
    Source.parent_report,
    Source.contact_session,
    Source.other,
)

CARE: tuple[GoalTemplate, ...] = (
    GoalTemplate(
        key="home",
        domain="Home conditions",
        term=GoalTerm.short,
        title="Keep the home clean, safe and free of hazards for {children}",
        why=(
            "{children} need a safe place to sleep, play and eat. At the start, rubbish, "
            "animal mess and loose tablets were within their reach."
        ),
        levels=(
            "Rooms are unsafe at most visits: rubbish, animal mess or tablets within the "
            "children's reach, and no clean bed for each child.",
            "Some rooms are safe, but hazards are seen at most visits and the children's "
            "bedrooms are not kept clean.",
            "At every planned visit the kitchen, bathroom and bedrooms are clean, medicines "
            "are locked away and each child has a clean bed.",
            "The home is clean and safe at planned and unannounced visits alike.",
            "The home has been clean and safe at every visit for three months, and {parent} "
            "keeps it that way without reminders.",
        ),
        milestones=(
            "Bedrooms clear of hazards, with a clean bed for each child, at two visits in a row",
            "Medicines and cleaning products locked away at every visit for a month",
            "Whole home clean and safe at an unannounced visit",
        ),
        reward="A family trip to the cinema, paid for from the family support budget",
        consequence=(
            "Home conditions raised as a concern at the next review, with weekly "
            "unannounced visits for a month"
        ),
        observations=(
            Obs(
                -2,
                H,
                "Unannounced visit. Rubbish bags and dog mess on the kitchen floor; "
                "paracetamol on the living-room table within reach of {child}.",
            ),
            Obs(
                -2,
                H,
                "Bedrooms not usable: mattresses wet and stained, clothes piled on the floor. "
                "{parent} said they had been too tired to tackle it.",
            ),
            Obs(
                -2,
                OTHER,
                "Neighbour told the duty team that rubbish is piling up in the garden and "
                "there is a strong smell. Third-party information, not yet checked.",
                internal=True,
            ),
            Obs(
                -1,
                H,
                "Kitchen and living room tidy. {child}'s bedroom still had broken glass by the "
                "window; {parent} agreed to clear it today.",
            ),
            Obs(
                -1,
                H,
                "Better than last week, but the bathroom was dirty and the stair gate was "
                "not fitted.",
            ),
            Obs(
                0,
                H,
                "Planned visit. All rooms clean, medicines in the locked box, each child "
                "has a clean bed.",
            ),
            Obs(0, OTHER, "Health visitor reports the home was clean and safe at her visit."),
            Obs(
                1,
                H,
                "Unannounced visit. Home clean and safe; a cleaning rota is on the fridge and "
                "{parent} is following it.",
            ),
            Obs(
                2,
                H,
                "Unannounced visit. Home clean and safe again. {parent} showed me the new "
                "cupboard lock and said keeping on top of things is now part of the routine.",
            ),
            Obs(
                0,
                P,
                "{parent} says the weekly clean on Sundays is working and the children "
                "help tidy their toys.",
                unscored=True,
            ),
        ),
    ),
    GoalTemplate(
        key="school",
        domain="School attendance",
        term=GoalTerm.short,
        title="Get {child} to school every day, on time",
        why=(
            "{child}'s attendance was 62% last term. Missing school means falling behind "
            "and losing time with the safe adults there."
        ),
        levels=(
            "Attendance below 70% this half term, with no reason given for most absences.",
            "Attendance between 70% and 85%, or late most mornings.",
            "Attendance at least 90% this half term, late no more than twice.",
            "Attendance at least 95%, on time every day, and the school is told about any "
            "absence before 9am.",
            "Attendance at least 97% for two half terms in a row, and {parent} has been to "
            "parents' evening.",
        ),
        milestones=(
            "Attendance at least 85% for four weeks in a row",
            "Attendance at least 90% for the half term",
            "Met the class teacher at parents' evening",
        ),
        reward="A new school bag and football boots for {child}",
        consequence=(
            "Referral to the school attendance officer and a meeting at school with {parent}"
        ),
        observations=(
            Obs(-2, S, "Attendance this half term 64%; nine unexplained absences."),
            Obs(-1, S, "Attendance 78% this half term; late on six mornings."),
            Obs(
                -1,
                H,
                "Visit at 9.15am: {child} still at home in pyjamas; {parent} said they "
                "had overslept.",
            ),
            Obs(0, S, "Attendance 91% this half term; late twice."),
            Obs(
                1,
                S,
                "Attendance 96%; on time every day; the school was told about the one "
                "absence (a dental appointment).",
            ),
            Obs(
                2,
                S,
                "Attendance 98% for two half terms; {parent} went to parents' evening and "
                "the teacher says {child} is much more settled.",
            ),
            Obs(
                0,
                P,
                "{parent} says the morning alarm and laying out uniforms the night "
                "before have made the difference.",
                unscored=True,
            ),
        ),
    ),
    GoalTemplate(
        key="engagement",
        domain="Engagement with services",
        term=GoalTerm.short,
        title="Go to every agreed visit and appointment and work openly with professionals",
        why=(
            "The plan can only help {children} if you take part. Missed visits leave "
            "the children unseen."
        ),
        levels=(
            "Misses most visits and appointments, does not answer calls and refuses to let "
            "workers see the children.",
            "Goes to about half of visits and appointments; the children are seen but not "
            "always alone.",
            "Goes to every planned visit and appointment, or rearranges in advance; the "
            "children are seen alone at each visit.",
            "Goes to everything, is open about difficulties and asks for help before things "
            "go wrong.",
            "Goes to everything for three months and brings their own ideas to review meetings.",
        ),
        milestones=(
            "Every planned visit kept for four weeks in a row",
            "Children seen alone at every visit for a month",
            "Brought their own written views to a review meeting",
        ),
        reward="Bus passes for the family for a month",
        consequence="Missed visits raised with the team lead and a formal warning letter sent",
        observations=(
            Obs(
                -2,
                H,
                "Visit not kept: no answer at the door or on the phone. Third missed "
                "visit this month.",
            ),
            Obs(-1, H, "Visit kept, but {parent} would not let me see {child} alone."),
            Obs(-1, A, "Family support worker reports two of four sessions kept."),
            Obs(0, H, "Visit kept on time; saw each child alone in their bedroom."),
            Obs(
                0,
                OTHER,
                "{parent} rang ahead to rearrange the visit because of a GP appointment; "
                "new visit kept.",
            ),
            Obs(
                1,
                H,
                "{parent} raised a worry about money before it became a problem and asked "
                "for help with a food bank referral.",
            ),
            Obs(
                2,
                OTHER,
                "{parent} brought a written list of what is going well and what is hard "
                "to the review meeting.",
            ),
        ),
    ),
    GoalTemplate(
        key="routines",
        domain="Routines",
        term=GoalTerm.short,
        title="Keep a regular bedtime and morning routine for {children}",
        why=(
            "{children} were going to bed after midnight and arriving at nursery and school "
            "hungry and tired."
        ),
        levels=(
            "No routine: the children are up past midnight most nights and have no breakfast.",
            "A routine on some nights; the children are often tired or hungry in the morning.",
            "Bedtime by 8pm on school nights and breakfast every morning, at least five days "
            "a week.",
            "The routine is kept every day, including weekends, and the children settle well.",
            "The routine has been kept for three months and the nursery reports the children "
            "arrive rested and fed.",
        ),
        milestones=(
            "Bedtime routine chart made with the children",
            "Routine kept on five school days a week for a month",
            "Nursery reports the children arrive fed for a whole half term",
        ),
        reward="A new bedtime story book for each child, chosen at the library",
        consequence="Daily check-in calls from the family support worker for two weeks",
        observations=(
            Obs(
                -2,
                S,
                "Nursery reports {child} arrived hungry and fell asleep in the morning "
                "four days out of five.",
            ),
            Obs(
                -1,
                H,
                "Evening visit at 9pm: the children were still up watching television; "
                "{parent} said bedtime had slipped.",
            ),
            Obs(
                0,
                H,
                "Evening visit: the children were in bed by 8pm; the routine chart was "
                "filled in for the week.",
            ),
            Obs(
                0,
                S,
                "Nursery reports {child} has had breakfast and arrived on time every day "
                "this week.",
            ),
            Obs(
                1,
                P,
                "{parent} says the children now ask for their bath and story themselves.",
                unscored=True,
            ),
            Obs(
                1,
                H,
                "Saturday visit: the routine kept at the weekend too; the children "
                "settled quickly.",
            ),
            Obs(
                2, S, "Nursery reports {child} has arrived rested and fed every day this half term."
            ),
        ),
    ),
    GoalTemplate(
        key="health",
        domain="Health appointments",
        term=GoalTerm.short,
        title="Take {children} to every health, dental and development appointment",
        why=(
            "{child} has missed two hearing tests and has untreated tooth decay. Without "
            "treatment this will affect {child}'s speech and health."
        ),
        levels=(
            "Most health appointments missed; the children are not registered with a dentist.",
            "Some appointments kept; at least one missed without a reason in the last month.",
            "Every appointment kept or rearranged in advance; the children are registered "
            "with a dentist.",
            "Every appointment kept and the advice followed (for example, the hearing aid is "
            "worn every day).",
            "Every appointment kept for six months and the children's health needs are fully "
            "up to date.",
        ),
        milestones=(
            "Children registered with a dentist",
            "Hearing test attended",
            "All vaccinations brought up to date",
        ),
        reward="Swimming lessons for {children} for a term",
        consequence="Health concerns shared with the GP and a health review arranged",
        observations=(
            Obs(
                -2,
                OTHER,
                "Health visitor: {child}'s hearing test missed for the second time; no "
                "contact from {parent}.",
            ),
            Obs(
                -1,
                OTHER,
                "GP surgery confirms the dental appointment was kept but the asthma "
                "review was missed.",
            ),
            Obs(0, OTHER, "Health visitor confirms all appointments this month were kept."),
            Obs(0, A, "Dental practice letter: both children registered and seen for check-ups."),
            Obs(
                1,
                H,
                "{child} was wearing the hearing aid at the visit; {parent} has a chart "
                "to remember the batteries.",
            ),
            Obs(
                2,
                OTHER,
                "School nurse: vaccinations now up to date and all follow-up appointments kept.",
            ),
            Obs(0, P, "{parent} says the phone reminders from the surgery help.", unscored=True),
        ),
    ),
    GoalTemplate(
        key="contact",
        domain="Contact with the children",
        term=GoalTerm.short,
        title="Arrive on time for every contact session and keep the focus on {children}",
        why=(
            "{children} are staying with foster carers. Reliable, warm contact keeps your bond "
            "with them and shows whether the children could safely return home."
        ),
        levels=(
            "Misses most contact sessions or arrives late and leaves early; the children are "
            "left upset.",
            "Goes to most sessions, but is late or on the phone for much of the time.",
            "Goes to every session on time, brings food and activities, and ends the session "
            "calmly.",
            "Every session on time; plays and talks with each child and responds to what they "
            "need.",
            "Every session for three months, and the contact supervisor recommends moving to "
            "less supervision.",
        ),
        milestones=(
            "Four contact sessions in a row attended on time",
            "Brought a planned activity to every session for a month",
            "Contact supervisor recommends moving to community contact",
        ),
        reward="Contact extended by an hour, with a trip to the park",
        consequence="Contact reduced to once a week until sessions are kept reliably",
        observations=(
            Obs(-2, C, "Contact session missed with no call; {child} cried when told."),
            Obs(-1, C, "Arrived 25 minutes late and spent part of the session on the phone."),
            Obs(0, C, "On time; brought sandwiches and a board game; said goodbye calmly."),
            Obs(0, C, "Good session. {parent} helped {child} with reading practice."),
            Obs(1, C, "{parent} noticed {child} was quiet, sat with them and talked about school."),
            Obs(
                2,
                C,
                "Supervisor reports three months of warm, reliable sessions and "
                "recommends moving to contact in the community.",
            ),
        ),
    ),
)
