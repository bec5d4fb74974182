"""The one error type the hook reports: a single readable line, never a traceback."""


class HookError(Exception):
    """Something the user must fix; the hook prints it as one line and changes nothing."""
