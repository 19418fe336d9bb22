"""Benchmarks of the portal and their recorded results (``bench/RESULTS.md``).

``bench/run.py`` is the entry point (``make bench``); ``bench.settings`` and
``bench.urls`` add a minimal baseline view for it without touching the
portal's own URLconf.
"""
