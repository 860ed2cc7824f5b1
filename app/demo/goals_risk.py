"""Risk goals for the demo case load: substance use and domestic abuse safety planning."""

from app.demo.goals import OTHER, A, D, GoalTemplate, H, Obs, P
from app.models.plan import GoalTerm

RISK: tuple[GoalTemplate, ...] = (
    GoalTemplate(
        key="alcohol",
        domain="Substance use",
        term=GoalTerm.long,
        title="Stop drinking alcohol while caring for {children}",
        why=(
            "When you drink, {children} are left without a sober adult. {child} has "
            "described making their own tea and putting themselves to bed."
        ),
        levels=(
            "Drinking every day; tests show heavy use; the children are cared for by an "
            "adult who is under the influence.",
            "Drinking most weeks; tests show continued use, though less than at the start.",
            "Tests show no alcohol use for the last month, and {parent} goes to every "
            "session with the alcohol service.",
            "No alcohol use for three months, confirmed by tests, and a written relapse "
            "prevention plan is in place.",
            "No alcohol use for six months, confirmed by tests; {parent} has a sober support "
            "network and uses it.",
        ),
        milestones=(
            "First negative alcohol blood test",
            "Two negative alcohol blood tests a month apart",
            "Relapse prevention plan written with the alcohol service",
        ),
        reward="An extra weekend afternoon with {children}, chosen by the children",
        consequence=("Tests increased to fortnightly and the plan reviewed at an early meeting"),
        substance=True,
        observations=(
            Obs(
                -2, D, "Blood test result shows heavy alcohol use over the past two to four weeks."
            ),
            Obs(
                -2,
                H,
                "{parent} smelled strongly of alcohol at 11am. {child} answered the door "
                "and said they had not had breakfast.",
            ),
            Obs(
                -2,
                OTHER,
                "Police notification: {parent} was found drunk in the town centre on Saturday "
                "evening while the children were with a neighbour.",
                internal=True,
            ),
            Obs(-1, D, "Blood test result lower than last month but still shows regular drinking."),
            Obs(
                -1,
                A,
                "Alcohol service letter: {parent} went to two of the four sessions "
                "offered this month.",
            ),
            Obs(0, D, "Blood test result negative: no sign of drinking over the past month."),
            Obs(
                0,
                A,
                "Alcohol service confirms {parent} went to every session this month and "
                "has started a relapse prevention plan.",
            ),
            Obs(1, D, "Third negative blood test in a row."),
            Obs(
                1,
                P,
                "{parent} says evenings are the hardest time and is now going to a peer "
                "support group on Tuesdays.",
                unscored=True,
            ),
            Obs(
                2,
                A,
                "Alcohol service reports six months without a drink; {parent} now helps "
                "to run the peer support group.",
            ),
        ),
    ),
    GoalTemplate(
        key="drugs",
        domain="Substance use",
        term=GoalTerm.long,
        title="Stop using cannabis and cocaine, shown by regular tests",
        why=(
            "Drug use has left {children} without supervision at night and brought people "
            "who sell drugs into the home."
        ),
        levels=(
            "Tests show regular use of cocaine and cannabis; no contact with the drug service.",
            "Tests still show use, but {parent} has started meeting the drug service.",
            "Tests clear of cocaine for two months and cannabis falling; {parent} goes to "
            "every drug service appointment.",
            "All tests clear for three months; {parent} keeps every appointment without reminders.",
            "All tests clear for six months and {parent} has cut contact with the people who "
            "supplied drugs.",
        ),
        milestones=(
            "Registered with the drug service and went to the first appointment",
            "Urine screens clear of cocaine for four weeks",
            "Hair strand test clear of all drugs",
        ),
        reward="Contact moved from the family centre to the park on Saturdays",
        consequence="Urine screens increased to twice a week for a month",
        substance=True,
        observations=(
            Obs(
                -2,
                D,
                "Hair strand test shows regular cocaine and cannabis use over the past "
                "three months.",
            ),
            Obs(
                -2,
                OTHER,
                "Police notification: two known drug dealers seen leaving the address late at "
                "night. Third-party information; do not share the source.",
                internal=True,
            ),
            Obs(-1, D, "Urine screen positive for cannabis, negative for cocaine."),
            Obs(
                -1,
                A,
                "Drug service letter: {parent} went to the assessment appointment but "
                "missed the group session.",
            ),
            Obs(0, D, "Urine screen negative for all drugs."),
            Obs(0, A, "Drug service confirms {parent} has gone to every appointment this month."),
            Obs(
                1,
                D,
                "Hair strand test clear of cocaine; cannabis at a very low level, "
                "consistent with stopping about three months ago.",
            ),
            Obs(2, D, "Hair strand test clear of all drugs over the past six months."),
            Obs(
                0,
                P,
                "{parent} says staying away from old friends is hard but has changed phone number.",
                unscored=True,
            ),
        ),
    ),
    GoalTemplate(
        key="safety",
        domain="Domestic abuse safety planning",
        term=GoalTerm.long,
        title="Keep to the safety plan and keep {children} safe from domestic abuse",
        why=(
            "{children} have heard and seen violence at home. They need to live without "
            "fear, with a parent who knows what to do if they are at risk."
        ),
        levels=(
            "No safety plan; contact with the person who was abusive continues in front of "
            "the children.",
            "A safety plan exists but is not followed, and contact with the abusive "
            "ex-partner continues.",
            "{parent} keeps to the safety plan, goes to the domestic abuse programme and there "
            "is no contact with the abusive ex-partner at home.",
            "{parent} has finished the programme, keeps to the safety plan and can explain the "
            "warning signs and what to do.",
            "Six months with no incidents; {parent} uses the safety plan without help and has "
            "made a safety plan with each child.",
        ),
        milestones=(
            "Safety plan written with the domestic abuse service",
            "Went to the first six sessions of the domestic abuse recovery programme",
            "Safety plan made with each child, in words they understand",
        ),
        reward="Family day out at the coast, paid for from the family support budget",
        consequence=(
            "Safety concerns taken to the next review meeting, with a multi-agency risk "
            "meeting if needed"
        ),
        observations=(
            Obs(
                -2,
                OTHER,
                "Police notification: call-out to the address at 11.40pm after neighbours "
                "heard shouting; the ex-partner had left before officers arrived.",
                internal=True,
            ),
            Obs(
                -2,
                H,
                "{child} told me that the ex-partner had been at the house at the "
                "weekend and there had been shouting.",
            ),
            Obs(
                -1,
                A,
                "Domestic abuse service letter: safety plan written but {parent} missed "
                "two of the last four sessions.",
            ),
            Obs(
                -1,
                H,
                "{parent} has the safety plan but could not say where the emergency "
                "numbers were kept.",
            ),
            Obs(
                0,
                A,
                "Domestic abuse service confirms {parent} has gone to every session this month.",
            ),
            Obs(
                0,
                H,
                "{parent} talked through the safety plan without prompting and showed me "
                "the code word agreed with the neighbour.",
            ),
            Obs(
                1,
                A,
                "Domestic abuse service letter: {parent} finished the recovery programme "
                "and could name the warning signs.",
            ),
            Obs(
                2,
                H,
                "{parent} and {child} showed me {child}'s own safety plan, drawn as a "
                "picture with the safe people named.",
            ),
            Obs(
                -1,
                A,
                "Information from the refuge outreach worker about the ex-partner's new address. "
                "Third-party information; internal only.",
                internal=True,
            ),
        ),
    ),
)
