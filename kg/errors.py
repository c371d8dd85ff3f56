"""The one error type a user sees: a message naming what was wrong and what to do."""


class UnkgError(Exception):
    """A user-facing failure; the CLI prints ``str(error)`` on one line, never a traceback."""


class ReadError(UnkgError):
    """A file could not be read as a resolution (missing, empty, binary, unknown format)."""
