"""pytest-tuneup's pytest plugins, benchmark and helpers.

The same modules serve both ways a project can hold them (answer ``plugin_source``):
copied verbatim into ``<tests_dir>/tuneup/pytest_tuneup/`` by the Copier template
(``vendored``), or installed as the ``pytest-tuneup`` distribution (``installed``).
Each plugin is loaded explicitly with ``-p pytest_tuneup.<module>`` from the pytest
configuration; none registers itself through an entry point.
"""

__version__ = "0.2.0.dev0"
