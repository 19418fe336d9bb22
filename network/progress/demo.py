"""The results framework of the demo network (``manage.py seed_demo``).

- The four key objectives of the project (``shared/brief/project-brief.txt``):
  English is the brief's text; French and Bambara are our translations (the
  Bambara is listed for review in ``locale/bm/REVIEW.md``).
- The project's six semesters, 1 November 2013 to 31 October 2016 (the
  brief's dates), as reporting periods.
- Indicators for each objective, drawn from the brief's wording: the
  network's strength (objective 1), the multi-level dialogue and the
  gender-sensitive strategy (2), countering violent extremism (3), the
  engagement of regional and international bodies (4). Computed ones read
  the portal's live data; reported ones carry values.
- Reported values and three of the milestones are *illustrative*: the brief
  gives no figures and no dates besides the project's start and end. Their
  evidence notes and titles say "exemple" / "example", like the sample
  dialogue events (``dialogues/demo.py``).

Idempotent: keyed on natural keys (objective number, indicator number,
period start, indicator and period, milestone date and French title).
"""

import datetime
from decimal import Decimal

from network.accounts.models import User
from network.pages.demo import translated_fields
from network.progress.computed import COMPUTATIONS
from network.progress.enums import Direction, Source, Unit, ValueStatus
from network.progress.models import Indicator, IndicatorValue, Milestone, Objective, Period

OBJECTIVES = {
    1: {
        "en": "To support a strong, vibrant Malian civil society network that mobilizes a "
        "critical mass around the issues of human security and peacebuilding.",
        "fr": "Soutenir un réseau de la société civile malienne fort et dynamique, qui "
        "mobilise une masse critique autour des questions de sécurité humaine et de "
        "consolidation de la paix.",
        "bm": "Ka Mali sosiyete sivili jɛɲɔgɔnya barikama dɛmɛ, min bɛ mɔgɔ caman lajɛ "
        "hadamaden lakana ni hɛrɛ sabatili kow kan.",
    },
    2: {
        "en": "To enable network members to formulate and upscale a human security strategy "
        "for Mali that is gender-sensitive, feasible, and pays attention to the structural "
        "causes of the conflict.",
        "fr": "Permettre aux membres du réseau de formuler et de porter à plus grande échelle "
        "une stratégie de sécurité humaine pour le Mali, sensible au genre, réalisable et "
        "attentive aux causes structurelles du conflit.",
        "bm": "Ka se di jɛɲɔgɔnya mɔgɔw ma u ka hadamaden lakana fɛɛrɛ dɔ labɛn Mali kama ka "
        "a jɛnsɛn, min bɛ cɛ ni muso danbɛ jateminɛ, min bɛ se ka kɛ, ani min bɛ kɛlɛ "
        "sababu juw jateminɛ.",
    },
    3: {
        "en": "To strengthen good practices on countering violent extremism through human "
        "security approaches.",
        "fr": "Renforcer les bonnes pratiques de lutte contre l'extrémisme violent par des "
        "approches de sécurité humaine.",
        "bm": "Ka fariya juguw kɛlɛli cogo ɲumanw barika bonya hadamaden lakana fɛɛrɛw fɛ.",
    },
    4: {
        "en": "To ensure the international community, including regional bodies, engages "
        "with civil society for the development of security policies.",
        "fr": "Faire en sorte que la communauté internationale, y compris les organisations "
        "régionales, s'engage avec la société civile dans l'élaboration des politiques de "
        "sécurité.",
        "bm": "Ka a lajɛ ko diɲɛ jamanaw, ani mara jɛkuluw, bɛ baara kɛ ni sosiyete sivili "
        "ye lakana politikiw labɛnni na.",
    },
}


PROJECT_START = datetime.date(2013, 11, 1)
SEMESTERS = 6

