"""A clock held still until a test moves it, for code that reads time through a function or the `time` module."""


class HeldClock:
    def __init__(self, now=1_000.0):
        self.now = now

    def __call__(self):
        return self.now

    # Stands in for the `time` module where code calls time.time() or time.monotonic().
    time = monotonic = __call__

    def advance(self, seconds):
        self.now += seconds
