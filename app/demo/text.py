"""Invented names and prose for the demo case load. Nobody here is a real person.

Surnames are made up (compounds that read like English surnames but are not
common ones); first names are everyday ones, so no combination names anyone.
"""

from app.models.evidence import Stage
from app.models.family import LegalStatus
from app.models.review import ReviewKind

# the one password every demo account shares (printed by ``cct demo``)
DEMO_PASSWORD = "lantern-quince-harbour-47"  # noqa: S105  (demo data only; refused in production)
DEMO_DOMAIN = "westmarsh.example"
PARENT_DOMAIN = "mail.example"

TEAMS = ("Kestrel Team", "Heron Team", "Wren Team")
LEADS = ("Marian Fenwright", "Idris Brackenholt", "Nadia Thornquist")
WORKERS = (
    ("Priya Ashwillow", "Callum Brindlemoor", "Joy Cobbleworth"),
    ("Sam Dunhallow", "Beth Larkhollow", "Kofi Mossgrove"),
    ("Ellen Rowanstead", "Marek Sallowfield", "Hana Tennerby"),
)
ADMIN = "Gwen Ottershaw"

SURNAMES = (
    "Ambleworth",
    "Bramblewick",
    "Carrowmoor",
    "Dapplefield",
    "Eddersby",
    "Farrowdale",
    "Glimmerton",
    "Gorsefield",
    "Hollybrook",
    "Juniperhall",
    "Kestlewood",
    "Larkmoor",
    "Oakhollow",
    "Pennywhistle",
    "Ravensholt",
    "Sorrelby",
    "Wrenfield",
    "Yarrowby",
    "Applecroft",
    "Bellwether",
    "Clovermead",
    "Dunmallow",
    "Elderbrook",
    "Foxhallow",
    "Heathwick",
    "Ivymoor",
    "Kindlewood",
    "Lanternby",
    "Millbrace",
    "Orchardly",
    "Pebblecombe",
    "Quillby",
    "Tumblewick",
    "Umberfield",
    "Vetchley",
    "Willowmere",
    "Hazelgrove",
    "Brackenby",
    "Thimbleby",
    "Cobwell",
    "Fernhallow",
    "Mistlebury",
    "Nettleford",
    "Rushbury",
    "Sparrowdale",
    "Teasdown",
    "Wickenmoor",
    "Yewcombe",
)
MOTHERS = (
    "Kayleigh",
    "Shannon",
    "Danielle",
    "Leanne",
    "Chantelle",
    "Gemma",
    "Jade",
    "Stacey",
    "Amy",
    "Natalie",
    "Rebecca",
    "Laura",
    "Zara",
    "Aisha",
    "Roxanne",
    "Kirsty",
    "Nicole",
    "Holly",
    "Megan",
    "Chloe",
    "Sophie",
    "Tasha",
    "Precious",
    "Agnieszka",
)
FATHERS = (
    "Liam",
    "Ryan",
    "Craig",
    "Dean",
    "Jamie",
    "Lee",
    "Scott",
    "Wayne",
    "Jordan",
    "Connor",
    "Kyle",
    "Darren",
    "Marcus",
    "Tariq",
    "Jason",
    "Ashley",
    "Reece",
    "Dominic",
    "Tomasz",
)
CHILDREN = (
    ("Alfie", "son"),
    ("Ruby", "daughter"),
    ("Freddie", "son"),
    ("Isla", "daughter"),
    ("Mason", "son"),
    ("Poppy", "daughter"),
    ("Harley", "son"),
    ("Ellie", "daughter"),
    ("Tyler", "son"),
    ("Lily", "daughter"),
    ("Oscar", "son"),
    ("Evie", "daughter"),
    ("Logan", "son"),
    ("Daisy", "daughter"),
    ("Reggie", "son"),
    ("Maisie", "daughter"),
    ("Kai", "son"),
    ("Amelia", "daughter"),
    ("Leo", "son"),
    ("Summer", "daughter"),
    ("Theo", "son"),
    ("Willow", "daughter"),
    ("Archie", "son"),
    ("Phoebe", "daughter"),
)
GRANDMOTHERS = ("Pauline", "Sandra", "Brenda", "Carol", "Maureen", "Lorraine")

# Stage of change: what a worker writes beside each rating.
STAGE_NOTES = {
    Stage.precontemplation: (
        "Does not accept there is a problem; says the referral was made out of spite.",
        "Sees the concerns as exaggerated and the plan as something done to them.",
    ),
    Stage.contemplation: (
        "Accepts there are some concerns but is unsure about changing.",
        "Talked about the children's worries for the first time; still ambivalent.",
    ),
    Stage.preparation: (
        "Has made a start: booked the first appointment and asked what help is on offer.",
        "Wants to change and has written down the first steps.",
    ),
    Stage.action: (
        "Working on the plan: keeping appointments and making changes that can be seen.",
        "Clear effort this period; changes are visible at visits.",
    ),
    Stage.maintenance: (
        "Changes have lasted for several months; can name the risks and what to do.",
        "Keeping up the changes without prompting.",
    ),
    Stage.relapse: (
        "Went back to old patterns after a family bereavement; open about it and asked for "
        "help the same week.",
    ),
}
# Motivated but unable: a high motivation score with low ability is recorded as it is.
ABILITY_NOTE = " Motivation is high, but ability to make the changes alone is limited."