#: Month names for the periods' names (Bambara from CLDR, as in ``locale/bm``).
MONTHS = {
    "fr": {11: "nov.", 4: "avr.", 5: "mai", 10: "oct."},
    "en": {11: "Nov", 4: "Apr", 5: "May", 10: "Oct"},
    "bm": {11: "nowanburu", 4: "awirili", 5: "mɛ", 10: "ɔkutɔburu"},
}
SEMESTER_WORD = {"fr": "Semestre", "en": "Semester", "bm": "Seemɛsitiri"}


def semester_dates(index: int) -> tuple[datetime.date, datetime.date]:
    """The ``index``-th semester (0-based): November–April or May–October, inclusive."""
    month = 11 + 6 * index
    year, month = PROJECT_START.year + (month - 1) // 12, (month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    end_month = month + 6
    end_year, end_month = year + (end_month - 1) // 12, (end_month - 1) % 12 + 1
    return start, datetime.date(end_year, end_month, 1) - datetime.timedelta(days=1)


def semester_names(index: int) -> dict[str, str]:
    """ "Semestre 1 (nov. 2013 – avr. 2014)" in each language."""
    start, end = semester_dates(index)
    return {
        code: f"{SEMESTER_WORD[code]} {index + 1} "
        f"({MONTHS[code][start.month]} {start.year} – {MONTHS[code][end.month]} {end.year})"
        for code in ("fr", "en", "bm")
    }


def _indicator(
    objective, number, names, *, target, source=Source.REPORTED, computation="", unit=Unit.NUMBER,
    disaggregated=False, members_may_report=False, public=False, definition=None, values=(),
    submitted=None, evidence="",
):  # fmt: skip
    """One indicator of the demo; ``values`` are running totals per semester (approved; an
    indicator open to members stores what each semester added, see ``_increments``).

    A figure is a number, or ``(women, men)`` for a disaggregated indicator;
    ``submitted`` is the next semester's figure, waiting for a decision.
    """
    return {
        "objective": objective, "number": number, "names": names, "target": target,
        "source": source, "computation": computation, "unit": unit,
        "disaggregated": disaggregated, "members_may_report": members_may_report,
        "public": public, "definition": definition, "values": values, "submitted": submitted,
        "evidence": evidence,
    }  # fmt: skip


def _increments(totals: list) -> list:
    """What each semester added to running totals (numbers, or ``(women, men)`` pairs)."""
    previous, added = None, []
    for total in totals:
        if previous is None:
            added.append(total)
        elif isinstance(total, tuple):
            added.append(tuple(now - before for now, before in zip(total, previous, strict=True)))
        else:
            added.append(total - previous)
        previous = total
    return added


def _computed(objective, number, names, computation, *, target, **kwargs):
    """A computed indicator: its unit and breakdown are the computation's (``indicator_save``)."""
    return _indicator(
        objective, number, names, target=target, source=Source.COMPUTED,
        computation=computation, unit=COMPUTATIONS[computation].unit,
        disaggregated=COMPUTATIONS[computation].disaggregated, **kwargs,
    )  # fmt: skip


