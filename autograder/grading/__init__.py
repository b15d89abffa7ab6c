"""One submission graded, as ordered passes: read the notebook (``submission``), keep its
top-level definitions (``extract``), scan them for forbidden APIs (``forbidden``), collect the
hidden tests (``hidden``) and the trusted reference (``reference``), run each test against a
worker (``runner``, ``speed`` for timed kernels), and write results.json (``results``)."""
