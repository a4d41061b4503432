"""What to seed, and the checks that turn a bad request into a clear refusal."""

from dataclasses import dataclass

from bench.seed import content

MAX_ARTICLES = 5_000_000
MAX_STUDIES = 20_000_000
MIN_STUDIES_FOR_ARTICLES = 10  # each article cites 3 to 8 different live studies


class BenchSeedError(Exception):
    """A refused seeding or removal, with a message that says what to do instead."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class BenchPlan:
    articles: int
    studies: int
    conditions: int = len(content.CONDITIONS)
    seed: int = 2026
    batch_size: int = 5_000

    def check(self):
        """Raise BenchSeedError naming the first problem with this plan."""
        limits = (
            ("articles", self.articles, 0, MAX_ARTICLES),
            ("studies", self.studies, 0, MAX_STUDIES),
            ("conditions", self.conditions, 1, content.MAX_CONDITIONS),
            ("batch-size", self.batch_size, 100, 100_000),
        )
        for name, value, low, high in limits:
            if not low <= value <= high:
                raise BenchSeedError(
                    f"--{name} must be between {low:,} and {high:,}; got {value:,}.", code=f"bad_{name}"
                )
        if self.articles == 0 and self.studies == 0:
            raise BenchSeedError("Nothing to seed: give --articles and/or --studies.", code="nothing_to_seed")
        if self.articles and self.studies < MIN_STUDIES_FOR_ARTICLES:
            raise BenchSeedError(
                f"Articles cite 3 to 8 different studies each: seed at least {MIN_STUDIES_FOR_ARTICLES} studies "
                f"with them (--studies {MIN_STUDIES_FOR_ARTICLES}).",
                code="too_few_studies",
            )
        return self
