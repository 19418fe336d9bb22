"""The strategy's skeleton in the demo network (``strategy/demo.py``)."""

import io

import pytest
from django.core.management import call_command

from network.pages.reference_data import THEMES
from strategy import demo, services
from strategy.models import Revision, Section, Strategy

pytestmark = pytest.mark.django_db

DIMENSIONS = [slug for slug, family, _names in THEMES if family == "dimension"]


def _counts() -> tuple[int, int, int]:
    return Strategy.objects.count(), Section.objects.count(), Revision.objects.count()


def test_demo_seed_twice_leaves_the_same_counts():
    demo.seed(log=lambda line: None)
    first = _counts()

    demo.seed(log=lambda line: None)

    assert _counts() == first == (1, 11, 33)


def test_demo_strategy_has_a_section_per_dimension_then_the_cross_cutting_ones():
    demo.seed(log=lambda line: None)

    sections = list(Section.objects.select_related("dimension").order_by("order"))

    assert [s.dimension.slug if s.dimension else None for s in sections] == [
        None, *DIMENSIONS, None, None, None,
    ]  # fmt: skip
    assert [s.title_en for s in sections] == [
        "Root causes of the conflict", "Economic security", "Food security",
        "Health security", "Environmental security", "Personal security",
        "Community security", "Political security", "Gender",
        "Countering violent extremism", "Implementation",
    ]  # fmt: skip
    assert [s.title_bm for s in sections] == [
        "Kɛlɛ sababu juw", "Sɔrɔko lakana", "Dumuni lakana", "Kɛnɛya lakana", "Sigida lakana",
        "Mɔgɔ yɛrɛ lakana", "Jamaw lakana", "Politikikow lakana", "Cɛ ni muso danbɛ",
        "Fariya juguw kɛlɛli", "Fɛɛrɛ waleyali",
    ]  # fmt: skip
    assert sections[0].title_fr == "Causes profondes du conflit"
    assert all(s.body_fr == demo.PLACEHOLDER for s in sections)


def test_demo_translated_titles_follow_the_french_revision():
    demo.seed(log=lambda line: None)

    states = [services.translation_status(section) for section in Section.objects.all()]

    assert {(code, state["behind"]) for state in states for code, state in state.items()} == {
        ("en", False),
        ("bm", False),
    }


def test_demo_strategy_titles_in_three_languages_and_not_published():
    demo.seed(log=lambda line: None)

    strategy = Strategy.objects.get()

    assert (strategy.title_fr, strategy.title_en, strategy.title_bm) == (
        "Stratégie de sécurité humaine pour le Mali",
        "Human security strategy for Mali",
        "Hadamaden lakana fɛɛrɛ Mali kama",
    )
    assert strategy.published_at is None


def test_seed_demo_command_writes_the_sections_as_the_demo_coordinator():
    call_command("seed_demo", stdout=io.StringIO())

    authors = set(Revision.objects.values_list("author__email", flat=True))

    assert authors == {"coordinator@demo.example.org"}
