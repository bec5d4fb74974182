"""Code that copier's tasks run to fit pytest-tuneup into an existing project.

Runs under copier's own interpreter (``_copier_python``): standard library only,
except tomlkit, which :mod:`tuneup_hooks.toml_store` imports on demand.
"""
