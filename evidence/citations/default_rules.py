"""The claim rules every library starts with (seeded by a data migration; editors change them in the admin)."""

DEFAULT_RULES = [
    {
        "name": "Cure claim",
        "kind": "regex",
        "pattern": r"\bcur(?:e|es|ed|ing)\b",
        "explanation": "No stem cell or exosome treatment has been shown to cure these conditions. Describe what "
        "the study measured instead, e.g. “fewer relapses over five years”.",
    },
    {
        "name": "Guarantee",
        "kind": "regex",
        "pattern": r"\bguarantee(?:s|d)?\b",
        "explanation": "No treatment outcome can be guaranteed. Say what happened to the people studied.",
    },
    {
        "name": "FDA approval or registration",
        "kind": "regex",
        "pattern": r"\bFDA[-\s]+(?:approved|registered)\b",
        "explanation": "Registration of a clinic or product with the FDA is not approval of a treatment, and few "
        "cell therapies are approved. Name the exact FDA decision, with a citation, or leave it out.",
    },
    {
        "name": "No side effects",
        "kind": "phrase",
        "pattern": "no side effects",
        "explanation": "Every treatment can have side effects. Report the harms the studies recorded, "
        "e.g. “no serious side effects were reported in 40 people over one year”.",
    },
    {
        "name": "Proven to",
        "kind": "phrase",
        "pattern": "proven to",
        "explanation": "Single studies do not prove a treatment works. Say what kind of study found what.",
    },
    {
        "name": "100 percent",
        "kind": "regex",
        "pattern": r"(?<!\w)100\s?(?:%|percent\b|per cent\b)",
        "explanation": "Absolute figures are almost never what a study found. Give the study's own numbers.",
    },
    {
        "name": "Miracle",
        "kind": "regex",
        "pattern": r"\bmiracle\w*|\bmiracul\w*",
        "explanation": "“Miracle” is a promise, not a finding. Describe the result in measured words.",
    },
    {
        "name": "Reverses disease",
        "kind": "regex",
        "pattern": r"\brevers(?:e|es|ed|ing)\b",
        "explanation": "“Reverses” suggests the disease goes away. Say what changed and for how long, "
        "with the study that measured it.",
    },
    {
        "name": "Figure without a source",
        "kind": "uncited_figure",
        "pattern": "",
        "explanation": "A percentage or a number of people needs its source: add a [@study] marker in the same "
        "sentence, or a [^n] note for another reference.",
    },
]


def seed_default_rules(apps, schema_editor=None):
    """Create the default rules that do not exist yet (usable from migrations and tests)."""
    ClaimRule = apps.get_model("evidence", "ClaimRule")
    for rule in DEFAULT_RULES:
        ClaimRule.objects.get_or_create(name=rule["name"], defaults=rule)
