"""Questions asked of a pack rather than of a scenario.

- :mod:`~govrules.analysis.explore`: for each rule, a shortest sequence of
  events from the pack's initial state that breaks it (``govrules explore``);
- :mod:`~govrules.analysis.why`: the smallest change to an event that flips a
  rule's verdict on it (``govrules why``, ``check --why``);
- :mod:`~govrules.analysis.consistency`: whether a pack contradicts itself
  or its history, and which rules are dead or redundant (``validate --deep``).

All three search the same event space (:mod:`~govrules.analysis.space`),
built from the pack's declarations and the values its rules compare with, and
evaluate rules in one place (:mod:`~govrules.analysis.evaluate`).
"""
