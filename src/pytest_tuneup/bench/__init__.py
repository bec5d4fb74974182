"""The suite benchmark behind ``make bench``: ``python -m pytest_tuneup.bench --help``.

One module per concern, each small enough to read at once:

- ``stats``: summaries, hyperfine's outlier rule, baseline verdicts, A/B ratios
- ``measure``: one process's wall time, CPU time and peak memory (and its tree's)
- ``probe``: the pytest plugin the runs load (``-p pytest_tuneup.bench.probe``)
- ``importtime``: reading ``-X importtime``
- ``suite``: the measured runs of the suite and what the probe recorded
- ``results``: the typed results and their JSON form
- ``text``, ``terminal``, ``markdown``, ``svg``: the reports
- ``baseline``: save, history and check
- ``interpreter``, ``ab``: A/B runs, git worktrees in the project's environment
- ``cli``: the command line (``__main__`` runs it)

Nothing is imported here: the measuring process must stay small (see ``measure``).
"""