INDICATORS = [
    # Objective 1: a strong, vibrant network mobilising a critical mass.
    _computed(
        1, 1,
        {"fr": "Organisations membres actives", "en": "Active member organisations",
         "bm": "Jɛkulu tɔnden minnu bɛ baara la"},
        "active_organisations", target=60, public=True,
    ),
    _indicator(
        1, 2,
        {"fr": "Actions de plaidoyer menées ensemble par le réseau",
         "en": "Joint advocacy actions of the network",
         "bm": "Jɛɲɔgɔnya ka ladɛmɛ baaraw ɲɔgɔn fɛ"},
        definition={
            "fr": "Déclarations, campagnes et interventions publiques sur la sécurité humaine "
            "et la consolidation de la paix portées au nom du réseau, cumulées depuis le "
            "1er novembre 2013.",
            "en": "Statements, campaigns and public interventions on human security and "
            "peacebuilding made in the network's name, cumulative since 1 November 2013.",
        },
        target=20, values=(2, 5, 9, 13, 17),
        evidence="Exemple : rapport du semestre {n}, annexe « plaidoyer » (liste datée des "
        "déclarations et campagnes).",
    ),
    # Objective 2: a gender-sensitive human security strategy, through multi-level dialogue.
    _computed(
        2, 1,
        {"fr": "Sections de la stratégie validées", "en": "Strategy sections validated",
         "bm": "Fɛɛrɛ yɔrɔ minnu bɛnnen don"},
        "sections_validated", target=11, public=True,
    ),
    _computed(
        2, 2,
        {"fr": "Recommandations reprises dans la stratégie",
         "en": "Recommendations taken into the strategy",
         "bm": "Ladili minnu donna fɛɛrɛ la"},
        "recommendations_taken", target=40, public=True,
    ),
    _computed(
        2, 3,
        {"fr": "Dialogues communautaires tenus", "en": "Community dialogues held",
         "bm": "Sigida baro minnu kɛra"},
        "events_held_community", target=30,
    ),
    _computed(
        2, 4,
        {"fr": "Dialogues locaux (cercles) tenus", "en": "Local (cercle) dialogues held",
         "bm": "Sɛrikili baro minnu kɛra"},
        "events_held_local", target=12,
    ),
    _computed(
        2, 5,
        {"fr": "Participants aux dialogues", "en": "Participants in the dialogues",
         "bm": "Baro sendonbagaw"},
        "participants", target=1500,
    ),
    _computed(
        2, 6,
        {"fr": "Part des femmes parmi les participants",
         "en": "Share of women among participants",
         "bm": "Musow hakɛ sendonbagaw cɛma"},
        "women_share", target=40, public=True,
    ),
    # Objective 3: good practices on countering violent extremism (CVE).
    _indicator(
        3, 1,
        {"fr": "Formations à la lutte contre l'extrémisme violent",
         "en": "Trainings on countering violent extremism",
         "bm": "Fariya juguw kɛlɛli kalanw"},
        definition={
            "fr": "Sessions de formation sur la prévention et la lutte contre l'extrémisme "
            "violent par une approche de sécurité humaine, tenues par le réseau ou ses "
            "membres, cumulées depuis le 1er novembre 2013.",
            "en": "Training sessions on preventing and countering violent extremism through "
            "a human security approach, held by the network or its members, cumulative "
            "since 1 November 2013.",
        },
        target=24, members_may_report=True, values=(1, 4, 8, 13, 20),
        evidence="Exemple : programmes et listes de présence des formations du semestre {n}.",
    ),
    _indicator(
        3, 2,
        {"fr": "Personnes formées à la lutte contre l'extrémisme violent",
         "en": "People trained in countering violent extremism",
         "bm": "Mɔgɔ minnu kalanna fariya juguw kɛlɛli la"},
        definition={
            "fr": "Participantes et participants aux formations ci-dessus (indicateur 3.1), "
            "cumulés depuis le 1er novembre 2013.",
            "en": "Women and men who took part in the trainings above (indicator 3.1), "
            "cumulative since 1 November 2013.",
        },
        target=600, disaggregated=True, members_may_report=True, public=True,
        values=((12, 18), (45, 55), (100, 120), (170, 190), (240, 270)), submitted=(290, 320),
        evidence="Exemple : listes de présence signées des formations du semestre {n}, "
        "femmes et hommes comptés séparément.",
    ),
    _indicator(
        3, 3,
        {"fr": "Bonnes pratiques documentées et partagées",
         "en": "Good practices documented and shared",
         "bm": "Baara kɛcogo ɲuman minnu sɛbɛnna ka jɛnsɛn"},
        definition={
            "fr": "Études de cas et notes de bonnes pratiques de lutte contre l'extrémisme "
            "violent publiées par le réseau, cumulées.",
            "en": "Case studies and good-practice notes on countering violent extremism "
            "published by the network, cumulative.",
        },
        target=10, values=(0, 1, 3, 4, 6),
        evidence="Exemple : notes publiées au semestre {n}, liens dans le rapport semestriel.",
    ),
    # Objective 4: the international community engages with civil society on security policy.
    _indicator(
        4, 1,
        {"fr": "Dialogues politiques avec des organisations régionales et internationales",
         "en": "Policy dialogues with regional and international bodies",
         "bm": "Politiki baro ni mara jɛkuluw ani diɲɛ jɛkuluw ye"},
        definition={
            "fr": "Réunions, consultations et sessions de travail sur les politiques de "
            "sécurité auxquelles le réseau a pris part avec la CEDEAO, l'Union africaine, les "
            "Nations unies (dont la MINUSMA) ou d'autres partenaires internationaux, cumulées.",
            "en": "Meetings, consultations and working sessions on security policy in which "
            "the network took part with ECOWAS, the African Union, the United Nations "
            "(MINUSMA included) or other international partners, cumulative.",
        },
        target=12, public=True, values=(1, 3, 5, 8, 10), submitted=12,
        evidence="Exemple : comptes rendus des rencontres du semestre {n} (CEDEAO, UA, ONU).",
    ),
    _indicator(
        4, 2,
        {"fr": "Contributions écrites du réseau aux politiques de sécurité",
         "en": "Written contributions of the network to security policies",
         "bm": "Jɛɲɔgɔnya ka sɛbɛnw lakana politikiw kama"},
        definition={
            "fr": "Notes de position et contributions écrites remises à des organisations "
            "régionales ou internationales sur leurs politiques de sécurité, cumulées.",
            "en": "Position papers and written submissions to regional or international "
            "bodies on their security policies, cumulative.",
        },
        target=8, values=(0, 1, 2, 3, 5),
        evidence="Exemple : contributions remises au semestre {n}, avec accusés de réception.",
    ),
    _computed(
        4, 3,
        {"fr": "Dialogues nationaux tenus", "en": "National dialogues held",
         "bm": "Jamana baro minnu kɛra"},
        "events_held_national", target=4,
    ),
    _computed(
        4, 4,
        {"fr": "Dialogues internationaux tenus", "en": "International dialogues held",
         "bm": "Diɲɛ baro minnu kɛra"},
        "events_held_international", target=2,
    ),
]  # fmt: skip

