import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group

from accounts.roles import EDITOR, MARKETING, MEDICAL_REVIEWER, ROLES, WRITER
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_email_is_stored_lower_case():
    user = User.objects.create_user("Dana.Whitfield@Example.COM", password=PASSWORD)

    assert user.email == "dana.whitfield@example.com"


def test_sign_in_with_upper_case_email_finds_the_person():
    user = User.objects.create_user("dana@example.com", password=PASSWORD)

    assert authenticate(username="DANA@EXAMPLE.COM", password=PASSWORD) == user


def test_sign_in_with_wrong_password_fails():
    User.objects.create_user("dana@example.com", password=PASSWORD)

    assert authenticate(username="dana@example.com", password="not-the-password") is None


def test_creating_a_user_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail address is required"):
        User.objects.create_user("", password=PASSWORD)


def test_byline_shows_name_and_credentials():
    user = UserFactory.build(email="priya@example.com", display_name="Priya Raman", credentials="MD, PhD")

    assert user.byline == "Priya Raman, MD, PhD"
    assert str(user) == "Priya Raman, MD, PhD"


def test_byline_without_credentials_is_just_the_name():
    user = UserFactory.build(display_name="Lee Marsh", credentials="")

    assert user.byline == "Lee Marsh"


def test_byline_falls_back_to_the_email_name():
    user = UserFactory.build(email="sam.okafor@example.com", display_name="", credentials="MA")

    assert user.byline == "sam.okafor, MA"


def test_clean_lower_cases_the_email():
    user = UserFactory.build(email="Sam@Example.org")

    user.clean()

    assert user.email == "sam@example.org"


def test_create_superuser_sets_staff_and_superuser():
    admin = User.objects.create_superuser("admin@example.com", password=PASSWORD)

    assert admin.is_staff
    assert admin.is_superuser
    assert admin.is_active


def test_create_user_is_neither_staff_nor_superuser():
    user = User.objects.create_user("reader@example.com", password=PASSWORD)

    assert not user.is_staff
    assert not user.is_superuser


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_create_superuser_refuses_to_drop_a_flag(flag):
    with pytest.raises(ValueError, match="must have is_staff and is_superuser"):
        User.objects.create_superuser("admin@example.com", password=PASSWORD, **{flag: False})


def test_the_four_role_groups_exist():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def _permissions(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_writer_writes_but_does_not_review_or_publish():
    granted = _permissions(WRITER)

    assert {"evidence.add_article", "evidence.change_article", "evidence.change_study"} <= granted
    assert "evidence.review_article" not in granted
    assert "evidence.publish_article" not in granted
    assert "evidence.change_disclaimer" not in granted


def test_medical_reviewer_reviews_but_does_not_edit():
    granted = _permissions(MEDICAL_REVIEWER)

    assert {f"evidence.review_{m}" for m in ("article", "study", "condition", "disclaimer")} <= granted
    assert "evidence.change_article" not in granted
    assert "evidence.publish_article" not in granted


def test_editor_publishes_everything_and_keeps_disclaimers():
    granted = _permissions(EDITOR)

    assert {f"evidence.publish_{m}" for m in ("article", "study", "condition", "disclaimer")} <= granted
    assert "evidence.change_disclaimer" in granted
    assert "evidence.review_article" not in granted


def test_marketing_only_views():
    granted = _permissions(MARKETING)

    assert granted
    # Marketing reads: content, and visitors' enquiries which it may also export as CSV.
    assert all(name.split(".")[1].startswith(("view_", "export_")) for name in granted)


def test_role_membership_grants_the_permission_to_the_person():
    writer = UserFactory(roles=[WRITER])
    marketer = UserFactory(roles=[MARKETING])

    assert writer.has_perm("evidence.change_article")
    assert not marketer.has_perm("evidence.change_article")
    assert marketer.has_perm("evidence.view_article")
