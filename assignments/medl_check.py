"""Run a notebook's visible checks: python medl_check.py ch01_notation/ch01_notation.ipynb"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder's shared/

from shared.check import main  # noqa: E402

sys.exit(main())
