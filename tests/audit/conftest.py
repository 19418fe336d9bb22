"""Fixtures of the audit tests: the demo network of ``tests/audit/pages.py``."""

from tests.audit.pages import audit_world

__all__ = ["audit_world"]
