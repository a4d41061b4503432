"""Factories for working copies and people, with minimal defaults.

A factory builds the row writers edit, nothing more: no revision, no status
change. Tests that need a revision or a live item walk it through the real
services (see the `walk` fixture in conftest.py), so every test states what it
depends on.
"""

import io

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory, Password
from PIL import Image

from accounts.models import User
from evidence.enquiries.models import Enquiry, EnquiryKind
from evidence.media.models import Figure
from evidence.media.services import figure_upload
from evidence.models import Article, ArticleReference, Citation, Condition, Disclaimer, Population, Study, StudyDesign
from evidence.models.sources import SourceExemption

PASSWORD = "correct-horse-battery-2026"


class UserFactory(DjangoModelFactory):
    """A staff member; pass roles=[WRITER, ...] to put them in role groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    is_staff = True
    password = Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class ConditionFactory(DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")


class StudyFactory(DjangoModelFactory):
    class Meta:
        model = Study

    citation_key = factory.Sequence(lambda n: f"study-{n}")
    title = factory.Sequence(lambda n: f"A randomised trial number {n}")
    design = StudyDesign.RANDOMISED_TRIAL
    population = Population.HUMAN


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"What research says, part {n}")
    slug = factory.Sequence(lambda n: f"what-research-says-{n}")
    summary = "A plain-language summary of the evidence."
    body = "The evidence so far is limited."
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def exempt_from_source_rule(self, create, extracted, **kwargs):
        """Most tests are about something other than sources, so an article comes exempted from the source rule
        by an editor; tests of the rule pass exempt_from_source_rule=False and cite what they need."""
        if create and extracted is not False:
            SourceExemption.objects.create(
                article=self, reason="Made by a test about something else.", granted_by=UserFactory()
            )


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(ArticleFactory)
    study = factory.SubFactory(StudyFactory)
    position = factory.Sequence(lambda n: n + 1)


class ArticleReferenceFactory(DjangoModelFactory):
    class Meta:
        model = ArticleReference

    article = factory.SubFactory(ArticleFactory)
    title = factory.Sequence(lambda n: f"Fact sheet {n}")
    url = factory.Sequence(lambda n: f"https://example.org/facts/{n}")
    position = factory.Sequence(lambda n: n + 1)


class DisclaimerFactory(DjangoModelFactory):
    class Meta:
        model = Disclaimer

    title = factory.Sequence(lambda n: f"Not medical advice {n}")
    text = "Talk to your doctor before changing treatment."


class EnquiryFactory(DjangoModelFactory):
    """A newsletter sign-up its visitor has confirmed; pass confirmed_at=None for one still waiting."""

    class Meta:
        model = Enquiry

    kind = EnquiryKind.NEWSLETTER
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    consent_text = "You may e-mail me."
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class NoticeFactory(DjangoModelFactory):
    """A retraction found in the Retraction Watch database; pass study=… (made-up DOIs under 10.5555 only)."""

    class Meta:
        model = "retractions.Notice"

    study = factory.SubFactory(StudyFactory)
    nature = "retraction"
    date = factory.LazyFunction(lambda: timezone.now().date().replace(year=2024, month=1, day=15))
    notice_doi = factory.Sequence(lambda n: f"10.5555/notice.{n}")
    source = "retraction_watch"
    source_key = factory.Sequence(lambda n: str(50000 + n))


def image_bytes(image_format="PNG", size=(1000, 600), color=(30, 120, 200), **save):
    """A small image made in memory with Pillow, as bytes (figures' tests)."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=image_format, **save)
    return out.getvalue()


def image_upload(name="chart.png", content=None, **kwargs):
    return SimpleUploadedFile(name, content if content is not None else image_bytes(**kwargs))


class FigureFactory(factory.Factory):
    """A figure uploaded through the service (content checked, renditions made)."""

    class Meta:
        model = Figure

    alt_text = "A bar chart of HbA1c before and after treatment"
    caption = "HbA1c fell in the treated group."
    upload = factory.LazyFunction(image_upload)
    by = None

    @classmethod
    def _create(cls, model_class, *, upload, by, **fields):
        return figure_upload(upload=upload, by=by, **fields)