REVIEW_KIND = {
    LegalStatus.child_in_need: (ReviewKind.assessment_review, ReviewKind.assessment_review),
    LegalStatus.child_protection_plan: (ReviewKind.core_group, ReviewKind.core_group),
    LegalStatus.plo_pre_proceedings: (ReviewKind.plo_review, ReviewKind.assessment_review),
    LegalStatus.care_proceedings: (ReviewKind.assessment_review, ReviewKind.looked_after_review),
}

REVIEW_SUMMARY = {
    "good": (
        "Steady progress since the last review. Most milestones met; the children are seen "
        "to be more settled and their school reports are better.",
        "Good progress. {parents} have kept to the plan and the evidence from tests and "
        "visits supports what they say.",
    ),
    "mixed": (
        "Some progress on {goal_a}, but little change on {goal_b}. {parents} are engaging "
        "but find it hard to keep changes going between visits.",
        "Mixed picture. Visits are kept, but the evidence on {goal_b} is not yet good enough "
        "for the children's needs to be met consistently.",
    ),
    "poor": (
        "Little progress since the last review. Milestones missed on {goal_a}; the children's "
        "needs are still not met.",
        "Concerns have grown. {parents} dispute the evidence on {goal_a} and visits have been "
        "missed.",
    ),
}
REVIEW_DECISIONS = {
    "good": (
        "Continue the plan as agreed. Visits reduced to fortnightly. Reward for the last "
        "milestone to be given.",
        "Plan continues; consider stepping down at the next review if progress holds.",
    ),
    "mixed": (
        "Plan continues. Extra support from the family support worker on {goal_b}. "
        "Milestone dates kept.",
        "Milestones on {goal_b} reset with clearer steps; weekly visits continue.",
    ),
    "poor": (
        "Concerns to be discussed at the legal planning meeting. Consequences agreed in the "
        "plan to be applied.",
        "Plan tightened: unannounced visits added and the next review brought forward.",
    ),
}

COMMENT_AGREE_GOAL = (
    "I know things got bad. I want the children to be proud to bring friends home.",
    "I agree with this goal. I want to show I can do it.",
)
COMMENT_ON_ENTRY = (
    "That's right. It was a good visit and {child} was pleased to show you their room.",
    "The school run is easier now that the bus pass is sorted.",
    "Thank you for writing this down. It has been a hard few weeks.",
)
# a parent's disagreement, in their own words, by the goal the entry is about
COMMENT_DISAGREE = {
    "home": "I don't agree with this. The bins were full because the collection was missed "
    "that week, not because I let things slide.",
    "school": "This is not fair. We were late because the bus didn't come, and I rang the "
    "school to say so.",
    "contact": "This is not fair. I was late because the bus didn't come, and I rang ahead to "
    "say so.",
    "alcohol": "I don't agree that I was drunk. I had a cold and had taken cold and flu tablets.",
    "drugs": "I don't agree with this result. I haven't used anything and I have asked for "
    "the test to be done again.",
}
DISAGREE_OTHER = (
    "I don't agree with how this has been written. It leaves out that I asked for help "
    "that week and nobody called back."
)

AMEND_REASONS = (
    "Score corrected: the visit notes show the expected level was met, not the level below it.",
    "Wording corrected: the observation was about {child}, not a sibling.",
    "Date corrected after checking the diary: the visit took place a day earlier.",
)
AMEND_PREFIX = "Corrected entry. "
ERROR_REASONS = (
    "Recorded on the wrong family's record; the right family's record has been updated.",
    "Duplicate of the entry for the same visit.",
)
WITHDRAWN_NOTE = "Milestone missed; reward withdrawn at the review, as agreed in the plan."
WAIVED_NOTE = (
    "Waived: the milestone was missed because of a hospital admission, not a lack of effort."
)
APPLIED_NOTE = "Applied as agreed in the plan and explained to {parent} at the visit."
GIVEN_NOTE = "Given as agreed; {children} chose the day."
RELAPSE_SUMMARY = "Relapse: {parent} returned to drinking or drug use; disclosed at a visit."
CHANGES_REQUESTED = "Team lead asked for the expected level to be made measurable before sign-off."
ASSESSMENT_CLOSED = (
    "Earlier assessment closed: enough change was made for the case to step down, "
    "but concerns returned.",
    "Children were returned home after this assessment; it was closed with support in place.",
)
