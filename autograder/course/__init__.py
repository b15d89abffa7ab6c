"""Many submissions: collect a class folder or LMS zip (``lms``, ``batch``), grade it with a
progress bar (``progress``), keep the gradebook (``gradebook``), and write the report
(``report/``), the exports (``export/``) and the similarity page (``similarity/``)."""
