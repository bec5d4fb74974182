"""What the shards' commands and their collection plugin agree on; imports nothing.

The benchmark's measuring process imports ``suite`` (for ``--durations``) and must not
import pytest (see ``bench.measure``): the plugin's names live here.
"""

from __future__ import annotations

# The file the collection plugin writes the selected node ids to (unset: nothing).
OUT_ENV = "TUNEUP_COLLECT_OUT"
# The plugin, for -p.
PLUGIN = "pytest_tuneup.shards.collect"
