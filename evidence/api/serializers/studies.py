"""A published study: identifiers, formatted citations and its evidence label."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.api.serializers.common import (
    ConditionRefSerializer,
    LinkSerializer,
    SelectableFieldsMixin,
    api_url,
    links,
    public_url,
)
from evidence.citations import format as citation_format
from evidence.models import Population, StudyDesign
from evidence.models import levels as evidence_levels
from evidence.presenters.pages import DESIGN_EXPLANATIONS, live_conditions_of
from evidence.retractions.models import PUBLIC_LABELS, Nature, in_force


class AuthorSerializer(serializers.Serializer):
    family = serializers.CharField()
    given = serializers.CharField(required=False, help_text="Given names or initials, when recorded.")


class NoticeSerializer(serializers.Serializer):
    nature = serializers.ChoiceField(
        choices=[(n, Nature(n).label) for n in PUBLIC_LABELS],
        help_text="retraction, expression_of_concern or correction: a notice on the paper, in force.",
    )
    label = serializers.CharField(help_text="What the site shows: “Retracted”, “Expression of concern”, “Correction”.")
    date = serializers.DateField(help_text="When the notice was published.")
    notice_doi = serializers.CharField(help_text="The notice's DOI; may be empty.")
    notice_url = serializers.CharField(help_text="Where to read the notice (a DOI link or its address); may be empty.")


def notices_of(reference_or_study) -> list[dict]:
    """The notices in force on a study's paper, most serious first (prefetched by the selectors)."""
    notices = getattr(reference_or_study, "notices", None)
    if notices is None:
        notices = in_force(reference_or_study.item.notices.all())
    return [
        {"nature": n.nature, "label": n.public_label, "date": n.date, "notice_doi": n.notice_doi, "notice_url": n.link}
        for n in notices
    ]


class CitationTextSerializer(serializers.Serializer):
    ama = serializers.CharField(help_text="AMA style (AMA Manual of Style, 11th edition), plain text.")
    vancouver = serializers.CharField(help_text="Vancouver style (NLM Citing Medicine), plain text.")


class EvidenceSerializer(serializers.Serializer):
    level = serializers.IntegerField(
        min_value=1, max_value=7, help_text="1 laboratory … 7 systematic review: the evidence pyramid."
    )
    level_name = serializers.CharField(help_text="The step's name, e.g. “Randomised trial”.")
    label = serializers.CharField(help_text="In words a patient understands: “Randomised trial with 110 people”.")
    design = serializers.ChoiceField(choices=StudyDesign.choices)
    design_label = serializers.CharField()
    population = serializers.ChoiceField(choices=Population.choices, help_text="People, animals or cells.")
    explanation = serializers.CharField(help_text="One sentence on what this kind of study can and cannot show.")


def citation_texts(study, ama=None):
    return {"ama": citation_format.ama(study) if ama is None else ama, "vancouver": citation_format.vancouver(study)}


def evidence_of(study, level=None, label=None):
    level = evidence_levels.level(study) if level is None else level
    return {
        "level": level,
        "level_name": evidence_levels.LEVEL_NAMES[level],
        "label": evidence_levels.plain_label(study) if label is None else label,
        "design": study.design,
        "design_label": study.get_design_display(),
        "population": study.population,
        "explanation": DESIGN_EXPLANATIONS.get(study.design, ""),
    }


def cited_study(serializer, reference) -> dict:
    """An article's numbered reference as CitedStudySerializer describes it, built directly.

    An API page of 20 articles holds a hundred of these: a nested serializer
    per article cost more than everything else in the answer. The reference
    (presenters.NumberedReference) already carries the AMA text, links, level and
    label the article page computed, so they are not computed twice.
    """
    study = reference.study
    return {
        "id": study.item_id,
        "citation_key": study.citation_key,
        "title": study.title,
        "journal": study.journal,
        "year": study.year,
        "doi": study.doi,
        "pmid": study.pmid,
        "pmcid": study.pmcid,
        "isbn": study.isbn,
        "trial_registration": study.trial_registration,
        "links": links(reference.links),
        "citation": citation_texts(study, ama=reference.text),
        "evidence": evidence_of(study, level=reference.level, label=reference.evidence),
        "notices": notices_of(reference),
        "url": public_url(study, serializer),
        "api_url": api_url(serializer, "api:study-detail", study.item_id),
        "number": reference.number,
    }


class StudyFieldsMixin(serializers.Serializer):
    """What a study says about itself; shared by the study list and an article's references."""

    id = serializers.IntegerField(source="item_id", help_text="The study's id (stable across revisions).")
    citation_key = serializers.CharField(help_text="The short name writers cite it by, e.g. “burt-2019”.")
    title = serializers.CharField()
    journal = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    doi = serializers.CharField(help_text="Digital Object Identifier, e.g. 10.1001/jama.2018.18743; may be empty.")
    pmid = serializers.CharField(help_text="PubMed ID; may be empty.")
    pmcid = serializers.CharField(help_text="PubMed Central ID; may be empty.")
    isbn = serializers.CharField(help_text="ISBN, for a book or chapter; may be empty.")
    trial_registration = serializers.CharField(help_text="Trial registry number, e.g. NCT01234567; may be empty.")
    links = serializers.SerializerMethodField(help_text="Where to read the paper.")
    citation = serializers.SerializerMethodField(help_text="The formatted reference, ready to print.")
    evidence = serializers.SerializerMethodField(help_text="What kind of evidence this is and how strong.")
    notices = serializers.SerializerMethodField(
        help_text="Retractions, expressions of concern and corrections in force on the paper; usually empty."
    )
    url = serializers.SerializerMethodField(help_text="The study's public page.")
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, study):
        return links(citation_format.links(study))

    @extend_schema_field(NoticeSerializer(many=True))
    def get_notices(self, study):
        return notices_of(study)

    @extend_schema_field(CitationTextSerializer)
    def get_citation(self, study):
        return citation_texts(study)

    @extend_schema_field(EvidenceSerializer)
    def get_evidence(self, study):
        return evidence_of(study)

    def get_url(self, study) -> str:
        return public_url(study, self)

    def get_api_url(self, study) -> str:
        return api_url(self, "api:study-detail", study.item_id)


class StudySerializer(SelectableFieldsMixin, StudyFieldsMixin):
    revision = serializers.IntegerField(source="number", help_text="Which approved revision this is.")
    authors = AuthorSerializer(many=True, help_text="In the paper's order.")
    authors_complete = serializers.BooleanField(help_text="False when only the first authors are listed (et al.).")
    volume = serializers.CharField()
    issue = serializers.CharField()
    pages = serializers.CharField()
    paper_url = serializers.CharField(source="url", help_text="The publisher's page, when recorded; may be empty.")
    sample_size = serializers.IntegerField(allow_null=True, help_text="Participants (or, for a review, studies).")
    funding = serializers.CharField(help_text="Who paid for the study, where stated.")
    conflicts = serializers.CharField(help_text="Declared conflicts of interest, where stated.")
    conditions = serializers.SerializerMethodField(help_text="Published conditions the study is about.")
    published_at = serializers.DateTimeField(source="published", help_text="When the study first went public.")
    updated_at = serializers.DateTimeField(source="updated", help_text="When this revision went public.")

    @extend_schema_field(ConditionRefSerializer(many=True))
    def get_conditions(self, study):
        return ConditionRefSerializer(live_conditions_of(study), many=True, context=self.context).data
