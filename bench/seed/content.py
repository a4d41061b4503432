"""Synthetic but realistic-looking library content for benchmarks.

Titles, author lists, journals, study designs and Markdown bodies are drawn
from small vocabularies of the field (mesenchymal stem cells, exosomes, the
conditions the clinic writes about), so pages, search and indexes see text
of the size and word mix a real library has. Nothing here is a real paper:
identifiers use the DOI test prefix 10.5555 and PMIDs above 90,000,000.
"""

from django.utils.text import slugify

from evidence.models import Population, StudyDesign

CONDITIONS = (
    "Knee osteoarthritis", "Hip osteoarthritis", "Rheumatoid arthritis", "Psoriatic arthritis",
    "Ankylosing spondylitis", "Systemic lupus erythematosus", "Sjögren's syndrome", "Systemic sclerosis",
    "Type 1 diabetes", "Type 2 diabetes", "Diabetic foot ulcer", "Multiple sclerosis", "Parkinson's disease",
    "Alzheimer's disease", "Amyotrophic lateral sclerosis", "Stroke", "Spinal cord injury",
    "Traumatic brain injury", "Cerebral palsy", "Autism spectrum disorder", "Heart failure",
    "Myocardial infarction", "Critical limb ischaemia", "Crohn's disease", "Ulcerative colitis",
    "Liver cirrhosis", "Chronic kidney disease", "Acute respiratory distress syndrome",
    "Chronic obstructive pulmonary disease", "Idiopathic pulmonary fibrosis", "Graft-versus-host disease",
    "Osteogenesis imperfecta", "Rotator cuff tear", "Tendinopathy", "Degenerative disc disease",
    "Erectile dysfunction", "Premature ovarian insufficiency", "Dry eye disease", "Alopecia", "Psoriasis",
)  # fmt: skip

# Beyond the named conditions, names repeat with a cohort number (a library for many clinics).
MAX_CONDITIONS = 20 * len(CONDITIONS)

CELLS = (
    "bone marrow mesenchymal stem cells", "umbilical cord mesenchymal stem cells",
    "adipose-derived mesenchymal stem cells", "Wharton's jelly stem cells", "MSC-derived exosomes",
    "extracellular vesicles", "the MSC secretome", "placental stem cells", "dental pulp stem cells",
)  # fmt: skip

OUTCOMES = (
    "pain and function", "inflammation", "disease activity", "insulin production", "walking distance",
    "relapse rate", "tissue repair", "immune balance", "quality of life", "safety and tolerability",
)  # fmt: skip

FAMILY_NAMES = (
    "Chen", "Wang", "Li", "Zhang", "Liu", "Smith", "Garcia", "Müller", "Rossi", "Kowalski", "Nguyen", "Kim",
    "Park", "Singh", "Patel", "Okafor", "Silva", "Santos", "Ivanova", "Hansen", "Dubois", "Tanaka", "Sato",
    "Ahmed", "Haddad", "Cohen", "O'Brien", "Novak", "Larsen", "Moreno", "Yilmaz", "Kaur", "Mensah", "Brown",
)  # fmt: skip
FAMILY_SLUGS = {name: slugify(name) for name in FAMILY_NAMES}
GIVEN_INITIALS = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "W", "Y", "Z")

JOURNALS = (
    "Stem Cell Res Ther", "Cytotherapy", "Stem Cells Transl Med", "J Transl Med", "Front Immunol",
    "Sci Rep", "Arthritis Res Ther", "Cell Transplant", "JAMA", "Lancet", "BMJ", "Diabetes Care",
    "Mult Scler", "Ann Rheum Dis", "Osteoarthritis Cartilage", "J Extracell Vesicles", "Int J Mol Sci",
)  # fmt: skip

FUNDERS = (
    "", "", "National research council grant.", "University hospital foundation.",
    "Supported in part by a cell-therapy company.", "Public health ministry programme.",
)  # fmt: skip

# Designs in the proportions a regenerative-medicine library holds: mostly early work.
DESIGNS = (
    *[StudyDesign.IN_VITRO] * 5, *[StudyDesign.ANIMAL] * 6, *[StudyDesign.CASE_SERIES] * 2,
    *[StudyDesign.OBSERVATIONAL] * 2, *[StudyDesign.NON_RANDOMISED_TRIAL] * 2,
    *[StudyDesign.RANDOMISED_TRIAL] * 2, StudyDesign.SYSTEMATIC_REVIEW, StudyDesign.NARRATIVE_REVIEW,
)  # fmt: skip

TITLE_PATTERNS = (
    "{cells} for {condition}: {design}",
    "Effect of {cells} on {outcome} in {condition}",
    "{cells} improve {outcome} in a model of {condition}",
    "Safety of {cells} in people with {condition}",
    "{cells} and {outcome} in {condition}: a {design_lower}",
)

SENTENCES = (
    "In {condition}, the immune system and damaged tissue both play a part in how the disease gets worse.",
    "Researchers are testing whether {cells} can calm inflammation and help tissue repair itself.",
    "The study looked at {outcome} in {n} participants over {months} months [@{key}].",
    "People who received {cells} reported changes in {outcome}, but the groups were small [@{key}].",
    "In animals, {cells} reduced signs of {condition}; results in animals often do not carry over to people [@{key}].",
    "Laboratory work suggests {cells} release signals that change how immune cells behave [@{key}].",
    "No serious side effects were reported in the follow-up period, which was short [@{key}].",
    "A review of earlier trials found the evidence for {outcome} is still limited [@{key}].",
    "Larger randomised trials with a comparison group are needed before any firm conclusion.",
    "Doctors who treat {condition} can help you find registered clinical trials.",
    "The authors note that how the cells were grown and given differed from study to study [@{key}].",
    "Measures of {outcome} improved in some people but not in others [@{key}].",
)  # fmt: skip

