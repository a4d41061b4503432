"""Synthetic benchmark content: seed a library of any size in the workflow's shape, and remove exactly it.

The rule this package owns: seeded content is always recognisable (created by
the synthetic staff in the `bench.invalid` domain, slugs and citation keys
starting with `bench-`) and never touches the demo library or real content.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.db import connection

from bench.seed.indexes import gin_indexes_built_after
from bench.seed.people import ensure_bench_people
from bench.seed.plan import BenchPlan, BenchSeedError
from bench.seed.removal import bench_counts, remove_bench
from bench.seed.seeding import Seeder

__all__ = ["BenchPlan", "BenchSeedError", "SeedResult", "bench_counts", "remove_bench", "seed_bench"]


@dataclass
class SeedResult:
    created: dict = field(default_factory=dict)
    already_seeded: bool = False


def seed_bench(plan: BenchPlan, *, progress=None) -> SeedResult:
    """Seed `plan`; do nothing if exactly that library is already seeded, refuse if another one is."""
    plan.check()
    existing = bench_counts()
    if existing["articles"] == plan.articles and existing["studies"] == plan.studies and existing["conditions"]:
        return SeedResult(created=existing, already_seeded=True)
    if any(existing.values()):
        raise BenchSeedError(
            f"This database already holds benchmark content ({existing['articles']:,} articles, "
            f"{existing['studies']:,} studies). Run seed_bench --remove first, or add --replace.",
            code="already_seeded",
        )
    progress = progress or (lambda stage, done, total: None)
    with gin_indexes_built_after(progress):
        created = Seeder(plan, ensure_bench_people(), progress).run()
    _refresh_planner_statistics()
    # Public pages and API responses cached before seeding would not show the new content.
    cache.clear()
    return SeedResult(created=dict(created))


def _refresh_planner_statistics():
    """Do now what autovacuum would do later, so the first benchmark sees the library as it will be.

    ANALYZE gives the planner the new table sizes; VACUUM sets the visibility map, without which
    PostgreSQL cannot answer counts and deep pages from an index alone. VACUUM cannot run inside a
    transaction (a test, a caller's atomic block): there, ANALYZE only.
    """
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in apps.get_app_config("evidence").get_models(include_auto_created=True):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
