"""Exceptions with one-line messages meant for people, not tracebacks."""


class MedlError(Exception):
    """Base class: ``str(exc)`` is a complete one-line explanation."""

    exit_code = 1


class UsageError(MedlError):
    """The command line or a configuration file is wrong (exit code 2)."""

    exit_code = 2


class SubmissionError(MedlError):
    """A submission file cannot be read as a notebook; it scores zero with this message."""


class MarkerError(MedlError):
    """A solution notebook has malformed ``### BEGIN/END SOLUTION`` markers."""

    exit_code = 2
