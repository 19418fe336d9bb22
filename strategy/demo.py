"""The strategy's real skeleton for the demo network (``manage.py seed_demo``).

Issue 6 and the project brief: one section per dimension of human security
(the seven of the UNDP Human Development Report 1994, with their theme as
``dimension``), plus the root causes of the conflict, gender, countering
violent extremism and implementation. French titles and a placeholder text
(drafting is the network's work); English and Bambara titles as their own
revisions, translated from the French one. The Bambara of the dimensions is
the themes' (``network/pages/reference_data.py``); the other Bambara titles
are listed for review in ``locale/bm/REVIEW.md``.

Idempotent: a section is known by the title of its first French revision
(revisions never change), so nothing doubles and a renamed section is not
made again.
"""

from django.contrib.auth import get_user_model

from network.pages.demo import translated_fields
from network.pages.models import Theme
from network.pages.reference_data import THEMES
from strategy.models import SOURCE_LANGUAGE, Revision, Strategy
from strategy.services import latest_revision, section_create, section_save_revision

TITLE = {
    "fr": "Stratégie de sécurité humaine pour le Mali",
    "en": "Human security strategy for Mali",
    "bm": "Hadamaden lakana fɛɛrɛ Mali kama",
}

PLACEHOLDER = (
    "Cette section reste à rédiger. Elle sera écrite ensemble par les membres du réseau à "
    "partir des recommandations des dialogues communautaires, locaux, régionaux et nationaux, "
    "en tenant compte des causes structurelles du conflit, et remplira la liste de contrôle "
    "genre avant sa validation."
)

_THEME_NAMES = {slug: names for slug, _family, names in THEMES}

# (theme slug or None, {language: title}), in reading order.
SECTIONS: list[tuple[str | None, dict[str, str]]] = [
    (
        None,
        {
            "fr": "Causes profondes du conflit",
            "en": "Root causes of the conflict",
            "bm": "Kɛlɛ sababu juw",
        },
    ),
    *[(slug, _THEME_NAMES[slug]) for slug, family, _names in THEMES if family == "dimension"],
    (None, {"fr": "Genre", "en": "Gender", "bm": _THEME_NAMES["gender"]["bm"]}),
    (
        None,
        {
            "fr": "Lutte contre l'extrémisme violent",
            "en": "Countering violent extremism",
            "bm": _THEME_NAMES["countering-violent-extremism"]["bm"],
        },
    ),
    (None, {"fr": "Mise en œuvre", "en": "Implementation", "bm": "Fɛɛrɛ waleyali"}),
]


def seed(*, log) -> None:
    """Create the strategy and its sections once; add missing translated titles."""
    from network.accounts.demo import DEMO_ACCOUNTS

    author = get_user_model().objects.filter(email__iexact=DEMO_ACCOUNTS[0].email).first()
    strategy = Strategy.objects.order_by("pk").first()
    if strategy is None:
        strategy = Strategy.objects.create(**translated_fields("title", TITLE))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    known = dict(
        Revision.objects.filter(
            section__strategy=strategy, language=SOURCE_LANGUAGE, number=1
        ).values_list("title", "section")
    )
    sections = {section.pk: section for section in strategy.sections.all()}
    created = 0
    for order, (theme_slug, titles) in enumerate(SECTIONS, start=1):
        section = sections.get(known.get(titles["fr"]))
        if section is None:
            section = section_create(
                strategy=strategy,
                title=titles["fr"],
                body=PLACEHOLDER,
                author=author,
                order=order * 10,
                dimension=themes.get(theme_slug) if theme_slug else None,
            )
            created += 1
        for code in ("en", "bm"):
            if latest_revision(section, code) is not None:
                continue
            section_save_revision(
                section=section,
                language=code,
                title=titles[code],
                body="",
                author=author,
                base=None,
                source=latest_revision(section, SOURCE_LANGUAGE),
            )
    log(f"strategy sections: {len(SECTIONS)} ({created} new)")
