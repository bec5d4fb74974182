"""The run's configuration, for the database fixtures that take no arguments.

pytest resolves a fixture's arguments again for every test that reaches it, cached
value or not: ``request`` or ``tmp_path_factory`` on ``db_engine``, ``db_connection``
or ``db_session`` cost each test that uses them about 50 µs (docs/performance.md,
"Per-test cost against the hand-written recipe"). The fixtures read the run's
configuration from here instead; ``pytest_tuneup.db`` keeps it up to date.
"""

from __future__ import annotations

import pytest

#: The configurations of the runs under way in this process, the current one last
#: (pytest's own tests run pytest inside pytest).
CONFIGS: list[pytest.Config] = []


def started(config: pytest.Config) -> None:
    CONFIGS.append(config)


def finished(config: pytest.Config) -> None:
    if config in CONFIGS:
        CONFIGS.remove(config)


def config() -> pytest.Config:
    return CONFIGS[-1]


def temporary_paths(config: pytest.Config) -> pytest.TempPathFactory:
    """The run's tmp_path_factory, as pytest's own fixture of that name returns it."""
    factory: pytest.TempPathFactory | None = getattr(config, "_tmp_path_factory", None)
    if factory is None:
        raise pytest.UsageError(
            "pytest_tuneup.db needs pytest's tmpdir plugin (remove -p no:tmpdir)"
        )
    return factory
