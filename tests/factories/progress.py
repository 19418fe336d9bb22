import datetime
from decimal import Decimal

import factory

from network.progress.enums import Direction, Source, Unit, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Milestone, Objective, Period


class ObjectiveFactory(factory.django.DjangoModelFactory):
    """Objective ``number`` (1 by default), created once and reused."""

    class Meta:
        model = Objective
        django_get_or_create = ("number",)

    number = 1
    title = factory.LazyAttribute(lambda o: f"Objectif {o.number}")
    title_fr = factory.SelfAttribute("title")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A reported number indicator of objective 1: baseline 0 (1 Nov 2013), target 100."""

    class Meta:
        model = Indicator

    objective = factory.SubFactory(ObjectiveFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    name_fr = factory.SelfAttribute("name")
    definition = "Ce qui est compté."
    definition_fr = factory.SelfAttribute("definition")
    unit = Unit.NUMBER
    direction = Direction.INCREASE
    baseline = Decimal("0")
    baseline_date = datetime.date(2013, 11, 1)
    target = Decimal("100")
    source = Source.REPORTED
    computation = ""


class PeriodFactory(factory.django.DjangoModelFactory):
    """Consecutive semesters from 1 November 2013 (each call takes the next one)."""

    class Meta:
        model = Period

    name = factory.Sequence(lambda n: f"Semestre {n + 1}")
    name_fr = factory.SelfAttribute("name")
    starts_on = factory.Sequence(lambda n: semester(n)[0])
    ends_on = factory.LazyAttribute(lambda o: semester_end(o.starts_on))


def semester(index: int) -> tuple[datetime.date, datetime.date]:
    """The project's ``index``-th semester (0: 1 Nov 2013 – 30 Apr 2014)."""
    month = 11 + 6 * index
    start = datetime.date(2013 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, semester_end(start)


def semester_end(start: datetime.date) -> datetime.date:
    month = start.month + 6
    year = start.year + (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """An approved network value of 10 (no organisation, no breakdown)."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(PeriodFactory)
    value = Decimal("10")
    status = ValueStatus.APPROVED
    evidence_note = "Rapport d'activité."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    date = datetime.date(2014, 6, 1)
    title = factory.Sequence(lambda n: f"Jalon {n}")
    title_fr = factory.SelfAttribute("title")
