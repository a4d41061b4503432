"""Hypothesis strategies for what visitors, writers and API clients might send, and the shared settings.

`hostile_text` mixes arbitrary Unicode (NUL and other control characters
included) with values known to trip parsers: digits that are not ASCII ("²",
"٣"), numbers too big for a database integer, path tricks, SQL and markup.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ODD_VALUES = [
    "", " ", "\x00", "%00", "..", "../../etc/passwd", "-1", "0", "00", "1.5", "1e309", "NaN", "Infinity",
    "9" * 30, "²", "٣", "\uff11\uff12", "\u202e", "\ufeff", "' OR 1=1 --", '"; DROP TABLE evidence_article; --',
    "<script>alert(1)</script>", "{{ 7*7 }}", "%s%s%n", "null", "[]", "{}", "a,b,,c", ",", "x" * 5000,
]  # fmt: skip

# Characters that look like digits or spaces, or are invisible: where hand-written parsers go wrong.
digit_like = st.text(alphabet=st.characters(categories=["Nd", "No", "Zs", "Cc", "Cf"]), max_size=12)

hostile_text = st.one_of(st.text(max_size=300), st.sampled_from(ODD_VALUES), digit_like)


def sometimes(valid_values):
    """A valid value, or a hostile one: so that examples reach the code behind a first valid parameter."""
    return st.one_of(st.sampled_from(valid_values), hostile_text)


def usually(valid_values, otherwise=hostile_text):
    """A valid value three times in four: for forms whose every field must be valid before anything is kept."""
    return st.integers(0, 3).flatmap(lambda n: st.sampled_from(valid_values) if n else otherwise)


def tampered(valid: dict, hostile: dict, most: int = 3):
    """A post whose fields are all `valid` strategies except up to `most`, drawn from `hostile` instead.

    Forms keep nothing unless every field is valid, so fuzzing every field at once almost never
    reaches the save; tampering with a few at a time tries both the save and each refusal.
    """
    return st.sets(st.sampled_from(sorted(hostile)), max_size=most).flatmap(
        lambda names: st.fixed_dictionaries({**valid, **{name: hostile[name] for name in names}})
    )


# Bounded, reproducible runs; the fixtures' data is made once per test, outside the examples.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
