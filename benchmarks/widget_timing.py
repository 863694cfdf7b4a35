"""What every widget benchmark does: change one control round after round and time the redraw."""

from __future__ import annotations

from itertools import cycle

ROUNDS = 60  # fixed rounds: pytest-benchmark's calibration is fooled by a no-op first call


def toggle(benchmark, control, values, read):
    """Time setting ``control`` to the next of ``values`` and reading what the widget shows.

    The cycle starts from a value other than the current one, so every round is a change.
    """
    values = cycle([v for v in values if v != control.value] + [control.value])

    def step():
        control.value = next(values)
        return read()

    result = benchmark.pedantic(step, rounds=ROUNDS, iterations=1, warmup_rounds=2)
    assert result, "the widget showed nothing after the change"
    return result