MILESTONES = [
    (PROJECT_START, None, {
        "fr": "Démarrage du projet (WANEP, GPPAC et HSC, avec le financement de l'ADA)",
        "en": "Project start (WANEP, GPPAC and HSC, funded by ADA)",
        "bm": "Porozɛ daminɛ (WANEP, GPPAC ani HSC, ADA ka wari la)",
    }),
    (datetime.date(2014, 2, 20), 1, {
        "fr": "Atelier de lancement avec les organisations de la société civile, Bamako (exemple)",
        "en": "Inception workshop with civil society organisations, Bamako (example)",
        "bm": "Daminɛ ɲɔgɔnye ni sosiyete sivili jɛkuluw ye, Bamakɔ (misali)",
    }),
    (datetime.date(2016, 3, 15), 2, {
        "fr": "Atelier de validation de la stratégie de sécurité humaine (exemple)",
        "en": "Validation workshop of the human security strategy (example)",
        "bm": "Hadamaden lakana fɛɛrɛ bɛnni ɲɔgɔnye (misali)",
    }),
    (datetime.date(2016, 6, 15), 4, {
        "fr": "Conférence nationale sur la sécurité humaine, avec la CEDEAO, l'UA et l'ONU "
        "(exemple)",
        "en": "National conference on human security, with ECOWAS, the AU and the UN (example)",
        "bm": "Jamana ɲɔgɔnye belebele hadamaden lakana kan, ni CEDEAO ni UA ani ONU ye (misali)",
    }),
    (datetime.date(2016, 10, 31), None, {
        "fr": "Fin du projet",
        "en": "Project end",
        "bm": "Porozɛ laban",
    }),
]  # fmt: skip

