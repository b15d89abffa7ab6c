"""Helpers that both the student notebooks and the grader import.

This package is copied verbatim into the student release (``assignments/shared``), so it
must stay small, dependency-light (numpy; torch only where a helper needs it) and free of
anything an instructor would not show a student.
"""

__all__ = ["compare", "gradcheck", "visible"]
