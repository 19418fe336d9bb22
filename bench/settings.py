"""Settings of the benchmark server: the portal's own settings, unchanged,
except for the URLconf (which adds the baseline view, see ``bench.urls``) and,
when ``BENCH_STATIC_ROOT`` is set, where ``collectstatic`` puts the files, so
that a benchmark run never writes into the checkout's ``staticfiles/``.
"""

import os
from pathlib import Path

from network.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
