"""Reference data that every app shares: Mali's regions and the human-security themes.

Loaded by the data migration ``pages.0002_reference_data``; kept here so the
demo command and tests can read the same source.

Regions: Mali's eight regions and the Bamako district as they stood at the
start of the project (November 2013), plus Taoudénit and Ménaka, created by
law n° 2012-017 of 2 March 2012 and made operational in January 2016, within
the project period.

Themes: the seven dimensions of human security of the UNDP Human Development
Report 1994 (chapter 2, "New dimensions of human security"), plus the three
cross-cutting themes of the project brief: countering violent extremism,
gender, and governance and dialogue.

Bambara names are listed for review in ``locale/bm/REVIEW.md``.
"""

# (slug, kind, operational since, {language: name})
REGIONS: list[tuple[str, str, int | None, dict[str, str]]] = [
    ("kayes", "region", None, {"fr": "Kayes", "en": "Kayes", "bm": "Kayi"}),
    ("koulikoro", "region", None, {"fr": "Koulikoro", "en": "Koulikoro", "bm": "Kulikoro"}),
    ("sikasso", "region", None, {"fr": "Sikasso", "en": "Sikasso", "bm": "Sikaso"}),
    ("segou", "region", None, {"fr": "Ségou", "en": "Ségou", "bm": "Segu"}),
    ("mopti", "region", None, {"fr": "Mopti", "en": "Mopti", "bm": "Mopti"}),
    ("tombouctou", "region", None, {"fr": "Tombouctou", "en": "Timbuktu", "bm": "Tumutu"}),
    ("gao", "region", None, {"fr": "Gao", "en": "Gao", "bm": "Gawo"}),
    ("kidal", "region", None, {"fr": "Kidal", "en": "Kidal", "bm": "Kidali"}),
    ("bamako", "district", None, {"fr": "District de Bamako", "en": "Bamako District", "bm": "Bamakɔ Distiriki"}),
    ("taoudenit", "region", 2016, {"fr": "Taoudénit", "en": "Taoudénit", "bm": "Tawudeni"}),
    ("menaka", "region", 2016, {"fr": "Ménaka", "en": "Ménaka", "bm": "Menaka"}),
]  # fmt: skip

# (slug, family, {language: name})
THEMES: list[tuple[str, str, dict[str, str]]] = [
    ("economic-security", "dimension", {"fr": "Sécurité économique", "en": "Economic security", "bm": "Sɔrɔko lakana"}),
    ("food-security", "dimension", {"fr": "Sécurité alimentaire", "en": "Food security", "bm": "Dumuni lakana"}),
    ("health-security", "dimension", {"fr": "Sécurité sanitaire", "en": "Health security", "bm": "Kɛnɛya lakana"}),
    ("environmental-security", "dimension", {"fr": "Sécurité environnementale", "en": "Environmental security", "bm": "Sigida lakana"}),
    ("personal-security", "dimension", {"fr": "Sécurité personnelle", "en": "Personal security", "bm": "Mɔgɔ yɛrɛ lakana"}),
    ("community-security", "dimension", {"fr": "Sécurité communautaire", "en": "Community security", "bm": "Jamaw lakana"}),
    ("political-security", "dimension", {"fr": "Sécurité politique", "en": "Political security", "bm": "Politikikow lakana"}),
    ("countering-violent-extremism", "cross_cutting", {"fr": "Lutte contre l'extrémisme violent", "en": "Countering violent extremism", "bm": "Fariya juguw kɛlɛli"}),
    ("gender", "cross_cutting", {"fr": "Genre", "en": "Gender", "bm": "Cɛ ni muso danbɛ"}),
    ("governance-dialogue", "cross_cutting", {"fr": "Gouvernance et dialogue", "en": "Governance and dialogue", "bm": "Mara ni baro"}),
]  # fmt: skip
