"""Hand medl's results or assignments to other tools: an LMS gradebook CSV
(:mod:`.table`) and a Gradescope autograder zip (:mod:`.gradescope`).

Each format is one module with one public ``export_*`` function; none imports the tool it
writes for.
"""
