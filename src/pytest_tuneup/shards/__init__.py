"""Past one machine: the durations file and the shards of the suite.

``make durations`` (and ``make bench-save``) write pytest-split's durations file from
the benchmark probe's per-test timings; ``make durations-check`` says how much of the
selected suite the file covers; ``make test-shard SHARD=i/N`` runs group i of N with
pytest-split; ``make shards-combine`` checks that the shards ran the suite exactly once
and combines their coverage. ``python -m pytest_tuneup.shards --help`` runs them.
"""
