import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.seed import BenchPlan, BenchSeedError, bench_counts, remove_bench, seed_bench
from bench.seed.content import CONDITIONS


def count(value):
    """A whole number of 0 or more; "100_000" and "100,000" are accepted."""
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of 0 or more, e.g. 1000; got “{value}”")
    return number


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, one line per tenth in a log."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream, self.started, self.stage, self.last_tenth = stream, time.monotonic(), None, -1
        self.interactive = stream.isatty()

    def __call__(self, stage, done, total):
        if stage != self.stage:
            self.stage, self.started, self.last_tenth = stage, time.monotonic(), -1
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0
        filled = self.WIDTH * done // max(total, 1)
        line = (
            f"{stage:<22} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:>11,}/{total:,} "
            f"{rate:>9,.0f}/s  ETA {eta:4.0f} s"
        )
        if self.interactive:
            self.stream.write(f"\r{line}", ending="\n" if done >= total else "")
            self.stream.flush()
        elif (tenth := 10 * done // max(total, 1)) > self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(line)


class Command(BaseCommand):
    help = (
        "Seed a synthetic library for benchmarks (published articles citing studies, conditions, disclaimers, "
        "in the workflow's shape), or remove it with --remove. Use a separate database: seeded articles are live."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=count, default=0, help="How many articles (about 1 in 20 unpublished).")
        parser.add_argument("--studies", type=count, default=0, help="How many studies (1 in 50 still in review).")
        parser.add_argument(
            "--conditions", type=count, default=len(CONDITIONS), help="How many conditions (default %(default)s)."
        )
        parser.add_argument("--seed", type=count, default=2026, help="Random seed: the same seed gives the same text.")
        parser.add_argument("--batch-size", type=count, default=5_000, help="Rows per transaction.")
        parser.add_argument(
            "--remove", action="store_true", help="Remove everything seed_bench created, and only that."
        )
        parser.add_argument("--replace", action="store_true", help="Remove earlier benchmark content, then seed.")
        parser.add_argument(
            "--force", action="store_true", help="Seed even when DJANGO_DEBUG is false (a benchmark database only)."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            if options["remove"]:
                self.check_remove_alone(options)
                removed = remove_bench(progress=Progress(self.stderr))
                self.report("Removed", removed, started)
                return
            plan = BenchPlan(
                articles=options["articles"],
                studies=options["studies"],
                conditions=options["conditions"],
                seed=options["seed"],
                batch_size=options["batch_size"],
            ).check()
            self.check_not_production(options["force"])
            if options["replace"] and any(bench_counts().values()):
                self.report("Removed", remove_bench(progress=Progress(self.stderr)), started)
            result = seed_bench(plan, progress=Progress(self.stderr))
        except BenchSeedError as error:
            raise CommandError(error.message) from error
        if result.already_seeded:
            self.report("Already seeded, nothing to do:", result.created, started)
        else:
            self.report("Seeded", result.created, started)

    def check_remove_alone(self, options):
        if options["articles"] or options["studies"] or options["replace"]:
            raise CommandError("--remove takes no sizes and no --replace: it removes all benchmark content.")

    def check_not_production(self, force):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to seed while DJANGO_DEBUG is false: seeded articles are public at once. "
                "Point DATABASE_URL at a separate benchmark database and add --force."
            )

    def report(self, verb, counts, started):
        summary = ", ".join(f"{number:,} {kind}" for kind, number in counts.items())
        self.stdout.write(self.style.SUCCESS(f"{verb} {summary} in {time.monotonic() - started:.1f} s."))
