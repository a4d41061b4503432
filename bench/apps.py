from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks: the seeder (`seed_bench`); installed only by the bench and test settings."""

    name = "bench"
    verbose_name = "Benchmarks"
