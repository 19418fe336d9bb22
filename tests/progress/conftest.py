import pytest

from tests.factories.progress import PeriodFactory


@pytest.fixture(autouse=True)
def _periods_start_with_the_project():
    """Each test's first ``PeriodFactory()`` is the project's first semester (Nov 2013)."""
    PeriodFactory.reset_sequence(0)
