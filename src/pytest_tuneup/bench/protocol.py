"""What the benchmark and its probe plugin agree on, in a module that imports nothing.

The measuring process must not import pytest (see ``measure``), the probe must not
import the benchmark: both import these names from here.
"""

from __future__ import annotations

# The file the probe writes its JSON to; unset, the probe does nothing.
PROBE_ENV = "TUNEUP_BENCH_PROBE"
# The probe's plugin name, for -p.
PROBE_PLUGIN = "pytest_tuneup.bench.probe"
# Written to stderr when the project's conftests start loading and when collection ends,
# with PYTHONPROFILEIMPORTTIME set, so the benchmark can tell the imports the project's
# conftests and test modules cause from pytest's own start-up.
COLLECT_START = "tuneup-bench: collection starts"
COLLECT_END = "tuneup-bench: collection ends"
