"""Benchmark: one notification fanned out to 2,000 recipients (``make bench-fanout``).

Run from the repository root::

    .venv/bin/python bench/fanout.py [--recipients 2000] [--repeat 5]

What it does: creates a fresh PostgreSQL database (``network_bench_fanout``
on 127.0.0.1), migrates it, creates the recipients with one bulk insert,
then, ``--repeat`` times each and alternating:

- **baseline**: the naive outbox, one ``Delivery.objects.create()`` per
  recipient and channel (what ``notify`` would cost without bulk writes);
- **notify**: ``network.notifications.services.notify()``, the real service
  (preferences read in one query, deliveries written with ``bulk_create``).

Each run happens inside a transaction that is rolled back, so every run
starts from the same state and no email is queued. The time is wall-clock
for the call alone (milliseconds, median and spread over the repeats); the
queries are counted with Django's ``CaptureQueriesContext``. The database
is dropped at the end, even on error, and a section is added on top of
``bench/RESULTS.md``.

Only 127.0.0.1 is contacted; every loop is bounded.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import run as page_bench  # noqa: E402  (after sys.path)

FANOUT_DB = "network_bench_fanout"


def _prepare_django() -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{FANOUT_DB}"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    import django

    django.setup()


def _drop_database() -> None:
    from django.db import connections

    connections.close_all()
    page_bench.drop_database(FANOUT_DB)


def _measure(action: Callable[[], None]) -> tuple[float, int]:
    """Run ``action`` in a rolled-back transaction; return (milliseconds, queries)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # the log keeps 9,000 queries: start each run empty
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            action()
            elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return elapsed, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=page_bench.bounded_int(1, 20_000), default=2000)
    parser.add_argument("--repeat", type=page_bench.bounded_int(1, 20), default=5)
    args = parser.parse_args()

    pg_version = page_bench.recreate_database(FANOUT_DB)
    _prepare_django()
    try:
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from network.notifications.enums import Channel, DeliveryStatus
        from network.notifications.models import Delivery, Notification
        from network.notifications.services import notify

        call_command("migrate", verbosity=0)
        user_model = get_user_model()
        actor = user_model.objects.create_user(email="actor@bench.example.org", password=None)
        user_model.objects.bulk_create(
            [
                user_model(email=f"reader{n}@bench.example.org", display_name=f"Reader {n}")
                for n in range(args.recipients)
            ],
            batch_size=1000,
        )
        recipients = user_model.objects.exclude(pk=actor.pk)
        kind = "news.published"  # default: weekly digest, so nothing is sent

        def naive() -> None:
            notification = Notification.objects.create(kind=kind, actor=actor)
            for user in recipients:
                Delivery.objects.create(
                    notification=notification,
                    recipient=user,
                    channel=Channel.INBOX,
                    status=DeliveryStatus.SENT,
                )
                Delivery.objects.create(
                    notification=notification, recipient=user, channel=Channel.EMAIL
                )

        def service() -> None:
            notify(kind=kind, recipients=recipients, actor=actor, data={"target": "Bench"})

        results: dict[str, list[tuple[float, int]]] = {"baseline": [], "notify": []}
        for _ in range(args.repeat):
            results["baseline"].append(_measure(naive))
            results["notify"].append(_measure(service))
    finally:
        _drop_database()

    now = subprocess.run(["date"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"## Notification fan-out, run of {now}",
        "",
        "Machine:",
        "",
        *page_bench.machine_description(pg_version),
        "",
        f"Method: `bench/fanout.py` ({args.recipients} recipients, {args.repeat} repeats "
        "each, alternating, each in a rolled-back transaction on a fresh PostgreSQL "
        "database; see its docstring). Baseline: one `Delivery.objects.create()` per "
        "recipient and channel. Times are wall-clock milliseconds for the call.",
        "",
        "| writer | median ms | min ms | max ms | queries | × baseline time |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    base_median = statistics.median(ms for ms, _ in results["baseline"])
    for name, runs in results.items():
        times = [ms for ms, _ in runs]
        queries = sorted({q for _, q in runs})
        median = statistics.median(times)
        lines.append(
            f"| {name} | {median:.0f} | {min(times):.0f} | {max(times):.0f} "
            f"| {', '.join(map(str, queries))} | {median / base_median:.3f} |"
        )
    lines.append("")
    section = "\n".join(lines) + "\n"
    page_bench.write_results(section)
    print(section)
    print(f"written to bench/RESULTS.md at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    return 0


if __name__ == "__main__":
    sys.exit(main())