#: The demo coordinator (``network/accounts/demo.py``) enters and approves the values.
COORDINATOR_EMAIL = "coordinator@demo.example.org"


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def _figures(figure) -> dict:
    if isinstance(figure, tuple):
        women, men = (Decimal(part) for part in figure)
        return {"value": women + men, "women": women, "men": men}
    return {"value": Decimal(figure), "women": None, "men": None}


def seed(*, log) -> None:
    """Create or refresh the objectives, periods, indicators, values and milestones."""
    objectives = {}
    for number, titles in OBJECTIVES.items():
        objectives[number], _created = Objective.objects.update_or_create(
            number=number,
            defaults=translated_fields("title", titles),
        )
    log(f"objectives: {len(OBJECTIVES)}")

    periods = []
    for index in range(SEMESTERS):
        starts_on, ends_on = semester_dates(index)
        period, _created = Period.objects.update_or_create(
            starts_on=starts_on,
            defaults={"ends_on": ends_on, **translated_fields("name", semester_names(index))},
        )
        periods.append(period)
    log(f"reporting periods: {len(periods)}")

    coordinator = User.objects.filter(email__iexact=COORDINATOR_EMAIL).first()
    value_count = 0
    for sample in INDICATORS:
        defaults = {
            "unit": sample["unit"],
            "direction": Direction.INCREASE,
            "baseline": Decimal(0),
            "baseline_date": PROJECT_START,
            "target": Decimal(sample["target"]),
            "disaggregated": sample["disaggregated"],
            "source": sample["source"],
            "computation": sample["computation"],
            "members_may_report": sample["members_may_report"],
            # Member organisations add their contributions to the network's figure
            # for a period: such an indicator takes what each period brought, and
            # its figure is the running total.
            "cumulative": sample["members_may_report"],
            "public": sample["public"],
            **translated_fields("name", sample["names"]),
        }
        if sample["definition"]:
            defaults.update(translated_fields("definition", sample["definition"]))
        indicator, _created = Indicator.objects.update_or_create(
            objective=objectives[sample["objective"]], number=sample["number"], defaults=defaults
        )
        totals = list(sample["values"])
        if sample["submitted"] is not None:
            totals.append(sample["submitted"])
        if sample["members_may_report"]:
            totals = _increments(totals)
        figures = [(figure, ValueStatus.APPROVED) for figure in totals[: len(sample["values"])]]
        if sample["submitted"] is not None:
            figures.append((totals[-1], ValueStatus.SUBMITTED))
        for period, (figure, status) in zip(periods, figures, strict=False):
            reported_on = period.ends_on + datetime.timedelta(days=15)
            approved = status == ValueStatus.APPROVED
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                period=period,
                organisation=None,
                defaults={
                    **_figures(figure),
                    "evidence_note": sample["evidence"].format(n=periods.index(period) + 1),
                    "status": status,
                    "entered_by": coordinator,
                    "created_at": _moment(reported_on),
                    "submitted_at": _moment(reported_on),
                    "decided_by": coordinator if approved else None,
                    "decided_at": _moment(reported_on + datetime.timedelta(days=10))
                    if approved
                    else None,
                    "decision_comment": "",
                },
            )
            value_count += 1
    log(f"indicators: {len(INDICATORS)}, reported values: {value_count}")

    for day, objective, titles in MILESTONES:
        Milestone.objects.update_or_create(
            date=day,
            title_fr=titles["fr"],
            defaults={
                "objective": objectives[objective] if objective else None,
                **translated_fields("title", titles),
            },
        )
    log(f"milestones: {len(MILESTONES)}")
