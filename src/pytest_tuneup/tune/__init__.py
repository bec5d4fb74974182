"""``make tune``: measure the options that decide a suite's speed, keep the winners.

Candidates (``candidates``): pytest-xdist's worker counts and ``--dist`` modes, plugin
autoloading off with the exact ``-p`` list the configuration needs, ``-p no:`` for
installed plugins the suite does not use, and coverage's ``sysmon`` core. Each stage
runs its candidates interleaved (``runs``, with the benchmark's measurement) and keeps
one only when it beats the stage's best by more than the spread (``decide``).
``make tune WRITE=1`` writes the winners into ``addopts`` (``write``).
"""
