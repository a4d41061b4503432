"""Remove exactly what seed_bench made: items created by the synthetic staff, their audit entries, the staff.

Items are deleted through the ORM in chunks, so every cascade, protection and
delete signal applies as it would in the admin; links that other items hold
to seeded conditions go with them. Citations are protected: if a real article
cites a seeded study, nothing is removed and the message says which.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from bench.seed.people import bench_people_queryset
from bench.seed.plan import BenchSeedError
from evidence.models import Article, AuditEntry, Citation, Condition, Disclaimer, RevisionCitation, Study

# Articles first: they cite the studies and link the conditions removed after them.
REMOVAL_ORDER = ((Article, "articles"), (Disclaimer, "disclaimers"), (Study, "studies"), (Condition, "conditions"))
CHUNK = 2_000


def bench_items(model):
    return model.objects.filter(created_by__in=bench_people_queryset())


def bench_counts():
    """How many items of each kind the synthetic staff created."""
    return {name: bench_items(model).count() for model, name in REMOVAL_ORDER}


def _refuse_if_cited_from_outside():
    studies = bench_items(Study).values("pk")
    outside = Citation.objects.filter(study__in=studies).exclude(article__in=bench_items(Article).values("pk"))
    outside_revisions = RevisionCitation.objects.filter(study__in=studies).exclude(
        revision__item__in=bench_items(Article).values("pk")
    )
    titles = {c.article.title for c in outside.select_related("article")[:5]}
    titles |= {c.revision.title for c in outside_revisions.select_related("revision")[:5]}
    if titles:
        raise BenchSeedError(
            "Nothing was removed: articles that seed_bench did not make cite seeded studies "
            f"({'; '.join(sorted(titles))}). Remove those citations first.",
            code="cited_from_outside",
        )


def remove_bench(*, progress=None):
    """Delete everything seed_bench created; return counts by kind."""
    progress = progress or (lambda stage, done, total: None)
    _refuse_if_cited_from_outside()
    removed = Counter()
    for model, name in REMOVAL_ORDER:
        content_type = ContentType.objects.get_for_model(model)
        ids = list(bench_items(model).order_by("pk").values_list("pk", flat=True))
        progress(f"removing {name}", 0, len(ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            with transaction.atomic():
                AuditEntry.objects.filter(content_type=content_type, object_id__in=chunk).delete()
                model.objects.filter(pk__in=chunk).delete()
            progress(f"removing {name}", start + len(chunk), len(ids))
        removed[name] = len(ids)
    with transaction.atomic():
        AuditEntry.objects.filter(actor__in=bench_people_queryset()).delete()
        removed["people"] = bench_people_queryset().delete()[1].get("accounts.User", 0)
    return removed
