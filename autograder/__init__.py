"""medl's grading engine: release, grade, check, report and export."""

__version__ = "0.1.0"
