"""Settings of the benchmark server: the portal's own settings, unchanged,
except for the URLconf (which adds the baseline view, see ``bench.urls``),
the login rate limit (every load thread logs in from 127.0.0.1, up to 2 × 64
sessions a run, more than allauth's 30 logins a minute per address; failed
logins stay limited as in the portal) and, when ``BENCH_STATIC_ROOT`` is set,
where ``collectstatic`` puts the files, so that a benchmark run never writes
into the checkout's ``staticfiles/``.
"""

import os
from pathlib import Path

from network.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}  # noqa: F405
