"""``make doctor``: what makes the suite slow, where, what it costs and the fix.

Reads the suite (conftests, test modules, the pytest configuration) with libcst and,
where the benchmark's probe has measured them, attaches each finding's cost. One module
per finding family; ``suite`` reads the files, ``costs`` the measurements, ``report``
prints, ``cli`` is ``python -m pytest_tuneup.doctor``.
"""
