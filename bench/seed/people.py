"""The synthetic staff who write, review and publish benchmark content: the mark of everything seeded.

Every seeded item is created by one of these accounts, whose addresses are
in the reserved `.invalid` domain (RFC 2606), so no real person ever has one
and `seed_bench --remove` can find exactly what it made. They cannot sign in:
their passwords are unusable.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import EDITOR, MEDICAL_REVIEWER, WRITER

BENCH_DOMAIN = "bench.invalid"

_PEOPLE = (
    ("bench-writer-1", WRITER, "Synthetic Writer Avery", "MPH"),
    ("bench-writer-2", WRITER, "Synthetic Writer Blake", "MSc"),
    ("bench-writer-3", WRITER, "Synthetic Writer Casey", "RN"),
    ("bench-reviewer-1", MEDICAL_REVIEWER, "Synthetic Reviewer Devi", "MD, PhD"),
    ("bench-reviewer-2", MEDICAL_REVIEWER, "Synthetic Reviewer Emeka", "MD"),
    ("bench-editor", EDITOR, "Synthetic Editor Frankie", "MA"),
)


@dataclass(frozen=True)
class BenchPeople:
    writers: tuple[int, ...]
    reviewers: tuple[int, ...]
    editor: int


def bench_people_queryset():
    return get_user_model().objects.filter(email__endswith=f"@{BENCH_DOMAIN}")


def ensure_bench_people() -> BenchPeople:
    """Create the synthetic staff if missing (in their role groups); return their ids by role."""
    User = get_user_model()
    ids = {WRITER: [], MEDICAL_REVIEWER: [], EDITOR: []}
    for local_part, role, name, credentials in _PEOPLE:
        email = f"{local_part}@{BENCH_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                password=None,
                display_name=name,
                credentials=credentials,
                bio="Synthetic account that owns benchmark content; it cannot sign in.",
                is_staff=False,
            )
            user.groups.add(*Group.objects.filter(name=role))
        ids[role].append(user.pk)
    return BenchPeople(writers=tuple(ids[WRITER]), reviewers=tuple(ids[MEDICAL_REVIEWER]), editor=ids[EDITOR][0])