HEADINGS = (
    "What the condition is", "Why researchers are looking at stem cells", "What the research looked at",
    "What it found", "What it does not tell us yet", "The bottom line",
)  # fmt: skip


def condition_name(number):
    name = CONDITIONS[number % len(CONDITIONS)]
    return name if number < len(CONDITIONS) else f"{name} (cohort {number // len(CONDITIONS) + 1})"


def condition_summary(name):
    return (
        f"{name} is a long-term condition that researchers are studying with mesenchymal stem cells and exosomes. "
        "This synthetic description exists for benchmarks."
    )[:400]


def sample_size(rng, design):
    """A plausible number of participants (animals, or studies for a review), or None."""
    if design == StudyDesign.IN_VITRO:
        return None
    if design in (StudyDesign.SYSTEMATIC_REVIEW, StudyDesign.NARRATIVE_REVIEW):
        return rng.randint(4, 60)
    if design == StudyDesign.ANIMAL:
        return rng.randint(12, 80)
    return rng.randint(6, 400)


def population(design):
    if design == StudyDesign.IN_VITRO:
        return Population.IN_VITRO
    return Population.ANIMAL if design == StudyDesign.ANIMAL else Population.HUMAN


def study_values(rng, number, condition):
    """The content fields of study `number`, as a dict (citation key first)."""
    design = rng.choice(DESIGNS)
    authors = [
        {"family": rng.choice(FAMILY_NAMES), "given": rng.choice(GIVEN_INITIALS) + rng.choice(GIVEN_INITIALS)}
        for _ in range(rng.randint(1, 9))
    ]
    year = rng.randint(2002, 2025)
    pattern = rng.choice(TITLE_PATTERNS)
    title = pattern.format(
        cells=rng.choice(CELLS),
        condition=condition.lower(),
        outcome=rng.choice(OUTCOMES),
        design=design.label,
        design_lower=design.label.lower(),
    )
    pmid = str(90_000_000 + number)
    return {
        "citation_key": f"bench-{FAMILY_SLUGS[authors[0]['family']]}-{year}-{number}",
        "title": title[0].upper() + title[1:],
        "authors": authors,
        "authors_complete": rng.random() > 0.2,
        "journal": rng.choice(JOURNALS),
        "year": year,
        "volume": str(rng.randint(1, 60)),
        "issue": str(rng.randint(1, 12)),
        "pages": f"{(start := rng.randint(1, 900))}-{start + rng.randint(4, 20)}",
        "doi": f"10.5555/bench.{number}",
        "pmid": pmid,
        "pmcid": f"PMC{90_000_000 + number}" if rng.random() < 0.4 else "",
        "isbn": "",
        "trial_registration": "",
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        "design": design.value,
        "population": population(design).value,
        "sample_size": sample_size(rng, design),
        "funding": rng.choice(FUNDERS),
        "conflicts": "" if rng.random() < 0.7 else "One author holds shares in a cell-therapy company.",
        "notes": "Synthetic benchmark study (seed_bench).",
    }


def article_values(rng, number, conditions, cited_keys):
    """Title, slug, summary, body and description of article `number` about `conditions`, citing `cited_keys`."""
    condition = conditions[0]
    cells = rng.choice(CELLS)
    outcome = rng.choice(OUTCOMES)
    title = f"Could {cells} help with {condition.lower()}? What {len(cited_keys)} studies found"
    summary = (
        f"Researchers have tested {cells} in {condition.lower()}. Early studies looked at {outcome}; "
        "the evidence is still early and the studies were small."
    )
    return {
        "title": title[:200],
        "slug": f"bench-{number}-{slugify(f'{cells} {condition}')}",
        "summary": summary[:400],
        "body": _body(rng, condition, cells, outcome, cited_keys),
        "seo_description": f"A plain-language look at research on {cells} in {condition.lower()}."[:160],
    }


def _body(rng, condition, cells, outcome, cited_keys):
    """About 3 kB of Markdown in six sections, citing every key at least once, plus one footnote."""
    parts, keys = [], list(cited_keys)
    words = {"condition": condition.lower(), "cells": cells, "outcome": outcome}
    for n, heading in enumerate(HEADINGS):
        sentences = []
        for _ in range(rng.randint(3, 5)):
            sentence = rng.choice(SENTENCES)
            key = (keys.pop() if keys else rng.choice(cited_keys)) if "{key}" in sentence else ""
            sentences.append(
                sentence.format(n=rng.randint(8, 300), months=rng.choice((3, 6, 12, 24)), key=key, **words)
            )
        if n == 0:
            sentences.append("A patient charity describes how common the condition is[^1].")
        if heading == "What it found" and keys:
            sentences.append("Other studies reported similar findings " + " ".join(f"[@{k}]" for k in keys) + ".")
            keys.clear()
        parts.append(f"## {heading}\n\n" + " ".join(sentences))
    return "\n\n".join(parts) + "\n"


def draft_update(values):
    """The content of a newer draft of a live article: a revised title and one more section."""
    return (
        f"Updated: {values['title']}"[:200],
        values["slug"],
        values["summary"],
        values["body"] + "\n## Update\n\nA newer study is being added to this summary.\n",
        values["seo_description"],
    )


def reference(condition, accessed_on):
    """An "other reference" (a charity's fact page) in the fields of ReferenceBase.CONTENT."""
    return {
        "title": f"{condition}: facts and figures",
        "publisher": "Patient charity (synthetic)",
        "url": f"https://example.org/bench/{slugify(condition)}/facts",
        "published_on": None,
        "accessed_on": accessed_on,
        "position": 1,
    }
