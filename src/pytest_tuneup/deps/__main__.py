"""``python -m pytest_tuneup.deps``: see the package's docstring."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
